"""What each page of a language showed inside the theme when it was last built, kept in SQLite
(``.cache/kbsite/builds/<command>/pages/<lang>.sqlite3``), for a page built again for its navigation alone.

A title edited names the article in the navigation of every page of its
folder (190 pages in the corpus's largest): those pages are built again,
but what they are made of besides their navigation (their fingerprint,
:meth:`~.fingerprints.Fingerprints.page`) is unchanged, and so is what
MkDocs and the plugins make of their Markdown: the content (the HTML the
theme puts in the page), its table of contents, the title its first heading
gives. Such a page takes them from here instead of converting its Markdown
and working its content out again. A row is only used for the fingerprint it
was stored with (which holds kbsite's code, the packages and the
configuration: like a page's file kept whole, this trusts the plugins to
make a page's content of what the fingerprint names), and while the page's
search copy is the one staged with that content (a page away from the last
build, or whose newer content was not kept here, is converted again: its
search copy is made with its content).

SQLite, not a pickle: a build reads the rows of the few pages it builds
again and writes those of the pages it converted, of some 12 MB of HTML per
language. One process builds a language at a time (the command's cache is
locked by its build), so each file has one writer. A file that is not a
database, of another layout, or found damaged is replaced with one warning;
a database that cannot be opened or written (a read-only folder, a full
disk) is left for this build, at info: the pages are converted again,
never a traceback.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .cache import remove_file


log = logging.getLogger("mkdocs.plugins.kb")

SCHEMA = 2  # PRAGMA user_version of the layout below
_TABLE = ("CREATE TABLE pages (path TEXT PRIMARY KEY, made_of TEXT NOT NULL, staged TEXT NOT NULL, "
          "content TEXT NOT NULL, toc TEXT NOT NULL, title TEXT)")


@dataclass(frozen=True)
class KeptContent:
    """A page as MkDocs and the plugins made it of its Markdown, before the theme renders it."""

    content: str  # the page's HTML content, once every plugin changed it
    toc: list[dict]  # its table of contents, as MkDocs' ``get_toc`` takes it (name, id, level, children)
    title: str | None  # the title its first heading gives
    staged: str  # the digest of the search copy staged with it ("": the page is not searched)


class PageContents:
    """A language's page contents in ``folder``; every method is safe on a broken database (it then keeps nothing)."""

    def __init__(self, folder: Path, lang: str):
        self.file = folder / f"{lang}.sqlite3"
        self._db: sqlite3.Connection | None = None  # opened when first used, in the process that builds the language
        self._failed = False

    def get(self, path: str, made_of: str) -> KeptContent | None:
        """The content of the page of ``path`` (its source path) if it was stored as made of ``made_of``."""
        rows = self._run(lambda db: db.execute(
            "SELECT content, toc, title, staged FROM pages WHERE path = ? AND made_of = ?", (path, made_of)).fetchall())
        if not rows:
            return None
        content, toc, title, staged = rows[0]
        try:
            entries = json.loads(toc)
        except (TypeError, ValueError):
            return None
        if not (isinstance(content, str) and isinstance(staged, str) and isinstance(title, (str, type(None)))
                and _is_toc(entries)):
            return None
        return KeptContent(content, entries, title, staged)

    def store(self, pages: dict[str, tuple[str, KeptContent]], only: set[str] | None = None) -> None:
        """Keep each page's content (source path -> (what it is made of, its content)), in one transaction;
        ``only``: the language's pages, the rows of any other (a page deleted or renamed) are removed."""
        rows = [(path, made_of, page.staged, page.content, json.dumps(page.toc, ensure_ascii=False), page.title)
                for path, (made_of, page) in pages.items()]

        def write(db: sqlite3.Connection) -> None:
            with db:
                db.executemany("INSERT OR REPLACE INTO pages (path, made_of, staged, content, toc, title) "
                               "VALUES (?, ?, ?, ?, ?, ?)", rows)
                if only is not None:
                    gone = [(path,) for (path,) in db.execute("SELECT path FROM pages") if path not in only]
                    db.executemany("DELETE FROM pages WHERE path = ?", gone)
        if rows or only is not None:
            self._run(write)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _run(self, work):
        """``work(db)``'s value; None once the database failed (logged once, at info: the pages are converted)."""
        if self._failed:
            return None
        try:
            if self._db is None:
                self._db = _usable(self.file)
            return work(self._db)
        except (OSError, sqlite3.Error) as error:
            self._failed = True
            self.close()
            if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
                log.warning(f"kb: the cache file {self.file} is discarded: damaged ({error}); the page contents "
                            "are kept again")
                _remove_database(self.file)
            else:  # cannot be opened, locked, or written: left as it is, for this build
                log.info(f"kb: the page contents in {self.file} cannot be used ({error}); pages are converted again")
            return None


def _usable(file: Path) -> sqlite3.Connection:
    """A connection to ``file`` with the current layout: a corrupt file, or one of another layout, is replaced."""
    file.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(file), timeout=10)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == SCHEMA and "pages" in tables:
            return _tuned(db)
        if not tables:
            return _create(db)
        why = f"of another layout ({version})"
    except sqlite3.DatabaseError as error:
        why = f"not a database of kbsite's ({error})"
    db.close()
    log.warning(f"kb: the cache file {file} is discarded: {why}; the page contents are kept again")
    _remove_database(file)
    return _create(sqlite3.connect(str(file), timeout=10))


def _is_toc(entries) -> bool:
    """Whether ``entries`` is a table of contents as :meth:`PageContents.store` wrote it."""
    return isinstance(entries, list) and all(
        isinstance(entry, dict) and isinstance(entry.get("name"), str) and isinstance(entry.get("id"), str)
        and isinstance(entry.get("level"), int) and _is_toc(entry.get("children")) for entry in entries)


def _tuned(db: sqlite3.Connection) -> sqlite3.Connection:
    db.execute("PRAGMA synchronous = OFF")  # a cache: a file damaged by a crash of the machine is made again
    return db


def _create(db: sqlite3.Connection) -> sqlite3.Connection:
    with db:
        db.executescript(f"{_TABLE}; PRAGMA user_version = {SCHEMA};")
    return _tuned(db)


def _remove_database(file: Path) -> None:
    """The database and the journal a write cut short may leave beside it."""
    remove_file(str(file))
    remove_file(f"{file}-journal")
