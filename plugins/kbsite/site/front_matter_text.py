"""Front-matter text (titles, descriptions, section titles) as readers see it: inline Markdown.

Writers put Markdown in front matter: 206 English descriptions of the real knowledge base hold links,
titles hold ``**bold**``, and both hold EXL's ``[!DNL …]`` and ``[!UICONTROL …]``. Where a page shows
such a text as HTML it is rendered as one paragraph of inline Markdown (emphasis, code, links, EXL
markers; no blocks, no raw HTML: ``<b>`` stays text); where plain text is needed (``<title>``, the meta
description, search titles, attributes) it is that HTML's text.

Links: an address outside the site is kept when its scheme is http(s) or mailto; a link to another
document (``../how-to/flush-cache.md``, as ``kb import-exl`` rewrites EXL's ``/help/…`` links) leads to
that document in the reader's language, relative to the page shown; any other link becomes its text.
A text shown inside a link (a navigation entry, a list of articles) keeps none of its own.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown import Markdown
from markupsafe import Markup, escape

from ..core.addresses import Href, SiteUrls, is_external, url_scheme
from ..core.knowledge_base import Document, KnowledgeBase
from ..core.linking import resolve
from ..core.text import exl_text
from .extensions.exl import ExlInlineExtension

# Characters without which a text has no inline Markdown, entity or EXL marker: it is only escaped.
_MARKDOWN_CHARACTERS = re.compile(r"[*_`\[\]<>&\\!]")
_LINK = re.compile(r'<a(?: href="([^"]*)")?>(.*?)</a>', re.S)  # without href: the sanitizer took an unsafe one
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_BLOCK_PROCESSORS = ("empty", "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote",
                     "reference")
_INLINE_PATTERNS = ("html", "image_link", "image_reference", "short_image_ref", "linebreak")
_TAGS = {"a", "strong", "em", "code", "span"}
_SCHEMES = {"http", "https", "mailto"}


class FrontMatterText:
    """Renders the front-matter texts of one knowledge base; each text is converted once."""

    def __init__(self, kb: KnowledgeBase, urls: SiteUrls, converted: dict[str, str] | None = None):
        """``converted``: texts converted before (text -> HTML, which depends on the text alone), given those
        converted now: ``mkdocs serve`` converts again only new texts."""
        self.kb = kb
        self.urls = urls
        self._markdown = _inline_markdown()
        self._html: dict[str, str] = {} if converted is None else converted

    def html(self, text: str, document: Document | None = None, lang: str | None = None,
             href: Href | None = None) -> Markup:
        """``text`` as inline HTML; with ``href``, its links lead where ``document``'s would for a reader of
        ``lang``; without, a link is its text (for a text shown inside a link)."""
        converted = self._converted(text)
        if "<a" not in converted:
            return Markup(converted)
        if href is None:
            return Markup(_LINK.sub(r"\2", converted))
        return Markup(_LINK.sub(lambda link: self._link(link, document, lang, href), converted))

    def plain(self, text: str) -> str:
        """``text`` as the plain text a reader sees of it: ``**Save**`` -> ``Save``. EXL markers are their
        words even in code (``Error- [!DNL opensearch] …``): plain text has no code to show them as written."""
        converted = self._converted(text)
        if "<" not in converted and "&" not in converted:
            return exl_text(converted)
        return exl_text(_SPACE.sub(" ", html.unescape(_TAG.sub("", converted))).strip())

    def title(self, document: Document, href: Href | None = None, lang: str | None = None) -> Markup:
        """``document``'s title as HTML (EXL markers as written in front matter, so a UI label stays one)."""
        return self.html(document.text("title") or document.title, document, lang or document.lang, href)

    def description(self, document: Document, href: Href | None = None, lang: str | None = None) -> Markup:
        return self.html(document.text("description"), document, lang or document.lang, href)

    def plain_title(self, document: Document) -> str:
        return self.plain(document.text("title") or document.title)

    def plain_description(self, document: Document) -> str:
        return self.plain(document.text("description"))

    def _converted(self, text: str) -> str:
        if not _MARKDOWN_CHARACTERS.search(text):
            return str(escape(text))
        if text not in self._html:
            converted = self._markdown.reset().convert(text)
            converted = converted.removeprefix("<p>").removesuffix("</p>")
            self._html[text] = nh3.clean(converted, tags=_TAGS, attributes={"a": {"href"}, "span": {"class"}},
                                         url_schemes=_SCHEMES, link_rel=None)
        return self._html[text]

    def _link(self, link: re.Match, document: Document | None, lang: str | None, href: Href) -> str:
        target, text = html.unescape(link.group(1) or ""), link.group(2)
        if not target:
            return text
        if is_external(target):
            return link.group(0) if url_scheme(target) in _SCHEMES else text
        if document is None or target.startswith("#"):
            return text
        resolved = resolve(self.kb, document, target)
        if resolved.kind != "page":
            return text
        url = self.urls.page(resolved.document.key, lang or document.lang)
        return f'<a href="{escape(href(url + (f"#{resolved.anchor}" if resolved.anchor else "")))}">{text}</a>'


def _inline_markdown() -> Markdown:
    """Python-Markdown reduced to one paragraph of inline Markdown, without raw HTML or images."""
    markdown = Markdown(extensions=[ExlInlineExtension()])
    for name in _BLOCK_PROCESSORS:
        markdown.parser.blockprocessors.deregister(name)
    for name in _INLINE_PATTERNS:
        markdown.inlinePatterns.deregister(name)
    markdown.preprocessors.deregister("html_block")
    return markdown
