"""Translation status: for every article and language, what a reader gets.

States of a translation:

* ``missing``: no file in that language (readers get the English article);
* ``stale``: the English source changed after the translation was made;
* ``unknown-source``: its ``source-git-commit`` is not a commit of this
  repository, so freshness cannot be told (reported, never assumed fresh);
* ``draft``: a human translation not started yet (``ht-degree: 0%``);
* ``machine-translated``: ``workflow-type`` contains ``mt`` and
  ``ht-degree`` is ``0%``: no human pass;
* ``translated``: none of the above.

Staleness comes from git when the project is a checkout and the translation
names its ``source-git-commit``: the English file changed in a commit after
that one, or has uncommitted changes, and its title, description or body
are no longer what they were in that commit (a change of other front
matter, such as ``last-reviewed:``, makes nothing stale). Otherwise it comes from
``source-hash``, the hash of the English title, description and body when
the translation was made (``kb translations --stamp`` records it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..core.knowledge_base import Document, KnowledgeBase
from ..core.source import Source, parse_source
from ..core.text import digest
from .git import GitHistory

MISSING, STALE, UNKNOWN, DRAFT, MACHINE, TRANSLATED = (
    "missing", "stale", "unknown-source", "draft", "machine-translated", "translated")
STATES = (MISSING, STALE, UNKNOWN, DRAFT, MACHINE, TRANSLATED)  # from the most work left to none
MT_FLAG = "any-mt"  # counted next to the states
_NOTICES = {DRAFT: "draft", MACHINE: "machine", STALE: "stale"}  # states readers are told about
COLUMNS = (*STATES, MT_FLAG)  # of the count tables


def source_hash(document: Document) -> str:
    """What a translation records of its English source: title, description and body."""
    return _hash_of(document.source)


def _hash_of(source: Source) -> str:
    title, description = (value if isinstance(value := source.meta.get(key), str) else ""
                          for key in ("title", "description"))
    return content_hash(title, description, source.body)


def content_hash(title: str, description: str, body: str) -> str:
    return digest("\n".join((title.strip(), description.strip(), body.strip())).encode("utf-8"))


def is_machine_translated(document: Document) -> bool:
    return "mt" in document.text("workflow-type").split("+") and _degree(document) == 0


def _degree(document: Document) -> int | None:
    value = document.meta.get("ht-degree")
    text = str(value).strip().rstrip("%") if value is not None else ""
    return int(text) if text.isdigit() else None


@dataclass(frozen=True)
class Status:
    key: str
    lang: str
    state: str
    source: Document  # the default-language article
    translation: Document | None
    detail: str = ""
    machine_translated: bool = False  # also true for stale machine translations

    @property
    def notice(self) -> str | None:
        """What the translation's readers are told: "draft", "machine", "stale", or nothing."""
        return _NOTICES.get(self.state) or ("machine" if self.machine_translated else None)


@dataclass
class TranslationReport:
    kb: KnowledgeBase
    git: GitHistory | None = None  # None: not a git checkout, staleness from source-hash
    statuses: list[Status] = field(default_factory=list)

    @property
    def uses_git(self) -> bool:
        return self.git is not None

    def of(self, document: Document) -> Status | None:
        return self._by_translation.get(document.path)

    @cached_property
    def _by_translation(self) -> dict[str, Status]:
        return {s.translation.path: s for s in self.statuses if s.translation is not None}

    def counts(self) -> dict[tuple[str, str], Counter]:
        """(section, language) -> count per state, and of machine translations (``MT_FLAG``)."""
        table: dict[tuple[str, str], Counter] = {}
        for status in self.statuses:
            section = status.key.split("/", 1)[0] if "/" in status.key else ""
            _count(table.setdefault((section, status.lang), Counter()), status)
        return dict(sorted(table.items()))

    def needing_work(self) -> list[tuple[str, list[Status]]]:
        """Each state but ``translated`` that some translations are in, with them, in ``STATES`` order."""
        by_state = [(state, [s for s in self.statuses if s.state == state]) for state in STATES if state != TRANSLATED]
        return [(state, listed) for state, listed in by_state if listed]

    def totals(self) -> dict[str, Counter]:
        table: dict[str, Counter] = {}
        for status in self.statuses:
            _count(table.setdefault(status.lang, Counter()), status)
        return table

    @property
    def languages(self) -> list[str]:
        """The translation languages, in the site's order."""
        default = self.kb.settings.default_language
        return [lang for lang in self.kb.settings.languages if lang != default]

    def matrix(self) -> list[tuple[str, dict[str, Counter]]]:
        """Rows of sections (``None`` first: all of them) with each language's counts: where the work is."""
        rows: dict[str | None, dict[str, Counter]] = {None: self.totals()}
        for (section, lang), counts in self.counts().items():
            rows.setdefault(section, {})[lang] = counts
        return list(rows.items())


def most_work(counts: Counter) -> str:
    """The state of ``counts`` with the most work left (``translated`` when there is none)."""
    return next((state for state in STATES if counts[state]), TRANSLATED)


def _count(counter: Counter, status: Status) -> None:
    counter[status.state] += 1
    counter[MT_FLAG] += status.machine_translated


def translation_report(kb: KnowledgeBase, git: GitHistory | None = None) -> TranslationReport:
    """``git``: the project's history, when the caller read it already (one ``git log`` per build)."""
    git = git if git is not None else GitHistory(kb.settings.root)
    report = TranslationReport(kb, git if git.top is not None else None)
    default = kb.settings.default_language
    pending = []
    for key, versions in sorted(kb.by_key.items()):
        source = versions.get(default)
        if source is None or not source.is_article:
            continue
        for lang in kb.settings.languages:
            if lang == default:
                continue
            translation = versions.get(lang)
            if translation is None:
                report.statuses.append(Status(key, lang, MISSING, source, None))
            else:
                pending.append((key, lang, source, translation))
    commits = {t.text("source-git-commit") for *_, t in pending if t.text("source-git-commit")}
    known = report.git.known(commits) if report.git else set()
    found = [(*versions, *_freshness(*versions[2:], report.git, known)) for versions in pending]
    unchanged = _unchanged_since(report.git, [(source, translation.text("source-git-commit"))
                                              for _, _, source, translation, state, _ in found
                                              if state == STALE and translation.text("source-git-commit") in known])
    for key, lang, source, translation, state, detail in found:
        if state == STALE and (source.abs_path, translation.text("source-git-commit")) in unchanged:
            state, detail = TRANSLATED, ""
        machine = is_machine_translated(translation)
        if state == TRANSLATED:
            state = MACHINE if machine else DRAFT if _degree(translation) == 0 else TRANSLATED
        report.statuses.append(Status(key, lang, state, source, translation, detail, machine))
    return report


def _freshness(source: Document, translation: Document, git: GitHistory | None, known: set[str]) -> tuple[str, str]:
    commit = translation.text("source-git-commit")
    if git is not None and commit:
        if commit not in known:
            return UNKNOWN, f"source-git-commit {commit[:12]} is not a commit of this repository"
        return _git_freshness(git, source, commit)
    recorded = translation.text("source-hash")
    if recorded:
        if recorded != source_hash(source):
            return STALE, "the English source no longer matches its recorded source-hash"
        return TRANSLATED, ""
    if commit:
        return UNKNOWN, "not a git checkout: cannot tell whether the source changed since the translation"
    return UNKNOWN, "neither source-git-commit nor source-hash tells which source was translated"


def _unchanged_since(git: GitHistory | None, changed: list[tuple[Document, str]]) -> set[tuple[Path, str]]:
    """Of the sources git says changed since the commit a translation names, (file, commit) of those whose
    title, description and body are what they were in that commit: an edit of other front matter
    (``last-reviewed:`` after a review) leaves their translations fresh, as with ``source-hash``."""
    if git is None or not changed:
        return set()
    then = git.files_at([(commit, source.abs_path) for source, commit in changed])
    same = set()
    for source, commit in changed:
        data = then.get((commit, source.abs_path))
        if data is not None and _hash_of(parse_source(data, source.path)) == source_hash(source):
            same.add((source.abs_path, commit))
    return same


def _git_freshness(git: GitHistory, source: Document, commit: str) -> tuple[str, str]:
    if git.is_modified(source.abs_path):
        return STALE, "the English source has uncommitted changes"
    history = git.commits(source.abs_path)
    if not history or history[0] == commit:
        return TRANSLATED, ""
    if commit in history:
        newer = history.index(commit)
        return STALE, f"the English source changed in {newer} commit{'s' if newer > 1 else ''} since {commit[:12]}"
    if git.is_ancestor(history[0], commit):
        return TRANSLATED, ""
    return STALE, f"the English source changed in {history[0][:12]}, after {commit[:12]}"
