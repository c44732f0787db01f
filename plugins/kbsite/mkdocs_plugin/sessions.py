"""What the kb plugin keeps from one build to the next while MkDocs runs: the one state above its instances.

``mkdocs serve`` loads ``mkdocs.yml`` again before every rebuild, with new
plugin instances, and sends ``on_startup`` (the command, ``--dirty``) to the
first instance only. So what a rebuild reuses cannot live on an instance: it
lives in a :class:`Session`, one per configuration file, started by the
instance that receives ``on_startup`` and found again by the next instances
(:func:`session_for`). A session holds:

* the command and whether the build is dirty;
* the build environment of the last build (:class:`kbsite.environment.Environment`),
  which the next build opens again from, reading only the files that changed,
  and reusing what it worked out of texts alone (front-matter HTML by the
  text, an article's words for related articles by the document's digest:
  a reused value is what working it out again gives);
* the build cache (:mod:`kbsite.environment.cache`), taken for the whole
  session, with the records of the last build;
* each language's pages staged for its search index, whose indexing
  ``mkdocs serve`` runs in the background.

Nothing else of the plugin survives a build.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

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
    _cache_opened: bool = False

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
            self.reuse.latest = False  # its background indexing may still record, but not save, what it made
        self.reuse = SiteReuse.start(self.cache, self.records, site, site_dir, self.lock)
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

    def end(self) -> None:
        """``mkdocs serve`` stops: so does the indexing it runs, before MkDocs removes the site folder."""
        for staged in self.staged.values():
            stop_indexing(staged)
        if self.command == "serve" and self.environment is not None and self.builds > 1:
            self.environment.remember()
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
