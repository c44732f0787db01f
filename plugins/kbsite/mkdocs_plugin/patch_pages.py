"""Patch facts on pages: id links, the card on patch articles, the grid page, patches.json."""

from __future__ import annotations

import json
import re
from html import unescape

from ..core.addresses import Href, SiteUrls
from ..core.knowledge_base import Document, KnowledgeBase
from ..qpt.articles import PatchIndex
from ..site.article_body import COMPATIBILITY_NOTE, renderable_body
from ..site.extensions.patch_links import link_mentions
from ..site.fragments import Fragments
from ..site.front_matter_text import FrontMatterText
from ..site.generated_pages import GRID_MARKER
from ..site.patch_views import (
    PatchLinks,
    compatibility_note,
    patch_card,
    patch_grid,
    patches_export,
    unknown_patch_notice,
)
from .outputs import write_site_file
from .reuse import SiteReuse

EXPORT_NAME = "patches.json"


class PatchPages:
    def __init__(self, links: PatchLinks, fragments: Fragments, text: FrontMatterText):
        self.links = links
        self.fragments = fragments
        self.text = text

    @classmethod
    def build(cls, kb: KnowledgeBase, index: PatchIndex, urls: SiteUrls, fragments: Fragments,
              text: FrontMatterText) -> PatchPages:
        grid_key = kb.settings.grid_page.removesuffix(".md")
        return cls(PatchLinks(index, urls, grid_key if grid_key in kb.by_key else None), fragments, text)

    @property
    def index(self) -> PatchIndex:
        return self.links.index

    @property
    def export_url(self) -> str | None:
        grid_key = self.links.grid_key
        if grid_key is None:
            return None
        return self.links.urls.page(grid_key, self.links.urls.default_language) + EXPORT_NAME

    def link_mentions(self, html: str, document: Document, href: Href, lang: str) -> str:
        """Patch ids the article mentions, linked to their article or grid row (not the page's own patch)."""
        own = self.index.reference(document)

        def resolve(patch_id: str) -> str | None:
            if own is not None and patch_id == own.id:
                return None
            url = self.links.url(patch_id, lang)
            return href(url) if url else None

        return link_mentions(html, resolve)

    def status(self, document: Document) -> str | None:
        """The QPT status of the patch an article is about (None for other articles, and unknown patches)."""
        patch = self._patch(document)
        return patch.status if patch is not None else None

    def releases(self, document: Document) -> tuple[str, ...]:
        """The Commerce releases the patch an article is about applies to (none for other articles)."""
        patch = self._patch(document)
        return tuple(str(release) for release in patch.releases) if patch is not None else ()

    def _patch(self, document: Document):
        reference = self.index.reference(document)
        return self.index.metadata.patches.get(reference.id) if reference is not None else None

    def markdown(self, document: Document) -> str:
        """The article's Markdown, with a place for the note on releases under its "compatible with" line."""
        found = self.index.drift(document)
        return renderable_body(document, found.statement.end_line if found else None)

    def add_card(self, html: str, document: Document, href: Href, lang: str) -> str:
        """The patch card after the first heading of a patch article, and the note on releases in its place."""
        if not self.index.metadata.available:
            return html
        reference = self.index.reference(document)
        if reference is None:
            return html
        patch = self.index.metadata.patches.get(reference.id)
        if patch is None:
            return after_first_heading(html, unknown_patch_notice(self.fragments, reference.id, lang))
        if COMPATIBILITY_NOTE in html and (found := self.index.drift(document)):
            note = compatibility_note(self.fragments, found, self.index.metadata.catalog, lang)
            html = html.replace(COMPATIBILITY_NOTE, note, 1)
        card = patch_card(self.fragments, self.text, patch, self.links, lang, href, document, reference.qpt_release,
                          first_paragraph(html))
        return after_first_heading(html, card)

    def expand_grid(self, html: str, href: Href, lang: str) -> str:
        """The patch grid in place of its marker."""
        if GRID_MARKER not in html:
            return html
        export = href(self.export_url) if self.export_url else ""
        return html.replace(GRID_MARKER, patch_grid(self.fragments, self.text, self.links, lang, href, export))

    def write_export(self, languages: tuple[str, ...], reuse: SiteReuse, fingerprint: str) -> None:
        """``patches.json``."""
        if self.export_url is None or not self.index.metadata.available:
            return
        write_site_file(reuse, self.export_url, lambda: json.dumps(
            patches_export(self.links, languages), ensure_ascii=False, separators=(",", ":")), fingerprint)


def first_paragraph(html: str) -> str:
    """The text of the first paragraph after the page's title ('' when another block comes first)."""
    start = html.find("</h1>") + 1
    found = _FIRST_BLOCK.search(html, start)
    if found is None or found.group(1) is None:
        return ""
    return _SPACE.sub(" ", unescape(_TAG.sub("", found.group(1)))).strip()


_FIRST_BLOCK = re.compile(r"<(?:p>(.*?)</p>|[a-z])", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def after_first_heading(html: str, fragment: str) -> str:
    """``fragment`` right after the page's title (or first, without one)."""
    end = html.find("</h1>")
    if end < 0:
        return fragment + html
    end += len("</h1>")
    return html[:end] + fragment + html[end:]
