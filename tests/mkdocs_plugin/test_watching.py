"""How ``mkdocs serve`` notices saved files: inotify for folders on a local disk, MkDocs' polling for the rest."""

from __future__ import annotations

import errno
import logging
import os
import threading

import pytest
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from kbsite.mkdocs_plugin.watching import LocalFirstObserver, file_system_type, mount_types, watched_by_kernel

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/mountinfo"), reason="inotify is Linux's")

MOUNTINFO = """\
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683784k
60 27 0:50 / /home/writer/shared\\040drive rw,relatime shared:5 - cifs //server/kb rw,vers=3.0
61 60 0:51 / /home/writer/shared\\040drive/local rw,relatime - ext4 /dev/vdb rw
"""
LOCAL = [("/", "ext4")]


class Seen(FileSystemEventHandler):
    """What MkDocs' handler would be told: every event, and when the first came."""

    def __init__(self):
        self.events = []
        self.first = threading.Event()

    def on_any_event(self, event):
        if not event.is_directory:
            self.events.append(event)
            self.first.set()


def test_a_paths_file_system_is_its_deepest_mount_points():
    mounts = mount_types(MOUNTINFO)
    assert ("/home/writer/shared drive", "cifs") in mounts  # \040 is a space
    assert file_system_type("/work/kb/articles", mounts) == "ext4"
    assert file_system_type("/home/writer/shared drive/kb", mounts) == "cifs"
    assert file_system_type("/home/writer/shared drive/local/kb", mounts) == "ext4"
    assert file_system_type("/home/writer/shared drivers", mounts) == "ext4"  # a prefix is not a folder
    assert file_system_type("/work", []) is None


def test_only_local_folders_without_symbolic_links_are_left_to_the_kernel(tmp_path):
    (tmp_path / "articles" / "faq").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert watched_by_kernel(str(tmp_path / "articles"), LOCAL)
    assert not watched_by_kernel(str(tmp_path / "articles"), [("/", "nfs4")])  # another machine's changes
    assert not watched_by_kernel(str(tmp_path / "articles"), [])  # a file system nobody named
    assert not watched_by_kernel(str(tmp_path / "mkdocs.yml"), LOCAL)  # editors replace files by renaming
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "articles" / "faq" / "shared").symlink_to(tmp_path / "elsewhere")
    assert not watched_by_kernel(str(tmp_path / "articles"), LOCAL)  # inotify does not follow it


def _watching(tmp_path, native=Observer, mounts=LOCAL) -> tuple[LocalFirstObserver, Seen]:
    observer = LocalFirstObserver(PollingObserver(timeout=0.5), native, mounts)
    seen = Seen()
    observer.schedule(seen, str(tmp_path), recursive=True)
    observer.start()
    return observer, seen


def _stop(observer: LocalFirstObserver) -> None:
    observer.stop()
    observer.join()


def test_a_saved_file_is_noticed_and_reading_files_is_not(tmp_path):
    article = tmp_path / "faq" / "cron.en.md"
    article.parent.mkdir()
    article.write_text("# Cron\n", "utf-8")
    observer, seen = _watching(tmp_path)
    try:
        assert observer.natively  # watched by inotify, not by polling
        article.read_text("utf-8")  # what every build does to the articles
        assert not seen.first.wait(1.0), seen.events
        article.write_text("# Cron jobs\n", "utf-8")
        assert seen.first.wait(5.0)
        assert {event.src_path for event in seen.events} == {str(article)}
    finally:
        _stop(observer)


def test_a_folder_on_another_systems_disk_is_polled_as_mkdocs_does(tmp_path):
    observer, seen = _watching(tmp_path, mounts=[("/", "nfs4")])
    try:
        assert not observer.natively and observer.native is None
        (tmp_path / "new.en.md").write_text("# New\n", "utf-8")
        assert seen.first.wait(5.0)
    finally:
        _stop(observer)


class NoInotify(Observer):
    def start(self):
        raise OSError(errno.EMFILE, "Too many open files")


def test_when_inotify_cannot_start_its_folders_are_polled_with_one_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        observer, seen = _watching(tmp_path, native=NoInotify)
    try:
        assert [record.getMessage() for record in caplog.records] == [
            "kb: saved files are noticed by polling, as MkDocs does: inotify did not start (Too many open files)"]
        (tmp_path / "new.en.md").write_text("# New\n", "utf-8")
        assert seen.first.wait(5.0)
    finally:
        _stop(observer)


def test_a_watch_is_taken_back_wherever_it_went(tmp_path):
    polled = tmp_path / "polled.yml"
    polled.write_text("site_name: x\n")
    for native in (Observer, NoInotify):
        observer = LocalFirstObserver(PollingObserver(timeout=0.5), native, LOCAL)
        folder = observer.schedule(Seen(), str(tmp_path), recursive=True)
        file = observer.schedule(Seen(), str(polled))
        observer.start()
        try:
            observer.unschedule(folder)
            observer.unschedule(file)
            assert not observer.natively and not observer.polling.emitters
        finally:
            _stop(observer)
