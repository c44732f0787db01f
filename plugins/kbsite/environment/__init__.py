"""The build environment: the project as loaded, in one object.

Modelled on Sphinx's ``BuildEnvironment`` (``sphinx/environment/``): one
object holds what the site is made from, and one function makes it,
:func:`open_environment`, which the MkDocs plugin and every ``kb`` command
call. It holds:

* the settings, and the language files (:class:`~kbsite.core.strings.LanguageFiles`)
  with the fragment templates (:class:`~kbsite.site.fragments.Fragments`);
* the knowledge base: sources, sections, redirects, assets, and the site pages
  generated for each language;
* what the rules consult (:class:`~kbsite.rules.Context`): the vocabularies,
  the QPT metadata and which article tells about which patch;
* when each article was updated and reviewed (front matter and git's
  history, read once), and the translation report, with the notices readers
  are shown;
* each document's own findings, once checked.

Opened again from the previous environment (``previous``, while ``mkdocs
serve`` runs), it reads only the files that changed since: an unchanged
source is the same :class:`~kbsite.core.knowledge_base.Document`, an
unchanged vocabulary or metadata folder the same object. A document's
findings are kept while it and everything its checks consult (their code,
the vocabularies, the QPT metadata, the language files, the dates) are
unchanged, and the whole project's while no document changed either; a
project's environment (``remember``) also keeps them in the cache folder
for the next process (:class:`~.cache.FindingsCache`), so that a build or
``kb check`` of an unchanged project checks nothing again, and the sources
as parsed (:class:`~.cache.SourcesCache`), so that it parses again only the
files whose bytes changed; their outlines, when the project is checked again
(:class:`~.cache.OutlinesCache`), and what related articles read of each
article and every front-matter text as HTML (:class:`~.cache.TextsCache`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import markdown
import nh3

from .. import __version__
from ..core.external_links import ExternalReport
from ..core.knowledge_base import Document, KnowledgeBase, load_knowledge_base
from ..core.settings import ConfigurationError, Settings
from ..core.source import file_stamp, tree_stamps
from ..core.strings import LanguageFiles
from ..core.text import short_digest
from ..core.vocabulary import load_vocabulary, vocabulary_file
from ..qpt.articles import build_patch_index
from ..qpt.metadata import QptMetadata, load_metadata, metadata_location, metadata_stamps
from ..rules import Context, Outcome, run_checks
from ..rules.external_links import EXTERNAL_CODES
from ..rules.outcome import outcome_of
from ..site.fragments import Fragments, TemplateFault
from ..site.generated_pages import add_generated_pages
from ..translations.history import ArticleHistory, article_history
from ..translations.status import TranslationReport, translation_report
from .cache import FindingsCache, OutlinesCache, SourcesCache, TextsCache

HTML = "html"  # the texts cache of the front-matter texts as HTML (a language's are named by their language)


@dataclass(eq=False)
class Environment:
    """A project as loaded (see the module's documentation); made by :func:`open_environment`."""

    settings: Settings
    languages: LanguageFiles
    fragments: Fragments
    kb: KnowledgeBase
    context: Context  # what the rules consult: vocabularies, patch index (with the QPT metadata), strings, history
    history: ArticleHistory
    translations: TranslationReport
    sources: dict = field(repr=False)  # file (as text) -> (stamp, Document), for the next environment
    loaded: dict = field(repr=False)  # what was read from other files: name -> (stamp, value)
    code: list = field(repr=False)  # kbsite's version, and its own files with their size and time
    checks_made_of: str  # what the checks consult besides the documents, as a digest
    dates: str  # when articles were updated and reviewed, and today (history_digest_parts), as a digest
    findings: dict[Document, list] = field(repr=False)  # document -> its own findings, with this context
    checked: tuple[str, list] = ("", [])  # every finding of the project, with the digest of what it was found in
    remembered: FindingsCache | None = None  # where findings are kept for the next process
    # What is worked out from texts alone, kept for the next environment while kbsite's code is the same:
    # front-matter text -> its HTML (site/front_matter_text.py), an article's text and words, and a language's
    # related articles by what they are made from (site/related.py).
    converted_texts: dict[str, str] = field(default_factory=dict, repr=False)
    article_texts: dict = field(default_factory=dict, repr=False)
    related_lists: dict[str, dict] = field(default_factory=dict, repr=False)  # see site/related.py, RelatedArticles
    texts_taken: dict[str, set] = field(default_factory=dict, repr=False)  # texts file's name -> the keys kept
    kept_key: str = ""  # what the documents kept between processes are valid for: kbsite's code, the settings
    outlines_taken: set[str] | None = field(default=None, repr=False)  # documents whose outline the cache gave

    def take_outlines(self) -> None:
        """Give each document the outline the last process kept for its bytes (:class:`~.cache.OutlinesCache`;
        a project's environment, once): the checks of the whole project read every document's, the pages'
        fingerprints those of the languages built."""
        if self.remembered is None or self.outlines_taken is not None:
            return
        kept = OutlinesCache(self.settings.root).table(self.kept_key)
        self.outlines_taken = set()
        for document in self.kb.documents:
            entry = kept.get(document.path)
            if entry is not None and entry[0] == document.source.data_digest and "outline" not in vars(document):
                vars(document)["outline"] = entry[1]  # where functools.cached_property keeps it
                self.outlines_taken.add(document.path)

    def _keep_outlines(self) -> None:
        """Keep the outlines this process worked out, with those it took, for the next one."""
        outlined = [d for d in self.kb.documents if not d.generated and "outline" in vars(d)]
        if {d.path for d in outlined} - (self.outlines_taken or set()):
            OutlinesCache(self.settings.root).write(
                self.kept_key, {d.path: (d.source.data_digest, vars(d)["outline"]) for d in outlined})
            self.outlines_taken = {d.path for d in outlined}

    def take_related_lists(self, lang: str) -> None:
        """Add to ``related_lists`` the related articles the last process that built ``lang`` worked out
        (:class:`~.cache.TextsCache`; a project's environment only, once per language)."""
        self._take(f"{lang}.related", self._related_lists(lang), short_digest(self.code),
                   self.related_lists.setdefault(lang, {}))

    def take_article_texts(self, lang: str) -> None:
        """Add to ``article_texts`` what the last process that built ``lang`` kept of its articles (to work
        their related articles out again; a project's environment only, once per language)."""
        self._take(lang, self._article_texts(lang), short_digest(self.code), self.article_texts)

    def keep_article_texts(self, lang: str, texts: dict) -> None:
        """Keep ``texts`` (what was read of ``lang``'s articles) and the related articles worked out of them for
        the next process, unless they are what it took from there."""
        self._keep(lang, self._article_texts(lang), short_digest(self.code), texts)
        self._keep(f"{lang}.related", self._related_lists(lang), short_digest(self.code),
                   self.related_lists.get(lang, {}))

    def _article_texts(self, lang: str) -> TextsCache:
        return TextsCache(self.settings.root, lang, f"the article texts of {lang}")

    def _related_lists(self, lang: str) -> TextsCache:
        return TextsCache(self.settings.root, f"{lang}.related", f"the related articles of {lang}")

    def take_converted_texts(self) -> None:
        """Add to ``converted_texts`` the front-matter texts the last processes converted to HTML (a project's
        environment only, once)."""
        self._take(HTML, self._converted_texts(), self._html_key, self.converted_texts)

    def keep_converted_texts(self) -> None:
        """Keep the front-matter texts converted so far for the next process, when some were not taken."""
        self._keep(HTML, self._converted_texts(), self._html_key, self.converted_texts)

    def _converted_texts(self) -> TextsCache:
        return TextsCache(self.settings.root, HTML, "the front-matter texts as HTML")

    def _take(self, name: str, cache: TextsCache, key: str, into: dict) -> None:
        """Add to ``into`` what ``cache`` (``name``) holds for ``key``, once."""
        if self.remembered is not None and name not in self.texts_taken:
            kept = cache.table(key)
            into.update(kept)
            self.texts_taken[name] = set(kept)

    def _keep(self, name: str, cache: TextsCache, key: str, table: dict) -> None:
        """Write ``table`` to ``cache`` (``name``) for ``key``, unless it holds what the cache does."""
        if self.remembered is not None and table and table.keys() != self.texts_taken.get(name):
            cache.write(key, table)
            self.texts_taken[name] = set(table)

    @property
    def _html_key(self) -> str:
        """What a text's HTML follows besides the text: kbsite's code, Python-Markdown and nh3."""
        return short_digest([self.code, markdown.__version__, nh3.__version__])

    @property
    def metadata(self) -> QptMetadata:
        return self.context.patches.metadata

    def check(self, two_processes: bool = False, external: ExternalReport | None = None) -> Outcome:
        """What ``kb check`` and the build report; a document's own findings are worked out once, the project's
        once while it is unchanged.

        ``external``: what the external link check found, when it ran (its rules read it; the project's
        findings with it are not kept).
        """
        if external is not None:
            found = run_checks(replace(self.context, external=external), two_processes, self.findings)
            return outcome_of(self.kb, found)
        if self.checked[0] != self.project:
            self.checked = (self.project, run_checks(self.context, two_processes, self.findings))
            self._remember()
        return outcome_of(self.kb, self.checked[1], EXTERNAL_CODES)

    @cached_property
    def project(self) -> str:
        """What the whole project's findings are made from (the environment's documents do not change once it
        is open: worked out once, for opening it and for its checks)."""
        kb = self.kb
        return short_digest([self.checks_made_of, [(d.path, d.digest) for d in kb.documents], sorted(kb.redirects),
                             sorted(kb.assets), kb.diagnostics, self.metadata.diagnostics])

    def remember(self) -> None:
        """Keep the findings in the project's cache folder (done after each check when ``remembered``)."""
        self.remembered = self.remembered or FindingsCache(self.settings.root)
        self._remember()

    def _remember(self) -> None:
        if self.remembered is not None:
            documents = {d.path: (d.digest, found) for d, found in self.findings.items() if not d.generated}
            self.remembered.write(self.checks_made_of, documents, self.checked)
            self._keep_outlines()


def open_environment(settings: Settings, previous: Environment | None = None, remember: bool = False) -> Environment:
    """The project of ``settings`` as loaded; what ``previous`` read of it is reused where its files are unchanged.

    ``remember``: keep the findings in the project's cache folder, and start from those kept there.
    """
    if previous is not None and previous.settings != settings:
        previous = None
    languages = LanguageFiles(settings.strings_dir, previous.languages if previous else None)
    fragments = Fragments(settings.fragment_overrides, languages, previous.fragments if previous else None)
    try:
        fragments.check_overrides()
    except TemplateFault as fault:
        raise ConfigurationError(f"a template override does not compile: {fault}") from None
    code = previous.code if previous else [__version__, tree_stamps(Path(__file__).resolve().parent.parent)]
    kept_key = short_digest([code, repr(settings)])
    kb, sources = _load_sources(settings, previous, kept_key, remember)
    add_generated_pages(kb, fragments)
    loaded = _Reads(previous.loaded if previous else {})
    directory, display = metadata_location(settings)
    history = article_history(kb)  # the one pass over git's history, for every use of it
    context = Context(
        kb,
        loaded.get("feature", file_stamp_of(vocabulary_file("feature", settings.vocabulary_dir)),
                   lambda: load_vocabulary("feature", settings.vocabulary_dir)),
        loaded.get("role", file_stamp_of(vocabulary_file("role", settings.vocabulary_dir)),
                   lambda: load_vocabulary("role", settings.vocabulary_dir)),
        build_patch_index(kb, loaded.get("qpt", (directory, metadata_stamps(directory)),
                                         lambda: load_metadata(directory, display)), languages),
        {lang: languages.strings(lang) for lang in settings.languages},
        history,
        link_checks=previous.context.link_checks if previous else {},
    )
    translations = translation_report(kb, history.git)
    dates = short_digest(history_digest_parts(history))
    checks_made_of = short_digest([code, sorted((name, str(stamp)) for name, (stamp, _) in loaded.now.items()),
                                   sorted(languages.stamps().items()), dates, repr(settings)])
    env = Environment(settings, languages, fragments, kb, context, history, translations, sources, loaded.now, code,
                      checks_made_of, dates, {}, remembered=FindingsCache(settings.root) if remember else None,
                      kept_key=kept_key)
    if previous is not None:  # the same code (a process keeps its own): what it worked out of texts holds
        env.converted_texts, env.article_texts = previous.converted_texts, previous.article_texts
        env.related_lists, env.texts_taken = previous.related_lists, previous.texts_taken
    if previous is not None and previous.checks_made_of == checks_made_of:
        documents = set(kb.documents)
        env.findings = {d: found for d, found in previous.findings.items() if d in documents}
        env.checked = previous.checked
    elif env.remembered is not None:
        kept, env.checked = env.remembered.read(checks_made_of)
        env.findings = {d: kept[d.path][1] for d in kb.documents if kept.get(d.path, ("",))[0] == d.digest}
        if env.checked[0] != env.project:  # the project is checked again: it reads every document's outline
            env.take_outlines()  # (here, before the plugin forks the processes that build other languages)
    return env


def _load_sources(settings: Settings, previous: Environment | None, key: str,
                  remember: bool) -> tuple[KnowledgeBase, dict]:
    """The knowledge base, and its sources by file for the next environment. Unchanged files are taken from
    ``previous``, else, for a project's first environment in a process (``remember``), from the parsed sources
    the last process kept (:class:`~.cache.SourcesCache`), which are kept again when any differs."""
    if previous is not None:
        sources = dict(previous.sources)
        return load_knowledge_base(settings, sources), sources
    kept = SourcesCache(settings.root) if remember else None
    sources = kept.read(key) if kept is not None else {}
    earlier = dict(sources)
    kb = load_knowledge_base(settings, sources)
    if kept is not None:
        read = [d for d in kb.documents if not d.generated]
        if len(read) != len(earlier) or any(earlier.get(str(d.abs_path), (None, None))[1] is not d for d in read):
            for document in read:
                document.digest  # worked out before it is kept: every build asks for each document's
            kept.write(key, read)
    return kb, sources


def history_digest_parts(history: ArticleHistory) -> list:
    """What the checks and the pages read of the history: when articles were updated and reviewed, and
    ``today``, from which reviews fall due (the dashboard lists those due)."""
    return [sorted((path, str(day)) for path, day in history.updated.items()),
            sorted((path, str(day)) for path, day in history.reviewed.items()),
            str(history.today), history.review_interval]


def file_stamp_of(path: Path | None) -> tuple | None:
    return file_stamp(path) if path is not None else None


class _Reads:
    """Values read from files, each kept from the previous environment while its files' stamps are the same."""

    def __init__(self, earlier: dict):
        self.earlier = earlier
        self.now: dict = {}

    def get(self, name: str, stamp, read: Callable[[], object]):
        earlier = self.earlier.get(name)
        value = earlier[1] if earlier is not None and earlier[0] == stamp else read()
        self.now[name] = (stamp, value)
        return value
