"""Benchmark: related articles against the hand-written "Related reading" lists of the real knowledge base.

    .venv/bin/python bench/related_articles.py [--corpus ../shared/corpus] [--langs en,fr,de,ja] [--keep DIR]
                                               [--seed 28] [--tune]

Imports ../shared/corpus/exl-kb (as bench/corpus_build.py does) and, in every language, ranks each article's
related articles as the build does, but without leaving out the links of its own "Related reading" section,
whose text is not read either: those links are the judged answers. 680 of the 991 English articles have such
a section; the articles whose section links to other articles of the knowledge base are scored (539 in
English, 490 of them QPT patch articles, whose lists all name the same two articles about the tool).

Printed per language, for all scored articles, the patch articles and the others: precision@5 (the share of
the five shown that the hand-written list names) and recall@5 (the share of the hand-written list among the
five), averaged over articles, and the time the ranking of one language takes. The articles are split at
random (``--seed``) into two halves: weights are tuned on the first (``--tune`` searches a grid of them in
the default language and prints the best), and the second, never looked at while tuning, tells whether the
tuning holds. Rows:

* ``text only``: the build's text similarity, no metadata;
* ``before``: the first weights, written before any measurement (:data:`BEFORE`);
* ``after``: the build's weights (:data:`kbsite.site.related.WEIGHTS`);
* ``scikit-learn``: TF-IDF (sublinear counts) cosine over the same text, when scikit-learn is installed
  (``pip install scikit-learn``): the well-known library way, for comparison.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from corpus_build import BIN, checked, project, run  # noqa: E402
from kbsite.core.settings import load_settings  # noqa: E402
from kbsite.environment import open_environment  # noqa: E402
from kbsite.site.related import (  # noqa: E402
    LIMIT,
    WEIGHTS,
    Weights,
    linked_keys,
    read_article,
    related_articles,
    related_headings,
)

BEFORE = Weights(title=3, terms=25, kept=60, features=0.10, patch=0.10, folder=0.0, cited=0.0, neighbours=10,
                 common=0.05, minimum=0.05)
TEXT_ONLY = dataclasses.replace(WEIGHTS, features=0.0, patch=0.0, folder=0.0, cited=0.0)


def judged(kb, lang: str, headings) -> dict[str, set[str]]:
    """Article key -> the keys its hand-written "Related reading" section links to (in ``lang``'s own file)."""
    answers = {}
    for document in kb.articles:
        if document.lang == lang and not document.hidden:
            linked = linked_keys(kb, document, read_article(document, headings).related_links) - {document.key}
            if linked:
                answers[document.key] = linked
    return answers


def scores(ranked: dict[str, tuple[str, ...]], answers: dict[str, set[str]], keys) -> tuple[float, float, int]:
    """Mean precision@5 and recall@5 over ``keys``, and how many."""
    precision, recall = [], []
    for key in keys:
        hits = len(set(ranked.get(key, ())[:LIMIT]) & answers[key])
        precision.append(hits / LIMIT)
        recall.append(hits / len(answers[key]))
    return (statistics.mean(precision) if precision else 0.0), (statistics.mean(recall) if recall else 0.0), len(keys)


def groups(answers, half, patches, kb, lang) -> dict[str, list[str]]:
    """The scored keys of ``half``: all of them, the patch articles', the others'."""
    keys = sorted(key for key in answers if key in half)
    patch = [key for key in keys if patches.reference(kb.document(key, lang)) is not None]
    return {"all": keys, "patch": patch, "other": [key for key in keys if key not in set(patch)]}


def report(name: str, ranked, answers, halves, patches, kb, lang) -> None:
    cells = []
    for label, half in halves.items():
        for group, keys in groups(answers, half, patches, kb, lang).items():
            precision, recall, count = scores(ranked, answers, keys)
            cells.append(f"{label}/{group} P@5 {precision:.3f} R@5 {recall:.3f} (n={count})")
    print(f"  {name:<13} " + "   ".join(cells))


def sklearn_ranking(kb, lang, headings) -> dict[str, tuple[str, ...]] | None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics.pairwise import linear_kernel
    except ImportError:
        return None
    from kbsite.site.related import shown_articles, tokens
    shown = shown_articles(kb, lang)
    keys = list(shown)
    texts = []
    for key in keys:
        text = read_article(shown[key], headings)
        texts.append("\n".join([text.title] * WEIGHTS.title + [text.description, text.prose]))
    matrix = TfidfVectorizer(sublinear_tf=True, tokenizer=tokens, lowercase=False, token_pattern=None).fit_transform(texts)
    similar = linear_kernel(matrix, matrix)
    ranked = {}
    for row, key in enumerate(keys):
        order = sorted(range(len(keys)), key=lambda column: (-similar[row, column], keys[column]))
        ranked[key] = tuple(keys[column] for column in order if column != row)[:LIMIT]
    return ranked


def tune(kb, patches, lang, headings, answers, half) -> Weights:
    """The weights with the best mean of precision@5 and recall@5 on ``half`` (a small grid around WEIGHTS)."""
    keys = sorted(key for key in answers if key in half)
    best, best_score = WEIGHTS, -1.0
    grid = itertools.product((0.0, 0.1), (0.0, 0.1), (0.0, 0.1), (0.0, 0.2, 0.5, 1.0), (10, 20))
    for features, patch, folder, cited, neighbours in grid:
        weights = dataclasses.replace(WEIGHTS, features=features, patch=patch, folder=folder, cited=cited,
                                      neighbours=neighbours)
        ranked = related_articles(kb, patches, lang, headings, weights, hand_written=False)
        precision, recall, _ = scores(ranked, answers, keys)
        print(f"    {weights}: P@5 {precision:.3f} R@5 {recall:.3f}", flush=True)
        if precision + recall > best_score:
            best, best_score = weights, precision + recall
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--langs", default="en,fr,de,ja", help="languages to import, the default first")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (an import there is reused)")
    parser.add_argument("--seed", type=int, default=28)
    parser.add_argument("--tune", action="store_true", help="search a grid of weights on the tuning half")
    args = parser.parse_args()
    languages = args.langs.split(",")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-related-"))
    root = work / "ours"
    if not (root / "articles" / ".kb-import.json").exists():
        project(root, languages)
        exl = args.corpus / "exl-kb"
        checked("kb import-exl", run([BIN / "kb", "import-exl", *(
            arg for lang in languages for arg in ("--lang", f"{lang}={exl / lang}"))], root))
    env = open_environment(load_settings(root / "mkdocs.yml"))
    kb, patches = env.kb, env.context.patches
    headings = related_headings(env.languages)
    keys = sorted({document.key for document in kb.articles})
    random.Random(args.seed).shuffle(keys)
    halves = {"tuning": set(keys[: len(keys) // 2]), "held-out": set(keys[len(keys) // 2:])}
    for lang in languages:
        answers = judged(kb, lang, headings)
        print(f"{lang}: {len(answers)} articles with a hand-written list of articles")
        if args.tune and lang == languages[0]:
            print(f"  tuned: {tune(kb, patches, lang, headings, answers, halves['tuning'])}")
        for name, weights in (("text only", TEXT_ONLY), ("before", BEFORE), ("after", WEIGHTS)):
            started, cpu = time.perf_counter(), time.process_time()
            ranked = related_articles(kb, patches, lang, headings, weights, hand_written=False)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            report(f"{name}", ranked, answers, halves, patches, kb, lang)
            print(f"  {'':<13} {seconds:.2f} s ({cpu:.2f} s of CPU) to rank {len(ranked)} articles")
        ranked = sklearn_ranking(kb, lang, headings)
        if ranked is None:
            print("  scikit-learn  not installed (pip install scikit-learn)")
        else:
            report("scikit-learn", ranked, answers, halves, patches, kb, lang)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
