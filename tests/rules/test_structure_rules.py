"""KB20x: headings of articles and the patch template."""

from helpers import article, check_project, write

EN_PATCH = """# MDVA-40399: invoices

## Affected products and versions

## Issue

## Apply the patch

## Related reading
"""
FR_PATCH = """# MDVA-40399 : factures

## Produits et versions concernés

## Problème

## Appliquer le correctif

## Lecture connexe
"""


def diagnostics_for(project, en_body, fr_body, en_title='"MDVA-40399: invoices"', fr_title='"MDVA-40399 : factures"'):
    write(project, "articles/p/mdva.en.md", article(title=en_title, body=en_body))
    write(project, "articles/p/mdva.fr.md", article(title=fr_title, body=fr_body))
    return check_project(project)


def test_complete_patch_articles_pass(empty_project):
    assert diagnostics_for(empty_project, EN_PATCH, FR_PATCH) == []


def test_french_patch_article_needs_french_sections(empty_project):
    found = diagnostics_for(empty_project, EN_PATCH, EN_PATCH.replace("# MDVA-40399: invoices", "# MDVA-40399 : factures"))
    missing = [d for d in found if d.code == "KB203"]
    assert {d.path for d in missing} == {"articles/p/mdva.fr.md"}
    assert len(missing) == 4
    assert any("Produits et versions concernés" in d.message for d in missing)


def test_missing_section_is_named(empty_project):
    found = diagnostics_for(empty_project, EN_PATCH.replace("## Issue\n", ""), FR_PATCH)
    assert [(d.code, d.line, d.message) for d in found] == [
        ("KB203", 9, "patch article has no 'Issue' section")
    ]


def test_h1_differing_from_title_is_a_warning(empty_project):
    found = diagnostics_for(empty_project, EN_PATCH.replace("invoices", "invoice bug", 1), FR_PATCH)
    assert [(d.code, str(d.severity), d.line) for d in found] == [("KB202", "warning", 9)]


def test_h1_comparison_ignores_case_spacing_and_apostrophes(empty_project):
    title = '"Can\'t create  Invoices"'
    found = diagnostics_for(empty_project, "# Can’t create invoices\n", "# Can't create invoices\n", title, title)
    assert found == []


def test_missing_h1(empty_project):
    found = diagnostics_for(empty_project, "Text only.\n", "Texte.\n", "Plain", "Simple")
    assert sorted((d.path, d.code) for d in found) == [
        ("articles/p/mdva.en.md", "KB201"), ("articles/p/mdva.fr.md", "KB201")
    ]


def test_same_url_for_two_articles_differing_in_case(empty_project):
    write(empty_project, "articles/p/Flush.en.md", article(title="A", exl_id="11111111-1111-4111-8111-111111111111", body="# A\n"))
    write(empty_project, "articles/p/flush.en.md", article(title="B", exl_id="22222222-2222-4222-8222-222222222222", body="# B\n"))
    found = check_project(empty_project)
    assert [d.path for d in found if d.code == "KB204"] == ["articles/p/flush.en.md"]


def test_article_shadowing_a_site_page(empty_project):
    write(empty_project, "docs/index.en.md", "# Home\n")
    write(empty_project, "articles/index.en.md", article(title="Home", body="# Home\n"))
    found = check_project(empty_project)
    assert [d.path for d in found if d.code == "KB204"] == ["articles/index.en.md"]
