"""The SQLite cache of the external check: what is fetched again, and what a broken cache file becomes."""

from __future__ import annotations

import sqlite3
import time

from helpers import external_check, external_project, write
from kbsite.core.external_links import BROKEN, OK, UrlResult
from kbsite.core.external_settings import ExternalSettings
from kbsite.external.cache import FILE_NAME, LinkCache
from simulated_internet import Reply

PAGE = "<html><body><h2 id='install'>Install</h2></body></html>"


def _project(tmp_path, internet, body="[a](https://docs.sim-a.net/a) [b](https://docs.sim-a.net/b)\n", **options):
    internet.routes[("docs.sim-a.net", "/a")] = Reply(200, PAGE)
    internet.routes[("docs.sim-a.net", "/b")] = Reply(404, "no")
    return external_project(tmp_path, internet, body, **options)


def test_a_second_run_fetches_nothing_and_says_so(tmp_path, internet):
    project = _project(tmp_path, internet)
    _, cold = external_check(project)
    assert (cold.fetched, cold.cached, internet.stats.requests["docs.sim-a.net"]) == (2, 0, 2)
    _, warm = external_check(project)
    assert (warm.fetched, warm.cached, internet.stats.requests["docs.sim-a.net"]) == (0, 2, 2)
    assert {u: r.outcome for u, r in warm.results.items()} == {"https://docs.sim-a.net/a": OK,
                                                                "https://docs.sim-a.net/b": BROKEN}
    assert (project / ".cache" / "kbsite" / FILE_NAME).is_file()
    assert "2 cached, 0 fetched" in warm.summary()


def test_refresh_ignores_the_cache(tmp_path, internet):
    project = _project(tmp_path, internet)
    external_check(project)
    _, again = external_check(project, refresh=True)
    assert again.fetched == 2 and internet.stats.requests["docs.sim-a.net"] == 4


def test_results_older_than_their_time_to_live_are_fetched_again(tmp_path, internet):
    project = _project(tmp_path, internet, ttl={"success": "7d", "failure": "2s"})
    external_check(project)
    _, soon = external_check(project)
    assert soon.fetched == 0
    time.sleep(2.1)
    _, later = external_check(project)
    assert later.fetched == 1 and set(r.url for r in later.results.values() if not r.cached) == {
        "https://docs.sim-a.net/b"}  # the failure expired, the success did not


def test_a_fragment_not_looked_for_before_is_fetched(tmp_path, internet):
    project = _project(tmp_path, internet)
    external_check(project)
    write(project, "articles/how-to/flush-the-cache.en.md",
          (project / "articles/how-to/flush-the-cache.en.md").read_text() + "\n[c](https://docs.sim-a.net/a#install)\n")
    _, report = external_check(project)
    assert report.fetched == 1 and report.results["https://docs.sim-a.net/a"].fragments == (("install", True),)


def test_a_corrupt_cache_is_rebuilt_with_a_warning(tmp_path, internet):
    project = _project(tmp_path, internet)
    folder = project / ".cache" / "kbsite"
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_bytes(b"this is not a database" * 100)
    _, report = external_check(project)
    assert len(report.warnings) == 1 and "corrupt" in report.warnings[0] and "rebuilt" in report.warnings[0]
    assert report.fetched == 2
    _, again = external_check(project)
    assert again.warnings == [] and again.fetched == 0


def test_a_cache_from_another_version_is_rebuilt(tmp_path, internet):
    project = _project(tmp_path, internet)
    folder = project / ".cache" / "kbsite"
    folder.mkdir(parents=True)
    old = sqlite3.connect(folder / FILE_NAME)
    old.executescript("CREATE TABLE results (url TEXT, ok INTEGER); PRAGMA user_version = 0;")
    old.close()
    _, report = external_check(project)
    assert report.warnings == [f"the link cache {FILE_NAME} is from another version of kbsite (layout 0); rebuilt"]
    assert report.fetched == 2


def test_a_folder_that_cannot_be_written_means_no_cache(tmp_path, internet):
    project = _project(tmp_path, internet, cache_dir="not-a-folder/cache")
    (project / "not-a-folder").write_text("a file where the folder should be")
    _, report = external_check(project)
    assert report.fetched == 2 and "cannot be used" in report.warnings[0]


def test_time_to_live_by_outcome(tmp_path):
    cache = LinkCache.open(tmp_path)
    settings = ExternalSettings(ttl_success=100, ttl_failure=10, ttl_unverified=1)
    cache.store([UrlResult("https://a.sim/", OK, 200, checked_at=1000), UrlResult("https://b.sim/", BROKEN, 404,
                                                                                   checked_at=1000)])
    assert cache.fresh("https://a.sim/", settings, 1050).outcome == OK
    assert cache.fresh("https://b.sim/", settings, 1050) is None
    assert cache.fresh("https://b.sim/", settings, 1005).status == 404
    assert cache.fresh("https://never.sim/", settings, 1005) is None
    cache.close()
