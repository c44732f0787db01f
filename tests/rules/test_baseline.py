"""The baseline: known findings are counted, not reported; their identity survives lines moving."""

import json

import pytest
from helpers import rewrite_body
from kbsite.core.settings import load_settings
from kbsite.environment import open_environment
from kbsite.tools.cli import main

PATH = "articles/how-to/flush-the-cache.en.md"
BROKEN_LINK = "See [the guide](missing-guide.md).\n"


def outcome(project):
    return open_environment(load_settings(project / "mkdocs.yml")).check()


def with_body(project, body):
    rewrite_body(project, PATH, body)


def write_baseline(project, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["check", "--write-baseline"]) == 0
    return json.loads((project / "kb-baseline.json").read_text("utf-8"))


def test_baselined_findings_are_counted_not_reported(sample_project, monkeypatch):
    with_body(sample_project, BROKEN_LINK + "\n" + BROKEN_LINK)
    assert [d.code for d in outcome(sample_project).reported] == ["KB401", "KB401"]
    data = write_baseline(sample_project, monkeypatch)
    assert [(e["path"], e["code"], e["count"]) for e in data["findings"]] == [(PATH, "KB401", 2)]
    found = outcome(sample_project)
    assert found.reported == [] and len(found.baselined) == 2
    assert main(["check"]) == 0


def test_identity_survives_lines_moving_above_and_within(sample_project, monkeypatch):
    with_body(sample_project, "Intro.\n\n" + BROKEN_LINK)
    write_baseline(sample_project, monkeypatch)
    text = (sample_project / PATH).read_text("utf-8")
    front_matter_end = text.index("---\n", 4) + 4
    moved = text[:front_matter_end] + "\n\n" + text[front_matter_end:].replace("Intro.", "Intro.\n\nMore words.")
    (sample_project / PATH).write_text(moved, "utf-8")
    found = outcome(sample_project)
    assert found.reported == [] and [d.code for d in found.baselined] == ["KB401"]
    assert found.baselined[0].line == 17  # four lines down from 13


def test_a_third_identical_finding_is_new(sample_project, monkeypatch):
    with_body(sample_project, BROKEN_LINK + "\n" + BROKEN_LINK)
    write_baseline(sample_project, monkeypatch)
    with_body(sample_project, BROKEN_LINK + "\n" + BROKEN_LINK + "\n" + BROKEN_LINK)
    found = outcome(sample_project)
    assert len(found.baselined) == 2 and [(d.code, d.line) for d in found.reported] == [("KB401", 15)]


def test_fixed_entries_are_reported_as_a_count_not_an_error(sample_project, monkeypatch, capsys):
    with_body(sample_project, BROKEN_LINK + "\n" + BROKEN_LINK)
    write_baseline(sample_project, monkeypatch)
    with_body(sample_project, BROKEN_LINK)
    capsys.readouterr()
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "1 finding recorded in kb-baseline.json not shown" in out
    assert "1 baselined finding is fixed; run kb check --write-baseline to drop it" in out
    assert outcome(sample_project).fixed_count == 1


def test_another_line_text_is_another_finding(sample_project, monkeypatch):
    path = with_heading(sample_project, "# Flush the cache", "# Flush the caches")
    write_baseline(sample_project, monkeypatch)
    assert outcome(sample_project).reported == []
    with_heading(sample_project, "# Flush the caches", "# Flush all caches")
    assert [d.code for d in outcome(sample_project).reported] == ["KB202"]
    assert path.is_file()


def with_heading(project, old, new):
    path = project / PATH
    path.write_text(path.read_text("utf-8").replace(f"\n{old}\n", f"\n{new}\n"), "utf-8")
    return path


def test_baseline_option_names_another_file(sample_project, monkeypatch):
    config = sample_project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      articles_dir: articles\n", "      articles_dir: articles\n      baseline: ci/known.json\n"), "utf-8")
    with_body(sample_project, BROKEN_LINK)
    monkeypatch.chdir(sample_project)
    assert main(["check", "--write-baseline"]) == 0
    assert (sample_project / "ci/known.json").is_file() and not (sample_project / "kb-baseline.json").exists()
    assert main(["check"]) == 0


@pytest.mark.parametrize("content, line", [
    ('{"kb-baseline": 1,\n "findings": [\n', 3),
    ('{"kb-baseline": 1, "findings": [{"path": "x"}]}', 0),
    ('[]', 0),
])
def test_an_unreadable_baseline_is_an_error_and_knows_nothing(sample_project, content, line):
    with_body(sample_project, BROKEN_LINK)
    (sample_project / "kb-baseline.json").write_text(content, "utf-8")
    found = outcome(sample_project)
    assert [(d.code, d.path, d.line) for d in found.reported] == [("KB401", PATH, 11), ("KB903", "kb-baseline.json", line)]
    assert found.baselined == []
