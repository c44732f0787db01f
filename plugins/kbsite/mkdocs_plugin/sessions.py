"""What the kb plugin keeps from one build to the next while MkDocs runs: the one state above its instances.

``mkdocs serve`` loads ``mkdocs.yml`` again before every rebuild, with new
plugin instances, and sends ``on_startup`` (the command, ``--dirty``) to the
first instance only. So what a rebuild reuses cannot live on an instance: it
lives in a :class:`Session`, one per configuration file, started by the
instance that receives ``on_startup`` and found again by the next instances
(:func:`session_for`). A session holds:

* the command and whether the build is dirty;
* the build environment of the last build (:class:`kbsite.environment.Environment`),
  which the next build opens again from, reading only the files that changed;
* each language's pages staged for its search index (``mkdocs serve``
  re-indexes a language in the background from them).

Nothing else of the plugin survives a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.settings import Settings
from ..environment import Environment, open_environment


@dataclass(eq=False)
class Session:
    config_file: str
    command: str = "build"  # "build" or "serve", as MkDocs' on_startup says
    dirty: bool = False
    environment: Environment | None = None
    staged: dict = field(default_factory=dict)  # (site folder, language) -> StagedPages (see .search)

    def open_environment(self, settings: Settings) -> Environment:
        """The project as loaded now: the last build's environment opened again (unchanged files are not read)."""
        self.environment = open_environment(settings, self.environment)
        return self.environment


_SESSIONS: dict[str, Session] = {}  # configuration file -> its session


def start_session(config_file: str, command: str, dirty: bool) -> Session:
    """A new session for ``mkdocs build`` or ``mkdocs serve`` of the project of ``config_file``."""
    _SESSIONS[config_file] = Session(config_file, command, dirty)
    return _SESSIONS[config_file]


def session_for(config_file: str) -> Session:
    """The session a rebuild of ``mkdocs serve`` continues; a build without ``on_startup`` (MkDocs' API) gets a
    new one."""
    if config_file not in _SESSIONS:
        _SESSIONS[config_file] = Session(config_file)
    return _SESSIONS[config_file]


def end_session(config_file: str) -> None:
    _SESSIONS.pop(config_file, None)
