"""Patch facts on pages: the card on patch articles, the grid page, id links, patches.json."""

from __future__ import annotations

import json
import os

from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from ..site.extensions.patch_links import PatchLinkExtension
from ..core.knowledge_base import Document
from ..qpt.index import PatchIndex
from ..site.patch_views import PatchLinks, patch_card, patch_grid, patches_export, unknown_patch_notice
from ..core.site_urls import SiteUrls
from .hrefs import page_href

GRID_MARKER = "<!-- kb:patch-grid -->"
EXPORT_NAME = "patches.json"


class PatchPages:
    """``extension`` is the Markdown extension registered in mkdocs.yml's list at on_config."""

    def __init__(self, links: PatchLinks, extension: PatchLinkExtension):
        self.links = links
        self.extension = extension

    @classmethod
    def build(cls, kb, index: PatchIndex, urls: SiteUrls, extension: PatchLinkExtension) -> PatchPages:
        grid_key = kb.settings.grid_page.removesuffix(".md")
        return cls(PatchLinks(index, urls, grid_key if grid_key in kb.by_key else None), extension)

    @property
    def index(self) -> PatchIndex:
        return self.links.index

    @property
    def export_url(self) -> str | None:
        grid_key = self.links.grid_key
        if grid_key is None:
            return None
        return self.links.urls.page(grid_key, self.links.urls.default_language) + EXPORT_NAME

    def prepare_links(self, document: Document | None, page: Page, lang: str) -> None:
        """Set which patch ids the next Markdown conversion turns into links."""
        if document is None:
            self.extension.resolver = None
            return
        own = self.index.reference(document)
        href = page_href(page)

        def resolve(patch_id: str) -> str | None:
            if own is not None and patch_id == own.id:
                return None
            url = self.links.url(patch_id, lang)
            return href(url) if url else None

        self.extension.resolver = resolve

    def add_card(self, html: str, document: Document | None, page: Page, lang: str) -> str:
        """The patch card after the first heading of a patch article."""
        if document is None or not self.index.metadata.available:
            return html
        reference = self.index.reference(document)
        if reference is None:
            return html
        patch = self.index.metadata.patches.get(reference.id)
        card = (patch_card(patch, self.links, lang, page_href(page), reference.qpt_release) if patch
                else unknown_patch_notice(reference.id, lang))
        return after_first_heading(html, card)

    def expand_grid(self, html: str, page: Page, lang: str) -> str:
        """The patch grid in place of its marker."""
        if GRID_MARKER not in html:
            return html
        href = page_href(page)
        export = href(self.export_url) if self.export_url else ""
        return html.replace(GRID_MARKER, patch_grid(self.links, lang, href, export))

    def write_export(self, site_dir: str, languages: tuple[str, ...], keep_existing: bool = False) -> None:
        """``patches.json``; a dirty build keeps the one it finds."""
        if self.export_url is None or not self.index.metadata.available:
            return
        path = os.path.join(site_dir, *self.export_url.split("/"))
        if keep_existing and os.path.exists(path):
            return
        data = json.dumps(patches_export(self.links, languages), ensure_ascii=False, separators=(",", ":"))
        write_file(data.encode("utf-8"), path)


def after_first_heading(html: str, fragment: str) -> str:
    """``fragment`` right after the page's title (or first, without one)."""
    end = html.find("</h1>")
    if end < 0:
        return fragment + html
    end += len("</h1>")
    return html[:end] + fragment + html[end:]
