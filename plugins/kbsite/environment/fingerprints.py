"""What each output of the site is made from, as digests of the build environment.

A build records, for every file it writes, a fingerprint of what the file
was made from; the next build writes the file again only when the
fingerprint differs (:mod:`kbsite.mkdocs_plugin.reuse`). The parts that the
environment knows (this module; the navigation around a page is MkDocs',
:mod:`kbsite.mkdocs_plugin.navigation`):

* **the site** (:attr:`Fingerprints.site`, given): what every output depends
  on: the plugin's code and data, the packages that build the site, the
  configuration, theme overrides, every language file, the vocabularies and
  the QPT metadata. When it changes every page is written again;
* **a language** (:meth:`Fingerprints.language`): everything a page in that
  language can be made from: the site, the document each key shows a reader
  of the language (its own, else the default language's), every translation
  status and review date (the translation dashboard lists them), its "What's
  new" (from git's history), the sections, redirects and assets. Its feed is
  made from it too. A language whose fingerprint and outputs are unchanged is not
  built at all;
* **a page** (:meth:`Fingerprints.page`): the document it shows and whether
  it is the reader's language or the default's, its title in every language
  (search shows a default-language result under the reader's), when it was
  last updated (front matter or git), the notice its translation
  status gives readers, where each of its links and images leads in the
  reader's language, the related articles it lists (found from the other
  articles' text), which article tells about which patch (for pages that
  name patches), the page's findings (``mkdocs serve`` shows them); a
  generated landing page instead lists its folder; and a page that lists
  the whole language (the patch grid, tags, translation dashboard, "What's
  new", or a page of ``docs/`` holding one of their markers) depends on what
  the lists show of every document of the language (:meth:`Fingerprints.listing`):
  front matter and titles, not bodies.
"""

from __future__ import annotations

import re
from functools import cached_property

from ..core.knowledge_base import Document
from ..core.linking import resolve
from ..core.source import file_stamp
from ..core.text import short_digest
from ..core.tree import listing
from ..qpt.ids import PATCH_ID_TEXT
from ..site.generated_pages import DASHBOARD_MARKER, GRID_MARKER, RULES_MARKER, TAGS_MARKER, WHATS_NEW_MARKER
from ..site.related import RelatedArticles
from ..translations.history import RecentChanges
from . import Environment

# A page holding one of these lists the whole language: the grid, tags, the dashboard, "What's new".
LISTING_MARKERS = (GRID_MARKER, TAGS_MARKER, DASHBOARD_MARKER, WHATS_NEW_MARKER)
# The address of a Markdown link in a title or description (rendered by site/front_matter_text.py).
_FRONT_MATTER_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


class Fingerprints:
    def __init__(self, env: Environment, site: str, related: RelatedArticles, recent: RecentChanges,
                 findings: dict[str, list] | None = None):
        """``site``: the fingerprint of what every output depends on; ``related``, ``recent``: the related
        articles and the "What's new" lists the pages show; ``findings``: with ``mkdocs serve``, each file's
        findings as its page shows them (file -> [(finding, baselined)])."""
        self.env = env
        self.site = site
        self.related = related
        self.recent = recent
        self.findings = findings
        self._languages: dict[str, str] = {}
        self._listings: dict[str, str] = {}
        self._untranslated_counts: dict[str, int] = {}

    def language(self, lang: str) -> str:
        """Everything a page in ``lang`` can be made from."""
        if lang not in self._languages:
            shown = self._shown(lang)
            self._languages[lang] = short_digest([self._every_language, lang, [(d.key, d.path, d.digest) for d in shown],
                                                  self._findings_of(shown), self._recent(lang)])
        return self._languages[lang]

    def listing(self, lang: str) -> str:
        """What a page listing the whole language (the patch grid, tags, translation dashboard, "What's new")
        is made from: what :meth:`language` holds, but of each document only what these lists show of it, its
        front matter and title (not its body: an article's text edited, the lists stay as they are), and
        which articles tell about which patch."""
        if lang not in self._listings:
            listed = [(d.key, d.path, d.title, d.source.front_matter_text) for d in self._shown(lang)]
            self._listings[lang] = short_digest([self._every_language, lang, listed, self._recent(lang),
                                                 self._patch_index, self._untranslated(lang)])
        return self._listings[lang]

    def _shown(self, lang: str) -> list[Document]:
        """The document each key of the site shows a reader of ``lang``."""
        kb = self.env.kb
        return [d for key in sorted(kb.by_key) if (d := kb.document(key, lang))]

    def _recent(self, lang: str) -> list:
        return [(c.document.path, str(c.day), c.added) for c in self.recent.of(lang)]

    @cached_property
    def _every_language(self) -> str:
        """What a page in any language can be made from besides its language's documents (the site, every
        translation status and title, the history's dates, sections, redirects and assets): one digest,
        worked out once for all the languages."""
        return short_digest([self.site, self._statuses, self.env.dates, self._structure])

    def _untranslated(self, lang: str) -> int:
        """How many articles ``lang`` lacks: every page's search box carries the count (it decides when the
        default language's index is asked too)."""
        if lang not in self._untranslated_counts:
            self._untranslated_counts[lang] = self.env.kb.untranslated(lang)
        return self._untranslated_counts[lang]

    def page(self, document: Document, lang: str) -> str:
        """What the page showing ``document`` to a reader of ``lang`` is made from, besides its navigation."""
        text = document.source.text
        updated = self.env.history.updated_on(document)
        parts = [self.site, lang, document.path, document.digest, document.lang != lang, str(updated),
                 self._notice(document, lang), self._links(document, lang), self._findings_of([document]),
                 self._untranslated(lang)]
        if document.is_article:  # the articles it lists as related, as it shows them
            parts.append([(d.path, d.text("title"), d.title) for d in self.related.of(document, lang)])
        if document.lang == self.env.settings.default_language:  # its search copy names its translations' titles
            versions = self.env.kb.by_key.get(document.key, {})
            parts.append(sorted((other, v.text("title"), v.title) for other, v in versions.items()))
        if self.env.context.patches.reference(document) is not None or PATCH_ID_TEXT.search(text):
            parts.append(self._patch_index)
        if any(marker in text for marker in LISTING_MARKERS):
            parts.append(self.listing(lang))
        elif RULES_MARKER in text:
            parts.append("rules")  # the rule catalogue and the language's strings: the site's
        return short_digest(parts)

    def landing_page(self, folder: str, lang: str) -> str:
        """What the generated landing page of ``folder`` is made from: its entries, and every key of the
        site (the entries' descriptions may link to any article)."""
        kb = self.env.kb
        section = kb.sections.get(folder)
        entries = [(e.key, e.title, e.is_folder, (e.document.text("title"), e.document.text("description"))
                    if e.document else ()) for e in listing(kb, folder, lang)]  # the texts as written, EXL too
        return short_digest([self.site, lang, folder, entries, kb.section_title(folder, lang),
                             section.descriptions if section else {}, self._keys, self._untranslated(lang)])

    @cached_property
    def _keys(self) -> str:
        """Every key of the site, as a digest: each landing page depends on them all."""
        return short_digest(sorted(self.env.kb.by_key))

    def site_files(self) -> str:
        """What the site-wide files (sitemap, redirect pages, patch export) are made from."""
        kb = self.env.kb
        keys = [(key, sorted(versions), any(d.hidden for d in versions.values()))
                for key, versions in sorted(kb.by_key.items())]
        return short_digest([self.site, keys, sorted(kb.redirects.items()), self._patch_index])

    def _notice(self, document: Document, lang: str) -> tuple:
        """What readers of ``lang`` are told about the translation shown."""
        if document.lang != lang:
            return ("untranslated", document.lang)
        status = self.env.translations.of(document)
        return (status.notice,) if status is not None else ()

    def _links(self, document: Document, lang: str) -> list:
        """Where each link of the document (body, and title or description) leads a reader of ``lang``."""
        kb = self.env.kb
        targets = [link.target for link in document.outline.links]
        for key in ("title", "description"):
            targets.extend(_FRONT_MATTER_LINK.findall(document.text(key)))
        found = []
        for target in targets:
            resolved = resolve(kb, document, target, lang)
            found.append((target, resolved.kind, resolved.document.key if resolved.document else "",
                          resolved.candidates if resolved.kind == "asset" else ()))
        return found

    def _findings_of(self, documents: list[Document]) -> list:
        """The findings the pages of ``documents`` show (``mkdocs serve``)."""
        if self.findings is None:
            return []
        return [(d.path, [(f.line, f.column, f.code, f.message, f.severity.value, baselined)
                          for f, baselined in self.findings.get(d.path, [])]) for d in documents]

    @cached_property
    def _statuses(self) -> list:
        """Every translation's status, and every document's title: the dashboard lists translations by their
        source's title, and the articles due for review by theirs."""
        return [[(s.key, s.lang, s.state, s.detail, s.machine_translated) for s in self.env.translations.statuses],
                sorted((d.path, d.title) for d in self.env.kb.documents)]

    @cached_property
    def _structure(self) -> list:
        """Sections, redirects and assets (with their size and time: a language's build copies them)."""
        kb = self.env.kb
        sections = [(path, s.titles, s.order, s.descriptions) for path, s in sorted(kb.sections.items())]
        assets = [(site_path, str(path), file_stamp(path)) for site_path, path in sorted(kb.assets.items())]
        return [sections, sorted(kb.redirects.items()), assets]

    @cached_property
    def _patch_index(self) -> str:
        index = self.env.context.patches
        return short_digest([sorted((patch_id, sorted((lang, d.key) for lang, d in by_lang.items()))
                                    for patch_id, by_lang in index.articles.items()),
                             self.env.kb.settings.grid_page.removesuffix(".md") in self.env.kb.by_key])
