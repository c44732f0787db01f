"""How ``mkdocs serve`` notices a saved article: told by the kernel where the disk is local, else by polling.

MkDocs watches with watchdog's ``PollingObserver``: every half second it
lists and stats every watched file, because the kernel's events do not
cross virtual file systems (Docker Desktop's mounts, WSL's Windows drives,
NFS, SMB). On a knowledge base of real size that listing is a few thousand
``stat`` calls twice a second, in the interpreter the builds run in, and a
save waits a quarter of a second on average before it is even seen.

:class:`LocalFirstObserver` takes MkDocs' observer's place: a folder on a
local Linux file system (ext4, XFS, Btrfs, tmpfs, overlay…, as
``/proc/self/mountinfo`` names it) with no symbolic link to a folder inside
it is watched by inotify, at no cost until something changes; anything
else (a single file, such as ``mkdocs.yml``, which editors often replace
by renaming; another system; a mount whose type is not known to be local)
is left to MkDocs' polling, as before. If inotify cannot start (its limits
reached), its folders go back to polling, with one warning.

Only changes wake a build: inotify also reports files being opened and
closed, which every build does to the articles it reads.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger("mkdocs.plugins.kb")

# File systems whose changes the kernel reports to inotify however they are made (on this machine).
LOCAL_FILE_SYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "ramfs", "overlay", "zfs",
                                "f2fs", "jfs", "reiserfs", "bcachefs", "nilfs2"})
# Events that tell of a change: not "opened", "closed", "closed_no_write" (every build reads the articles).
CHANGES = frozenset({"created", "deleted", "modified", "moved"})


def mount_types(mountinfo: str) -> list[tuple[str, str]]:
    """(mount point, file system type) of each line of a ``/proc/<pid>/mountinfo`` text."""
    mounts = []
    for line in mountinfo.splitlines():
        fields, separator, after = line.partition(" - ")
        parts = fields.split()
        if not separator or len(parts) < 5 or not after.split():
            continue
        mounts.append((_unescaped(parts[4]), after.split()[0]))
    return mounts


def _unescaped(path: str) -> str:
    """A mount point as mountinfo writes it, with ``\\040`` (space), ``\\011``, ``\\012``, ``\\134`` decoded."""
    for code, character in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        path = path.replace(code, character)
    return path


def file_system_type(path: str, mounts: list[tuple[str, str]]) -> str | None:
    """The type of the file system ``path`` (absolute, resolved) is on: its deepest mount point's."""
    best, found = -1, None
    for point, kind in mounts:
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, found = len(point), kind
    return found


def _linux_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as file:
            return mount_types(file.read())
    except OSError:
        return []


def watched_by_kernel(path: str, mounts: list[tuple[str, str]]) -> bool:
    """Whether inotify sees every change below ``path``: a folder on a local file system, with no symbolic
    link to a folder inside it (inotify does not follow them; MkDocs' polling does)."""
    real = os.path.realpath(path)
    if not os.path.isdir(real) or file_system_type(real, mounts) not in LOCAL_FILE_SYSTEMS:
        return False
    for folder, folders, _ in os.walk(real):
        if any(os.path.islink(os.path.join(folder, name)) for name in folders):
            return False
    return True


class _Changes(FileSystemEventHandler):
    """Passes MkDocs' handler the events that change something."""

    def __init__(self, handler):
        self.handler = handler

    def dispatch(self, event) -> None:
        if event.event_type in CHANGES:
            self.handler.dispatch(event)


class LocalFirstObserver:
    """MkDocs' polling observer, with the folders inotify can watch (:func:`watched_by_kernel`) given to it.

    It stands where MkDocs' server keeps its observer: ``schedule``, ``unschedule``, ``start``, ``stop``
    and ``join`` are what the server calls.
    """

    def __init__(self, polling, native: Callable[[], object] = Observer, mounts: list[tuple[str, str]] | None = None):
        self.polling = polling
        self.make_native = native
        self.native = None  # made for the first folder it watches
        if mounts is None:  # elsewhere than Linux, MkDocs' polling watches everything
            mounts = _linux_mounts() if sys.platform.startswith("linux") else []
        self.mounts = mounts
        self.natively: dict[object, tuple[object, str, bool]] = {}  # watch -> (handler, path, recursive)
        self.moved: dict[object, object] = {}  # watch inotify had -> the same, by polling (inotify did not start)

    def schedule(self, handler, path, recursive: bool = False, **options):
        if self.mounts and watched_by_kernel(str(path), self.mounts):
            if self.native is None:
                self.native = self.make_native()
            watch = self.native.schedule(_Changes(handler), str(path), recursive=recursive)
            self.natively[watch] = (handler, str(path), recursive)
            return watch
        return self.polling.schedule(handler, path, recursive=recursive, **options)

    def unschedule(self, watch) -> None:
        if self.natively.pop(watch, None) is not None:
            self.native.unschedule(watch)
        else:
            self.polling.unschedule(self.moved.pop(watch, watch))

    def start(self) -> None:
        if self.natively:
            try:
                self.native.start()
            except OSError as error:  # inotify's limits: max_user_instances, max_user_watches
                log.warning(f"kb: saved files are noticed by polling, as MkDocs does: inotify did not start "
                            f"({error.strerror or error})")
                self._to_polling()
        self.polling.start()

    def stop(self) -> None:
        if self.native is not None and self.native.is_alive():
            self.native.stop()
        self.polling.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.native is not None and self.native.is_alive():
            self.native.join(timeout)
        self.polling.join(timeout)

    def _to_polling(self) -> None:
        """The folders inotify was given, watched by polling instead."""
        self.native.unschedule_all()  # the watches that did start, stopped
        natively, self.natively = self.natively, {}
        for watch, (handler, path, recursive) in natively.items():
            self.moved[watch] = self.polling.schedule(handler, path, recursive=recursive)


def watch_locally_first(server) -> None:
    """Put a :class:`LocalFirstObserver` in place of the observer of MkDocs' live-reload ``server`` (before it
    starts; the watches made so far stay with polling)."""
    server.observer = LocalFirstObserver(server.observer)
