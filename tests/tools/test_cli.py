"""``kb check``: output formats, exit codes, and no traceback on broken input."""

import json
import subprocess

import pytest
from helpers import REPO, run_kb, write
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
        "rule": "yaml-syntax", "severity": "error",
    }
    assert data["summary"]["errors"] == len([d for d in data["diagnostics"] if d["severity"] == "error"])
    assert data["summary"]["by_rule"]["KB104"] == {"name": "yaml-syntax", "count": 1}


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
