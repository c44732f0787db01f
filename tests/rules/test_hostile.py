"""The hostile corpus: every case reported, nothing injected, nothing lost, same output every time."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from helpers import SAMPLE_LANGUAGES, mkdocs_build, page, run_kb, search_index, site_files
from hostile_cases import CASES, MARKER, write_project
from kbsite.qpt.metadata import bundled_directory
from kbsite.tools.cli import main

SCRIPT_SOURCES = re.compile(r"(^|/)assets/(javascripts/|kb/)")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    project = write_project(root, bundled_directory())
    check = run_kb("check", "--format", "json", cwd=project)
    build = mkdocs_build(project, root / "site", strict=False)
    return {"project": project, "site": root / "site", "check": check, "build": build,
            "diagnostics": json.loads(check.stdout)["diagnostics"]}


def test_no_traceback_anywhere(hostile):
    for result in (hostile["check"], hostile["build"]):
        assert "Traceback" not in result.stdout + result.stderr
    assert hostile["check"].returncode == 1
    assert hostile["build"].returncode == 0, hostile["build"].stderr[-3000:]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case_is_reported_with_file_line_and_code(hostile, case):
    found = {(d["code"], d["path"]): d for d in hostile["diagnostics"]}
    for code, path, line in case.expect:
        matches = [d for d in hostile["diagnostics"] if d["code"] == code and d["path"] == path]
        assert matches, f"no {code} for {path}; got {sorted(k for k in found if k[1] == path)}"
        if line is not None:
            assert line in [d["line"] for d in matches], [d["message"] for d in matches]
        assert all(d["severity"] in ("error", "warning") for d in matches)  # so --strict fails


STRICT_SAMPLE = ["yaml-tab", "byte-order-mark", "symlink-outside", "script-inline", "unknown-tag", "deep-quotes"]


@pytest.mark.parametrize("name", STRICT_SAMPLE)
def test_a_case_alone_fails_kb_check_strict(hostile, name, capsys):
    """Every case has an error or a warning (asserted above); here the command itself, case by case."""
    case = next(c for c in CASES if c.name == name)
    config, scope = hostile["project"] / "mkdocs.yml", hostile["project"] / case.folder
    assert main(["check", "--strict", "--config", str(config), str(scope)]) == 1
    assert f"{case.expect[0][0]}" in capsys.readouterr().out


def test_build_log_names_the_article_problems(hostile):
    """Each expected diagnostic has its own log line: ``LEVEL   -  kb: path[:line[:column]]: CODE message``."""
    log = hostile["build"].stderr
    for case in CASES:
        for code, path, line in case.expect:
            if path.startswith("articles/"):
                where = rf":{line}(:\d+)?" if line is not None else r"(:\d+){0,2}"
                assert re.search(rf"^[A-Z]+ +-  kb: {re.escape(path)}{where}: {code} ", log, re.M), (case.name, code, path)


def test_strict_build_fails_cleanly(hostile, tmp_path):
    result = mkdocs_build(hostile["project"], tmp_path / "strict", strict=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Aborted with" in output and "Traceback" not in output


def _elements(site):
    for path in sorted(site.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text("utf-8", errors="replace"), "html.parser")


def test_nothing_injected_in_any_page(hostile):
    site = hostile["site"]
    checked = 0
    for path, html in _elements(site):
        checked += 1
        for script in html.find_all("script"):
            source = script.get("src")
            assert source is None or SCRIPT_SOURCES.search(source), (path, source)
            assert MARKER not in (script.string or ""), (path, script)
        for element in html.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (path, element.name, name)
                text = " ".join(value) if isinstance(value, list) else str(value)
                if name in ("href", "src", "action", "formaction"):
                    assert not re.match(r"\s*(javascript|vbscript|data):", text, re.I), (path, name, text)
        content = html.select_one("article.md-content__inner")
        if content is not None:  # the page itself has Material's search form and icons; articles may not
            for tag in ("iframe", "object", "embed", "svg", "style", "form", "input", "script"):
                assert content.find(tag) is None or content.find(tag).find_parent(class_="kb-grid"), (path, tag)
    assert checked > 100


def test_hostile_text_is_shown_escaped(hostile):
    site = hostile["site"]
    title = (site / "hostile/title-script/a/index.html").read_text("utf-8")
    assert '&lt;script&gt;alert("KBX")&lt;/script&gt;' in title.replace("&#34;", '"').replace("&quot;", '"')
    description = page(site, "hostile/description-breakout/a")
    assert description.select_one('meta[name=description]')["content"].startswith('"><img src=x onerror=')
    placeholder = (site / "hostile/unknown-tag/a/index.html").read_text("utf-8")
    assert "Replace &lt;project_id&gt; with your project." in placeholder
    row = page(site, "patches").select_one("tr#MDVA-40399")  # the metadata's description, as the grid shows it
    assert row.select("th, td")[2].get_text() == f'Fixes "invoices" </script><script>alert("{MARKER}")</script> \'quoted\''


def test_json_outputs_stay_data(hostile):
    site = hostile["site"]
    for lang in SAMPLE_LANGUAGES:
        for entry in search_index(site, "" if lang == SAMPLE_LANGUAGES[0] else f"{lang}/").values():
            assert "<script" not in entry["content"]
    # A title is data in the index (search.js shows it as text), as in patches.json below.
    assert search_index(site)["/hostile/title-script/a/"]["meta"]["title"] == 'Hostile <script>alert("KBX")</script> title'
    patches = json.loads((site / "patches/patches.json").read_text("utf-8"))
    assert any(MARKER in p["description"] for p in patches["patches"])  # data, as it is


def test_nothing_lost(hostile):
    """Every article file is published or named by a diagnostic."""
    project, site = hostile["project"], hostile["site"]
    named = {d["path"] for d in hostile["diagnostics"]}
    for source in sorted((project / "articles").rglob("*")):
        if source.is_dir() and not source.is_symlink() or source.suffix != ".md" and not source.is_symlink():
            continue
        relative = source.relative_to(project).as_posix()
        match = re.match(rf"articles/(.+)\.({'|'.join(SAMPLE_LANGUAGES)})\.md$", relative)
        published = False
        if match and not source.is_symlink():
            prefix = "" if match[2] == "en" else f"{match[2]}/"
            published = (site / prefix / match[1] / "index.html").is_file()
        assert published or relative in named, relative


def test_two_builds_are_identical(hostile, tmp_path):
    again = mkdocs_build(hostile["project"], tmp_path / "again", strict=False)
    assert again.returncode == 0
    first, second = site_files(hostile["site"]), site_files(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
