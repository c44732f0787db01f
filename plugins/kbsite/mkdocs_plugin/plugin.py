"""The ``kb`` MkDocs plugin: MkDocs build events -> the knowledge base core.

``mkdocs-static-i18n`` runs the whole MkDocs build once per language in one
process: the default language first, then the others from inside its
``on_post_build``. The project is loaded (the build environment,
:mod:`kbsite.environment`) once, at the start of the default-language
build, and reused by the other languages. It is checked once too: by
``mkdocs serve`` first (its pages show their findings), by ``mkdocs build``
while its pages are built when it is a clean one, else at its end, while
Pagefind indexes the pages (nothing built depends on the findings: they
are logged). With ``mkdocs
build`` the other languages are built by forked processes at the same time
(:mod:`.parallel`). What survives from one build to the next, while ``mkdocs
serve`` runs, is in :mod:`.sessions`.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
import sys
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.addresses import SiteUrls
from ..core.collector import set_for_builds
from ..core.diagnostics import Severity
from ..core.external_links import ExternalReport
from ..core.knowledge_base import KnowledgeBase
from ..core.settings import ConfigurationError, settings_for
from ..core.strings import missing_strings_message
from ..core.text import plural, short_digest
from ..environment import Environment
from ..environment.fingerprints import Fingerprints
from ..rules import Outcome
from ..site.extensions.exl import ExlExtension
from ..site.extensions.patch_links import PatchMentionExtension
from ..site.extensions.quick_blocks import QuickBlocksExtension
from ..site.extensions.quick_inline import QuickInlineExtension
from ..site.extensions.quick_toc import QuickTocExtension
from ..site.extensions.safety import SafetyExtension
from ..site.fragments import Fragments, TemplateFault
from ..site.front_matter_text import FrontMatterText
from ..site.generated_pages import GRID_MARKER, RULES_MARKER, TAGS_MARKER, WHATS_NEW_MARKER
from ..site.minify import collapse_whitespace
from ..site.page_meta import escaped_meta, page_meta
from ..site.related import RelatedArticles, related_headings
from ..site.rules_page import rules_markdown
from ..site.search_markup import FACETS
from ..site.whats_new import atom_feed, feed_url
from ..translations.history import MINOR_CHANGES, RecentChanges
from . import markdown_reuse
from .alternates import set_alternates, skip_static_i18n_alternates
from .config import KnowledgeBaseConfig
from .hrefs import page_href
from .nav_html import NavRenderer, supports
from .navigation import localize_navigation, navigation_digests
from .outputs import write_feed, write_redirects, write_sitemap
from .page_content import PageBeingBuilt, PageContent, findings_by_file
from .parallel import LanguageWorkers, build_in_turn
from .patch_pages import PatchPages
from .rendered_once import RenderedOnce
from .reuse import (LanguagePages, SiteReuse, copy_static_files, restore_cleaning, site_fingerprint, toc_tokens,
                    without_cleaning)
from .search import BUNDLE, STAGING, SearchIndexes, StagedPages
from .sessions import Session, end_session, session_for, start_session
from .sources import ArticleSources
from .theme_strings import ThemeStrings
from .watching import watch_locally_first

log = get_plugin_logger("kb")
_HTML_LANG = re.compile(r'<html lang="[^"]*"')

UNSEARCHED_MARKERS = (GRID_MARKER, TAGS_MARKER, WHATS_NEW_MARKER)  # pages search leaves out: listings of other pages
BUILD_COMMANDS = frozenset({"build", "gh-deploy"})  # the commands that check external links with check_on_build
MKDOCS_LINK_CODES = frozenset({"KB401", "KB402", "KB403", "KB404"})  # what MkDocs' own link validation reports
_LOG_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.INFO: logging.INFO}


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    def __init__(self):
        self.startup: tuple[str, bool] | None = None  # (command, dirty), for the instance MkDocs told
        self.session: Session | None = None
        self.env: Environment | None = None  # the project as loaded, for this build and its languages
        self.lang = "en"
        self.sources: ArticleSources | None = None
        self.search: SearchIndexes | None = None
        self.patch_pages: PatchPages | None = None
        self.content: PageContent | None = None  # this language build's page steps
        self.related: RelatedArticles | None = None  # each language's related articles, with the knowledge base
        self.recent: RecentChanges | None = None  # each language's "What's new", with the knowledge base
        self.text: FrontMatterText | None = None  # titles and descriptions as readers see them, with the knowledge base
        self.urls: SiteUrls | None = None
        self.findings: dict | None = None  # with mkdocs serve: file -> its findings, shown on its page
        self.nav_titles: dict[str, str] = {}  # source path -> title in this build's language
        self.nav_renderer: NavRenderer | None = None
        self.workers = LanguageWorkers()
        self.reuse: SiteReuse | None = None  # what this build keeps of the last one, and records for the next
        self.fingerprints: Fingerprints | None = None
        self.pages: LanguagePages | None = None  # this language build's pages: kept, or built from what
        self.staged: StagedPages | None = None  # this language's pages for its search index
        self.staged_earlier: dict | None = None  # as the last build staged them (None: lost, all are staged again)
        self._finishing: list[tuple[str, str, LanguagePages, StagedPages]] = []  # languages whose build ends
        self._cleaning = None  # MkDocs' clean_directory, while an incremental build keeps it from running
        self._checked = False  # mkdocs build: the project's findings were logged (at the end, or when it failed)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.startup = (command, dirty)

    def on_serve(self, server, config: MkDocsConfig, builder):
        """The articles folder (watched after this event) is watched by inotify on a local disk (:mod:`.watching`)."""
        watch_locally_first(server)
        return server

    def on_shutdown(self) -> None:
        if self.session is not None:
            end_session(self.session.config_file)

    @property
    def command(self) -> str:
        return self.session.command

    @property
    def dirty(self) -> bool:
        return self.session.dirty

    @property
    def settings(self):
        return self.env.settings

    @property
    def kb(self) -> KnowledgeBase:
        return self.env.kb

    @property
    def fragments(self) -> Fragments:
        return self.env.fragments

    # -- configuration ------------------------------------------------------

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has set this build's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = config.plugins.get("i18n")
        settings = settings_for(self.config, config.docs_dir, config.config_file_path, i18n.config if i18n else {},
                                config.theme.custom_dir, tuple(config.plugins), config.site_url,
                                config.use_directory_urls)
        self.lang = getattr(i18n, "current_language", None) or settings.default_language
        if self.session is None:  # this build's first language: MkDocs' own build, or a rebuild of serve
            set_for_builds()
            config_file = config.config_file_path or config.docs_dir
            self.session = start_session(config_file, *self.startup) if self.startup else session_for(config_file)
            self.search = SearchIndexes(self.session.staged, background=self.session.command == "serve")
        if self.env is None or self.lang == settings.default_language:
            self.session.stop_indexing()  # a rebuild of serve: the last build's indexing would slow it down
            self._load(settings)
            self._start_build(config)
        else:
            self._relate_ahead()  # a language built after the default one, in this process
        _use_theme_language(config, self.lang)
        strings = self.fragments.strings(self.lang)
        if not strings.known:
            log.warning(missing_strings_message(self.lang, self.settings.strings_dir))
        if str(self.settings.articles_dir) not in config.watch:
            config.watch.append(str(self.settings.articles_dir))
        theme_dir = str(resources.files("kbsite.site").joinpath("templates", "theme"))
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        if self.config.own_link_checks:
            _quiet_mkdocs_link_checks(config)
        _install_extensions(config, (SafetyExtension(), ExlExtension(strings["exl_alerts"]), PatchMentionExtension(),
                                     QuickInlineExtension(), QuickBlocksExtension(), QuickTocExtension()))
        _title_heading_links(config, self.lang, {lang: self.fragments.strings(lang)["heading_link"]
                                                 for lang in self.settings.languages})
        markdown_reuse.start_build(Page)
        # The sitemap is ours (one, with every language); 404.html is the default language's.
        config.theme.static_templates.discard("sitemap.xml")
        if self.is_default_language:
            config.theme.static_templates.add("404.html")
        else:
            config.theme.static_templates.discard("404.html")
        features = config.theme.get("features", [])
        show_all = strings["section_index"]["show_all"]
        self.nav_renderer = (NavRenderer(features, _toc_title(config), self.config.nav_max_items, show_all)
                             if supports(features) else None)
        return config

    @event_priority(-1000)  # after every plugin's: MkDocs writes the pages next
    def _leave_kept_pages(self, env, config: MkDocsConfig, files: Files):
        """MkDocs writes the pages ``files.documentation_pages()`` lists: not those whose file is kept.

        The language's pages are all staged for search by now: ``mkdocs build`` indexes them while MkDocs
        writes the pages (``mkdocs serve`` once they are written, in the background).
        """
        if not self.search.background and not self.language_kept:
            self._index(self.lang, self.prefix, self.pages, self.staged)
        if self.pages.kept:
            listed = files.documentation_pages
            files.documentation_pages = lambda *, inclusion=InclusionLevel.is_included: [
                file for file in listed(inclusion=inclusion) if not self.pages.is_kept(file)]
        return env

    def _set_up_templates(self, env, config: MkDocsConfig, files: Files):
        """Our partials: Material's own as ``kb-material/partials/...``, the strings of this build's language
        (``kb_strings``) and of every language (``kb_languages``), the search's indexes (``kb_search``: this
        language's, and the default language's, which the search also asks when it finds too little), and
        Material's interface strings (``kb_theme_strings``), the parts rendered once (``kb_once``).

        Compiled templates are cached on disk: each language build, and each
        rebuild of ``mkdocs serve``, makes a new environment that would compile
        Material's templates again.
        """
        material = str(resources.files("material").joinpath("templates"))
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"kb-material": FileSystemLoader(material)})])
        env.bytecode_cache = FileSystemBytecodeCache()  # in the system's temporary folder, per user
        env.globals["kb_strings"] = self.fragments.strings(self.lang)
        env.globals["kb_languages"] = [  # every language's strings and folder: the 404 page speaks them all
            {"lang": lang, "prefix": self.urls.page("index", lang), "t": self.fragments.strings(lang)}
            for lang in self.settings.languages]
        default = self.settings.default_language
        env.globals["kb_search"] = {"bundle": f"{self.prefix}{BUNDLE}/", "prefix": self.prefix, "default_lang": default,
                                    "default_bundle": None if self.is_default_language else f"{BUNDLE}/",
                                    "untranslated": self.kb.untranslated(self.lang), "facets": FACETS}
        whats_new = self.fragments.strings(self.lang)["pages"]["whats-new"]["title"]
        env.globals["kb_feed"] = {"href": feed_url(self.urls, self.lang), "title": f"{whats_new} · {config.site_name}"}
        env.globals["kb_theme_strings"] = _theme_strings(env, config)
        static = (file.dest_uri for file in files if not file.is_documentation_page())
        bundles = [env.globals["kb_search"]["bundle"], f"{BUNDLE}/"]
        env.globals["kb_once"] = RenderedOnce([*static, *bundles]).template_global()
        return env

    on_env = CombinedEvent(_set_up_templates, _leave_kept_pages)

    @property
    def is_default_language(self) -> bool:
        return self.lang == self.settings.default_language

    @property
    def language_kept(self) -> bool:
        """Whether this build's language is kept as the last build wrote it: its build writes nothing."""
        return self.lang in self.reuse.languages_kept

    @property
    def prefix(self) -> str:
        """Folder of this build's language in the site ("" or "fr/")."""
        return "" if self.is_default_language else f"{self.lang}/"

    # -- files ----------------------------------------------------------------

    @event_priority(50)  # before mkdocs-static-i18n localizes files
    def _place_articles(self, files: Files, config: MkDocsConfig) -> Files:
        if self.is_default_language and not self.workers.is_worker:
            self._keep_languages(config)
        if self.language_kept:  # nothing of this language changed: its build reads docs/ only, and writes nothing
            config.theme.static_templates.discard("404.html")
        else:
            self.sources.place(files, config, self.lang)
        _drop_theme_sitemap(files, config)
        if "i18n" in config.plugins:
            skip_static_i18n_alternates(config.plugins["i18n"])
        folder = self.reuse.search_folder(self.lang) or Path(config.site_dir, STAGING, self.lang)
        self.staged_earlier = self.reuse.staged(self.lang)
        self.staged = self.search.stage(self.lang, folder, self.staged_earlier)
        self.content = PageContent(self.kb, self.urls, self.fragments, self.text, self.env.history, self.related,
                                   self.recent, self.patch_pages, self.env.translations, self.staged,
                                   (self.env.context.features, self.env.context.roles), self.findings,
                                   show_dates=self.config.last_updated)
        return files

    def _keep_languages(self, config: MkDocsConfig) -> None:
        """Which languages this build leaves as the last one wrote them (a language whose fingerprint is
        unchanged, with all its files in the site): the others are built."""
        kept = [lang for lang in self.settings.languages
                if self.reuse.keep_language(lang, self.fingerprints.language(lang))]
        if kept:
            log.info(f"unchanged since the last build, kept as they are: {', '.join(kept)}")

    @event_priority(-150)  # after mkdocs-static-i18n replaced the files
    def _attach_sources(self, files: Files, config: MkDocsConfig) -> Files:
        self.sources.attach(files)
        set_alternates(files, self.urls, self.settings.languages)
        producer, prefix, everything = f"static:{self.lang}", self.prefix, self.is_default_language

        def copy(dirty: bool = False, *, inclusion=InclusionLevel.is_included) -> None:
            """The default language's build copies the files every language shares, the others their own."""
            copy_static_files(files, self.reuse, producer,
                              lambda f: inclusion(f.inclusion) and (everything or f.dest_uri.startswith(prefix)))

        files.copy_static_files = _copy_nothing if self.language_kept else copy
        if self.dirty:  # MkDocs' --dirty would skip pages by their files' times: this build decides
            for file in files.documentation_pages():
                file.is_modified = _modified
        if self.is_default_language and not self.workers.is_worker:
            # Not while `mkdocs serve` serves: its server's threads would be forked in the middle of their work.
            if self.config.parallel_languages and (self.command == "build" or self.session.builds == 1):
                self.workers.start(config, self._languages_to_build())
            if self.command != "serve" and not self.reuse.incremental:
                self._check_project()  # a clean build: while every page is built (see _check_project)
        return files

    def _languages_to_build(self) -> list[str]:
        """The other languages, but those this build keeps as they are."""
        return [lang for lang in self.settings.languages
                if lang != self.lang and lang not in self.reuse.languages_kept]

    def _report(self, outcome: Outcome, strict: bool = False) -> None:
        """Log the new findings (a warning fails ``--strict``); the accepted ones as counts, at info level.
        A rebuild of ``mkdocs serve`` logs those of the files that changed (:meth:`Session.to_report`).

        With ``own_link_checks: false`` MkDocs reports the links, so our link findings are left to it:
        one report per problem. ``mkdocs serve`` also shows each article's findings on its page.
        """
        left_to_mkdocs = set() if self.config.own_link_checks else MKDOCS_LINK_CODES
        reported = [found for found in outcome.reported if found.code not in left_to_mkdocs]
        repeated = 0
        if self.command == "serve" and not strict:  # under --strict every warning must be logged to count
            reported, repeated = self.session.to_report(reported, {d.path: d.digest for d in self.kb.documents})
        for found in reported:
            log.log(_LOG_LEVELS[found.severity], f"{found.location}: {found.code} {found.message}")
        if repeated:
            log.info(f"{plural(repeated, 'finding')} as the last build logged, in files unchanged since, "
                     "not repeated (kb check lists every one)")
        for note in outcome.notes(self.settings):
            log.info(note)
        if self.command == "serve":
            self.findings = findings_by_file(outcome)

    def _external_links(self) -> ExternalReport | None:
        """The external check's report when ``check_on_build`` asks for it (``mkdocs build`` and ``gh-deploy``;
        never ``serve``, whose rebuilds must stay quick)."""
        if self.command not in BUILD_COMMANDS or not self.settings.external.check_on_build:
            return None
        from ..external.run import check_external  # aiohttp: a tenth of a second to import, for this check only
        report = check_external(self.kb)
        for warning in report.warnings:
            log.warning(warning)
        log.info(report.summary())
        return report

    on_files = CombinedEvent(_place_articles, _attach_sources)

    def _start_build(self, config: MkDocsConfig) -> None:
        """What this build reuses of the last one (:mod:`.reuse`), worked out before the configuration changes.

        ``mkdocs serve`` checks first: its pages show their findings.
        """
        if self.command == "serve":
            self._report(self.env.check(), strict=config.strict)
        self._checked = self.command == "serve"
        site = site_fingerprint(config, self.env)
        self.fingerprints = Fingerprints(self.env, site, self.related, self.recent, self.findings)
        # With MkDocs' own link checks, every page is converted: MkDocs warns of links as it converts them.
        use_cache = self.config.build_cache and self.config.own_link_checks
        self.reuse = self.session.start_build(self.settings.root, site, config.site_dir, use_cache)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """An incremental build into the folder of the last one keeps MkDocs from emptying it."""
        if self.is_default_language and not self.workers.is_worker and not self.reuse.cleans_site_dir:
            self._cleaning = without_cleaning()

    def on_build_error(self, error: Exception) -> None:
        self._stop_keeping_site_dir()
        if self.related is not None:
            self.related.close()
        if not self.workers.is_worker and self.reuse is not None and not self.reuse.finished:
            self.session.failed(self.reuse)  # what the next build may still use
            self._check_project()  # the findings may tell why it failed

    def _check_project(self) -> None:
        """``mkdocs build``: log the project's findings, once. The pages do not show them: a build that reuses
        the last one checks at its end, while Pagefind indexes the pages it built (not on the way of the one
        process that builds them); a clean build checks while its pages are built (every core is busy then
        anyway; at its end the check, on the build's thread, contends with the indexing thread: 2-3 s of a
        clean build of the corpus, A/B in turn). A build that fails checks then."""
        if not self._checked:
            self._checked = True
            self._report(self.env.check(external=self._external_links()))

    def _stop_keeping_site_dir(self) -> None:
        if self._cleaning is not None:
            restore_cleaning(self._cleaning)
            self._cleaning = None

    def _load(self, settings) -> None:
        """The project as loaded now (from the session's last build while ``mkdocs serve`` runs)."""
        try:
            self.env = self.session.open_environment(settings)
        except ConfigurationError as error:
            raise PluginError(f"kb: {error}") from error
        self.urls = SiteUrls(settings.default_language, settings.directory_urls)
        self.env.take_converted_texts()  # what the last build converted of front matter, by the text
        self.text = FrontMatterText(self.kb, self.urls, self.env.converted_texts)
        self.patch_pages = PatchPages.build(self.kb, self.env.context.patches, self.urls, self.fragments, self.text)
        self.sources = ArticleSources(self.kb, self.patch_pages.markdown)
        if self.related is not None:
            self.related.close()  # the last build's
        self.related = RelatedArticles(self.kb, self.env.context.patches, related_headings(self.env.languages),
                                       limit=self.config.related_articles, texts=self.env.article_texts,
                                       lists=self.env.related_lists, take_lists=self.env.take_related_lists,
                                       take_texts=self.env.take_article_texts)
        self._relate_ahead()
        minor = self.config.whats_new_minor
        self.recent = RecentChanges(self.kb, self.env.history.git, MINOR_CHANGES if minor is None else tuple(
            word.casefold() for word in minor), self.config.whats_new_limit)

    def _relate_ahead(self) -> None:
        """This language's related articles, unless the last build's lists hold, worked out by a forked copy of
        this process while its build goes on (:meth:`RelatedArticles.work_out_ahead`): in the process that
        builds the languages in turn (a worker builds its language beside the others, on the other cores)."""
        if not self.workers.is_worker:
            self.related.work_out_ahead(self.lang)

    # -- navigation and pages ---------------------------------------------------

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        titles = {**self.kb.titles(self.lang), **self.sources.section_titles}
        self.nav_titles = {path: self.text.html(title) for path, title in titles.items()}
        nav = localize_navigation(nav, self.kb, self.lang, self.text.html)
        self._decide_pages(nav, files)
        return nav

    def _decide_pages(self, nav: Navigation, files: Files) -> None:
        """Which pages keep their file from the last build: those made from what they were made from then."""
        self.pages = LanguagePages(self.reuse, self.lang, self.staged, keeping=self.staged_earlier is not None)
        documents = [file for file in files.documentation_pages() if file.page is not None]
        if self.language_kept:
            self.pages.keep_every(documents)
            return
        self.env.take_outlines()  # and of every document's links, for the pages' fingerprints
        around = navigation_digests(nav, [file.page for file in documents], self.nav_titles,
                                    whole=self.nav_renderer is None)
        for file in documents:
            made_of = self._page_fingerprint(file)
            self.pages.decide(file, made_of and short_digest([made_of, around[file.src_uri]]), made_of)

    def _page_fingerprint(self, file) -> str | None:
        """What the page of ``file`` is made from, but its navigation (None: not known, always built)."""
        folder = self.sources.section_folder(file)
        if folder is not None:
            return self.fingerprints.landing_page(folder, self.lang)
        document = self.sources.document(file) or self.kb.document(_site_key(file), self.lang)
        return self.fingerprints.page(document, self.lang) if document is not None else None

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        # A page keeping its content gets the Markdown it was converted from: other plugins read it again.
        self.sources.give_markdown(page.file, self.pages.is_kept(page.file))
        return page

    @event_priority(100)  # before Material's tags plugin reads page.meta
    def _page_meta(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        document = self.sources.document(page.file)
        if document is not None:
            page.meta = page_meta(document, self.fragments.strings(self.lang), self.env.context.features, self.text)
        elif self.sources.section_folder(page.file) is not None:
            title = self.text.plain(self.sources.section_titles[page.file.src_uri])
            page.meta = escaped_meta({"title": title, "kb_no_search": True})
        else:
            page.meta = escaped_meta(page.meta)
            if page.meta.get("hidden") is True:  # a site page for writers, like the translation dashboard
                page.meta["kb_hidden"] = True
        if any(marker in markdown for marker in UNSEARCHED_MARKERS):
            page.meta["kb_no_search"] = True  # a generated listing of other pages, not content of its own
        if RULES_MARKER in markdown:
            markdown = markdown.replace(RULES_MARKER, rules_markdown(self.fragments, self.lang))
        return markdown

    @event_priority(-1000)  # after every plugin read the page's Markdown
    def _skip_kept_page(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page whose file or content is kept is read (its title and metadata serve the other pages, and
        its own navigation) but not converted."""
        return markdown if self.pages.converts(page.file) else ""

    on_page_markdown = CombinedEvent(_page_meta, _skip_kept_page)

    def _page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.pages.is_kept(page.file):
            page._title_from_render = self.pages.titles[page.file.src_uri]  # as converted by the last build
            return html
        if not self.pages.converts(page.file):
            return html  # its content is the last build's (:meth:`_keep_content`)
        context = PageBeingBuilt(page, self.lang, self.sources.document(page.file), page_href(page),
                                 self.sources.section_folder(page.file))
        try:
            return self.content.run(html, context)
        except TemplateFault as fault:  # an override that fails to render: said where, no traceback
            raise PluginError(f"kb: {page.file.src_uri}: {fault}") from None

    @event_priority(-1000)  # after every plugin changed the page's content
    def _keep_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page built again for its navigation alone gets the content, table of contents and title its
        Markdown gave in the last build; a page converted has them kept for the next."""
        kept = self.pages.content_kept(page.file)
        if kept is not None:
            page.toc = sys.modules[type(page.toc).__module__].get_toc(kept.toc)  # MkDocs' or ProperDocs' class
            page._title_from_render = kept.title
            return kept.content
        if self.pages.converts(page.file):
            self.pages.made(page.file, html, toc_tokens(page.toc), page._title_from_render)
        return html

    on_page_content = CombinedEvent(_page_content, _keep_content)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav: Navigation):
        if self.nav_renderer is not None:
            context["kb_toc"] = toc = self.nav_renderer.toc(page)
            context["kb_nav_items"] = self.nav_renderer.items(nav, page, toc, self.nav_titles)
        return context

    @event_priority(-90)  # after other plugins changed the page
    def _finish_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """The page's language as configured (``zh-Hans``, not the theme's ``zh``), whitespace collapsed."""
        return collapse_whitespace(_HTML_LANG.sub(f'<html lang="{self.lang}"', output, count=1))

    @event_priority(-1000)  # the page as MkDocs writes it
    def _record_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.pages.written(page.file, str(page.title or ""), output.encode("utf-8", errors="xmlcharrefreplace"))
        return output

    on_post_page = CombinedEvent(_finish_page, _record_page)

    @event_priority(-1000)
    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """A page of the theme's own (``404.html``): made of the whole language."""
        self.reuse.writing(template_name, self.pages.producer, self.fingerprints.language(self.lang),
                           output.encode("utf-8"))
        return output

    # -- end of a language's build ----------------------------------------------

    @event_priority(10)  # before mkdocs-static-i18n (-100) builds the other languages
    def _finish_language(self, config: MkDocsConfig) -> None:
        self._finishing.append((self.lang, self.prefix, self.pages, self.staged))
        if not self.language_kept:
            feed = atom_feed(self.fragments, self.text, self.recent.of(self.lang), self.lang, self.urls,
                             config.site_name, config.site_url)
            write_feed(self.reuse, self.prefix, feed, self.pages.producer, self.fingerprints.language(self.lang))

    @event_priority(-50)  # before mkdocs-static-i18n (-100) builds the other languages
    def _build_other_languages(self, config: MkDocsConfig) -> None:
        """Keep static-i18n from building the other languages: workers build them, or they are built here,
        those this build does not keep as they are."""
        if self.workers.is_worker or not self.is_default_language or "i18n" not in config.plugins:
            return
        config.plugins["i18n"].building = True  # static-i18n's flag for "a nested build is running"
        if not self.workers.children:
            build_in_turn(config, self._languages_to_build())

    @event_priority(-200)  # after the other languages were built, nested or in workers
    def _write_language_outputs(self, config: MkDocsConfig) -> None:
        lang, prefix, pages, staged = self._finishing.pop()  # the nested builds moved self.lang on
        self.reuse.settle()
        if lang not in self.reuse.languages_kept:
            log.info(f"{lang}: {pages.summary()}")
            if self.search.background:
                self._index(lang, prefix, pages, staged)
            self.reuse.built_language(lang, self.fingerprints.language(lang), pages.titles, staged.pages)
            pages.keep_contents()
            self.env.keep_article_texts(lang, self.related.texts_of(lang))
            self.env.keep_converted_texts()
        if self.workers.is_worker:
            self.search.wait()
            self.reuse.send_language(lang)
            return
        if lang == self.settings.default_language:
            self._finish_site(config)

    def _index(self, lang: str, prefix: str, pages: LanguagePages, staged: StagedPages) -> None:
        """The language's search index, made again when its pages changed."""
        staged.keep_only(pages.dests)
        producer, fingerprint = f"search:{lang}", staged.fingerprint
        if not staged.changed and self.reuse.keep_all(producer, fingerprint):
            return
        if self.search.background:
            self.reuse.carry(producer)  # served until the new index replaces it
        self.search.index(staged, lang, Path(self.reuse.site_dir, prefix, BUNDLE),
                          lambda bundle: self.reuse.indexed(producer, fingerprint, bundle))

    def _finish_site(self, config: MkDocsConfig) -> None:
        """The end of the whole build: the files of the whole site, the other languages' records, the cache."""
        self.related.close()  # the related lists worked out ahead but not asked for: no page of theirs was built
        self._check_project()
        made_of = self.fingerprints.site_files()
        self.patch_pages.write_export(self.settings.languages, self.reuse, made_of)
        write_redirects(self.kb, self.fragments, self.urls, self.reuse, made_of)
        forked = list(self.workers.children)
        failed = self.workers.finish()
        failed += [lang for lang in forked if lang not in failed and not self.reuse.receive_language(lang)]
        if not self.search.background:
            self.search.wait()
            if self.reuse.cache is None:
                shutil.rmtree(Path(self.reuse.site_dir, STAGING), ignore_errors=True)
        if config.site_url:
            write_sitemap(self.kb, self.fragments, self.urls, config.site_url, self.sources.section_index_keys,
                          self.reuse, made_of)
        if "i18n" in config.plugins:
            config.plugins["i18n"].building = False
        self._stop_keeping_site_dir()
        if failed:
            raise PluginError(f"kb: the build of {', '.join(failed)} failed (see the messages above)")
        # A rebuild of serve saves its records once its pages are served; its first build, before serving.
        self.reuse.finish(background=self.command == "serve" and self.session.builds > 1)
        self.session.finished(self.reuse)

    on_post_build = CombinedEvent(_finish_language, _build_other_languages, _write_language_outputs)


def _use_theme_language(config: MkDocsConfig, lang: str) -> None:
    """Material's interface strings for ``lang``: its own, else its primary subtag's (``zh-Hans``: ``zh``), else English.

    mkdocs-static-i18n sets Material's language to the locale as written;
    Material has no ``zh-Hans`` or ``nl-BE`` file and would stop the build.
    """
    if "language" not in config.theme:
        return
    for candidate in (lang, lang.split("-")[0], "en"):
        if any(os.path.isfile(os.path.join(folder, "partials", "languages", f"{candidate}.html"))
               for folder in config.theme.dirs):
            config.theme["language"] = candidate
            return


def _install_extensions(config: MkDocsConfig, extensions: tuple) -> None:
    """This build's instances of our Markdown extensions, in place of the previous build's."""
    ours = tuple(type(extension) for extension in extensions)
    config.markdown_extensions[:] = [e for e in config.markdown_extensions if not isinstance(e, ours)]
    config.markdown_extensions.extend(extensions)


def _title_heading_links(config: MkDocsConfig, lang: str, titles: dict[str, str]) -> None:
    """The toc extension's heading links (¶) titled in ``lang`` (``titles``: each language's), unless
    mkdocs.yml titles them.

    Python-Markdown's default title is English ("Permanent link"). The language builds share
    ``mdx_configs``: a title that one of the languages set is ours to replace.
    """
    toc = config.mdx_configs.get("toc")
    if toc is None or not toc.get("permalink"):
        return
    if "permalink_title" not in toc or toc["permalink_title"] in titles.values():
        toc["permalink_title"] = titles[lang]


def _site_key(file: File) -> str:
    """A page's key in the site (``how-to/x``), as static-i18n names the file it kept for this language."""
    return posixpath.splitext(getattr(file, "norm_src_uri", file.src_uri))[0]


def _modified() -> bool:
    return True


def _copy_nothing(dirty: bool = False, *, inclusion=None) -> None:
    """A language whose files are all kept copies none."""


def _drop_theme_sitemap(files: Files, config: MkDocsConfig) -> None:
    """The theme's sitemap.xml template would otherwise be copied as it is (ours replaces it)."""
    file = files.src_uris.get("sitemap.xml")
    if file is not None and file.abs_src_path and not file.abs_src_path.startswith(config.docs_dir):
        files.remove(file)


def _quiet_mkdocs_link_checks(config: MkDocsConfig) -> None:
    """Our KB4xx rules report broken links with codes; MkDocs' would repeat them (even at info level).

    Its notices also name links the plugin places itself (assets, language versions) as missing.
    """
    links = config.validation.links
    links.not_found = links.anchors = links.unrecognized_links = logging.DEBUG


def _toc_title(config: MkDocsConfig) -> str:
    toc = config.mdx_configs.get("toc") or {}
    if toc.get("title"):
        return toc["title"]
    return str(_theme_strings(config.theme.get_env(), config)("toc"))


def _theme_strings(env, config: MkDocsConfig) -> ThemeStrings:
    return ThemeStrings(env, config.theme.get("language") or "en")
