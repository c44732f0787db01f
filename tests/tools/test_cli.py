"""``kb check``: output formats, exit codes, and no traceback on broken input."""

import json
import re
import subprocess

import pytest
from helpers import REPO, run_kb, write
from kbsite.core.diagnostics import catalogue
from kbsite.tools.cli import main

BROKEN = "---\ntitle: Flush the cache\ndescription: a: b\nexl-id: 8f1c2b7e-5d4a-4c3b-9e2f-1a0b9c8d7e6f\n---\n\n# Flush the cache\n"


def break_one(project):
    path = "articles/how-to/flush-the-cache.en.md"
    write(project, path, BROKEN)
    return path


def test_clean_sample_exits_zero(sample_project):
    result = run_kb("check", cwd=sample_project)
    assert result.returncode == 0, result.stdout + result.stderr
    sources = [*(sample_project / "articles").rglob("*.md"), *(sample_project / "docs").glob("*.md")]
    assert result.stdout.strip().endswith(f"0 errors, 0 warnings in 0 files ({len(sources)} checked)")


def test_broken_front_matter_prints_file_and_line_and_exits_1(sample_project, tmp_path):
    path = break_one(sample_project)
    result = run_kb("check", str(sample_project), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert path in result.stdout
    assert "3:15  error    KB104 yaml-syntax" in result.stdout


def test_json_format(sample_project):
    break_one(sample_project)
    result = run_kb("check", "--format", "json", cwd=sample_project)
    data = json.loads(result.stdout)
    assert result.returncode == 1
    first = data["diagnostics"][0]
    assert first.pop("message").startswith("YAML syntax error: ")  # then PyYAML's own words
    assert first == {
        "path": "articles/how-to/flush-the-cache.en.md", "line": 3, "column": 15, "code": "KB104",
        "rule": "yaml-syntax", "severity": "error", "baselined": False,
    }
    assert data["summary"]["errors"] == len([d for d in data["diagnostics"] if d["severity"] == "error"])
    assert data["summary"]["by_rule"]["KB104"] == {"name": "yaml-syntax", "count": 1}
    findings = [line for line in result.stdout.splitlines() if line.startswith('    {"path": ')]
    assert [json.loads(line.rstrip(",")) for line in findings] == json.loads(result.stdout)["diagnostics"]  # one a line


def test_json_format_without_findings(sample_project):
    result = run_kb("check", "--format", "json", cwd=sample_project)
    assert result.returncode == 0 and json.loads(result.stdout)["diagnostics"] == []


def test_github_format_escapes_properties(sample_project):
    break_one(sample_project)
    result = run_kb("check", "--format", "github", cwd=sample_project)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=articles/how-to/flush-the-cache.en.md,line=3,col=15,title=KB104 yaml-syntax::YAML syntax error"
    )
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_warnings_only_exit_zero(sample_project):
    (sample_project / "articles/how-to/flush-the-cache.fr.md").unlink()
    result = run_kb("check", cwd=sample_project)
    assert result.returncode == 0
    assert "KB301 missing-translation" in result.stdout


def test_path_inside_articles_narrows_the_report(sample_project):
    break_one(sample_project)
    assert main(["check", "--config", str(sample_project / "mkdocs.yml"),
                 str(sample_project / "articles/troubleshooting")]) == 0
    assert main(["check", "--config", str(sample_project / "mkdocs.yml"),
                 str(sample_project / "articles/how-to")]) == 1


@pytest.mark.parametrize("args", [["check", "/no/such/folder"], ["frobnicate"], ["check", "--format", "xml"]])
def test_usage_errors_exit_2(args, tmp_path):
    result = run_kb(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_broken_configuration_exits_2(sample_project):
    (sample_project / "mkdocs.yml").write_text("plugins: [kb\n")
    result = run_kb("check", cwd=sample_project)
    assert result.returncode == 2
    assert "configuration error" in result.stderr and "Traceback" not in result.stderr


def test_console_script_is_installed():
    kb = REPO / ".venv" / "bin" / "kb"
    result = subprocess.run([str(kb) if kb.exists() else "kb", "check", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--format" in result.stdout


GCC_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<level>error|warning|note): "
                      r"(?P<code>KB\d{3}) (?P<name>[a-z0-9-]+): (?P<message>.+)$")


def test_gcc_format_is_one_finding_a_line(sample_project):
    path = break_one(sample_project)
    write(sample_project, "articles/how-to/enable-maintenance-mode.en.md",
          (sample_project / "articles/how-to/enable-maintenance-mode.en.md").read_text("utf-8")
          + "\nSee [x](missing.md).\n")
    result = run_kb("check", "--format", "gcc", cwd=sample_project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    parsed = [GCC_LINE.match(line) for line in lines]
    assert lines and all(parsed), lines
    found = {(m["path"], m["line"], m["column"], m["level"], m["code"]) for m in parsed}
    assert (path, "3", "15", "error", "KB104") in found
    assert any(m["code"] == "KB401" and m["path"].endswith("enable-maintenance-mode.en.md") for m in parsed)


def sarif_of(project, *args):
    result = run_kb("check", "--format", "sarif", *args, cwd=project)
    return result, json.loads(result.stdout)


def test_sarif_has_what_github_code_scanning_requires(sample_project):
    config = sample_project / "mkdocs.yml"
    config.write_text("site_url: https://kb.example.com/support/\n" + config.read_text("utf-8"), "utf-8")
    path = break_one(sample_project)
    result, log = sarif_of(sample_project)
    assert result.returncode == 1
    # The fields GitHub code scanning requires (no SARIF 2.1.0 schema ships in a well-kept PyPI package).
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] and driver["version"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == set(catalogue())
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert rules["KB104"]["helpUri"] == "https://kb.example.com/support/rules/#kb104"
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == sample_project.resolve().as_uri() + "/"
    results = run["results"]
    assert results
    for found in results:
        assert driver["rules"][found["ruleIndex"]]["id"] == found["ruleId"]
        assert found["level"] in ("error", "warning", "note") and found["message"]["text"]
        [location] = found["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "PROJECTROOT"
        assert not physical["artifactLocation"]["uri"].startswith("/")
        assert physical["region"]["startLine"] >= 1
        assert found["partialFingerprints"]["kbFingerprint/v1"]
    broken = next(r for r in results if r["ruleId"] == "KB104")
    location = broken["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == path and location["region"] == {"startLine": 3, "startColumn": 15}
    assert "baselineState" not in broken  # no baseline, no baseline states


def test_sarif_and_json_mark_baselined_findings(sample_project):
    break_one(sample_project)
    assert run_kb("check", "--write-baseline", cwd=sample_project).returncode == 0
    write(sample_project, "articles/how-to/enable-maintenance-mode.en.md",
          (sample_project / "articles/how-to/enable-maintenance-mode.en.md").read_text("utf-8")
          + "\nSee [x](missing.md).\n")
    result, log = sarif_of(sample_project)
    assert result.returncode == 1 and "recorded in kb-baseline.json not shown" in result.stderr
    states = {(r["ruleId"], r["baselineState"]) for r in log["runs"][0]["results"]}
    assert ("KB104", "unchanged") in states and ("KB401", "new") in states
    data = json.loads(run_kb("check", "--format", "json", cwd=sample_project).stdout)
    marked = {(d["code"], d["baselined"]) for d in data["diagnostics"]}
    assert ("KB104", True) in marked and ("KB401", False) in marked
    assert data["summary"]["errors"] == 1 and data["summary"]["baselined"] >= 1


def test_write_baseline_refuses_a_part_of_the_project(sample_project):
    result = run_kb("check", "--write-baseline", "articles/how-to", cwd=sample_project)
    assert result.returncode == 2 and "records the whole project" in result.stderr
