"""Python-Markdown's table of contents, without the HTML copy of it that MkDocs never reads.

The ``toc`` extension gives each heading its id and permalink and lists the
headings (``md.toc_tokens``: what MkDocs makes a page's table of contents
from). Then it builds the table again as HTML: an element tree, serialized,
run through every postprocessor (``md.toc``), and it walks the whole page in
Python for an element whose text is the ``[TOC]`` marker, to put that HTML in
its place: half of the extension's time on the corpus, for a string that
nothing reads.

Here, on a page whose text does not hold the marker anywhere (looked for in
the page's joined text, which ElementTree makes in C), neither is done:
``md.toc`` is an empty table. A page whose text holds it gets
Python-Markdown's behaviour, so every page's HTML is Python-Markdown's. Only
Python-Markdown's own processor is changed.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.extensions.toc import TocTreeprocessor


class _QuickToc:
    """Wraps the toc processor: its ``build_toc_div`` and ``replace_marker`` do nothing on a page without
    a marker."""

    def __init__(self, processor: TocTreeprocessor):
        self.processor = processor
        self.run, self.build_toc_div, self.replace_marker = (
            processor.run, processor.build_toc_div, processor.replace_marker)
        processor.run, processor.build_toc_div, processor.replace_marker = (
            self._run, self._build_toc_div, self._replace_marker)
        self.marked = True  # the text of the page being processed holds the marker

    def _run(self, doc: etree.Element) -> None:
        marker = self.processor.marker
        self.marked = bool(marker) and marker in "".join(doc.itertext())
        try:
            self.run(doc)
        finally:
            self.marked = True

    def _build_toc_div(self, toc_tokens: list) -> etree.Element:
        return self.build_toc_div(toc_tokens) if self.marked else etree.Element("div", {"class": "toc"})

    def _replace_marker(self, root: etree.Element, element: etree.Element) -> None:
        if self.marked:
            self.replace_marker(root, element)


class QuickTocExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        if "toc" in md.treeprocessors and type(md.treeprocessors["toc"]) is TocTreeprocessor:
            _QuickToc(md.treeprocessors["toc"])
