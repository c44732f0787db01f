"""A value worked out by a forked copy of the process: the copy's value, else the same work done here."""

import os
import time

import pytest
from kbsite.core import forked_work as forked
from kbsite.core.forked_work import Forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork: POSIX systems only")


def test_the_value_comes_from_the_copy():
    parent = os.getpid()
    copy = Forked(lambda: (os.getpid(), {"lists": [1, 2]}))
    pid, value = copy.result()
    assert pid != parent and value == {"lists": [1, 2]}


def test_a_copy_that_fails_leaves_the_work_to_this_process():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise RuntimeError("in the copy")
        return "worked out here"

    assert Forked(work).result() == "worked out here"


def test_a_copy_killed_leaves_the_work_to_this_process():
    parent = os.getpid()
    copy = Forked(lambda: time.sleep(30) if os.getpid() != parent else "worked out here")
    os.kill(copy.pid, 9)
    assert copy.result() == "worked out here"


def test_a_copy_stuck_past_the_patience_is_stopped(monkeypatch):
    parent = os.getpid()
    monkeypatch.setattr(forked, "PATIENCE", 0.2)
    copy = Forked(lambda: time.sleep(30) if os.getpid() != parent else "worked out here")
    pid = copy.pid
    assert copy.result() == "worked out here"
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped: no zombie left


def test_close_stops_and_reaps_a_copy_whose_value_is_not_needed():
    copy = Forked(lambda: time.sleep(30))
    pid = copy.pid
    copy.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_large_value_passes_the_pipe():
    value = {str(n): "x" * 100 for n in range(20_000)}  # 2 MB: many times a pipe's buffer
    assert Forked(lambda: value).result() == value


def test_without_fork_the_work_is_done_when_asked(monkeypatch):
    monkeypatch.delattr(os, "fork")
    parent = os.getpid()
    copy = Forked(lambda: os.getpid())
    assert copy.pid == 0 and copy.result() == parent


def test_python_s_warning_of_a_fork_beside_threads_is_not_shown(monkeypatch, recwarn):
    """Python 3.12+ warns when a process with threads forks (mkdocs serve's server runs threads): the copy
    takes no lock but the interpreter's, so writers are not told of deadlocks that cannot happen."""
    import warnings
    fork = os.fork

    def warning_fork():
        warnings.warn(f"This process (pid={os.getpid()}) is multi-threaded, use of fork() may lead to deadlocks in "
                      "the child.", DeprecationWarning, stacklevel=2)
        return fork()

    monkeypatch.setattr(os, "fork", warning_fork)
    assert Forked(lambda: "worked out").result() == "worked out"
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]


def test_a_fork_the_system_refuses_leaves_the_work_to_this_process(monkeypatch):
    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    open_before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    monkeypatch.setattr(os, "fork", refused)
    copy = Forked(lambda: os.getpid())
    assert copy.pid == 0 and copy.result() == os.getpid()
    if open_before is not None:
        assert len(os.listdir("/proc/self/fd")) == open_before  # the pipe closed again


def test_a_wait_interrupted_stops_and_reaps_the_copy(monkeypatch):
    parent = os.getpid()
    copy = Forked(lambda: time.sleep(30) if os.getpid() != parent else "here")
    pid = copy.pid

    def interrupted(fd, deadline):
        raise KeyboardInterrupt

    monkeypatch.setattr(forked, "_read_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        copy.result()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
