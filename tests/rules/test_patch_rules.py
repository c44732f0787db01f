"""KB51x: patch articles against the QPT metadata (the bundled snapshot)."""

import pytest
from helpers import article, bundled_metadata, check_project, set_plugin_option, write
from kbsite.core.knowledge_base import load_knowledge_base
from kbsite.core.settings import load_settings
from kbsite.qpt.articles import PatchReference, patch_reference

EN_SECTIONS = "## Affected products and versions\n\n{compat}\n## Issue\n\n{issue}\n\n## Apply the patch\n\n## Related reading\n"
FR_SECTIONS = "## Produits et versions concernés\n\n{compat}\n## Problème\n\n{issue}\n\n## Appliquer le correctif\n\n## Lecture connexe\n"
EN_COMPAT = "**Compatible with Adobe Commerce versions:**\n\nAdobe Commerce (all deployment methods) {versions}\n"
FR_COMPAT = "**Compatible avec les versions d’Adobe Commerce :**\n\nAdobe Commerce (toutes les méthodes de déploiement) {versions}\n"


def patch_pair(project, patch_id="MDVA-40399", versions="2.4.2 – 2.4.3-p3", issue="Text.", folder="patches",
               slug="mdva", fr_versions=None, en_title=None, fr_title=None):
    en_title = en_title or f'"{patch_id}: invoices"'
    fr_title = fr_title or f'"{patch_id} : factures"'
    en_body = f"# {en_title.strip(chr(34))}\n\n" + EN_SECTIONS.format(compat=EN_COMPAT.format(versions=versions), issue=issue)
    fr_body = f"# {fr_title.strip(chr(34))}\n\n" + FR_SECTIONS.format(
        compat=FR_COMPAT.format(versions=fr_versions or versions), issue=issue)
    write(project, f"articles/{folder}/{slug}.en.md", article(title=en_title, body=en_body))
    write(project, f"articles/{folder}/{slug}.fr.md", article(title=fr_title, body=fr_body))
    return [(d.path.rsplit("/", 1)[-1], d.code, d.line, d.message) for d in check_project(project)]


def test_article_agreeing_with_the_metadata_is_clean(empty_project):
    assert patch_pair(empty_project) == []


def test_unknown_patch_id_suggests_the_closest(empty_project):
    found = patch_pair(empty_project, patch_id="BB2B-2598", versions="2.4.4 – 2.4.6-p15")
    assert {(name, code, line) for name, code, line, _ in found} == {("mdva.en.md", "KB510", 2), ("mdva.fr.md", "KB510", 2)}
    assert found[0][3] == "the QPT metadata has no patch BB2B-2598; did you mean B2B-2598?"


def test_an_article_older_than_the_metadata_is_information(empty_project):
    found = patch_pair(empty_project, versions="2.4.2 - 2.4.3-p1", fr_versions="2.4.2 à 2.4.3-p1")
    assert [(name, code, line) for name, code, line, _ in found] == [("mdva.en.md", "KB511", 13), ("mdva.fr.md", "KB511", 13)]
    assert found[0][3] == "the article says 2.4.2 – 2.4.3-p1; the QPT metadata now lists 2.4.2 – 2.4.3-p3"
    assert {str(d.severity) for d in check_project(empty_project)} == {"info"}


def test_an_article_naming_a_release_the_metadata_does_not_list_is_an_error(empty_project):
    found = patch_pair(empty_project, versions="2.4.1 - 2.4.3-p1")
    assert sorted((name, code) for name, code, _, _ in found) == [
        ("mdva.en.md", "KB511"), ("mdva.en.md", "KB514"), ("mdva.fr.md", "KB511"), ("mdva.fr.md", "KB514")]
    claim = next(message for name, code, _, message in found if code == "KB514")
    assert claim == ("the article names 2.4.1 – 2.4.1-p1, which the QPT metadata does not list for MDVA-40399 "
                     "(it lists 2.4.2 – 2.4.3-p3)")
    errors = {(d.path.rsplit("/", 1)[-1], d.code) for d in check_project(empty_project) if str(d.severity) == "error"}
    assert errors == {("mdva.en.md", "KB514"), ("mdva.fr.md", "KB514")}


@pytest.mark.parametrize("written", ["2.4.2 &ndash;  2.4.3-p3", "2.4.2-2.4.3-p3", "2.4.2 - 2.4.2-p2, 2.4.3 - 2.4.3-p3",
                                     "2.4.2 - 2.4.3 and 2.4.3-p1 - 2.4.3-p3", ">=2.4.2 < 2.4.4"])
def test_ways_of_writing_the_same_releases(empty_project, written):
    assert patch_pair(empty_project, versions=written) == []


def metadata_summary(patch_id):
    metadata = bundled_metadata()
    return metadata.catalog.summary(metadata.patches[patch_id].releases)


def test_replaced_patch_must_say_so(empty_project):
    versions = metadata_summary("AC-15210")
    assert versions == "2.4.6-p3 – 2.4.6-p14, 2.4.7 – 2.4.7-p9, 2.4.8 – 2.4.8-p4"
    found = patch_pair(empty_project, patch_id="AC-15210", versions=versions)
    assert {code for _, code, _, _ in found} == {"KB512"}
    assert "replaced (ACP2E-4813 for" in found[0][3]
    assert patch_pair(empty_project, patch_id="AC-15210", versions=versions,
                      issue="Use ACP2E-4813 for these releases.") == []


def test_deprecated_patch_must_say_so_in_its_language(empty_project):
    found = patch_pair(empty_project, patch_id="MDVA-37725", versions="2.3.0 – 2.4.3-p3", issue="This patch is deprecated.")
    assert [(name, code) for name, code, _, _ in found] == [("mdva.fr.md", "KB512")]
    assert patch_pair(empty_project, patch_id="MDVA-37725", versions="2.3.0 – 2.4.3-p3",
                      issue="This patch is deprecated. Ce correctif est obsolète.") == []


def test_patch_id_from_front_matter_and_folder(empty_project):
    write(empty_project, "articles/qpt/v1-1-4/mdva-40399-invoices.en.md", article(title="Invoices", body="# Invoices\n"))
    write(empty_project, "articles/qpt/other.en.md", article(title="Other", extra="patch: B2B-2598\nqpt-version: 1.1.30\n",
                                                             exl_id="0e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", body="# Other\n"))
    kb = load_knowledge_base(load_settings(empty_project / "mkdocs.yml"))
    by_name = {d.key.rsplit("/", 1)[-1]: d for d in kb.articles}
    assert patch_reference(by_name["mdva-40399-invoices"]) == PatchReference("MDVA-40399", "file name", "1.1.4")
    assert patch_reference(by_name["other"]) == PatchReference("B2B-2598", "front matter", "1.1.30")
    codes = {(d.path.rsplit("/", 1)[-1], d.code) for d in check_project(empty_project)}
    assert ("mdva-40399-invoices.en.md", "KB513") in codes and ("other.en.md", "KB513") in codes
    assert ("mdva-40399-invoices.en.md", "KB203") in codes  # a patch article without the template sections


@pytest.mark.parametrize("title, expected", [
    ("MDVA-40399: Partial invoices", "MDVA-40399"),
    ("MDVA-40399 : Factures", "MDVA-40399"),
    ("[!DNL ACSD-47280]: Something", "ACSD-47280"),
    ("ACSD 49843: Typo in the id", "ACSD-49843"),
    ("'MDVA-44940 : quoted title'", "MDVA-44940"),
    ("MDVA-39305-V2: Version two", "MDVA-39305-V2"),
    ("How to apply MDVA-40399", None),
])
def test_title_patch_ids(title, expected):
    from kbsite.qpt.ids import title_patch_id

    assert title_patch_id(title) == expected


def test_without_metadata_no_patch_rules_run(empty_project, tmp_path):
    set_plugin_option(empty_project, "qpt_dir", tmp_path / "nowhere")
    found = patch_pair(empty_project, patch_id="BB2B-2598")
    assert {code for _, code, _, _ in found} == {"KB501"}


def test_remembered_findings_follow_a_metadata_change(empty_project, tmp_path):
    """A writer's serve session: the environment opened again from the last one (same documents), metadata
    edited in between."""
    import json
    import shutil

    from kbsite.environment import open_environment
    from kbsite.qpt.metadata import bundled_directory

    qpt = tmp_path / "qpt"
    shutil.copytree(bundled_directory(), qpt)
    set_plugin_option(empty_project, "qpt_dir", qpt)
    assert patch_pair(empty_project) == []
    settings = load_settings(empty_project / "mkdocs.yml")
    first = open_environment(settings)
    assert "KB510" not in {d.code for d in first.check().reported}
    info = json.loads((qpt / "patches-info.json").read_text("utf-8"))
    info["patches"] = [p for p in info["patches"] if p["id"] != "MDVA-40399"]
    (qpt / "patches-info.json").write_text(json.dumps(info), "utf-8")
    again = open_environment(settings, first)
    assert again.kb.articles[0] is first.kb.articles[0]  # the same documents, not read again
    assert "KB510" in {d.code for d in again.check().reported}
