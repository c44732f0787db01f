"""Turn patch ids mentioned in an article into links.

A tree processor, so it sees the document after inline Markdown: ids inside
links, inline code, code blocks and headings are left alone. Which id leads
where is decided per page by ``resolver`` (set by the caller before each
conversion): a function from a patch id to an href, or None for no link
(unknown id, the page's own patch).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ...qpt.articles import PATCH_ID

Resolver = Callable[[str], "str | None"]
_MENTION = re.compile(rf"(?<![\w/.-]){PATCH_ID}(?![\w-])")
_SKIPPED = {"a", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}


class PatchLinkTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: PatchLinkExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        if self.extension.resolver is not None:
            self._walk(root, self.extension.resolver)

    def _walk(self, element: etree.Element, resolve: Resolver) -> None:
        """Link the mentions in ``element``'s own text and in its children's tails, then recurse."""
        if element.tag in _SKIPPED:
            return
        children = list(element)
        rebuilt: list[etree.Element] = []
        if element.text:
            links, element.text = _split(element.text, resolve)
            rebuilt += links
        for child in children:
            self._walk(child, resolve)
            rebuilt.append(child)
            if child.tail:
                links, child.tail = _split(child.tail, resolve)
                rebuilt += links
        if len(rebuilt) != len(children):
            element[:] = rebuilt


def _split(text: str, resolve: Resolver) -> tuple[list[etree.Element], str]:
    """Links for the mentions in ``text`` (each carrying the text after it), and the text before the first."""
    links: list[etree.Element] = []
    head = text
    cursor = 0
    for match in _MENTION.finditer(text):
        href = resolve(match.group(0))
        if href is None:
            continue
        link = etree.Element("a", {"href": href, "class": "kb-patch-link"})
        link.text = match.group(0)
        if links:
            links[-1].tail = text[cursor: match.start()]
        else:
            head = text[: match.start()]
        links.append(link)
        cursor = match.end()
    if links:
        links[-1].tail = text[cursor:]
    return links, head


class PatchLinkExtension(Extension):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.resolver: Resolver | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline patterns (20) so that links and code spans exist, before toc (5).
        md.treeprocessors.register(PatchLinkTreeprocessor(md, self), "kb_patch_links", 15)
