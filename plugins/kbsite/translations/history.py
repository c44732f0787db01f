"""When each article was last updated and reviewed, from front matter and git: what readers and writers are told.

* **Updated**: front matter ``last-update:`` wins; else the day of the newest commit that changed the
  file. A project that is not a git checkout (an imported knowledge base before its first commit), or a
  file never committed, has no date unless its front matter gives one: a file's modification time is when
  it was copied, not when it was written, and no date is better than a wrong one.
* **Reviewed**: ``last-reviewed:``. With the plugin's ``review_interval`` (days), an article whose last
  review, else last update, is older than that is *due for review*.
* **Today**, for the review interval, is the newest day the knowledge base records (its newest commit, or
  newest front-matter date), never the build's clock: two builds of the same sources are the same bytes.

:func:`article_history` reads it all once per loaded knowledge base (one ``git log`` for the whole build,
shared with the translation report); the build and ``kb check`` call it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timedelta

from ..core.knowledge_base import Document, KnowledgeBase
from .git import GitHistory

UPDATED, REVIEWED = "last-update", "last-reviewed"


@dataclass(frozen=True)
class ArticleHistory:
    git: GitHistory | None  # None: the project is not a git checkout
    updated: dict[str, date] = field(default_factory=dict)  # document path -> last updated
    reviewed: dict[str, date] = field(default_factory=dict)  # document path -> last reviewed
    today: date | None = None  # the newest day the knowledge base records
    review_interval: int | None = None  # days

    def updated_on(self, document: Document) -> date | None:
        return self.updated.get(document.path)

    def review_due(self, document: Document) -> date | None:
        """The day ``document``'s review fell due, if that day has passed (None: not due, or no interval)."""
        if not self.review_interval or self.today is None or not document.is_article:
            return None
        last = self.reviewed.get(document.path) or self.updated.get(document.path)
        if last is None:
            return None
        due = last + timedelta(days=self.review_interval)
        return due if due < self.today else None


def article_history(kb: KnowledgeBase, git: GitHistory | None = None) -> ArticleHistory:
    """The dates of every document of ``kb``; ``git``: the project's history when the caller has it."""
    git = git if git is not None else GitHistory(kb.settings.root)
    if git.top is None:
        git = None
    updated, reviewed = {}, {}
    for document in kb.documents:
        day = front_matter_date(document.meta.get(UPDATED))
        if day is None and git is not None and not document.generated:
            day = git.changed_on(document.abs_path)
        if day is not None:
            updated[document.path] = day
        review = front_matter_date(document.meta.get(REVIEWED))
        if review is not None:
            reviewed[document.path] = review
    newest = [*updated.values(), *reviewed.values(), *([git.log[0].day] if git is not None and git.log else [])]
    return ArticleHistory(git, updated, reviewed, max(newest, default=None), kb.settings.review_interval)


def front_matter_date(value) -> date | None:
    """A date as front matter holds it: YAML's ``2024-12-05`` (a date), or the same text quoted."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# Commit subjects that start so change no fact (case aside): "Typo in the cron article", "wording: …".
MINOR_CHANGES = ("typo", "typos", "fix typo", "fix typos", "wording", "spelling", "fix spelling", "whitespace",
                 "formatting")


@dataclass(frozen=True)
class Change:
    """An article a reader is told about on the "What's new" page: its newest change worth telling."""

    document: Document  # what the reader gets (the default language's, for an article not translated)
    day: date
    added: bool  # the commit added the file (else it changed it)


@dataclass(frozen=True)
class ArticlesCommit:
    """A commit of git's history, as "What's new" reads it."""

    day: date
    minor: bool  # its subject starts with one of the minor changes' words (case aside)
    articles: list[tuple[Document, bool]]  # the articles it added or changed (hidden ones left out), and whether added


@dataclass
class RecentChanges:
    """The "What's new" list of each language of a knowledge base, worked out when first asked for."""

    kb: KnowledgeBase
    git: GitHistory | None
    minor: tuple[str, ...] = MINOR_CHANGES
    limit: int = 30
    _by_language: dict[str, list[Change]] = field(default_factory=dict, repr=False)

    def of(self, lang: str) -> list[Change]:
        if lang not in self._by_language:
            self._by_language[lang] = recent_changes(self.kb, self._commits, lang, self.limit)
        return self._by_language[lang]

    @cached_property
    def _commits(self) -> list[ArticlesCommit]:
        """What :func:`recent_changes` reads of git's history, the same for every language: read once."""
        return commits_of_articles(self.kb, self.git, self.minor)


def commits_of_articles(kb: KnowledgeBase, git: GitHistory | None,
                        minor: tuple[str, ...] = MINOR_CHANGES) -> list[ArticlesCommit]:
    """git's commits that added or changed an article, newest first."""
    if git is None:
        return []
    documents = {path: document for document in kb.articles if (path := git.path_of(document.abs_path))
                 and not document.hidden}
    commits = []
    for commit in git.log:
        articles = [(document, path in commit.added) for path in commit.files
                    if (document := documents.get(path)) is not None]
        if articles:
            commits.append(ArticlesCommit(commit.day, bool(minor) and commit.subject.casefold().startswith(minor),
                                          articles))
    return commits


def recent_changes(kb: KnowledgeBase, commits: list[ArticlesCommit], lang: str,
                   limit: int = 30) -> list[Change]:
    """The ``limit`` articles a reader of ``lang`` gets that changed last, newest first (by key on the same day),
    from git's history (:func:`commits_of_articles`): each once, at its newest commit that is not minor or that
    added it, dated as the article says it was updated (front matter ``last-update:`` wins there too: the list
    and the article tell the same day). A change to an article's translation in another language is not one,
    nor one to the English of a translated article: the reader reads their own. Nothing without git."""
    newest: dict[str, Change] = {}
    for commit in commits:
        for document, added in commit.articles:
            if (document.key not in newest and kb.document(document.key, lang) is document
                    and (added or not commit.minor)):
                day = front_matter_date(document.meta.get(UPDATED)) or commit.day
                newest[document.key] = Change(document, day, added)
    return sorted(newest.values(), key=lambda change: (-change.day.toordinal(), change.document.key))[:limit]
