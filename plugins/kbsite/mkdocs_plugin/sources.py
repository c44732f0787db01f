"""Bringing ``articles/`` into the MkDocs build as if it were part of ``docs/``.

``mkdocs-static-i18n`` only localizes files whose source lies under
``docs_dir``, and it replaces every such File with a fresh one read from
``docs_dir``. So articles enter in two steps around its ``on_files``:

1. before it, as Files *placed* in ``docs_dir`` at their site path
   (``how-to/flush-cache.fr.md``), so that it pairs languages, picks the
   right one per build and computes ``/fr/how-to/flush-cache/``;
2. after it, each File it kept gets its real content back: the article body
   we already parsed (pages) or the real file on disk (assets).

Folders without an index page get a generated one (``<folder>/index.<lang>.md``,
see :mod:`kbsite.core.tree`), and so do the site pages docs/ lacks in a
language (:mod:`kbsite.site.generated_pages`); they enter the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.knowledge_base import Document, KnowledgeBase
from ..core.tree import generated_index_keys
from ..site.article_body import renderable_body

SECTION_INDEX_MARKER = "<!-- kb:section-index -->"


class ArticleSources:
    """Site path -> what the build should read for it."""

    def __init__(self, kb: KnowledgeBase, markdown: Callable[[Document], str] = renderable_body):
        """``markdown``: the Markdown the build renders for an article."""
        self.markdown = markdown
        self.kb = kb
        articles_dir = kb.settings.articles_dir
        self.pages: dict[str, Document] = {d.site_path: d for d in kb.articles}
        self.generated: dict[str, Document] = {d.site_path: d for d in kb.documents if d.generated}
        self.keys = sorted({d.key for d in [*self.pages.values(), *self.generated.values()]})
        self.assets: dict[str, Path] = {
            site_path: path for site_path, path in kb.assets.items() if path.is_relative_to(articles_dir)
        }
        self.section_index_keys: list[str] = sorted(generated_index_keys(kb))
        self.section_indexes: dict[str, str] = {}  # site path -> folder
        self.section_titles: dict[str, str] = {}  # site path -> title, for the navigation
        for key in self.section_index_keys:
            folder = key.rpartition("/")[0]
            for lang in kb.settings.languages:
                self.section_indexes[f"{key}.{lang}.md"] = folder
                self.section_titles[f"{key}.{lang}.md"] = kb.section_title(folder, lang)

    def place(self, files: Files, config: MkDocsConfig, lang: str) -> None:
        """Step 1: add, unless a docs/ file already has the path, the assets and the version of each page
        that ``lang``'s build publishes: its own, else the default language's (see :mod:`.alternates`)."""
        taken = files.src_uris
        for site_path in [*self._published(lang), *self.assets]:
            if site_path not in taken:
                files.append(File(site_path, config.docs_dir, config.site_dir, config.use_directory_urls))

    def _published(self, lang: str) -> list[str]:
        pages = [document.site_path for key in self.keys if (document := self.kb.document(key, lang)) is not None
                 and (document.is_article or document.generated)]
        return pages + [path for path in self.section_indexes if path.endswith(f".{lang}.md")]

    def attach(self, files: Files) -> None:
        """Step 2: give the Files that survived localization their real sources (an article's, just before its
        page is read: :meth:`give_markdown`)."""
        for file in files:
            if file.src_uri in self.pages:
                continue
            elif file.src_uri in self.assets:
                file.abs_src_path = str(self.assets[file.src_uri])
            elif file.src_uri in self.section_indexes:
                file.content_string = SECTION_INDEX_MARKER + "\n"
            elif file.src_uri in self.generated:
                file.content_string = self.generated[file.src_uri].source.text

    def give_markdown(self, file: File, kept: bool) -> None:
        """Before MkDocs reads the page of an article: its Markdown; for a page kept as the last build wrote it
        (not converted), the body as written: what other plugins read of a page (their markers) is there, and
        its patch facts are not worked out for nothing (a save in ``mkdocs serve`` keeps 1,000 pages)."""
        document = self.pages.get(file.src_uri)
        if document is not None:
            file.content_string = document.source.body if kept else self.markdown(document)

    def document(self, file: File) -> Document | None:
        return self.pages.get(file.src_uri)

    def section_folder(self, file: File) -> str | None:
        """The folder a generated section index page lists, if ``file`` is one."""
        return self.section_indexes.get(file.src_uri)

