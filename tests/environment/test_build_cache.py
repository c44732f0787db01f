"""The build cache folder: records that survive a process, read back or discarded with one warning; the copy
of the outputs that puts a file back only when it is the one recorded."""

from __future__ import annotations

import json
import logging
import os

import pytest
from kbsite.environment.cache import FORMAT, BuildCache, CacheBusy, Output, Records, bytes_digest


def recorded(site, path: str, data: bytes, producer="page:en") -> Output:
    """Write ``data`` at ``path`` in ``site``, as a build does, and what its records say of it."""
    full = site / path
    full.parent.mkdir(parents=True, exist_ok=True)
    full.write_bytes(data)
    stat = full.stat()
    return Output(producer, "made-of", stat.st_size, stat.st_mtime_ns, bytes_digest(data))


def test_records_are_read_back_as_they_were_saved(tmp_path):
    cache = BuildCache(tmp_path, "build")
    assert cache.open() is None  # nothing yet
    records = Records("site", "abc", {"en": "f1"}, {"index.html": recorded(tmp_path / "site", "index.html", b"x")},
                      {"en": {"index.en.md": "Home"}}, {"en": {"index.html": ["d", ["b1"]]}})
    cache.save(records)
    cache.close()
    assert BuildCache(tmp_path, "build").open() == records


@pytest.mark.parametrize("content", [
    b"{not json",  # a build stopped while writing, or a disk error
    b"\xff\xfe binary",
    json.dumps({"writer": "another tool", "format": 1}).encode(),  # not ours
    json.dumps({"writer": "kbsite build records", "format": 999}).encode(),  # another kbsite's
    json.dumps({"writer": "kbsite build records", "format": 1, "site_dir": "s", "site": "x", "languages": {},
                "outputs": {"index.html": "not a list"}, "titles": {}, "staged": {}}).encode(),  # damaged
    json.dumps([1, 2, 3]).encode(),
    *(json.dumps({"writer": "kbsite build records", "format": FORMAT, "site_dir": "s", "site": "x",
                  "languages": {}, "outputs": {path: ["page:en", "f", 1, 1, "d"]}, "titles": {}, "staged": {}}).encode()
      for path in ("../outside.html", "/etc/passwd", "", "a/../../b.html")),  # would remove files outside the site
    json.dumps({"writer": "kbsite build records", "format": FORMAT, "site_dir": "s", "site": "x", "languages": {},
                "outputs": {}, "titles": {}, "staged": {"en": {"index.html": ["d", 3]}}}).encode(),
])
def test_a_corrupt_or_foreign_cache_is_discarded_with_one_warning(tmp_path, caplog, content):
    cache = BuildCache(tmp_path, "build")
    cache.records_file.parent.mkdir(parents=True)
    cache.records_file.write_bytes(content)
    (cache.store / "index.html").parent.mkdir(parents=True)
    (cache.store / "index.html").write_text("old")
    with caplog.at_level(logging.WARNING):
        assert cache.open() is None
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "discarded" in warnings[0].getMessage()
    assert str(cache.records_file) in warnings[0].getMessage()
    assert not cache.store.exists()  # its copies of outputs go with it


def test_a_second_build_at_the_same_time_is_told_the_cache_is_busy(tmp_path):
    first = BuildCache(tmp_path, "build")
    first.open()
    with pytest.raises(CacheBusy):
        BuildCache(tmp_path, "build").open()
    first.close()
    BuildCache(tmp_path, "build").open()  # free again


def test_an_output_is_kept_as_written_or_put_back_from_the_store(tmp_path):
    site, cache = tmp_path / "site", BuildCache(tmp_path, "build")
    output = recorded(site, "a/index.html", b"<p>page</p>")
    cache.keep(str(site), "a/index.html")
    assert cache.holds(str(site), "a/index.html", output)
    (site / "a/index.html").unlink()  # a new site folder (mkdocs serve), or one emptied
    assert cache.holds(str(site), "a/index.html", output)
    assert (site / "a/index.html").read_bytes() == b"<p>page</p>"


def test_a_store_restored_with_other_times_is_trusted_for_its_bytes_only(tmp_path):
    """CI restores a cache folder with times of its own: a file whose bytes are the recorded ones is put back."""
    site, cache = tmp_path / "site", BuildCache(tmp_path, "build")
    output = recorded(site, "index.html", b"<p>same</p>")
    cache.keep(str(site), "index.html")
    (site / "index.html").unlink()
    stored = cache.store / "index.html"
    stored.unlink()
    stored.write_bytes(b"<p>same</p>")  # a copy, as a restored cache holds it
    os.utime(stored, ns=(1, 1))
    assert cache.holds(str(site), "index.html", output)
    assert (output.size, output.mtime_ns) == (len(b"<p>same</p>"), 1)  # what the site's file now is
    stored.write_bytes(b"<p>other</p>")
    (site / "index.html").unlink()
    assert not cache.holds(str(site), "index.html", output)  # not the recorded bytes: made again
    assert not (site / "index.html").exists()


def test_a_file_changed_in_the_site_is_not_taken_for_the_recorded_one(tmp_path):
    site, cache = tmp_path / "site", BuildCache(tmp_path, "build")
    output = recorded(site, "index.html", b"<p>built</p>")
    (site / "index.html").write_bytes(b"<p>edited by hand, longer</p>")  # no store copy: nothing to put back
    assert not cache.holds(str(site), "index.html", output)


def test_a_folder_where_the_records_should_be_is_discarded_with_one_warning(tmp_path, caplog):
    cache = BuildCache(tmp_path, "build")
    (cache.records_file / "inside").mkdir(parents=True)
    with caplog.at_level(logging.WARNING):
        assert cache.open() is None
        cache.starting()
        cache.save(Records("site", "abc"))
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    assert json.loads(cache.records_file.read_text())["site"] == "abc"
