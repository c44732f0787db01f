"""Patch cards, patch-id links, the grid and patches.json in built sites."""

import json
import shutil

import pytest
from bs4 import BeautifulSoup
from helpers import (
    SAMPLE_LANGUAGES,
    bundled_metadata,
    copy_sample,
    mkdocs_build,
    page,
    rewrite_body,
    set_plugin_option,
)
from kbsite.qpt.metadata import bundled_directory

MDVA = "qpt-patches/mdva-40399-partial-invoices-created-simultaneously-via-api"


@pytest.mark.parametrize("prefix, label, qpt", [
    ("", "Compatible Adobe Commerce releases", "Available from Quality Patches Tool 1.1.4."),
    ("fr/", "Versions d'Adobe Commerce compatibles", "Disponible à partir de Quality Patches Tool 1.1.4."),
])
def test_card_on_the_patch_article(sample_site, prefix, label, qpt):
    card = page(sample_site, prefix + MDVA).select_one("aside.kb-patch-card")
    assert card is not None
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in card.select("dt")}
    assert facts[label].select_one(".kb-patch-card__ranges").get_text() == "2.4.2 – 2.4.3-p3"
    assert [c.get_text() for c in facts[label].select("details code")] == [
        "2.4.2", "2.4.2-p1", "2.4.2-p2", "2.4.3", "2.4.3-p1", "2.4.3-p2", "2.4.3-p3"]
    assert "magento/module-sales" in card.get_text()
    assert "vendor/bin/magento-patches apply MDVA-40399" in card.get_text()
    assert qpt in card.get_text()  # the article's qpt-version
    assert "QUALITY_PATCHES:\n      - MDVA-40399" in card.get_text()
    grid_link = card.select_one(".kb-patch-card__footer a")["href"]
    assert grid_link.endswith("patches/#MDVA-40399")
    assert (sample_site / prefix / MDVA / grid_link.split("#")[0] / "index.html").resolve() == \
        (sample_site / prefix / "patches/index.html").resolve()


def test_card_comes_right_after_the_title_and_its_date(sample_site):
    heading = page(sample_site, MDVA).select_one("article h1")
    date, card = heading.find_next_siblings(limit=2)
    assert date["class"] == ["kb-updated"] and "kb-patch-card" in card["class"]


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_patch_ids_in_bodies_link_to_articles_or_grid_rows(sample_site, prefix):
    html = page(sample_site, prefix + "troubleshooting/index-locked-by-another-process")
    links = {a.get_text(): a["href"] for a in html.select("a.kb-patch-link")}
    assert links == {"MDVA-38608-V2": "../../patches/#MDVA-38608-V2", "MDVA-40550": "../../patches/#MDVA-40550"}
    html = page(sample_site, prefix + "troubleshooting/disabled-cache-types-slow-down-the-store")
    [link] = html.select("a.kb-patch-link")
    assert link["href"] == "../../qpt-patches/mdva-42507-full-page-cache-cleaned-after-cart-rule-staging-update/"


def test_no_patch_links_in_code_existing_links_or_to_the_page_itself(sample_site):
    # Both pages mention patch ids in prose; the second also inside a link to the patch article.
    for url in ("troubleshooting/index-locked-by-another-process", "troubleshooting/disabled-cache-types-slow-down-the-store"):
        links = page(sample_site, url).select("article a.kb-patch-link")
        assert links, url
        for link in links:
            assert link.find_parent(["code", "pre", "a", "h1", "h2"]) is None
    own = page(sample_site, MDVA).select("article a.kb-patch-link")
    assert [a.get_text() for a in own if a.get_text() == "MDVA-40399"] == []
    howto = page(sample_site, "how-to/apply-a-patch-with-qpt")
    assert howto.select("a.kb-patch-link") == []  # its mentions are all in code or in links


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_grid_lists_every_patch(sample_site, prefix):
    rows = page(sample_site, prefix + "patches").select(".kb-grid tbody tr")
    assert len(rows) == len(bundled_metadata().patches) == 1149
    row = next(r for r in rows if r["id"] == "MDVA-40399")
    cells = [cell.get_text(strip=True) for cell in row.select("th, td")]
    assert cells[0] == "MDVA-40399" and cells[1].startswith("MDVA-40399")  # the id, then the article's title
    assert cells[4] == "2.4.2 – 2.4.3-p3" and cells[7] == "magento/module-sales"


def test_french_grid_links_to_french_articles(sample_site):
    rows = page(sample_site, "fr/patches").select(".kb-grid tbody tr[data-article=yes]")
    assert {r["id"] for r in rows} == {"MDVA-40399", "MDVA-42507", "ACSD-52148", "ACSD-59036"}
    for row in rows:
        href = row.select_one("a")["href"]
        target = (sample_site / "fr/patches" / href / "index.html").resolve()
        assert target.is_file() and target.is_relative_to((sample_site / "fr").resolve())
        assert BeautifulSoup(target.read_text("utf-8"), "html.parser").html["lang"] == "fr"


def test_grid_labels_are_localized(sample_site):
    assert "Version d'Adobe Commerce" in page(sample_site, "fr/patches").select_one(".kb-grid__filters").get_text()
    assert "Adobe Commerce release" in page(sample_site, "patches").select_one(".kb-grid__filters").get_text()


def test_patches_json_export(sample_site):
    data = json.loads((sample_site / "patches/patches.json").read_text("utf-8"))
    assert data["metadata_version"] == "1.1.82" and len(data["patches"]) == 1149
    entry = next(p for p in data["patches"] if p["id"] == "MDVA-40399")
    assert entry["release_ranges"] == "2.4.2 – 2.4.3-p3"
    assert entry["articles"] == {lang: ("" if lang == "en" else f"{lang}/") + MDVA + "/" for lang in SAMPLE_LANGUAGES}
    assert entry["constraints"] == [{"package": "magento/magento2-base", "constraint": ">=2.4.2 <2.4.4"}]
    href = page(sample_site, "fr/patches").select_one(".kb-grid a[download]")["href"]
    assert (sample_site / "fr/patches" / href).resolve() == (sample_site / "patches/patches.json").resolve()


def test_grid_from_the_shared_corpus_metadata(corpus, tmp_path):
    project = copy_sample(tmp_path / "project")
    set_plugin_option(project, "qpt_dir", corpus / "qpt")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for prefix in ("", "fr/"):
        assert len(page(tmp_path / "site", prefix + "patches").select(".kb-grid tbody tr")) == 1149


def test_broken_metadata_fails_strict_and_still_builds_the_rest(tmp_path):
    qpt = tmp_path / "qpt"
    shutil.copytree(bundled_directory(), qpt)
    (qpt / "patches-info.json").write_text('{"version": "1.1.82", "patches": [', "utf-8")
    project = copy_sample(tmp_path / "project")
    set_plugin_option(project, "qpt_dir", qpt)
    strict = mkdocs_build(project, tmp_path / "strict")
    assert strict.returncode != 0
    assert "patches-info.json:1:" in strict.stderr and "KB501 invalid JSON" in strict.stderr
    assert "Traceback" not in strict.stdout + strict.stderr
    relaxed = mkdocs_build(project, tmp_path / "relaxed", strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    for prefix, words in (("", "could not be read"), ("fr/", "n'ont pas pu être lues")):
        grid = page(tmp_path / "relaxed", prefix + "patches")
        assert words in grid.select_one(".kb-grid-unavailable").get_text()
    assert (tmp_path / "relaxed" / MDVA / "index.html").is_file()
    assert page(tmp_path / "relaxed", MDVA).select_one(".kb-patch-card") is None


def test_no_patch_placeholder_reaches_a_page(sample_site):
    """Mentions are marked during Markdown and resolved per page; none is left in the output."""
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 40
    for built in pages:
        assert "<kb-patch>" not in built.read_text("utf-8"), built


def test_the_card_leaves_out_the_description_the_body_starts_with(sample_site, tmp_path):
    """The sample's description says it otherwise than its first paragraph: shown. Said the same: left out."""
    assert page(sample_site, MDVA).select_one(".kb-patch-card__description") is not None
    project = copy_sample(tmp_path / "project")
    source = project / "articles" / f"{MDVA}.en.md"
    description = next(line for line in source.read_text("utf-8").splitlines() if line.startswith("description:"))
    rewrite_body(project, f"articles/{MDVA}.en.md", description.removeprefix("description: ") + " More words.\n")
    assert mkdocs_build(project, tmp_path / "site", strict=False).returncode == 0
    built = page(tmp_path / "site", MDVA)
    assert built.select_one("aside.kb-patch-card") is not None
    assert built.select_one(".kb-patch-card__description") is None
    assert built.select_one("aside.kb-patch-card").find_next_sibling("p").get_text().startswith("The MDVA-40399")
