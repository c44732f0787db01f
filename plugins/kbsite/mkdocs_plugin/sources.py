"""Bringing ``articles/`` into the MkDocs build as if it were part of ``docs/``.

``mkdocs-static-i18n`` only localizes files whose source lies under
``docs_dir``, and it replaces every such File with a fresh one read from
``docs_dir``. So articles enter in two steps around its ``on_files``:

1. before it, as Files *placed* in ``docs_dir`` at their site path
   (``how-to/flush-cache.fr.md``), so that it pairs languages, picks the
   right one per build and computes ``/fr/how-to/flush-cache/``;
2. after it, each File it kept gets its real content back: the article body
   we already parsed (pages) or the real file on disk (assets).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..knowledge_base import Document, KnowledgeBase


class ArticleSources:
    """Site path -> what the build should read for it."""

    def __init__(self, kb: KnowledgeBase):
        articles_dir = kb.settings.articles_dir
        self.pages: dict[str, Document] = {d.site_path: d for d in kb.articles}
        self.assets: dict[str, Path] = {
            site_path: path for site_path, path in kb.assets.items() if path.is_relative_to(articles_dir)
        }

    def place(self, files: Files, config: MkDocsConfig) -> None:
        """Step 1: add article pages and assets, unless a docs/ file already has the path."""
        taken = files.src_uris
        for site_path in [*self.pages, *self.assets]:
            if site_path not in taken:
                files.append(File(site_path, config.docs_dir, config.site_dir, config.use_directory_urls))

    def attach(self, files: Files) -> None:
        """Step 2: give the Files that survived localization their real sources."""
        for file in files:
            document = self.pages.get(file.src_uri)
            if document is not None:
                file.content_string = document.source.body
            elif file.src_uri in self.assets:
                file.abs_src_path = str(self.assets[file.src_uri])

    def document(self, file: File) -> Document | None:
        return self.pages.get(file.src_uri)
