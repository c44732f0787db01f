"""Translation status from git history, from source hashes, and kb translations."""

import json
import subprocess

import pytest
from helpers import article, run_kb, write
from kbsite.core.knowledge_base import load_knowledge_base
from kbsite.core.settings import load_settings
from kbsite.translations.status import translation_report

EN = "articles/how-to/flush.en.md"
FR = "articles/how-to/flush.fr.md"


def git(project, *args) -> str:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout.strip()


def status(project):
    report = translation_report(load_knowledge_base(load_settings(project / "mkdocs.yml")))
    [found] = [s for s in report.statuses if s.key == "how-to/flush"]
    return found


@pytest.fixture
def repository(empty_project):
    """A git checkout with an English article, committed."""
    git(empty_project, "init", "-q")
    git(empty_project, "config", "user.email", "t@example.com")
    git(empty_project, "config", "user.name", "Test")
    write(empty_project, EN, article())
    git(empty_project, "add", "-A")
    git(empty_project, "commit", "-qm", "English")
    return empty_project


def translate(project, commit, extra=""):
    write(project, FR, article(extra=f"source-git-commit: {commit}\nworkflow-type: human\nht-degree: 100%\n{extra}"))
    git(project, "add", "-A")
    git(project, "commit", "-qm", "French")


def test_fresh_then_stale_after_the_english_changes(repository):
    english_commit = git(repository, "rev-parse", "HEAD")
    translate(repository, english_commit)
    assert status(repository).state == "translated"
    write(repository, EN, article(body="# Flush the cache\n\nNew paragraph.\n"))
    assert status(repository).state == "stale"
    assert status(repository).detail == "the English source has uncommitted changes"
    git(repository, "commit", "-qam", "English edit")
    found = status(repository)
    assert (found.state, found.detail) == ("stale", f"the English source changed in 1 commit since {english_commit[:12]}")


def test_a_source_edit_outside_title_description_and_body_leaves_translations_fresh(repository):
    """A reviewer sets last-reviewed: on the English article (KB118 asks for it): nothing to translate."""
    translate(repository, git(repository, "rev-parse", "HEAD"))
    write(repository, EN, article(extra="last-reviewed: 2024-12-05\n"))
    assert status(repository).state == "translated"  # uncommitted
    git(repository, "commit", "-qam", "Reviewed")
    assert status(repository).state == "translated"
    write(repository, EN, article(extra="last-reviewed: 2024-12-05\n", body="# Flush the cache\n\nChanged.\n"))
    git(repository, "commit", "-qam", "Edited")
    assert status(repository).state == "stale"


def test_source_commit_that_did_not_touch_the_file(repository):
    write(repository, "docs/other.md", "# Other\n")
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "unrelated")
    translate(repository, git(repository, "rev-parse", "HEAD"))  # a later commit: the source was as it is
    assert status(repository).state == "translated"


def test_unknown_source_commit_is_reported(repository):
    translate(repository, "2aeb2355b74d1cdfc62b5e7c5aa04fcd0a654733")
    found = status(repository)
    assert found.state == "unknown-source" and "is not a commit of this repository" in found.detail


def test_hash_fallback_without_git(empty_project):
    write(empty_project, EN, article())
    write(empty_project, FR, article(extra="workflow-type: tm+mt\nht-degree: 0%\n"))
    assert status(empty_project).state == "unknown-source"
    result = run_kb("translations", "--stamp", FR, cwd=empty_project)
    assert result.returncode == 0 and result.stdout.strip() == f"stamped {FR}"
    assert "source-hash: sha256:" in (empty_project / FR).read_text("utf-8")
    assert "workflow-type: tm+mt\nht-degree: 0%\n" in (empty_project / FR).read_text("utf-8")  # kept as written
    found = status(empty_project)
    assert (found.state, found.machine_translated) == ("machine-translated", True)
    write(empty_project, EN, article(body="# Flush the cache\n\nChanged.\n"))
    found = status(empty_project)
    assert (found.state, found.machine_translated) == ("stale", True)


def test_stamp_handles_a_byte_order_mark_and_reports_what_it_cannot_stamp(empty_project):
    write(empty_project, EN, article())
    write(empty_project, "articles/how-to/other.en.md", article(title="Other", exl_id="0e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"))
    (empty_project / FR).write_bytes(b"\xef\xbb\xbf" + article(extra="ht-degree: 100%\n").encode("utf-8"))
    broken = "articles/how-to/other.fr.md"
    write(empty_project, broken, "---\ntitle: [broken\n---\n\n# Autre\n")
    result = run_kb("translations", "--stamp", FR, broken, cwd=empty_project)
    assert result.returncode == 1 and result.stdout.strip() == f"stamped {FR}"
    assert f"not stamped: {broken}: its front matter cannot be read" in result.stderr
    assert status(empty_project).state == "translated"
    assert (empty_project / broken).read_text("utf-8") == "---\ntitle: [broken\n---\n\n# Autre\n"


def test_stamp_in_git_records_the_last_commit_of_the_source(repository):
    write(repository, FR, article(extra="workflow-type: human\nht-degree: 100%\n"))
    result = run_kb("translations", "--stamp", FR, cwd=repository)
    assert result.returncode == 0, result.stderr
    text = (repository / FR).read_text("utf-8")
    assert f"source-git-commit: {git(repository, 'rev-parse', 'HEAD')}" in text
    assert status(repository).state == "translated"


def test_missing_stale_and_draft(empty_project):
    write(empty_project, EN, article())
    assert status(empty_project).state == "missing"
    write(empty_project, FR, article(extra="workflow-type: human\nht-degree: 0%\nsource-hash: sha256:" + "0" * 64 + "\n"))
    assert status(empty_project).state == "stale"
    assert run_kb("translations", "--stamp", FR, cwd=empty_project).returncode == 0  # now up to date, still 0% done
    assert status(empty_project).state == "draft"


def test_command_counts(empty_project):
    write(empty_project, EN, article())
    write(empty_project, "articles/how-to/other.en.md", article(title="Other", exl_id="0e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"))
    write(empty_project, FR, article(extra="workflow-type: tm+mt\nht-degree: 0%\n"))
    run_kb("translations", "--stamp", FR, cwd=empty_project)
    result = run_kb("translations", "--format", "json", cwd=empty_project)
    data = json.loads(result.stdout)
    assert data["method"] == "source-hash"
    assert data["totals"]["fr"] == {"missing": 1, "machine-translated": 1, "any-mt": 1}
    text = run_kb("translations", cwd=empty_project).stdout
    assert "missing (1):\n  fr  articles/how-to/other.en.md" in text
    bad = run_kb("translations", "--stamp", EN, cwd=empty_project)
    assert bad.returncode == 2 and "not a translation" in bad.stderr
