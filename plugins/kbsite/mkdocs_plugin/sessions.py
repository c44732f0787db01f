"""What the kb plugin keeps from one build to the next while MkDocs runs: the one state above its instances.

``mkdocs serve`` loads ``mkdocs.yml`` again before every rebuild; MkDocs
keeps the plugin's instance between them (a plugin with ``on_startup`` is
kept), whose attributes are each build's. What a rebuild reuses lives in a
:class:`Session`, one per configuration file, started by the instance that
receives ``on_startup`` (the command, ``--dirty``), or by the first build
without it (MkDocs' API; :func:`session_for`). A session holds:

* the command and whether the build is dirty;
* the build environment of the last build (:class:`kbsite.environment.Environment`),
  which the next build opens again from, reading only the files that changed,
  and reusing what it worked out of texts alone (front-matter HTML by the
  text, an article's words for related articles by the document's digest:
  a reused value is what working it out again gives);
* the build cache (:mod:`kbsite.environment.cache`), taken for the whole
  session, with the records of the last build;
* each language's pages staged for its search index, whose indexing
  ``mkdocs serve`` runs in the background, stopped when a new build starts;
* the findings the last build logged, so that a rebuild logs those of the
  files that changed (:meth:`Session.to_report`).

Nothing else of the plugin survives a build.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..core.settings import Settings
from ..environment import Environment, open_environment
from ..environment.cache import BuildCache, CacheBusy, Records
from .reuse import SiteReuse
from .search import stop_indexing

log = logging.getLogger("mkdocs.plugins.kb")


@dataclass(eq=False)
class Session:
    config_file: str
    command: str = "build"  # "build" or "serve", as MkDocs' on_startup says
    dirty: bool = False
    environment: Environment | None = None
    staged: dict = field(default_factory=dict)  # language -> StagedPages, whose indexing may run (see .search)
    cache: BuildCache | None = None
    records: Records | None = None  # the last build's, when it finished
    builds: int = 0  # started so far: the first of `mkdocs serve` runs before its server does
    reuse: SiteReuse | None = None  # the last build's
    lock: threading.RLock = field(default_factory=threading.RLock)  # the records, between builds and indexing
    reported: dict[str, tuple[str, frozenset]] = field(default_factory=dict)  # file -> (digest, findings logged)
    _cache_opened: bool = False

    def to_report(self, findings: list[Diagnostic], digests: dict[str, str]) -> tuple[list[Diagnostic], int]:
        """Of the findings of a rebuild of ``mkdocs serve``, those to log: of the files whose findings changed,
        or which changed themselves (``digests``: file -> digest of what it holds), since the last build of
        the session (the first logs all); and how many others it leaves out, which the last build logged.

        Each save would otherwise log the whole knowledge base's findings again, thousands of lines that
        bury the edited file's own.
        """
        by_file: dict[str, list[Diagnostic]] = {}
        for found in findings:
            by_file.setdefault(found.path, []).append(found)
        earlier, self.reported = self.reported, {path: (digests.get(path, ""), frozenset(found))
                                                 for path, found in by_file.items()}
        if not self.builds:  # the session's first build (counted once it starts, after the checks)
            return findings, 0
        logged = [found for found in findings if self.reported[found.path] != earlier.get(found.path)]
        return logged, len(findings) - len(logged)

    def open_environment(self, settings: Settings) -> Environment:
        """The project as loaded now: the last build's environment opened again (unchanged files are not read)."""
        # mkdocs serve keeps the findings when it stops, not after each rebuild (writing them takes a
        # tenth of a rebuild on a knowledge base of real size); its later environments start from the last.
        first = self.environment is None
        self.environment = open_environment(settings, self.environment, remember=first or self.command != "serve")
        return self.environment

    def start_build(self, root: Path, site: str, site_dir: str, use_cache: bool) -> SiteReuse:
        """What this build reuses of the last one (``site``: its site fingerprint)."""
        self.builds += 1
        if not self._cache_opened:
            self._cache_opened = True
            if use_cache:
                self._open_cache(BuildCache(root, self.command))
        if self.reuse is not None:
            with self.lock:  # its background indexing may still record, but not save, what it made
                self.reuse.latest = False
        # The records of the session's last build, which finished (failed() makes others), into the temporary
        # folder mkdocs serve builds in, which no other process writes.
        own = self.command == "serve" and self.reuse is not None and self.records is self.reuse.records
        self.reuse = SiteReuse.start(self.cache, self.records, site, site_dir, self.lock, own=own)
        self.records = None  # until this build finishes
        return self.reuse

    def finished(self, reuse: SiteReuse) -> None:
        self.records = reuse.records

    def failed(self, reuse: SiteReuse) -> None:
        self.records = reuse.failed()

    def _open_cache(self, cache: BuildCache) -> None:
        try:
            self.records = cache.open()
        except CacheBusy as busy:
            log.info(f"kb: {busy}: this build does not use it")
            return
        except OSError as error:
            log.warning(f"kb: no build cache: {error}")
            return
        self.cache = cache

    def stop_indexing(self) -> None:
        """Stop the search indexing the last build runs in the background (``mkdocs serve``): a new build
        starts, which it would slow down (Pagefind takes every core). A language whose index was not made is
        indexed again by the build: the records say which index its staged pages were given."""
        for staged in self.staged.values():
            stop_indexing(staged)

    def end(self) -> None:
        """``mkdocs serve`` stops: so does the indexing it runs, before MkDocs removes the site folder."""
        self.stop_indexing()
        if self.command == "serve" and self.environment is not None and self.builds > 1:
            self.environment.remember()
        if self.reuse is not None and self.reuse.finished:
            self.reuse.save()  # unless saved already, by the thread the build left it to
        if self.cache is not None:
            self.cache.close()


_SESSIONS: dict[str, Session] = {}  # configuration file -> its session


def start_session(config_file: str, command: str, dirty: bool) -> Session:
    """A new session for ``mkdocs build`` or ``mkdocs serve`` of the project of ``config_file``."""
    end_session(config_file)
    _SESSIONS[config_file] = Session(config_file, command, dirty)
    return _SESSIONS[config_file]


def session_for(config_file: str) -> Session:
    """The session a rebuild of ``mkdocs serve`` continues; a build without ``on_startup`` (MkDocs' API) gets a
    new one."""
    if config_file not in _SESSIONS:
        _SESSIONS[config_file] = Session(config_file)
    return _SESSIONS[config_file]


def end_session(config_file: str) -> None:
    session = _SESSIONS.pop(config_file, None)
    if session is not None:
        session.end()
