"""Benchmark: do code words find the pages that quote them? Ours against Material's, in Chromium.

    .venv/bin/python bench/search_code_tokens.py --site ours=DIR [--site material=DIR] [--languages en ja]
        [--count 60] [--show-misses]

Support staff paste what they see: ``SQLSTATE[HY000]``, ``catalog:images:resize``,
``var/log/system.log``, a configuration path, a file name, a class. The tokens
are a seeded random sample of the code spans and code lines of the corpus's
English articles that hold punctuation between letters or digits (not
addresses, not bare versions); each is asked twice: as written, and by its
end (its last two parts with what joins them: ``system.log`` for
``var/log/system.log``), as a reader who remembers only the file's name
types it. The answers are mechanical: every article whose file, in the
query's language, holds the text verbatim. Printed per language: the share
found in the first 5 and 10 results, and MRR@10 (``search_relevance``'s
scores).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from search_relevance import Query, print_table, run_material, run_ours  # noqa: E402

SEED = "kbsite-issue-25-code-tokens-v1"
SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^\s*```.*?^\s*```", re.M | re.S)
# Letters or digits joined by punctuation: a.b, a:b, a/b, a[b], a_b, a->b, a\b, a-b (two joins at least, or one
# that is not a hyphen or an underscore, which join ordinary words too).
JOINED = re.compile(r"^[\w$.-]*\w([:/.\[\]\\]|->)\w[\w:/.\[\]\\$>-]*$")
SEPARATORS = re.compile(r"(->|[:/.\\\[\]])")


def tokens(text: str) -> set[str]:
    """The code words of an article's Markdown: of its code spans and fenced code."""
    found = set()
    code = [m.group(0) for m in FENCE.finditer(text)] + SPAN.findall(text)
    for block in code:
        for word in block.replace("```", " ").split():
            word = word.strip("\"'`,;()<>{}")
            if 6 <= len(word) <= 60 and JOINED.match(word) and not re.match(r"^(https?:|www\.|[\d.]+$|\d)", word):
                found.add(word)
    return found


def tail(token: str) -> str | None:
    """The last two parts of ``token`` and what joins them (``system.log``), if it has three parts or more."""
    parts = SEPARATORS.split(token)
    words = [part for part in parts[::2]]
    if len([word for word in words if word]) < 3:
        return None
    end = "".join(parts[-3:])
    return end if len(end) >= 5 and re.search(r"[A-Za-z]", end) else None


def articles(corpus: Path, lang: str) -> dict[str, str]:
    """Article key -> Markdown, for the language's searchable articles."""
    folder = corpus / "exl-kb" / lang / "help"
    texts = {}
    for path in sorted(folder.rglob("*.md")):
        key = path.relative_to(folder).as_posix()[:-3]
        text = path.read_text("utf-8")
        if key not in ("TOC", "toc-backup") and not re.search(r"^hide:\s*(yes|true)\s*$", text, re.M):
            texts[key] = text
    return texts


def queries(corpus: Path, languages: list[str], count: int) -> list[Query]:
    english = articles(corpus, "en")
    candidates = sorted({token for text in english.values() for token in tokens(text)})
    drawn = random.Random(SEED).sample(candidates, count)
    asked = []
    for lang in languages:
        texts = english if lang == "en" else articles(corpus, lang)
        for number, token in enumerate(drawn):
            for style, text in (("whole", token), ("end", tail(token))):
                holding = frozenset(key for key, article in texts.items() if text and text in article)
                if text and holding:
                    asked.append(Query(f"{lang}-{style}-{number:03d}", lang, style, text, holding))
    return asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--languages", nargs="+", default=["en", "ja"])
    parser.add_argument("--all-languages", nargs="+", default=["en", "fr", "de", "ja"],
                        help="the site's languages, the default first")
    parser.add_argument("--site", action="append", default=[], metavar="NAME=DIR", required=True)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    sites = dict(item.split("=", 1) for item in args.site)
    asked = queries(args.corpus, args.languages, args.count)
    print(f"{len(asked)} queries from {args.count} code words drawn with seed {SEED!r}: "
          + ", ".join(f"{lang} {sum(q.lang == lang for q in asked)}" for lang in args.languages))
    for name, runner in (("ours", run_ours), ("material", run_material)):
        if name not in sites:
            continue
        scores = runner(Path(sites[name]), asked, args.all_languages)
        scores = scores[0] if isinstance(scores, tuple) else scores
        print_table(f"{name}: code words, whole and by their end", scores, args.languages,
                    styles=("whole", "end"))
        if args.show_misses:
            for query, answer in scores.answers:
                rank = answer.rank(query)
                if not rank or rank > 5:
                    print(f"  {query.id:14} {'none' if not answer.keys else f'rank {rank}':>8}  {query.text}")


if __name__ == "__main__":
    main()
