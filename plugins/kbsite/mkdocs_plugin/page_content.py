"""What the plugin does to a page's HTML after Markdown, as a list of named steps.

The order matters and is stated here once: article HTML is sanitized before
our own fragments are added (they are trusted, the article's HTML is not);
the search body is marked before the patch card, the notices, the grid and
the findings box are added: none is searched (in the page they are marked
``data-pagefind-ignore`` or lie outside the search body), and the copy of the
page that search indexes is made without them, so that Pagefind does not
read the card's facts 489 times per language to skip them. The findings box
is only there with ``mkdocs serve`` (``findings`` is None in a build).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from mkdocs.structure.pages import Page

from ..core.addresses import Href, SiteUrls
from ..core.diagnostics import Diagnostic
from ..core.html_policy import sanitize
from ..core.knowledge_base import Document, KnowledgeBase
from ..core.vocabulary import Vocabulary
from ..rules.outcome import Outcome
from ..site.extensions.patch_links import link_mentions
from ..site.findings_box import findings_box
from ..site.article_dates import updated_line
from ..site.fragments import Fragments
from ..site.front_matter_text import FrontMatterText
from ..site.generated_pages import DASHBOARD_MARKER, WHATS_NEW_MARKER
from ..site.related import RelatedArticles, related_html
from ..site.search_markup import Facets, index_document, search_body
from ..site.section_index import section_index_html
from ..site.translation_pages import translation_dashboard, translation_notice
from ..site.whats_new import whats_new_html
from ..translations.history import ArticleHistory, RecentChanges
from ..translations.status import TranslationReport
from .patch_pages import PatchPages, after_first_heading
from .search import StagedPages
from .sources import SECTION_INDEX_MARKER


@dataclass(frozen=True)
class PageBeingBuilt:
    """The page being rendered, as the steps need it."""

    page: Page
    lang: str  # the reader's language: this build's
    document: Document | None  # the article shown (None for site pages and generated pages)
    href: Href  # site-root-relative URL -> URL relative to this page
    section_folder: str | None = None  # the folder a generated landing page lists


@dataclass
class PageContent:
    """One language build's page steps, with what they consult."""

    kb: KnowledgeBase
    urls: SiteUrls
    fragments: Fragments
    text: FrontMatterText  # titles and descriptions as readers see them
    history: ArticleHistory  # when articles were updated and reviewed
    related: RelatedArticles  # what each article leads on to
    recent: RecentChanges  # each language's "What's new"
    patch_pages: PatchPages
    translations: TranslationReport
    search: StagedPages  # this language's pages for its search index
    vocabularies: tuple[Vocabulary, Vocabulary]  # feature, role
    findings: dict[str, list[tuple[Diagnostic, bool]]] | None = None  # with serve: file -> (finding, baselined)
    show_dates: bool = True  # "Last updated" under each article's title (the plugin's last_updated)
    # (day, language) -> its "Last updated" line: the same for every article of that day (Babel and Jinja once)
    _date_lines: dict[tuple[date, str], str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        self.steps: tuple[tuple[str, Callable[[str, PageBeingBuilt], str]], ...] = (
            ("patch links", self.link_patch_mentions),
            ("sanitize", self.sanitize_article),
            ("section index", self.expand_section_index),
            ("search body", self.mark_search_body),
            ("patch card", self.add_patch_card),
            ("date", self.add_date),
            ("translation notice", self.add_translation_notice),
            ("related articles", self.add_related_articles),
            ("translation dashboard", self.expand_translation_dashboard),
            ("what's new", self.expand_whats_new),
            ("patch grid", self.expand_patch_grid),
            ("findings box", self.add_findings_box),
        )

    def run(self, html: str, context: PageBeingBuilt) -> str:
        for _, step in self.steps:
            html = step(html, context)
        return html

    def link_patch_mentions(self, html: str, context: PageBeingBuilt) -> str:
        """Articles link the patch ids they mention; elsewhere they stay text."""
        if context.document is None:
            return link_mentions(html, lambda patch_id: None)
        return self.patch_pages.link_mentions(html, context.document, context.href, context.lang)

    def sanitize_article(self, html: str, context: PageBeingBuilt) -> str:
        """Only the HTML the policy allows, in articles (site pages are ours)."""
        return sanitize(html) if context.document is not None else html

    def expand_section_index(self, html: str, context: PageBeingBuilt) -> str:
        if context.section_folder is None:
            return html
        return html.replace(SECTION_INDEX_MARKER, section_index_html(
            self.fragments, self.text, context.section_folder, context.lang, context.href))

    def add_patch_card(self, html: str, context: PageBeingBuilt) -> str:
        if context.document is None:
            return html
        return self.patch_pages.add_card(html, context.document, context.href, context.lang)

    def add_date(self, html: str, context: PageBeingBuilt) -> str:
        """When the article shown was last updated, right under its title (before the patch card)."""
        document = context.document
        shown = self.show_dates and document is not None and document.is_article
        day = self.history.updated_on(document) if shown else None
        if day is None:
            return html
        line = self._date_lines.get((day, context.lang))
        if line is None:
            line = self._date_lines[day, context.lang] = updated_line(self.fragments, day, context.lang)
        return after_first_heading(html, line)

    def add_related_articles(self, html: str, context: PageBeingBuilt) -> str:
        """Up to five related articles at the end of an article, in the reader's language (after the
        notice's wrapper of a fallback page: the list is the reader's)."""
        document = context.document
        if document is None or not document.is_article:
            return html
        related = self.related.of(document, context.lang)
        return html + related_html(self.fragments, self.text, related, context.lang, context.href)

    def mark_search_body(self, html: str, context: PageBeingBuilt) -> str:
        """The content search indexes: not fallback pages (the other language's), hidden or generated ones."""
        page, document = context.page, context.document
        fallback = document is not None and document.lang != context.lang
        if fallback or page.meta.get("kb_hidden") or page.meta.get("kb_no_search"):
            self.search.discard(page.file.dest_uri)
            return html
        title = self.text.plain_title(document) if document is not None else str(page.title or "")
        body = search_body(html, title, self.facets(document, context.lang), self.other_titles(document))
        self.search.add(page.file.dest_uri, *index_document(context.lang, body))
        return body

    def facets(self, document: Document | None, lang: str) -> Facets:
        """An article's features, roles and, for a patch article, its patch status, as the reader's labels."""
        if document is None:
            return Facets()
        strings = self.fragments.strings(lang)
        features, roles = self.vocabularies
        status = self.patch_pages.status(document)
        return Facets(
            feature=tuple(features.label(value, strings) for value in document.features if value in features),
            role=tuple(roles.label(value, strings) for value in document.roles if value in roles),
            status=(strings["patch_status"][status],) if status else (),
            release=self.patch_pages.releases(document),
        )

    def other_titles(self, document: Document | None) -> dict[str, str]:
        """A default-language article's title in each language it is translated into (the other languages'
        readers search its index too)."""
        if document is None or document.lang != self.kb.settings.default_language:
            return {}
        return {lang: self.text.plain_title(version) for lang, version in self.kb.by_key.get(document.key, {}).items()
                if lang != document.lang}

    def add_translation_notice(self, html: str, context: PageBeingBuilt) -> str:
        """Tell readers when they read the English article, a draft, a machine translation or a stale one."""
        document, lang = context.document, context.lang
        if document is None:
            return html
        if document.lang != lang:
            notice = translation_notice(self.fragments, "untranslated", lang, None, document.lang)
            return f'{notice}<div lang="{document.lang}">{html}</div>'
        status = self.translations.of(document)
        kind = status.notice if status is not None else None
        if kind is None:
            return html
        default = self.kb.settings.default_language
        original = context.href(self.urls.page(document.key, default))
        return after_first_heading(html, translation_notice(self.fragments, kind, lang, original, default))

    def expand_translation_dashboard(self, html: str, context: PageBeingBuilt) -> str:
        if DASHBOARD_MARKER not in html:
            return html
        return html.replace(DASHBOARD_MARKER, translation_dashboard(
            self.fragments, self.text, self.translations, context.lang, self.urls, context.href, self.history))

    def expand_whats_new(self, html: str, context: PageBeingBuilt) -> str:
        if WHATS_NEW_MARKER not in html:
            return html
        return html.replace(WHATS_NEW_MARKER, whats_new_html(
            self.fragments, self.text, self.recent.of(context.lang), context.lang, context.href, self.urls))

    def expand_patch_grid(self, html: str, context: PageBeingBuilt) -> str:
        return self.patch_pages.expand_grid(html, context.href, context.lang)

    def add_findings_box(self, html: str, context: PageBeingBuilt) -> str:
        """With ``mkdocs serve``: the article's findings where its writer looks, at the top of the page."""
        document = context.document
        found = self.findings.get(document.path) if self.findings and document is not None else None
        if not found:
            return html
        rules = context.href(self.urls.page("rules", context.lang))
        return findings_box(self.fragments, document.path, found, context.lang, rules) + html


def findings_by_file(outcome: Outcome) -> dict[str, list[tuple[Diagnostic, bool]]]:
    """Each file's findings that are not suppressed, in line order, with whether the baseline knows them."""
    by_file: dict[str, list[tuple[Diagnostic, bool]]] = {}
    for found, baselined in sorted([(d, False) for d in outcome.reported] + [(d, True) for d in outcome.baselined]):
        by_file.setdefault(found.path, []).append((found, baselined))
    return by_file
