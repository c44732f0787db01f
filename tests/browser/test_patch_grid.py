"""The patch grid and card in a real browser (filters run in JavaScript)."""

from browsing import MDVA, screenshot
from helpers import bundled_metadata
from kbsite.qpt.versions import parse_version

METADATA = bundled_metadata()


def visible_ids(page):
    return page.locator(".kb-grid tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.id)")


def expected_for_release(release: str) -> set[str]:
    version = parse_version(release)
    return {p.id for p in METADATA.patches.values() if version in p.releases}


def test_release_filter_shows_exactly_the_patches_of_that_release(page, site_url):
    page.goto(site_url + "patches/?release=2.4.3-p1")
    expected = expected_for_release("2.4.3-p1")
    assert len(expected) == 341
    assert set(visible_ids(page)) == expected
    assert page.locator(".kb-grid__count").inner_text() == f"{len(expected)} of 1,149 patches shown"
    screenshot(page, "grid-release-2.4.3-p1")


def test_choosing_a_release_updates_the_url(page, site_url):
    page.goto(site_url + "patches/")
    page.select_option("select[name=release]", "2.4.6-p8")
    assert set(visible_ids(page)) == expected_for_release("2.4.6-p8")
    assert "release=2.4.6-p8" in page.url


def test_text_filter_combines_with_the_release(page, site_url):
    page.goto(site_url + "patches/?release=2.4.3-p1&q=invoice")
    expected = {pid for pid in expected_for_release("2.4.3-p1")
                if "invoice" in " ".join([pid, METADATA.patches[pid].description, *METADATA.patches[pid].components]).lower()}
    assert "MDVA-40399" in expected
    assert set(visible_ids(page)) == expected
    assert page.input_value("input[name=q]") == "invoice"
    assert not page.locator(".md-search__output").is_visible()  # Material's search did not take ?q=
    assert "q=invoice" in page.url
    page.fill("input[name=q]", "partial invoices simultaneously")
    assert visible_ids(page) == ["MDVA-40399"]
    screenshot(page, "grid-text-filter")


def test_status_and_article_filters(page, site_url):
    page.goto(site_url + "patches/?status=deprecated")
    assert set(visible_ids(page)) == {p.id for p in METADATA.patches.values() if p.status == "deprecated"}
    page.goto(site_url + "fr/patches/?article=yes")
    assert set(visible_ids(page)) == {"MDVA-40399", "MDVA-42507", "ACSD-52148", "ACSD-59036"}
    assert page.locator(".kb-grid__count").inner_text().startswith("4 correctifs affichés sur")


def test_french_grid_links_to_the_french_article(page, site_url):
    page.goto(site_url + "fr/patches/?q=MDVA-40399")
    page.locator("tr#MDVA-40399 a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/fr/" + MDVA)
    assert page.locator("html").get_attribute("lang") == "fr"


def test_card_shows_the_releases(page, site_url):
    page.goto(site_url + "fr/" + MDVA)
    card = page.locator("aside.kb-patch-card")
    assert card.locator(".kb-patch-card__ranges").inner_text() == "2.4.2 – 2.4.3-p3"
    card.locator("details summary").click()
    assert card.locator("details code").all_inner_texts() == [
        "2.4.2", "2.4.2-p1", "2.4.2-p2", "2.4.3", "2.4.3-p1", "2.4.3-p2", "2.4.3-p3"]
    card.scroll_into_view_if_needed()
    screenshot(page, "card-mdva-40399-fr")


def test_grid_row_link_from_the_card(page, site_url):
    page.goto(site_url + MDVA)
    page.locator(".kb-patch-card__footer a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/patches/#MDVA-40399")
    assert page.locator("tr#MDVA-40399").is_visible()
