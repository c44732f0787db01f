"""mkdocs serve with broken articles: it reports them and keeps serving every page."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from helpers import copy_sample, write
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


def serve(tmp_path, *options):
    """Start ``mkdocs serve`` on a copy of the repository; yield its project, URL and log."""
    project = copy_sample(tmp_path / "project")
    for case in (c for c in CASES if c.name in BROKEN):
        for relative, content in case.files.items():
            write(project, relative, content)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
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
    assert "articles/how-to/enable-maintenance-mode.en.md:2" in log.read_text("utf-8", "replace")
    assert get(base + "how-to/flush-the-cache/")[0] == 200
    assert "Traceback" not in log.read_text("utf-8", "replace")


def test_dirty_serve_marks_a_translation_stale_when_its_source_changes(served_dirty):
    project, base, log = served_dirty
    stale = "La version anglaise de cet article a changé depuis sa traduction."
    status, page = get(base + "fr/how-to/flush-the-cache/")
    assert status == 200 and stale not in page
    article = project / "articles/how-to/flush-the-cache.en.md"
    article.write_text(article.read_text("utf-8") + "\nOne more step.\n", "utf-8")
    assert wait_for(lambda: "One more step." in get(base + "how-to/flush-the-cache/")[1])
    assert wait_for(lambda: stale in get(base + "fr/how-to/flush-the-cache/")[1])
    assert "Traceback" not in log.read_text("utf-8", "replace")


def test_dirty_serve_keeps_a_search_index_that_follows_edits(served_dirty):
    project, base, log = served_dirty
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
