"""The real en+fr knowledge base, imported: with a baseline, kb check and the strict build pass on day one,
stay green when lines move, and fail on a new problem only."""

import json
import re
import shutil

import pytest
from helpers import REPO, mkdocs_build, run_kb

EDITED = "how-to/general/change-magento-admin-url-on-cloud.en.md"  # has a known broken anchor (KB402)
NEW_PROBLEM = "how-to/general/cannot-access-the-latest-beta-version.en.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory, corpus):
    project = tmp_path_factory.mktemp("corpus-baseline") / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    imported = run_kb("import-exl", "--lang", f"en={corpus / 'exl-kb/en'}", "--lang", f"fr={corpus / 'exl-kb/fr'}",
                      cwd=project)
    assert imported.returncode == 0, imported.stderr
    before = run_kb("check", cwd=project)
    assert before.returncode == 1  # the real corpus has errors: without a baseline nobody could switch checks on
    written = run_kb("check", "--write-baseline", cwd=project)
    assert written.returncode == 0, written.stderr
    return project


def baselined_codes(project, path):
    data = json.loads((project / "kb-baseline.json").read_text("utf-8"))
    return {entry["code"] for entry in data["findings"] if entry["path"] == f"articles/{path}"}


def test_check_passes_on_the_baselined_corpus(project):
    result = run_kb("check", cwd=project)
    assert result.returncode == 0, result.stdout[-2000:]
    assert re.search(r"^[\d,]+ findings recorded in kb-baseline\.json not shown$", result.stdout, re.MULTILINE)
    assert re.search(r"^0 errors, 0 warnings in 0 files \(\d{4} checked\)$", result.stdout, re.MULTILINE)


def test_moved_lines_keep_check_and_the_strict_build_green(project, tmp_path):
    assert "KB402" in baselined_codes(project, EDITED)
    path = project / "articles" / EDITED
    text = path.read_text("utf-8")
    end = text.index("\n---\n", 3) + len("\n---\n")
    path.write_text(text[:end] + "\n\n" + text[end:], "utf-8")
    check = run_kb("check", "--strict", cwd=project)
    assert check.returncode == 0, check.stdout[-2000:]
    build = mkdocs_build(project, tmp_path / "site", strict=True)
    assert build.returncode == 0, build.stderr[-3000:]
    assert "WARNING" not in build.stderr and "contains a link" not in build.stderr
    assert (tmp_path / "site" / EDITED.removesuffix(".en.md") / "index.html").is_file()


def test_a_new_broken_link_fails_and_is_the_only_finding_reported(project):
    path = project / "articles" / NEW_PROBLEM
    text = path.read_text("utf-8")
    try:
        path.write_text(text + "\nSee [the new guide](no-such-guide.md).\n", "utf-8")
        result = run_kb("check", "--format", "gcc", cwd=project)
        assert result.returncode == 1
        lines = result.stdout.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"articles/{NEW_PROBLEM}:")
        assert "error: KB401 broken-link: 'no-such-guide.md' not found" in lines[0]
    finally:
        path.write_text(text, "utf-8")
