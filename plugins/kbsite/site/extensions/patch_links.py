"""Patch ids mentioned in an article, marked for linking.

A tree processor, so it sees the document after inline Markdown: ids inside
links, inline code, code blocks and headings are left alone. It knows
nothing of the page being converted: each mention becomes a placeholder
element ``<kb-patch>MDVA-40399</kb-patch>``, which :func:`link_mentions`
later turns into a link, or back into text, with the page's own context
(the pattern of mkdocs-autorefs). Writers cannot forge a placeholder: raw
HTML tags the policy does not know are shown as text
(:mod:`kbsite.site.extensions.safety`). Python-Markdown's own link
processing (and MkDocs' link validation) never sees the links we write.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ...qpt.ids import PATCH_ID

PLACEHOLDER = "kb-patch"
Resolver = Callable[[str], "str | None"]  # patch id -> href, or None to leave the id as text
_MENTION = re.compile(rf"(?<![\w/.-]){PATCH_ID}(?![\w-])")
_PLACED = re.compile(rf"<{PLACEHOLDER}>({PATCH_ID})</{PLACEHOLDER}>")
_SKIPPED = {"a", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


class PatchMentionTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        _walk(root)


def _walk(element: etree.Element) -> None:
    """Mark the mentions in ``element``'s own text and in its children's tails, then recurse."""
    if element.tag in _SKIPPED:
        return
    children = list(element)
    rebuilt: list[etree.Element] = []
    if element.text:
        marks, element.text = _split(element.text)
        rebuilt += marks
    for child in children:
        _walk(child)
        rebuilt.append(child)
        if child.tail:
            marks, child.tail = _split(child.tail)
            rebuilt += marks
    if len(rebuilt) != len(children):
        element[:] = rebuilt


def _split(text: str) -> tuple[list[etree.Element], str]:
    """Placeholders for the mentions in ``text`` (each carrying the text after it), and the text before the first."""
    marks: list[etree.Element] = []
    head = text
    cursor = 0
    for match in _MENTION.finditer(text):
        mark = etree.Element(PLACEHOLDER)
        mark.text = match.group(0)
        if marks:
            marks[-1].tail = text[cursor: match.start()]
        else:
            head = text[: match.start()]
        marks.append(mark)
        cursor = match.end()
    if marks:
        marks[-1].tail = text[cursor:]
    return marks, head


def link_mentions(html: str, resolve: Resolver) -> str:
    """Each placeholder of ``html`` as a link to where ``resolve`` leads, or as plain text."""
    if f"<{PLACEHOLDER}>" not in html:
        return html

    def replace(match: re.Match) -> str:
        href = resolve(match.group(1))
        if href is None:
            return match.group(1)
        return f'<a class="kb-patch-link" href="{_attribute(href)}">{match.group(1)}</a>'

    return _PLACED.sub(replace, html)


def _attribute(value: str) -> str:
    """An attribute value escaped as Python-Markdown's serializer escapes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class PatchMentionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline patterns (20) so that links and code spans exist, before toc (5).
        md.treeprocessors.register(PatchMentionTreeprocessor(md), "kb_patch_mentions", 15)
