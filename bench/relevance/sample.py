"""Draw the seeded random sample of articles behind the judged search query set.

For each language (en, fr, de, ja) this draws its own sample of 60 searchable
articles from the corpus and gives each one a query style, drawn among the
styles that apply to that article. The result goes to ``sample.yml``; the
queries in ``queries.<lang>.yml`` are then written by hand, one per entry.

Usage:
    python bench/relevance/sample.py [--corpus DIR] [--out FILE]

``--corpus`` defaults to ``../shared/corpus/exl-kb`` beside the worktree
(``/work/shared/corpus/exl-kb``). The draw depends only on the seed constant,
the language and the sorted list of article keys, so the same corpus always
gives the same sample.

Which styles apply is decided mechanically, from the English article (the
error messages and commands that users paste are the English ones, and the
keys are the same in every language):

* ``symptom``: every article (a problem or a need in the user's own words).
* ``patch-id``: a QPT patch article (``support-tools/patches-available-in-qpt-tool/
  v1-1-N/``, not its ``overview.md``) whose title or file name carries a patch
  id such as ``MDVA-40399``, ``ACSD-46617``, ``MC-42528`` or ``B2B-2674``.
* ``error``: the body quotes something that reads as an error message: a line
  of a fenced code block, a code span, an italic span, a double-quoted string,
  or the first line after a line that introduces an error ("The following
  error is logged:"), which contains an error word (error, exception, fatal,
  failed, cannot, not found, SQLSTATE, ...) and has at least three words.
* ``feature``: the body names something a user would type: a code span or code
  line with a CLI command (``bin/magento``, ``magento-cloud``, ``composer``,
  ``a:b`` commands), a file (``.php``, ``.yaml``, ``.xml``, ``.json``), a path
  or configuration path of three segments, or an environment variable
  (``WARM_UP_CONCURRENCY``); or an Admin menu path written as
  ``**Stores** > **Configuration**`` or ``[!UICONTROL A] > [!UICONTROL B]``.
  The QPT template's own ``magento/quality-patches`` does not count.

The style draw is weighted (``STYLE_WEIGHTS``) because ``symptom`` applies to
every article and ``error`` to few: the weights bring the four styles close to
a balanced share over the corpus; the draw itself decides each article.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import yaml

SEED = "kbsite-issue-25-relevance-v1"
LANGUAGES = ("en", "fr", "de", "ja")
SAMPLE_SIZE = 60
NOT_ARTICLES = {"TOC.md", "toc-backup.md"}
STYLES = ("symptom", "error", "feature", "patch-id")
STYLE_WEIGHTS = {"symptom": 1.0, "error": 20.0, "feature": 4.0, "patch-id": 4.0}

QPT_FOLDER = re.compile(r"^support-tools/patches-available-in-qpt-tool/v1-1-\d+/")
PATCH_ID = re.compile(r"\b(?:MDVA|ACSD|ASCD|MC|B2B|BB2B)-\d{3,}\b", re.I)
ERROR_WORD = re.compile(
    r"\b(?:errors?|exception|fatal|failed|failure|warning|critical|sqlstate|"
    r"not found|cannot|can't|could not|couldn't|unable to|denied|refused|"
    r"timed out|timeout|no such|undefined|not allowed|invalid|too many|"
    r"out of memory|exceeded|already exists|does not exist|doesn't exist|"
    r"gone away|unexpected)\b",
    re.I,
)
ERROR_INTRO = re.compile(r"\b(?:error|exception|message|log)\b[^\n]*:\s*$", re.I)
TYPED_THING = re.compile(
    r"bin/magento|magento-cloud|ece-tools|vendor/bin/|\bcomposer\b|\bphp |"
    r"\.(?:ya?ml|php|xml|json)\b|\b[a-z]+:[a-z-]+\b|"
    r"\b[a-z_]+/[a-z_]+/[a-z_]+\b|\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b"
)
MENU_PATH = re.compile(r"(?:\*\*[^*\n]+\*\*|\[!UICONTROL [^\]\n]+\])\s*>\s*(?:\*\*|\[!UICONTROL)")
FENCED = re.compile(r"```[^\n]*\n(.*?)```", re.S)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
ITALIC = re.compile(r"(?<![*\w])[*_]([^*_\n]{6,300})[*_](?![*\w])")
QUOTED = re.compile(r"[\"“]([^\"“”\n]{6,300})[\"”]")


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter, body) of a Markdown file with YAML front matter."""
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front) or {}, body


def article_files(help_dir: Path) -> dict[str, Path]:
    """Map each searchable article's key to its file (hidden ones and TOCs left out)."""
    articles = {}
    for path in sorted(help_dir.rglob("*.md")):
        if path.name in NOT_ARTICLES:
            continue
        front, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if front.get("hide"):  # `hide: yes` / `hide: true`: unlisted by design
            continue
        articles[path.relative_to(help_dir).with_suffix("").as_posix()] = path
    return articles


def quoted_strings(body: str) -> list[str]:
    """Everything the article quotes: code lines and spans, italics, quotes, lines after 'error:'."""
    found = [line for block in FENCED.findall(body) for line in block.splitlines()]
    prose = FENCED.sub("", body)
    found += CODE_SPAN.findall(prose) + ITALIC.findall(prose) + QUOTED.findall(prose)
    lines = [line.strip() for line in prose.splitlines() if line.strip()]
    found += [after for before, after in zip(lines, lines[1:]) if ERROR_INTRO.search(before)]
    return found


def code_strings(body: str) -> list[str]:
    """Code lines and code spans only."""
    found = [line for block in FENCED.findall(body) for line in block.splitlines()]
    return found + CODE_SPAN.findall(FENCED.sub("", body))


def looks_like_error(text: str) -> bool:
    text = text.strip()
    return bool(ERROR_WORD.search(text)) and len(text.split()) >= 3 and not text.startswith(("http", "#"))


def looks_typed(text: str) -> bool:
    text = text.strip()
    if "magento/quality-patches" in text or text.startswith("http"):
        return False
    return bool(TYPED_THING.search(text))


def applicable_styles(key: str, english_file: Path) -> list[str]:
    """The query styles that apply to an article, decided from its English file."""
    front, body = split_front_matter(english_file.read_text(encoding="utf-8"))
    styles = ["symptom"]
    if any(looks_like_error(text) for text in quoted_strings(body)):
        styles.append("error")
    if any(looks_typed(text) for text in code_strings(body)) or MENU_PATH.search(body):
        styles.append("feature")
    name_and_title = f"{key.rsplit('/', 1)[-1]} {front.get('title', '')}"
    if QPT_FOLDER.match(key) and not key.endswith("/overview") and PATCH_ID.search(name_and_title):
        styles.append("patch-id")
    return styles


def draw(corpus: Path) -> dict[str, list[dict[str, str]]]:
    """The sample: per language, SAMPLE_SIZE keys in draw order, each with its style."""
    english = article_files(corpus / "en" / "help")
    styles_of = {key: applicable_styles(key, path) for key, path in english.items()}
    sample = {}
    for lang in LANGUAGES:
        keys = sorted(set(article_files(corpus / lang / "help")) & set(english))
        rng = random.Random(f"{SEED}:{lang}")
        picked = rng.sample(keys, SAMPLE_SIZE)
        sample[lang] = [
            {"key": key, "style": rng.choices(styles_of[key], [STYLE_WEIGHTS[s] for s in styles_of[key]])[0]}
            for key in picked
        ]
    return sample


def main() -> None:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=here.parents[2] / "shared" / "corpus" / "exl-kb")
    parser.add_argument("--out", type=Path, default=here / "sample.yml")
    args = parser.parse_args()
    if not (args.corpus / "en" / "help").is_dir():
        parser.error(f"no corpus at {args.corpus} (expected {args.corpus}/en/help)")
    sample = draw(args.corpus)
    header = f"# Written by sample.py (seed {SEED!r}); do not edit by hand.\n"
    args.out.write_text(header + yaml.safe_dump(sample, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for lang, entries in sample.items():
        counts = {style: sum(e["style"] == style for e in entries) for style in STYLES}
        print(lang, counts)


if __name__ == "__main__":
    main()
