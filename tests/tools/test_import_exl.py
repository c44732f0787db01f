"""kb import-exl: layout, links, assets, sections, redirects, re-runs and atomic writes."""

import kbsite.tools.files
import pytest
import yaml
from exl_trees import make_exl
from helpers import check_project, run_kb
from kbsite.tools.exl.importer import import_exl


@pytest.fixture
def exl(tmp_path):
    return {"en": make_exl(tmp_path / "exl", "en"), "fr": make_exl(tmp_path / "exl", "fr")}


@pytest.fixture
def imported(empty_project, exl):
    report = import_exl(exl, empty_project / "articles", "en")
    return empty_project, report


def test_articles_land_in_our_layout(imported):
    project, report = imported
    names = sorted(p.relative_to(project / "articles").as_posix() for p in (project / "articles").rglob("*.md"))
    assert names == [
        "how-to/general/flush.en.md", "how-to/general/flush.fr.md", "how-to/general/old.en.md", "how-to/general/old.fr.md",
        "overview.en.md", "overview.fr.md",
        "patches/v1-1-4/mdva-40399-invoices.en.md", "patches/v1-1-4/mdva-40399-invoices.fr.md",
    ]
    assert (report.articles["en"], report.articles["fr"], report.pairs) == (4, 4, 4)


def test_links_become_relative_and_resolve(imported):
    project, report = imported
    text = (project / "articles/how-to/general/flush.en.md").read_text("utf-8")
    assert "[the patch](../../patches/v1-1-4/mdva-40399-invoices.md)" in text
    assert "![shot](assets/shot.png)" in text
    assert "[docs](https://experienceleague.adobe.com/docs/commerce-operations/overview.html)" in text
    assert "see /help/not/rewritten.md" in text  # code is left alone
    home = (project / "articles/overview.en.md").read_text("utf-8")
    assert "[flush](how-to/general/flush.md#steps)" in home and "![cover](assets/cover.png)" in home
    assert report.links_rewritten == 2 * 5
    assert [d for d in check_project(project) if d.code.startswith("KB4")] == []


def test_exl_hide_flags_become_ours_and_other_keys_stay(imported):
    project, _ = imported
    text = (project / "articles/how-to/general/old.en.md").read_text("utf-8")
    assert "hidden: true\nunlisted: true\n" in text and "hide:" not in text
    assert "exl-id: 8f1c2b7e-5d4a-4c3b-9e2f-1a0b9c8d7e6f\nfeature: Cache\nrole: Admin\n" in text


def test_assets_are_copied_once_when_identical(imported):
    project, report = imported
    assert (project / "articles/how-to/general/assets/shot.png").read_bytes() == b"\x89PNG same"
    assert not list((project / "articles").rglob("shot.fr.png"))
    assert (report.assets["files"], report.assets["shared"], report.assets["localized"]) == (2, 2, 0)


def test_different_assets_get_a_language_suffix(tmp_path, empty_project):
    sources = {"en": make_exl(tmp_path / "exl", "en"), "fr": make_exl(tmp_path / "exl", "fr", screenshot=b"\x89PNG fr")}
    report = import_exl(sources, empty_project / "articles", "en")
    assert (empty_project / "articles/how-to/general/assets/shot.fr.png").read_bytes() == b"\x89PNG fr"
    assert report.assets["localized"] == 1


def test_toc_becomes_section_titles_and_order(imported):
    project, report = imported
    # A TOC section stands for the folder holding its articles (here how-to/general).
    section = yaml.safe_load((project / "articles/how-to/general/_section.yml").read_text("utf-8"))
    assert section == {"title": {"en": "How-to", "fr": "Guides"}, "order": ["flush", "old"]}
    patches = yaml.safe_load((project / "articles/patches/_section.yml").read_text("utf-8"))
    assert patches["title"] == {"en": "Patches", "fr": "Correctifs"}
    root = yaml.safe_load((project / "articles/_section.yml").read_text("utf-8"))
    assert root["order"] == ["overview", "how-to", "patches"]


def test_redirects(imported):
    project, report = imported
    redirects = yaml.safe_load((project / "articles/_redirects.yml").read_text("utf-8"))
    assert redirects == {
        "how-to/flush-cache": "how-to/general/flush",
        "how-to/10.0-moved": "https://experienceleague.adobe.com/docs/commerce-operations/elsewhere.html",
    }
    assert report.redirects == 2


def test_rerun_changes_nothing_and_keeps_local_edits(imported, exl):
    project, _ = imported
    again = import_exl(exl, project / "articles", "en")
    assert set(again.actions) == {"unchanged"}
    edited = project / "articles/how-to/general/flush.fr.md"
    edited.write_text(edited.read_text("utf-8") + "\nA translator's fix.\n", "utf-8")
    (exl["fr"] / "help/how-to/general/flush.md").write_text("---\ntitle: New upstream\n---\n\n# New upstream\n", "utf-8")
    (exl["en"] / "help/how-to/general/flush.md").write_text("---\ntitle: New upstream\n---\n\n# New upstream\n", "utf-8")
    dry = import_exl(exl, project / "articles", "en", dry_run=True)
    assert dry.kept == ["how-to/general/flush.fr.md"] and dry.actions["updated"] == 1
    assert "New upstream" not in (project / "articles/how-to/general/flush.en.md").read_text("utf-8")  # dry run
    real = import_exl(exl, project / "articles", "en")
    assert real.kept == ["how-to/general/flush.fr.md"]
    assert "A translator's fix." in edited.read_text("utf-8")
    assert "New upstream" in (project / "articles/how-to/general/flush.en.md").read_text("utf-8")
    forced = import_exl(exl, project / "articles", "en", force=True)
    assert forced.kept == [] and "New upstream" in edited.read_text("utf-8")


def test_articles_gone_from_the_source_are_reported_and_pruned_only_when_unchanged(imported, exl):
    project, _ = imported
    for lang in ("en", "fr"):
        (exl[lang] / "help/how-to/general/old.md").unlink()
    edited = project / "articles/how-to/general/old.fr.md"
    edited.write_text(edited.read_text("utf-8") + "\nA local note.\n", "utf-8")
    kept = import_exl(exl, project / "articles", "en")
    assert kept.left == ["how-to/general/old.en.md", "how-to/general/old.fr.md"] and kept.removed == []
    assert (project / "articles/how-to/general/old.en.md").is_file()
    dry = import_exl(exl, project / "articles", "en", prune=True, dry_run=True)
    assert dry.removed == ["how-to/general/old.en.md"] and (project / "articles/how-to/general/old.en.md").is_file()
    pruned = import_exl(exl, project / "articles", "en", prune=True)
    assert pruned.removed == ["how-to/general/old.en.md"]
    assert not (project / "articles/how-to/general/old.en.md").exists() and edited.is_file()
    again = import_exl(exl, project / "articles", "en", prune=True)
    assert again.left == ["how-to/general/old.fr.md"] and again.removed == []


def test_reimporting_one_language_leaves_the_others_alone(imported, exl):
    project, _ = imported
    report = import_exl({"en": exl["en"]}, project / "articles", "en", prune=True)
    assert report.left == [] and (project / "articles/how-to/general/flush.fr.md").is_file()


def test_an_interrupted_write_leaves_the_old_file(imported, exl, monkeypatch):
    project, _ = imported
    (exl["en"] / "help/overview.md").write_text("---\ntitle: Changed\n---\n\n# Changed\n", "utf-8")
    target = project / "articles/overview.en.md"
    before = target.read_bytes()

    def crash(source, destination):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(kbsite.tools.files.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        import_exl(exl, project / "articles", "en")
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_command_line_summary_and_errors(empty_project, exl):
    result = run_kb("import-exl", "--lang", f"en={exl['en']}", "--lang", f"fr={exl['fr']}", cwd=empty_project)
    assert result.returncode == 0, result.stderr
    assert "articles          4 en, 4 fr (4 in every language)" in result.stdout
    assert "redirects         2" in result.stdout
    bad = run_kb("import-exl", "--lang", "en=/nowhere", cwd=empty_project)
    assert bad.returncode == 2 and "no such folder" in bad.stderr and "Traceback" not in bad.stderr
    wrong = run_kb("import-exl", "--lang", f"nl={exl['en']}", cwd=empty_project)
    assert wrong.returncode == 2 and "nl: not a site language" in wrong.stderr
