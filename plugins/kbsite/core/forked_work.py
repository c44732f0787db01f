"""A value worked out by a forked copy of this process while this one goes on: the second core of a build.

A build of one language runs in one interpreter, one core at a time; while ``mkdocs serve`` rebuilds after a
save, or ``mkdocs build`` builds the one language an edit changed, the machine's other cores wait. Work that
reads what the process has loaded and gives back a value (the related articles of a language, from every
article's text) is done by a forked copy instead, which has the loaded project for free (copy-on-write) and
sends the value back pickled through a pipe; this process takes it when it needs it.

The copy only computes: it logs nothing, writes no file and takes no lock but the interpreter's, which
CPython sets up again in a forked child with the import lock (the server's threads of ``mkdocs serve`` are
not in the copy). Whatever goes wrong there (an error, the copy killed, no ``os.fork``, an answer later than
:data:`PATIENCE`) the value is worked out here instead: the same function, the same value, a little later.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

PATIENCE = 60.0  # seconds a copy may take: far beyond any real work, a copy stuck on something is given up


class Forked(Generic[T]):
    """``work()``, started in a forked copy of this process (or, without ``os.fork``, when asked for)."""

    def __init__(self, work: Callable[[], T]):
        self.work = work
        self.owner = os.getpid()  # a process forked later (a language's worker) inherits this object, not the copy
        self.pid, self.fd = _start(work) if hasattr(os, "fork") else (0, -1)  # (0, -1): worked out when asked for

    def result(self) -> T:
        """The value the copy worked out, else ``work()`` worked out here."""
        data = self._collect(PATIENCE)
        return pickle.loads(data) if data is not None else self.work()

    def close(self) -> None:
        """Stop the copy if it still runs, and reap it (its value is no longer needed)."""
        if self.pid and os.getpid() == self.owner:
            _stop(self.pid)
            self._collect(0)

    def _collect(self, patience: float) -> bytes | None:
        """What the copy sent, once it ended well (None: it failed, was given up, or there is none)."""
        if not self.pid or os.getpid() != self.owner:
            return None
        pid, fd, self.pid, self.fd = self.pid, self.fd, 0, -1
        data = None
        try:
            data = _read_all(fd, time.monotonic() + patience)
        finally:  # also when the wait is interrupted: no copy left running, none left unreaped
            os.close(fd)
            if data is None:
                _stop(pid)
            _, status = os.waitpid(pid, 0)
        return data if data is not None and os.waitstatus_to_exitcode(status) == 0 else None


def _start(work: Callable[[], object]) -> tuple[int, int]:
    """Fork a copy that sends ``pickle(work())`` down a pipe and ends: (its pid, the pipe's end to read), or
    (0, -1) when the system cannot make one now (no memory, too many processes or files)."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return 0, -1
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        # Python 3.12+ warns of any fork beside threads: this copy only computes. (The filters are the process's
        # for this instant: a warning another thread gives meanwhile is filtered by these too.)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", r".*multi-threaded, use of fork\(\)", DeprecationWarning)
            pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return 0, -1
    if pid == 0:  # the copy: never returns
        code = 1
        try:
            os.close(read_end)
            gc.disable()  # short-lived: a collection would only copy the inherited memory page by page
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            code = 0
        except BaseException:  # noqa: BLE001 - worked out again by the parent, which reports what it finds
            pass
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything until the writer closes the pipe, or None when ``deadline`` passes first."""
    chunks = []
    readable = select.poll()  # not select.select, which takes no descriptor above 1023
    readable.register(fd, select.POLLIN)
    while True:
        remaining = deadline - time.monotonic()
        if remaining < 0 or not readable.poll(remaining * 1000):
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
