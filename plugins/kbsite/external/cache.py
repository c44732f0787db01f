"""What the external check found, kept between runs in SQLite (``.cache/kbsite/external-links.sqlite3``).

Each address's outcome, status, final address, permanent redirect, the
fragments looked for and when; and, for ``kb fix-redirects``, a digest of
each file as the last check read it. A result younger than its
time-to-live (``ttl``: success, failure, unverified) is not fetched again.
A file that is not a database, or from another version of this layout, is
rebuilt with a warning; a folder that cannot be written means a run
without a cache, with a warning. Never a traceback.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ..core.external_links import BROKEN, OK, UNVERIFIED, UrlResult
from ..core.external_settings import ExternalSettings

FILE_NAME = "external-links.sqlite3"
SCHEMA = 1  # PRAGMA user_version of the layout below
_TABLES = """
CREATE TABLE results (
    url TEXT PRIMARY KEY, outcome TEXT NOT NULL, status INTEGER NOT NULL, detail TEXT NOT NULL,
    final_url TEXT NOT NULL, moved_to TEXT NOT NULL, moved_status INTEGER NOT NULL,
    fragments TEXT NOT NULL, content TEXT NOT NULL, checked_at REAL NOT NULL
);
CREATE TABLE checked_files (path TEXT PRIMARY KEY, digest TEXT NOT NULL);
"""
_COLUMNS = "url, outcome, status, detail, final_url, moved_to, moved_status, fragments, content, checked_at"


class LinkCache:
    """The results of earlier runs; every method is safe on a broken database (it then keeps nothing)."""

    def __init__(self, connection: sqlite3.Connection, warnings: list[str]):
        self._db = connection
        self.warnings = warnings

    @classmethod
    def open(cls, folder: Path) -> LinkCache:
        """The cache in ``folder``, created, or rebuilt when it cannot be used."""
        warnings: list[str] = []
        file = folder / FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return cls(_usable(file, warnings), warnings)
        except (OSError, sqlite3.Error) as error:
            warnings.append(f"the link cache {file} cannot be used ({error}); results are not kept for the next run")
            return cls(_connect(":memory:"), warnings)

    def fresh(self, url: str, settings: ExternalSettings, now: float) -> UrlResult | None:
        """The stored result of ``url`` if it is younger than its time-to-live."""
        found = self._query(f"SELECT {_COLUMNS} FROM results WHERE url = ?", (url,))
        if not found:
            return None
        result = _result(found[0])
        ttl = {OK: settings.ttl_success, BROKEN: settings.ttl_failure, UNVERIFIED: settings.ttl_unverified}
        return result if now - result.checked_at < ttl.get(result.outcome, 0) else None

    def store(self, results: list[UrlResult]) -> None:
        rows = [(r.url, r.outcome, r.status, r.detail, r.final_url, r.moved_to, r.moved_status,
                 json.dumps(dict(r.fragments), ensure_ascii=False), r.content, r.checked_at) for r in results]
        self._write(f"INSERT OR REPLACE INTO results ({_COLUMNS}) VALUES ({', '.join('?' * 10)})", rows)

    def record_files(self, digests: dict[str, str]) -> None:
        """What the check read of each file with external links (``kb fix-redirects`` edits only those unchanged)."""
        self._write("INSERT OR REPLACE INTO checked_files (path, digest) VALUES (?, ?)", sorted(digests.items()))

    def file_digests(self) -> dict[str, str]:
        return dict(self._query("SELECT path, digest FROM checked_files", ()))

    def moved(self) -> dict[str, UrlResult]:
        """Every stored address with a permanent redirect to a page that is there."""
        rows = self._query(f"SELECT {_COLUMNS} FROM results WHERE moved_to != '' AND outcome = ?", (OK,))
        return {row[0]: _result(row) for row in rows}

    def close(self) -> None:
        self._db.close()

    def _query(self, sql: str, parameters: tuple) -> list[tuple]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            self._broken(error)
            return []

    def _write(self, sql: str, rows: list[tuple]) -> None:
        try:
            with self._db:
                self._db.executemany(sql, rows)
        except sqlite3.Error as error:
            self._broken(error)

    def _broken(self, error: sqlite3.Error) -> None:
        """The database failed after opening: go on without it (once)."""
        self.warnings.append(f"the link cache failed ({error}); going on without it")
        self._db = _connect(":memory:")


def _usable(file: Path, warnings: list[str]) -> sqlite3.Connection:
    """A connection to ``file`` with the current layout: a corrupt or older file is replaced."""
    try:
        db = _connect(str(file))
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == SCHEMA and {"results", "checked_files"} <= tables:
            return db
        if not tables:
            return _create(db)
        db.close()
        warnings.append(f"the link cache {file.name} is from another version of kbsite (layout {version}); rebuilt")
    except sqlite3.DatabaseError as error:
        warnings.append(f"the link cache {file.name} is corrupt ({error}); rebuilt")
    for leftover in (file, file.with_name(file.name + "-journal"), file.with_name(file.name + "-wal")):
        leftover.unlink(missing_ok=True)
    return _create(_connect(str(file)))


def _connect(target: str) -> sqlite3.Connection:
    # The run may go on in another thread (run_to_end), one thread at a time: the check is not needed.
    return sqlite3.connect(target, timeout=10, check_same_thread=False)


def _create(db: sqlite3.Connection) -> sqlite3.Connection:
    with db:
        db.executescript(_TABLES + f"PRAGMA user_version = {SCHEMA};")
    return db


def _result(row: tuple) -> UrlResult:
    url, outcome, status, detail, final_url, moved_to, moved_status, fragments, content, checked_at = row
    try:
        found = json.loads(fragments)
    except ValueError:
        found = {}
    pairs = tuple(sorted((str(k), bool(v)) for k, v in found.items())) if isinstance(found, dict) else ()
    return UrlResult(url, outcome, status, detail, final_url, moved_to, moved_status, pairs, content, checked_at,
                     cached=True)
