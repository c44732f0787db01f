"""A fast, render-free outline of a Markdown body: headings, anchors, links.

The checks need heading ids and link targets for thousands of pages in well
under a second, so this reads lines with regular expressions instead of
rendering. It follows Python-Markdown where it matters for ids: ATX and
setext headings, ``{#id}`` attributes, the toc extension's ``slugify`` and
its ``_1`` suffixes for repeated ids, and no headings or links inside fenced
code or inline code spans.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify

from .text import exl_text

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_FENCE_LINE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,}).*$", re.M)  # a line _FENCE matches, in a text
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_ATTR_ID = re.compile(r"[ \t]*\{:?[^}]*?#([\w:.-]+)[^}]*\}[ \t]*$")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_HTML_ID = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]"  # [text] allowing one level of nested brackets
    r"\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"  # (target, balanced parens once
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"  # optional "title")
)
_REF_DEF = re.compile(r"^ {0,3}\[([^\[\]]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_REF_USE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\]]*)\]")
_HTML_LINK = re.compile(r"""<(a|img)\b[^>]*?\s(href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_AUTOLINK = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>")  # Python-Markdown's AUTOLINK_RE
_INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`]")
MAX_NESTING = 50  # levels of quotes or list indentation Python-Markdown renders in reasonable time
# A line that could nest deeper: more quote markers, or more indentation (a tab counts for 4 spaces).
_MAYBE_DEEPER = re.compile(rf"^(?:[^\S\n]*>){{{MAX_NESTING + 1}}}|^[ \t]{{{MAX_NESTING + 1},}}", re.M)

_NESTING_STARTS = frozenset(" \t>")
_HEADING_STARTS = frozenset("#=-")  # ATX and setext headings start so, after spaces
_SETEXT_STARTS = frozenset("=-")
_FENCE_STARTS = frozenset(" \t>`~")
_LINE_STARTS = _NESTING_STARTS | _HEADING_STARTS  # what a line that may hold a heading or nesting starts with
_QUOTES = re.compile(r"^(?:\s*>)+")
_INDENTED_ITEM = re.compile(r"^([ \t]*)(?:[*+-]|\d+[.)])\s")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    column: int
    is_image: bool
    html: bool = False  # an <a href> or <img src>: its address is also checked with the HTML (html_policy)


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    deepest: tuple[int, int] = (0, 0)  # (nesting depth, line): quotes and list indentation

    @property
    def h1(self) -> Heading | None:
        return next((h for h in self.headings if h.level == 1), None)


def heading_text(text: str) -> str:
    """Heading source reduced to the text a reader sees."""
    text = exl_text(text)
    text = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", text)
    return html.unescape(text).strip()


def prose_lines(body: str) -> Iterator[str | None]:
    """The lines of ``body``, ``None`` for a fence and the lines of fenced code (Markdown's code, not prose)."""
    fence: str | None = None
    for line in body.split("\n"):
        if fence is None and line[:1] not in _FENCE_STARTS:  # prose, and no fence: most lines
            yield line
            continue
        fence, code = _fence_after(fence, line)
        yield None if code else line


def prose_text(body: str) -> str:
    """The lines of ``body`` that are not fenced code, joined: ``"\\n".join`` of those :func:`prose_lines` gives,
    found by searching the text for fences rather than reading it line by line."""
    if "```" not in body and "~~~" not in body:
        return body
    kept, start, fence = [], 0, None
    for line in _FENCE_LINE.finditer(body):
        if fence is None and line.start() > start:
            kept.append(body[start:line.start() - 1])  # the lines before this one, without the last one's "\n"
        fence, _ = _fence_after(fence, line.group())
        start = line.end() + 1
    if fence is None and start <= len(body):
        kept.append(body[start:])
    return "\n".join(kept)


def _fence_after(fence: str | None, line: str) -> tuple[str | None, bool]:
    """The fence still open after ``line`` (``fence``: the one open before), and whether the line is code or a fence."""
    opening = _FENCE.match(line) if line[:1] in _FENCE_STARTS else None
    if fence is not None:
        closing = opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence)
        return (None if closing else fence), True
    return (opening.group(1) if opening else None), opening is not None


def without_code_spans(line: str) -> str:
    """``line`` with its code spans blanked out, same length (columns still count)."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line


def may_nest_too_deeply(body: str) -> bool:
    """Whether ``body`` may nest quotes or lists deeper than :data:`MAX_NESTING` (``outline(body).deepest``
    tells); a search of the text, where an outline reads every line."""
    return _MAYBE_DEEPER.search(body) is not None


def outline(body: str, first_line: int = 1) -> Outline:
    """Scan ``body``; ``first_line`` is the file line of the body's first line.

    The lines of fenced code are not read (:func:`prose_lines`); of the
    others, most are plain prose and only tell, by their first character and
    the absence of ``[`` and ``<``, that nothing is in them.
    """
    result = Outline()
    references: dict[str, str] = {}
    pending_refs: list[tuple[str, int, int, bool]] = []
    lines = body.split("\n")
    fence: str | None = None
    code_line = -1  # the index of the last line of code (or fence) seen
    for index, raw in enumerate(lines):
        first = raw[:1]
        if fence is not None or first in _FENCE_STARTS:  # else not code: saves a call for most lines
            fence, code = _fence_after(fence, raw)
            if code:
                code_line = index
                continue
        if first not in _LINE_STARTS and "[" not in raw and "<" not in raw:
            continue
        number = first_line + index
        if first in _NESTING_STARTS:
            _measure_nesting(result, raw, number)
        start = raw.lstrip(" ")[:1]
        if start in _HEADING_STARTS or "<" in raw:
            previous = _previous(lines, index, code_line) if start in _SETEXT_STARTS else ""
            _scan_heading(result, raw, start, previous, number)
        if "[" in raw or "<" in raw:
            _scan_links(result, without_code_spans(raw), number, references, pending_refs)
    for label, number, column, is_image in pending_refs:
        if label in references:
            result.links.append(Link(references[label], number, column, is_image))
    return result


def _previous(lines: list[str], index: int, code_line: int) -> str:
    """The line before ``index`` if a setext underline can make it a heading (prose, not blank, not a heading)."""
    if index == 0 or index - 1 == code_line:
        return ""
    raw = lines[index - 1]
    return raw if raw.strip() and not raw.lstrip().startswith("#") else ""


def _measure_nesting(result: Outline, line: str, number: int) -> None:
    """Blockquote markers and list indentation (4 spaces a level): Python-Markdown recurses on both."""
    quotes = _QUOTES.match(line)
    depth = quotes.group(0).count(">") if quotes else 0
    indent = _INDENTED_ITEM.match(line)
    if indent:
        depth = max(depth, len(indent.group(1).expandtabs(4)) // 4)
    if depth > result.deepest[0]:
        result.deepest = (depth, number)


def _scan_heading(result: Outline, line: str, start: str, previous: str, number: int) -> None:
    """``start``: the line's first character after spaces."""
    if start == "#":
        atx = _ATX.match(line)
        if atx and atx.group(2) is not None:
            _add_heading(result, len(atx.group(1)), atx.group(2), number)
            return
    elif start in ("=", "-") and previous:
        setext = _SETEXT.match(line)
        if setext and not previous.lstrip().startswith(("-", "*", "+", ">", "|")):
            if result.headings and result.headings[-1].line == number - 1:
                return
            _add_heading(result, 1 if setext.group(1)[0] == "=" else 2, previous.strip(), number - 1)
    if "<" in line:
        for match in _HTML_ID.finditer(line):
            result.anchors.add(match.group(1))


def _add_heading(result: Outline, level: int, text: str, number: int) -> None:
    explicit = _ATTR_ID.search(text)
    if explicit:
        text = text[: explicit.start()]
    shown = heading_text(text)
    # Else the id Python-Markdown's toc extension gives.
    anchor = explicit.group(1) if explicit else _unique(slugify(shown, "-"), result.anchors)
    result.anchors.add(anchor)
    result.headings.append(Heading(level, shown, anchor, number))


def _unique(anchor: str, taken: set[str]) -> str:
    """Python-Markdown's rule: a repeated id gets ``_1``, ``_2``..."""
    if anchor not in taken and anchor:
        return anchor
    counter = 1
    while f"{anchor}_{counter}" in taken:
        counter += 1
    return f"{anchor}_{counter}"


def _scan_links(result, line, number, references, pending_refs) -> None:
    # Each pattern only where the text it cannot match without is: most lines with "[" are EXL's [!DNL ...].
    definition = _REF_DEF.match(line) if "]:" in line else None
    if definition:
        references.setdefault(definition.group(1).lower(), definition.group(2))
        return
    if "](" in line:
        for match in _LINK.finditer(line):
            target = match.group(3).strip("<>")
            result.links.append(Link(target, number, match.start() + 1, bool(match.group(1))))
    if "][" in line:
        for match in _REF_USE.finditer(line):
            label = (match.group(3) or match.group(2)).lower()
            pending_refs.append((label, number, match.start() + 1, bool(match.group(1))))
    if "<" in line:
        for match in _HTML_LINK.finditer(line):
            is_image = match.group(1).lower() == "img"
            result.links.append(Link(match.group(3), number, match.start() + 1, is_image, html=True))
        for match in _AUTOLINK.finditer(line):
            if not line[: match.start()].rstrip().endswith("]("):  # not the target of an inline link: [x](<url>)
                result.links.append(Link(match.group(1), number, match.start() + 1, False))
