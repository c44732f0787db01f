"""mkdocs serve: it reports broken articles and keeps serving every page; after an edit it builds again what the
edit changes, other pages' navigation included, and it starts from the cache of the last serve."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from pathlib import Path

import pytest
from helpers import copy_sample, set_plugin_option, site_files, write
from hostile_cases import CASES

BROKEN = ["yaml-syntax", "non-utf8", "script-block", "deep-quotes", "empty-file"]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def wait_for(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(tmp_path, *options, project=None, port=None, log_name="serve.log"):
    """Start ``mkdocs serve`` on a copy of the repository with broken articles (or on ``project``); yield its
    project, URL and log."""
    if project is None:
        project = copy_sample(tmp_path / "project")
        for case in (c for c in CASES if c.name in BROKEN):
            for relative, content in case.files.items():
                write(project, relative, content)
    port = port or free_port()
    log = tmp_path / log_name
    with open(log, "w") as sink:
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *options]
        server = subprocess.Popen(command, cwd=project, stdout=sink, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    try:
        assert wait_for(lambda: "Serving on" in log.read_text("utf-8", "replace")), log.read_text("utf-8", "replace")
        yield project, f"http://127.0.0.1:{port}/", log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.fixture
def served(tmp_path):
    yield from serve(tmp_path)


@pytest.fixture
def served_dirty(tmp_path):
    yield from serve(tmp_path, "--dirty")


def served_site(log: Path) -> Path:
    """The folder a running ``mkdocs serve`` serves (its log names it)."""
    return Path(re.search(r"Building 'en' documentation to directory: (\S+)", log.read_text("utf-8")).group(1))


def pages_of(site: Path) -> dict[str, bytes]:
    """The site's files but its search indexes (``mkdocs serve`` makes them in the background) and, without a
    cache, the pages staged for them."""
    return {path: data for path, data in site_files(site).items()
            if "pagefind" not in path and not path.startswith(".kb-search-staging/")}


def test_serve_reports_broken_articles_and_serves_the_rest(served):
    project, base, log = served
    text = log.read_text("utf-8", "replace")
    assert "articles/hostile/yaml-syntax/a.en.md:2" in text and "KB104" in text and "Traceback" not in text
    assert get(base + "how-to/flush-the-cache/")[0] == 200
    assert get(base + "fr/how-to/flush-the-cache/")[0] == 200
    status, page = get(base + "hostile/deep-quotes/a/")
    assert status == 200 and "deep" in page
    assert get(base + "hostile/script-block/a/")[0] == 200

    article = project / "articles/how-to/enable-maintenance-mode.en.md"
    article.write_text("---\ntitle: [broken\n---\n\n# Broken now\n\nStill readable.\n", "utf-8")
    assert wait_for(lambda: "Still readable." in get(base + "how-to/enable-maintenance-mode/")[1])
    rebuild = log.read_text("utf-8", "replace").rpartition("Detected file changes")[2]
    assert "articles/how-to/enable-maintenance-mode.en.md:2" in rebuild
    # The rebuild logs the edited file's findings, not again those of the files it did not change.
    assert "articles/hostile/yaml-syntax/a.en.md:2" not in rebuild
    assert re.search(r"\d+ findings? as the last build logged, in files unchanged since, not repeated", rebuild)
    assert get(base + "how-to/flush-the-cache/")[0] == 200
    assert "Traceback" not in log.read_text("utf-8", "replace")


def test_serve_marks_a_translation_stale_when_its_source_changes(served):
    project, base, log = served
    stale = "La version anglaise de cet article a changé depuis sa traduction."
    status, page = get(base + "fr/how-to/flush-the-cache/")
    assert status == 200 and stale not in page
    article = project / "articles/how-to/flush-the-cache.en.md"
    article.write_text(article.read_text("utf-8") + "\nOne more step.\n", "utf-8")
    assert wait_for(lambda: "One more step." in get(base + "how-to/flush-the-cache/")[1])
    assert wait_for(lambda: stale in get(base + "fr/how-to/flush-the-cache/")[1])
    assert "Traceback" not in log.read_text("utf-8", "replace")


def test_serve_keeps_a_search_index_that_follows_edits(served):
    project, base, log = served
    entry = lambda prefix: get(base + prefix + "pagefind/pagefind-entry.json")  # names the index's current files
    assert wait_for(lambda: entry("")[0] == entry("fr/")[0] == 200)
    english, french = entry("")[1], entry("fr/")[1]
    article = project / "articles/how-to/flush-the-cache.fr.md"
    article.write_text(article.read_text("utf-8") + "\nUne étape de plus : quokka.\n", "utf-8")
    assert wait_for(lambda: "quokka" in get(base + "fr/how-to/flush-the-cache/")[1])
    assert wait_for(lambda: entry("fr/")[1] not in ("", french))  # indexed again, after the page was served
    assert entry("")[1] == english  # the English pages were not rebuilt
    assert "Traceback" not in log.read_text("utf-8", "replace")


def test_serve_shows_an_articles_findings_at_the_top_of_its_page(served):
    project, base, log = served
    status, page = get(base + "hostile/yaml-syntax/a/")
    assert status == 200 and 'class="admonition failure kb-findings"' in page and "KB104" in page
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        path = project / f"articles/how-to/flush-the-cache.{lang}.md"
        path.write_text(path.read_text("utf-8") + "\nSee [the guide](missing-guide.md).\n", "utf-8")
    assert wait_for(lambda: "kb-findings" in get(base + "fr/how-to/flush-the-cache/")[1])
    english, french = get(base + "how-to/flush-the-cache/")[1], get(base + "fr/how-to/flush-the-cache/")[1]
    box = english[english.index("kb-findings"):english.index("kb-findings__note")]
    assert "articles/how-to/flush-the-cache.en.md" in box and "KB401" in box and "missing-guide.md" in box
    assert "<th>Line</th>" in box and "A link points to a page that does not exist." in box
    assert english.index("kb-findings") < english.index("<h1")  # at the top of the article
    box = french[french.index("kb-findings"):french.index("kb-findings__note")]
    assert "articles/how-to/flush-the-cache.fr.md" in box and "<th>Ligne</th>" in box and "<th>Règle</th>" in box
    assert "kb-findings" not in get(base + "how-to/enable-maintenance-mode/")[1]  # no findings, no box


def test_a_title_edited_in_serve_reaches_every_page_that_shows_it(served):
    project, base, log = served
    path = project / "articles/how-to/enable-maintenance-mode.en.md"
    path.write_text(path.read_text("utf-8").replace("Enable maintenance mode", "Switch on maintenance mode"), "utf-8")
    assert wait_for(lambda: "Switch on maintenance mode" in get(base + "how-to/enable-maintenance-mode/")[1])
    for neighbour in ("how-to/flush-the-cache/", "how-to/"):  # its folder's navigation, the folder's landing page
        assert "Switch on maintenance mode" in get(base + neighbour)[1], neighbour
    assert "Switch on maintenance mode" not in get(base + "troubleshooting/cron-job-stuck-in-running-status/")[1]
    assert "--dirty" not in log.read_text("utf-8") and "Traceback" not in log.read_text("utf-8")


def test_dirty_serve_behaves_as_plain_serve(served_dirty):
    """``--dirty`` is no longer needed: the build decides what to build again, and the navigation follows."""
    project, base, log = served_dirty
    path = project / "articles/how-to/enable-maintenance-mode.en.md"
    path.write_text(path.read_text("utf-8").replace("Enable maintenance mode", "Switch on maintenance mode"), "utf-8")
    assert wait_for(lambda: "Switch on maintenance mode" in get(base + "how-to/flush-the-cache/")[1])


def test_serve_starts_from_the_cache_and_serves_what_a_clean_serve_would(tmp_path):
    """A second serve on the same address keeps what the first built, builds what changed meanwhile and in
    it, and serves the same files as a serve that reuses nothing."""
    project, port = copy_sample(tmp_path / "project"), free_port()
    first = serve(tmp_path, project=project, port=port, log_name="first.log")
    next(first)
    first.close()
    path = project / "articles/how-to/flush-the-cache.fr.md"
    path.write_text(path.read_text("utf-8").replace("# Vider le cache", "# Vider le cache\n\nEn votre absence."),
                    "utf-8")
    second = serve(tmp_path, project=project, port=port, log_name="second.log")
    _, base, log = next(second)
    try:
        text = log.read_text("utf-8")
        assert "kept as they are: en, de, ja" in text and re.search(r"kb: fr: \d+ pages? built", text), text
        assert "En votre absence." in get(base + "fr/how-to/flush-the-cache/")[1]
        builds = log.read_text("utf-8").count("Documentation built in")
        titled = project / "articles/how-to/enable-maintenance-mode.en.md"
        titled.write_text(titled.read_text("utf-8").replace("Enable maintenance mode", "Switch on maintenance"),
                          "utf-8")
        assert wait_for(lambda: log.read_text("utf-8").count("Documentation built in") > builds)
        assert "Switch on maintenance" in get(base + "how-to/flush-the-cache/")[1]
        reused = pages_of(served_site(log))
    finally:
        second.close()
    set_plugin_option(project, "build_cache", "false")
    clean = serve(tmp_path, project=project, port=port, log_name="clean.log")
    _, base, log = next(clean)
    try:
        fresh = pages_of(served_site(log))
    finally:
        clean.close()
    assert sorted(reused) == sorted(fresh)
    assert [path for path in fresh if reused[path] != fresh[path]] == []
