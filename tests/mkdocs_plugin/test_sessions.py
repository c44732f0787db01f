"""What ``mkdocs serve`` keeps between its builds: the findings it logged (a rebuild logs those of the files that
changed), the search indexing it runs in the background (stopped when a new build starts), the records a build
saves once its page is served."""

from __future__ import annotations

import threading
import time

from kbsite.core.diagnostics import Diagnostic, Severity
from kbsite.environment.cache import BuildCache, Output, Records
from kbsite.mkdocs_plugin.reuse import SiteReuse
from kbsite.mkdocs_plugin.search import StagedPages, _complete, _run_pagefind, stop_indexing
from kbsite.mkdocs_plugin.sessions import Session
from kbsite.site.search_vocabulary import VocabularyFiles


def finding(path: str, line: int, code: str = "KB402") -> Diagnostic:
    return Diagnostic(path, line, 1, code, f"{code} at {line}", Severity.ERROR)


def test_a_rebuild_logs_the_findings_of_the_files_that_changed_and_counts_the_others():
    session = Session("mkdocs.yml", "serve")
    edited, untouched, affected = "articles/a.en.md", "articles/b.en.md", "articles/c.en.md"
    first = [finding(edited, 3), finding(untouched, 5), finding(affected, 7)]
    digests = {edited: "1", untouched: "1", affected: "1"}
    assert session.to_report(first, digests) == (first, 0)  # the session's first build logs every finding
    session.builds = 1
    # a's text changed (its finding is the same one); c did not, but a link in it broke when a heading moved.
    again = [finding(edited, 3), finding(untouched, 5), finding(affected, 7), finding(affected, 9)]
    logged, left_out = session.to_report(again, {**digests, edited: "2"})
    assert logged == [finding(edited, 3), finding(affected, 7), finding(affected, 9)]
    assert left_out == 1
    # Nothing changed: nothing logged again; a file whose findings went away has none to log.
    assert session.to_report(again[:3], {**digests, edited: "2"}) == ([finding(affected, 7)], 2)
    assert session.to_report(again[:3], {**digests, edited: "2"}) == ([], 3)


def test_an_indexing_stopped_after_pagefind_leaves_no_bundle_behind(tmp_path):
    bundle = tmp_path / "pagefind-fresh"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text('{"languages": {}}', "utf-8")  # not a layout compact knows
    stopped = threading.Event()
    stopped.set()
    assert _complete(bundle, "en", VocabularyFiles.of([frozenset({"word"})]), stopped) is False
    assert not bundle.exists()


def sleeping_pagefind(tmp_path, monkeypatch) -> None:
    """A Pagefind that would index for a minute."""
    import stat
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nexec sleep 60\n", "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))


def test_a_staged_page_gone_ends_its_indexing_with_a_message(tmp_path, monkeypatch, caplog):
    """The words of a page staged by an earlier build are read from it, while Pagefind runs: a page gone from
    the cache stops Pagefind and logs why, and the index in place stays."""
    sleeping_pagefind(tmp_path, monkeypatch)
    staged = StagedPages(tmp_path / "staged", {"a/index.html": ["digest", []]})
    target = tmp_path / "site" / "pagefind"
    (target / "kept").mkdir(parents=True)
    done, begun = [], time.monotonic()
    _run_pagefind(staged, "en", target, False, done.append)
    assert time.monotonic() - begun < 30  # Pagefind was started, then stopped: not waited for
    assert staged.process is not None and staged.process.returncode is not None and staged.process.returncode < 0
    assert done == [] and sorted(path.name for path in target.parent.iterdir()) == ["pagefind"]
    assert (target / "kept").is_dir()
    assert any("kb: no search index (en):" in record.message and "a/index.html" in record.message
               for record in caplog.records)


def test_a_fault_while_pagefind_runs_ends_the_indexing_with_a_message(tmp_path, monkeypatch, caplog):
    """A fault of ours in the words' vocabulary, worked out in the indexing thread: logged as an error (a strict
    build fails), Pagefind stopped, nothing left in the site."""
    sleeping_pagefind(tmp_path, monkeypatch)

    def broken(pages):
        raise ValueError("no vocabulary")
    monkeypatch.setattr(VocabularyFiles, "of", broken)
    staged = StagedPages(tmp_path / "staged", {"a/index.html": ["digest", []]}, words={"a/index.html": frozenset()})
    target = tmp_path / "site" / "pagefind"
    target.parent.mkdir()
    done, begun = [], time.monotonic()
    _run_pagefind(staged, "en", target, False, done.append)
    assert time.monotonic() - begun < 30 and staged.process.returncode < 0 and done == []
    assert list(target.parent.iterdir()) == []
    assert [record.message for record in caplog.records
            if record.levelname == "ERROR"] == ["kb: no search index (en): ValueError('no vocabulary')"]


def test_an_indexing_stopped_before_its_vocabulary_does_not_work_it_out(tmp_path, monkeypatch):
    sleeping_pagefind(tmp_path, monkeypatch)
    worked_out = []
    monkeypatch.setattr(VocabularyFiles, "of", lambda pages: worked_out.append(pages))
    staged = StagedPages(tmp_path / "staged", {"a/index.html": ["digest", []]}, words={"a/index.html": frozenset()})
    monkeypatch.setattr(StagedPages, "page_words", lambda self: (self.stopped.set(), [])[1])  # a newer build stops it
    target = tmp_path / "site" / "pagefind"
    target.parent.mkdir()
    _run_pagefind(staged, "en", target, False, lambda bundle: None)
    assert worked_out == [] and staged.process.returncode < 0 and list(target.parent.iterdir()) == []


def test_stopping_an_indexing_kills_its_process_and_waits_for_its_thread(tmp_path):
    import subprocess
    import sys
    staged = StagedPages(tmp_path / "staged")
    staged.process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    ended = []
    staged.run = threading.Thread(target=lambda: ended.append(staged.process.wait()))
    staged.run.start()
    started = time.monotonic()
    stop_indexing(staged)
    assert staged.stopped.is_set() and ended and ended[0] < 0  # killed, not waited for
    assert time.monotonic() - started < 30


def records_file_after(reuse: SiteReuse, cache: BuildCache, timeout: float = 10) -> Records | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not cache.records_file.exists():
        time.sleep(0.02)
    return cache._read() if cache.records_file.exists() else None


def test_a_serve_build_saves_its_records_after_it_ends_unless_a_newer_build_started(tmp_path):
    cache, lock = BuildCache(tmp_path, "serve"), threading.RLock()
    cache.open()
    site = tmp_path / "site"
    page = site / "index.html"
    page.parent.mkdir()
    page.write_bytes(b"<p>home</p>")
    reuse = SiteReuse.start(cache, None, "fingerprint", str(site), lock)
    reuse.writing("index.html", "page:en", "made-of", b"<p>home</p>")
    reuse.finish(background=True)
    saved = records_file_after(reuse, cache)
    assert saved is not None and set(saved.outputs) == {"index.html"}
    assert isinstance(saved.outputs["index.html"], Output)

    # The next build starts (it removes the records until it saves its own): the last one saves nothing more.
    later = SiteReuse.start(cache, saved, "fingerprint", str(site), lock)
    reuse.latest = False
    assert not cache.records_file.exists()
    reuse.saved = False
    reuse.save()
    assert not cache.records_file.exists()
    later.finish()
    assert cache._read() is not None
    cache.close()


def test_only_a_serve_rebuild_after_a_finished_build_takes_the_site_folder_as_its_records_say(tmp_path):
    """mkdocs serve builds into a temporary folder of its own: a rebuild does not stat the thousands of files its
    last build wrote there. A build into a folder others may touch, or after a build that failed, checks them."""
    for command, finish, trusted in (("serve", True, True), ("serve", False, False), ("build", True, False)):
        root = tmp_path / f"{command}-{finish}"
        root.mkdir()
        session = Session(str(root / "mkdocs.yml"), command)
        site_dir = str(root / "site")
        first = session.start_build(root, "site fingerprint", site_dir, True)
        first.records = Records(site_dir, "site fingerprint")
        first.records.outputs["index.html"] = Output("page", "made of", 1, 2, "digest")
        session.finished(first) if finish else session.failed(first)
        second = session.start_build(root, "site fingerprint", site_dir, True)
        assert second.incremental is finish
        assert second.own_site is trusted
        # The records say index.html is there; it is not: only a build that takes its folder on trust keeps it.
        assert second.keep("index.html", "page", "made of") is trusted
        session.end()


def test_a_page_staged_again_unchanged_keeps_its_words(tmp_path, monkeypatch):
    """A title edit builds its folder's pages again: their search copies, the same, are not read for words."""
    from kbsite.mkdocs_plugin import search
    from kbsite.site.search_markup import Facets, index_document, search_body

    staged = StagedPages(tmp_path / "staged")
    page, blocks = index_document("en", search_body("<p>Flush the cache</p>", "Flush", Facets()))
    staged.add("a/index.html", page, blocks)
    assert staged.words["a/index.html"] == {"Flush", "cache"} and staged.changed
    read = []
    monkeypatch.setattr(search, "staged_words", lambda document: read.append(document) or frozenset())
    staged.changed = False
    staged.add("a/index.html", page, blocks)
    assert read == [] and not staged.changed
    edited, blocks = index_document("en", search_body("<p>Clean the cache</p>", "Flush", Facets()))
    staged.add("a/index.html", edited, blocks)
    assert read == [edited] and staged.changed
