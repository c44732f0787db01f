"""kb new: patch articles from the QPT metadata, other articles from the troubleshooting template."""

import frontmatter
import pytest
from helpers import SAMPLE_LANGUAGES, check_project, run_kb, set_plugin_option
from kbsite.core.knowledge_base import load_knowledge_base
from kbsite.core.settings import load_settings
from kbsite.translations.status import translation_report


@pytest.fixture
def corpus_project(sample_project, corpus):
    """The sample, with the plugin reading the real corpus' QPT metadata."""
    set_plugin_option(sample_project, "qpt_dir", corpus / "qpt")
    return sample_project


def test_patch_article_from_the_real_metadata(corpus_project):
    result = run_kb("new", "ACSD-60590", "--qpt-version", "1.1.55", cwd=corpus_project)
    assert result.returncode == 0, result.stderr
    created = [line.removeprefix("created ") for line in result.stdout.splitlines()]
    stem = "articles/qpt-patches/acsd-60590-improves-the-performance-of-generating-bestsellers"
    assert created == [f"{stem}.{lang}.md" for lang in SAMPLE_LANGUAGES]  # one file per language, default first
    en, fr = (frontmatter.load(corpus_project / f"{stem}.{lang}.md") for lang in ("en", "fr"))
    assert en["title"] == "ACSD-60590: Improves the performance of generating Bestsellers Aggregated Daily Reports for a large volume of placed orders"
    assert fr["title"].startswith("ACSD-60590 : Improves")
    assert en["description"] == ("The ACSD-60590 patch improves the performance of generating Bestsellers Aggregated "
                                 "Daily Reports for a large volume of placed orders.")
    assert en["exl-id"] == fr["exl-id"] and len(en["exl-id"]) == 36
    assert (fr["workflow-type"], fr["ht-degree"], fr["qpt-version"]) == ("human", "0%", "1.1.55")
    assert fr["source-hash"].startswith("sha256:") and fr["source-wordcount"] > 100
    assert "## Produits et versions concernés" in fr.content and "## Affected products and versions" in en.content
    assert "Adobe Commerce (all deployment methods) 2.4.4 – 2.4.7-p10" in en.content
    assert "vendor/bin/magento-patches apply ACSD-60590" in en.content
    assert "[Le correctif dans la grille des correctifs](../patches.md)" in fr.content
    assert check_project(corpus_project) == []
    report = translation_report(load_knowledge_base(load_settings(corpus_project / "mkdocs.yml")))
    assert next(s for s in report.statuses if s.key.startswith("qpt-patches/acsd-60590")).state == "draft"


def test_refuses_to_overwrite_and_names_what_exists(sample_project):
    first = run_kb("new", "--section", "troubleshooting", "admin-login-loops", cwd=sample_project)
    assert first.returncode == 0, first.stderr
    before = (sample_project / "articles/troubleshooting/admin-login-loops.en.md").read_bytes()
    again = run_kb("new", "--section", "troubleshooting", "admin-login-loops", cwd=sample_project)
    assert again.returncode == 1 and "refusing to overwrite: articles/troubleshooting/admin-login-loops.en.md" in again.stderr
    assert (sample_project / "articles/troubleshooting/admin-login-loops.en.md").read_bytes() == before
    existing = run_kb("new", "MDVA-40399", cwd=sample_project)
    assert existing.returncode == 1 and "MDVA-40399 already has an article" in existing.stderr


def test_article_from_the_troubleshooting_template(sample_project):
    assert run_kb("new", "--section", "troubleshooting", "admin-login-loops", cwd=sample_project).returncode == 0
    en = frontmatter.load(sample_project / "articles/troubleshooting/admin-login-loops.en.md")
    fr = frontmatter.load(sample_project / "articles/troubleshooting/admin-login-loops.fr.md")
    assert en["title"] == "Admin login loops" and en.content.startswith("# Admin login loops")
    assert [line for line in fr.content.splitlines() if line.startswith("## ")] == [
        "## Description", "## Cause", "## Solution", "## Lecture connexe"]
    assert check_project(sample_project) == []


@pytest.mark.parametrize("args, code, message", [
    (["new", "BB2B-2598"], 1, "did you mean B2B-2598?"),
    (["new", "not a slug", "--section", "x"], 1, "is not a slug"),
    (["new", "flush-things"], 2, "give --section"),
])
def test_errors(sample_project, args, code, message):
    result = run_kb(*args, cwd=sample_project)
    assert result.returncode == code and message in result.stderr and "Traceback" not in result.stderr


def test_an_interrupted_kb_new_leaves_nothing_behind(sample_project, monkeypatch):
    import os

    import kbsite.tools.files
    from kbsite.tools.cli import main

    real_replace = os.replace
    calls = []

    def interrupted(source, destination):
        calls.append(destination)
        if len(calls) == 2:  # the English file is in place, the French one is not yet
            raise KeyboardInterrupt("power cut")
        return real_replace(source, destination)

    monkeypatch.setattr(kbsite.tools.files.os, "replace", interrupted)
    monkeypatch.chdir(sample_project)
    with pytest.raises(KeyboardInterrupt):
        main(["new", "--section", "troubleshooting", "half-written"])
    folder = sample_project / "articles/troubleshooting"
    assert [p.name for p in folder.iterdir() if "half-written" in p.name] == []
