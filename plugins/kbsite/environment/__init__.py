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
unchanged vocabulary or metadata folder the same object, and a document's
findings are kept while it and everything its checks consult are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.external_links import ExternalReport
from ..core.knowledge_base import Document, KnowledgeBase, load_knowledge_base
from ..core.settings import Settings
from ..core.source import file_stamp
from ..core.strings import LanguageFiles
from ..core.vocabulary import load_vocabulary, vocabulary_file
from ..qpt.articles import build_patch_index
from ..qpt.metadata import QptMetadata, load_metadata, metadata_location, metadata_stamps
from ..rules import Context, Outcome, check
from ..site.fragments import Fragments
from ..site.generated_pages import add_generated_pages
from ..translations.history import ArticleHistory, article_history
from ..translations.status import TranslationReport, languages_renoticed, translation_report


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
    renoticed: set[str]  # languages whose translations' notices changed since the previous environment
    sources: dict = field(repr=False)  # file -> (stamp, Document), for the next environment
    loaded: dict = field(repr=False)  # what was read from other files: name -> (stamp, value)
    findings: dict[Document, list] = field(repr=False)  # document -> its own findings, with this context

    @property
    def metadata(self) -> QptMetadata:
        return self.context.patches.metadata

    def check(self, two_processes: bool = False, external: ExternalReport | None = None) -> Outcome:
        """What ``kb check`` and the build report; a document's own findings are worked out once.

        ``external``: what the external link check found, when it ran (its rules read it).
        """
        context = self.context if external is None else replace(self.context, external=external)
        return check(context, two_processes, self.findings)


def open_environment(settings: Settings, previous: Environment | None = None) -> Environment:
    """The project of ``settings`` as loaded; what ``previous`` read of it is reused where its files are unchanged."""
    if previous is not None and previous.settings != settings:
        previous = None
    languages = LanguageFiles(settings.strings_dir, previous.languages if previous else None)
    fragments = Fragments(settings.fragment_overrides, languages, previous.fragments if previous else None)
    sources = dict(previous.sources) if previous else {}
    kb = load_knowledge_base(settings, sources)
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
    )
    translations = translation_report(kb, history.git)
    unchanged = (previous is not None and loaded.unchanged and languages.stamps() == previous.languages.stamps()
                 and _dates(history) == _dates(previous.history))
    documents = set(kb.documents)
    findings = {d: found for d, found in previous.findings.items() if d in documents} if unchanged else {}
    renoticed = (languages_renoticed(previous.translations.notices(), translations.notices()) if previous
                 else set(settings.languages))
    return Environment(settings, languages, fragments, kb, context, history, translations, renoticed, sources,
                       loaded.now, findings)


def _dates(history: ArticleHistory) -> tuple:
    """What the checks read of the history (review dates fall due from ``today``)."""
    return history.updated, history.reviewed, history.today, history.review_interval


def file_stamp_of(path: Path | None) -> tuple | None:
    return file_stamp(path) if path is not None else None


class _Reads:
    """Values read from files, each kept from the previous environment while its files' stamps are the same."""

    def __init__(self, earlier: dict):
        self.earlier = earlier
        self.now: dict = {}
        self.unchanged = True  # every value came from the previous environment

    def get(self, name: str, stamp, read: Callable[[], object]):
        earlier = self.earlier.get(name)
        if earlier is not None and earlier[0] == stamp:
            value = earlier[1]
        else:
            value, self.unchanged = read(), False
        self.now[name] = (stamp, value)
        return value
