"""The ``kb`` MkDocs plugin.

``mkdocs-static-i18n`` runs the whole MkDocs build once per language in one
process: the default language first, then the others from inside its
``on_post_build``. The knowledge base is loaded and checked once, at the
start of the default-language build, and reused by the other languages.
"""

from __future__ import annotations

import logging
from importlib import resources

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..diagnostics import Diagnostic, Severity
from ..extensions.patch_links import PatchLinkExtension
from ..knowledge_base import KnowledgeBase, load_knowledge_base
from ..presentation import page_meta, rules_markdown
from ..rules import Context, run_checks
from ..settings import ConfigurationError, Settings, settings_for
from .config import KnowledgeBaseConfig
from .navigation import localize_navigation
from .patch_pages import PatchPages
from .search import PerLanguageSearch
from .sources import ArticleSources

log = get_plugin_logger("kb")

MARKERS = {"<!-- kb:rules -->": rules_markdown}
_LOG_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.INFO: logging.INFO}


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    def __init__(self):
        self.settings: Settings | None = None
        self.lang = "en"
        self.kb: KnowledgeBase | None = None
        self.context: Context | None = None
        self.sources: ArticleSources | None = None
        self.search = PerLanguageSearch()
        self.patch_links = PatchLinkExtension()
        self.patch_pages: PatchPages | None = None
        self._finishing: list[tuple[str, str]] = []  # languages whose build is ending, innermost last

    # -- configuration ------------------------------------------------------

    @event_priority(-110)  # after mkdocs-static-i18n has set this build's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = config.plugins.get("i18n")
        self.settings = settings_for(
            self.config, config.docs_dir, config.config_file_path, i18n.config if i18n else {}
        )
        self.lang = getattr(i18n, "current_language", None) or self.settings.default_language
        articles = str(self.settings.articles_dir)
        if articles not in config.watch:
            config.watch.append(articles)
        theme_dir = str(resources.files("kbsite").joinpath("templates", "theme"))
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        if self.config.own_link_checks:
            _quiet_mkdocs_link_checks(config)
        if self.patch_links not in config.markdown_extensions:
            config.markdown_extensions.append(self.patch_links)
        return config

    @property
    def is_default_language(self) -> bool:
        return self.lang == self.settings.default_language

    @property
    def prefix(self) -> str:
        """Folder of this build's language in the site ("" or "fr/")."""
        return "" if self.is_default_language else f"{self.lang}/"

    # -- files ----------------------------------------------------------------

    @event_priority(50)  # before mkdocs-static-i18n localizes files
    def _place_articles(self, files: Files, config: MkDocsConfig) -> Files:
        if self.kb is None or self.is_default_language:
            self._load_and_check()
        self.sources.place(files, config)
        self.patch_pages = PatchPages.build(self.kb, self.context.patches, config.use_directory_urls, self.patch_links)
        return files

    @event_priority(-150)  # after mkdocs-static-i18n replaced the files
    def _attach_sources(self, files: Files, config: MkDocsConfig) -> Files:
        self.sources.attach(files)
        return files

    on_files = CombinedEvent(_place_articles, _attach_sources)

    def _load_and_check(self) -> None:
        self.kb = load_knowledge_base(self.settings)
        try:
            self.context = Context.for_knowledge_base(self.kb)
        except ConfigurationError as error:
            from mkdocs.exceptions import PluginError

            raise PluginError(f"kb: {error}") from error
        self.sources = ArticleSources(self.kb)
        for found in run_checks(self.context):
            _report(found)

    # -- navigation and pages ---------------------------------------------------

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        return localize_navigation(nav, self.kb, self.lang)

    @event_priority(100)  # before Material's tags plugin reads page.meta
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        document = self.sources.document(page.file)
        if document is not None:
            page.meta = page_meta(document, self.lang, self.context.features)
        self.patch_pages.prepare_links(document, page, self.lang)
        for marker, produce in MARKERS.items():
            if marker in markdown:
                markdown = markdown.replace(marker, produce(self.lang))
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.patch_pages.decorate(html, self.sources.document(page.file), page, self.lang)

    def on_page_context(self, context, page, config, nav):
        context["kb_search_base"] = self.prefix
        return context

    # -- search -----------------------------------------------------------------

    @event_priority(10)  # after the search plugin indexed every page, before it writes
    def _take_search_entries(self, config: MkDocsConfig) -> None:
        self.search.take(config, self.lang, self.prefix)
        self._finishing.append((self.lang, self.prefix))

    @event_priority(-200)  # after mkdocs-static-i18n built the other languages and merged its index
    def _write_search_index(self, config: MkDocsConfig) -> None:
        # The other languages were built (nested) in between: self.lang moved on.
        lang, prefix = self._finishing.pop()
        self.search.write(config, lang, prefix)
        if lang == self.settings.default_language:
            self.patch_pages.write_export(config.site_dir, self.settings.languages)

    on_post_build = CombinedEvent(_take_search_entries, _write_search_index)


def _report(found: Diagnostic) -> None:
    log.log(_LOG_LEVELS[found.severity], f"{found.location}: {found.code} {found.message}")


def _quiet_mkdocs_link_checks(config: MkDocsConfig) -> None:
    """Our KB4xx rules report broken links with codes; MkDocs' would repeat them."""
    links = config.validation.links
    links.not_found = links.anchors = links.unrecognized_links = logging.INFO
