"""When articles were last updated and reviewed: front matter, else one pass over git's history."""

import subprocess
from datetime import date

import pytest
from helpers import article, git_commit, mkdocs_build, page, sample_without_dates, set_plugin_option, write
from kbsite.core.settings import load_settings
from kbsite.environment import open_environment
from kbsite.rules import run_checks
from kbsite.translations import git as git_module

MDVA = "qpt-patches/mdva-40399-partial-invoices-created-simultaneously-via-api"


@pytest.fixture
def project(tmp_path):
    """The sample in a git repository: everything committed on 2024-03-01, one article edited on 2024-06-15."""
    root = sample_without_dates(tmp_path / "project")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    git_commit(root, "Import the knowledge base", "2024-03-01")
    source = root / "articles" / "how-to" / "flush-the-cache.en.md"
    source.write_text(source.read_text("utf-8") + "\nOne more step.\n", "utf-8")
    git_commit(root, "Flush the cache: one more step", "2024-06-15")
    return root


def history_of(root):
    return open_environment(load_settings(root / "mkdocs.yml")).history


def by_key(history, kb_key, lang="en"):
    return next(day for path, day in history.updated.items() if path.endswith(f"{kb_key}.{lang}.md"))


def test_the_date_comes_from_the_newest_commit_that_changed_the_file(project):
    history = history_of(project)
    assert by_key(history, "how-to/flush-the-cache") == date(2024, 6, 15)
    assert by_key(history, "how-to/flush-the-cache", "fr") == date(2024, 3, 1)
    assert history.today == date(2024, 6, 15)  # the newest day recorded, not the clock


def test_a_file_name_beyond_ascii_has_its_date(project):
    """git quotes such names in its output unless told otherwise: the file would have had no date."""
    (project / "articles" / "how-to" / "café.en.md").write_text(
        (project / "articles" / "how-to" / "flush-the-cache.en.md").read_text("utf-8"), "utf-8")
    git_commit(project, "Café", "2024-07-01")
    assert by_key(history_of(project), "how-to/café") == date(2024, 7, 1)


def test_front_matter_last_update_wins_over_git(project):
    path = project / "articles" / "how-to" / "enable-maintenance-mode.en.md"
    path.write_text(path.read_text("utf-8").replace("---\n", "---\nlast-update: 2023-01-31\n", 1), "utf-8")
    assert by_key(history_of(project), "how-to/enable-maintenance-mode") == date(2023, 1, 31)


def test_one_git_log_for_the_whole_knowledge_base(project, monkeypatch):
    calls = []
    real = subprocess.run

    def counted(args, *rest, **options):
        calls.append(args)
        return real(args, *rest, **options)

    monkeypatch.setattr(git_module.subprocess, "run", counted)
    history = history_of(project)
    assert len(history.updated) >= 40
    assert [args[3] for args in calls if args[:3] == ["git", "-c", "core.quotePath=false"]].count("log") == 1


def test_without_git_there_is_no_date_but_the_front_matters(tmp_path):
    root = sample_without_dates(tmp_path / "project")
    path = root / "articles" / "how-to" / "flush-the-cache.en.md"
    path.write_text(path.read_text("utf-8").replace("---\n", "---\nlast-update: '2024-02-29'\n", 1), "utf-8")
    history = history_of(root)
    assert history.git is None and list(history.updated.values()) == [date(2024, 2, 29)]


def test_an_article_past_its_review_interval_is_an_info_finding(project):
    set_plugin_option(project, "review_interval", 120)  # the others: updated 2024-03-01, due 2024-06-29
    path = project / "articles" / "how-to" / "flush-the-cache.en.md"
    path.write_text(path.read_text("utf-8").replace("---\n", "---\nlast-reviewed: 2024-01-02\n", 1), "utf-8")
    found = [d for d in run_checks(open_environment(load_settings(project / "mkdocs.yml")).context) if d.code == "KB118"]
    assert [d.path for d in found] == ["articles/how-to/flush-the-cache.en.md"]
    assert str(found[0].severity) == "info" and "due for review since 2024-05-01" in found[0].message
    assert found[0].line == 2


def test_a_date_that_is_not_a_date_is_reported(tmp_path):
    root = tmp_path / "project"
    write(root, "mkdocs.yml", "site_name: x\nplugins:\n  - kb\n")
    write(root, "articles/a/b.en.md", article(extra="last-update: last tuesday\n"))
    found = [d for d in run_checks(open_environment(load_settings(root / "mkdocs.yml")).context) if d.code == "KB112"]
    assert found and "'last-update' must be a date such as 2024-12-05" in found[0].message


def test_pages_say_when_in_the_readers_language_and_the_dashboard_lists_reviews_due(project, tmp_path):
    set_plugin_option(project, "review_interval", 30)
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    site = tmp_path / "site"
    shown = {prefix: page(site, prefix + "how-to/flush-the-cache").select_one("article p.kb-updated")
             for prefix in ("", "fr/", "de/", "ja/")}
    assert {prefix: p.time["datetime"] for prefix, p in shown.items()} == {  # each file's own history
        "": "2024-06-15", "fr/": "2024-03-01", "de/": "2024-03-01", "ja/": "2024-03-01"}
    assert shown[""].get_text() == "Last updated: June 15, 2024"
    assert shown["fr/"].get_text() == "Dernière mise à jour : 1 mars 2024"
    assert shown["de/"].get_text() == "Zuletzt aktualisiert: 1. März 2024"
    assert shown["ja/"].get_text() == "最終更新日: 2024年3月1日"
    card = page(site, MDVA).select_one("article h1").find_next_sibling()
    assert "kb-updated" in card["class"] and card.has_attr("data-pagefind-ignore")
    dashboard = page(site, "translations")
    due = dashboard.select_one("#kb-review-due")
    assert due is not None and due.get_text().startswith("Due for review (")
    assert "Flush the cache" not in due.find_next_sibling("ul").get_text()  # updated 2024-06-15: not due


def test_git_names_a_file_by_its_path_in_the_repository_whichever_way_the_path_is_written(tmp_path):
    root = tmp_path / "repo"
    (root / "articles" / "how-to").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (tmp_path / "outside.md").write_text("x", "utf-8")
    (tmp_path / "link").symlink_to(root)
    history = git_module.GitHistory(root)
    top = history.top
    assert history.path_of(top / "articles" / "how-to" / "a.en.md") == "articles/how-to/a.en.md"
    assert history.path_of(tmp_path / "link" / "articles" / "a.en.md") == "articles/a.en.md"  # resolved
    assert history.path_of(tmp_path / "outside.md") is None
    assert history.path_of(tmp_path / "repo-sibling" / "a.md") is None  # a folder whose name starts the same
