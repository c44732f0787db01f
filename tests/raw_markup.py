"""Raw markup that a reader sees as text on built pages: Markdown links, emphasis, headings, EXL markers.

    .venv/bin/python tests/raw_markup.py SITE_DIR en fr de ja     # prints the counts

Counts the visible text of every page (code, scripts and styles excluded), plus the texts the page gives
browsers and search as plain text (``<title>``, the meta description, Open Graph tags, the search result's
title). Each find is counted per language, page kind and part of the page. A find is a *source defect*,
not ours, when CommonMark would not render it either: emphasis with a space inside its delimiters
(``** Purchase Order**``), and the few finds listed in :data:`KNOWN`, each read in its source.

A small tokenizer rather than an HTML parser: the four-language corpus is 4,400 pages per build.
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# What a Markdown renderer would have turned into markup: a reader sees it only if we failed to render it.
PATTERNS = {
    "link": re.compile(r"\[[^\[\]\n]+\]\((?:https?://|/|\.\.?/|#)[^)\s]*\)"),
    # Underscores open and close emphasis only outside words (CommonMark): AC-384__Fix__2.4.3 is a file name.
    "emphasis": re.compile(r"\*\*(?=[^\s*])[^\n]*?(?<=[^\s*])\*\*|(?<![\w_])__(?=[^\s_])[^\n]*?(?<=[^\s_])__(?![\w_])"
                           r"|(?<![\w*\\])\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*(?![\w*])"),
    "heading": re.compile(r"^\s*#{1,6}\s+\S"),  # at the start of a block only
    "exl": re.compile(r"\[!(?:DNL|UICONTROL|NOTE|TIP|INFO|WARNING|IMPORTANT|CAUTION|ERROR|MORELIKETHIS)\b"),
}
# Written so that CommonMark renders nothing: a space just inside the delimiters.
DEFECT = re.compile(r"(\*\*|__)\s[^\n]*?\1|(\*\*|__)[^\n]*?\s\2(?![\w*])")
# Finds that are not raw markup of ours, found one by one and read in the source: the text shown -> why.
KNOWN = {
    "[host file](https://en.wikipedia.org/wiki/Hosts_(file)":
        "source defect: written `Hosts_(file\\))`, an unescaped ( and an escaped ): CommonMark makes no link",
    "# o": "written `\\# or 2.3.7`: the writer escaped the #, a shell comment shown as text",
    "*>_ tracking_log_event _<*": "written `<\\*>_ tracking_log_event _<\\*>`: the writer escaped the asterisks",
}

_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|([^<]+)", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIPPED = {"pre", "code", "script", "style", "template", "kbd", "samp"}
_BLOCKS = {"p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "blockquote", "small",
           "title", "a", "span", "label"}
# The parts of a page, by the element that opens them: (tag, class or id it carries) -> name.
_PARTS = (
    ("nav", "md-nav--primary", "navigation"),
    ("nav", "md-nav--secondary", "table of contents"),
    ("aside", "kb-patch-card", "patch card"),
    ("ul", "kb-section-list", "section list"),
    ("table", "kb-grid__table", "grid"),
    ("div", "kb-matrix-frame", "dashboard"),
    ("section", "kb-related", "related articles"),
    ("p", "kb-updated", "date"),
    ("header", "md-header", "header"),
    ("title", "", "title"),
)
_ATTRIBUTES = (  # plain texts in attributes: (pattern, part)
    (re.compile(r'<meta name="description" content="([^"]*)"'), "meta description"),
    (re.compile(r'<meta property="og:(?:title|description)" content="([^"]*)"'), "open graph"),
    (re.compile(r'data-pagefind-meta="title:([^"]*)"'), "search title"),
)


@dataclass
class Finds:
    """Counts per (language, page kind, part, kind of markup), and examples."""

    raw: Counter = field(default_factory=Counter)
    defects: Counter = field(default_factory=Counter)
    pages: dict[str, set[str]] = field(default_factory=dict)  # language -> pages with raw markup
    examples: list[tuple[str, str, str]] = field(default_factory=list)  # (page, part, text)

    def total(self, lang: str | None = None) -> int:
        return sum(count for (language, *_), count in self.raw.items() if lang in (None, language))


def scan_site(site: Path, languages: list[str]) -> Finds:
    """Every page of ``site`` (the first language at the root, the others in their folders)."""
    finds = Finds()
    others = set(languages[1:])
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        first = relative.split("/", 1)[0]
        lang = first if first in others else languages[0]
        scan_page(page.read_text("utf-8"), relative, lang, finds)
    return finds


def scan_page(text: str, name: str, lang: str, finds: Finds) -> None:
    kind = page_kind(text, name)
    finds.pages.setdefault(lang, set())
    for part, chunk, opens in _visible_text(text):
        _match(chunk, lang, kind, part, name, finds, opens)
    for pattern, part in _ATTRIBUTES:
        for found in pattern.finditer(text):
            _match(html.unescape(found.group(1)), lang, kind, part, name, finds, True)


def page_kind(text: str, name: str) -> str:
    if 'http-equiv="refresh"' in text[:2000]:
        return "redirect"
    if 'class="kb-patch-card"' in text:
        return "patch article"
    if 'class="kb-section-list"' in text or 'id="kb-section"' in text:
        return "section page"
    parts = name.split("/")
    folder = parts[-2] if len(parts) > 1 else ""
    if folder in ("patches", "tags", "rules", "translations", "whats-new"):
        return f"{folder} page"
    if parts[-1] == "404.html" or name == "index.html" or (len(parts) == 2 and parts[1] == "index.html"):
        return "home or 404"
    return "article"


def _visible_text(text: str):
    """(part, text, whether the text opens its element) for each run of text outside code, scripts, styles."""
    stack: list[tuple[str, str | None]] = []  # open elements: (tag, the part they open)
    skipped = 0
    opens = False  # the last token opened an element
    for token in _TOKEN.finditer(text):
        closing, tag, attributes, chunk = token.groups()
        if chunk is not None:
            if not skipped and chunk.strip():
                part = next((p for _, p in reversed(stack) if p), "content")
                yield part, html.unescape(chunk), opens
            opens = False
            continue
        opens = bool(tag) and not closing and tag.lower() in _BLOCKS
        if tag is None:
            continue  # a comment
        tag = tag.lower()
        if tag in _VOID or (attributes or "").rstrip().endswith("/"):
            continue
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == tag:
                    skipped -= sum(1 for t, _ in stack[index:] if t in _SKIPPED)
                    del stack[index:]
                    break
            continue
        part = next((name for t, marker, name in _PARTS if t == tag and marker in (attributes or "")), None)
        stack.append((tag, part))
        skipped += tag in _SKIPPED


def _match(chunk: str, lang: str, kind: str, part: str, page: str, finds: Finds, opens: bool) -> None:
    for markup, pattern in PATTERNS.items():
        if markup == "heading" and not opens:
            continue
        for found in pattern.finditer(chunk):
            text = found.group(0)
            if (markup == "emphasis" and DEFECT.fullmatch(text)) or text in KNOWN:
                finds.defects[lang, kind, part, markup] += 1
                continue
            finds.raw[lang, kind, part, markup] += 1
            finds.pages[lang].add(page)
            if len(finds.examples) < 200:
                finds.examples.append((page, part, text[:80]))
    for found in DEFECT.finditer(chunk):
        if not PATTERNS["emphasis"].search(found.group(0)):
            finds.defects[lang, kind, part, "emphasis"] += 1


def report(finds: Finds, languages: list[str]) -> str:
    """The counts, per language and page kind, then per part of the page."""
    lines = ["raw markup shown as text (pages with some; finds):"]
    for lang in languages:
        lines.append(f"  {lang}: {len(finds.pages.get(lang, ()))} pages, {finds.total(lang)} finds")
    for title, index in (("by page kind", 1), ("by part of the page", 2), ("by kind of markup", 3)):
        lines.append(f"  {title}:" + "".join(f"{lang:>8}" for lang in languages))
        for value in sorted({key[index] for key in finds.raw}):
            lines.append(f"    {value:<22}" + "".join(
                f"{sum(c for k, c in finds.raw.items() if k[0] == lang and k[index] == value):>8}" for lang in languages))
    lines.append("source defects (CommonMark renders them as text too): " + ", ".join(
        f"{lang} {sum(c for k, c in finds.defects.items() if k[0] == lang)}" for lang in languages))
    for page, part, text in finds.examples[:20]:
        lines.append(f"    e.g. {page} [{part}]: {text}")
    return "\n".join(lines)


if __name__ == "__main__":
    site_dir, *langs = sys.argv[1:]
    print(report(scan_site(Path(site_dir), langs), langs))
