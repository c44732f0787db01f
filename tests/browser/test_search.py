"""Search in a real browser: each language searches its own index, from the header or the keyboard."""

import re

import pytest
from browsing import MDVA, prefix, screenshot, search
from helpers import SAMPLE_LANGUAGES as LANGUAGES

# A word of each sample language's MDVA-40399 article, as a reader would type it (an inflected or CJK form).
WORDS = {"en": "invoice", "fr": "facture", "de": "Teilrechnungen", "ja": "部分請求書"}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang in WORDS])
def test_a_word_finds_the_article_in_the_readers_language(page, site_url, lang):
    results = search(page, site_url + prefix(lang), WORDS[lang])
    screenshot(page, f"search-{lang}-{WORDS[lang]}")
    assert any(r["href"] == site_url + prefix(lang) + MDVA for r in results), results
    others = [f"{site_url}{prefix(other)}" for other in LANGUAGES if other != lang and prefix(other)]
    assert all(r["href"].startswith(site_url + prefix(lang)) for r in results), results
    assert not any(r["href"].startswith(other) for r in results for other in others if other != site_url), results


@pytest.mark.parametrize("query", ["MDVA-40399", "mdva 40399", "40399"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_patch_id_puts_its_article_first(page, site_url, lang, query):
    results = search(page, site_url + prefix(lang), query)
    assert results[0]["href"] == site_url + prefix(lang) + MDVA, results
    assert results[0]["title"].startswith("MDVA-40399"), results


def test_s_opens_the_search_and_escape_closes_it(page, site_url):
    results = search(page, site_url + "how-to/flush-the-cache/", "cache", key="s")
    dialog = page.locator(".kb-search__dialog")
    assert dialog.evaluate("d => d.open") and results
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == results[0]["href"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == results[1]["href"]
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")


def test_typing_in_a_field_does_not_open_the_search(page, site_url):
    page.goto(site_url + "patches/")
    page.locator(".kb-grid__filters input[name=q]").click()
    page.keyboard.type("s/")
    assert page.locator(".kb-grid__filters input[name=q]").input_value() == "s/"
    assert not page.locator(".kb-search__dialog").evaluate("d => d.open")


def test_the_header_button_opens_the_search_with_localized_labels(page, site_url):
    page.goto(site_url + "fr/")
    button = page.locator("header .kb-search__open")
    assert button.inner_text().startswith("Rechercher")
    button.click()
    dialog = page.locator(".kb-search__dialog")
    assert dialog.get_attribute("aria-label") == "Rechercher dans la base de connaissances"
    page.keyboard.type("cache")
    page.locator(".kb-search__results a").first.wait_for()
    page.wait_for_function("document.querySelector('.kb-search__status').textContent.endsWith('articles')")
    screenshot(page, "search-fr-cache")
    assert page.locator(".kb-search__excerpt mark").count() > 0


def number(status: str) -> int:
    """The count of results a status line ("12 articles") gives."""
    return int(re.search(r"\d+", status).group())


def test_filters_narrow_the_results(page, site_url):
    everything = search(page, site_url, "cache")
    page.locator(".kb-search__filters summary").click()
    status = page.locator(".kb-search__facets select[name=status]")
    status.wait_for()
    assert page.locator(".kb-search__facets label > span").all_inner_texts() == [
        "Feature", "Role", "Patch status", "Compatible with release"]
    before = page.locator(".kb-search__status").inner_text()
    status.select_option("Active")
    page.wait_for_function(
        "before => { const text = document.querySelector('.kb-search__status').textContent;"
        " return text !== before && !text.endsWith('…'); }", arg=before)
    patches = page.locator(".kb-search__results a").all_inner_texts()
    after = page.locator(".kb-search__status").inner_text()
    assert everything and number(after) < number(before), (before, after)
    assert patches and all(title.split(":")[0].startswith(("MDVA-", "ACSD-")) for title in patches), patches


def test_enter_right_after_typing_opens_the_first_result_for_what_was_typed(page, site_url):
    """Typing pauses before a search; Enter does not wait for the pause, nor open an older query's result."""
    page.goto(site_url)
    page.locator("[data-kb-search]:not([hidden])").wait_for()
    page.keyboard.press("/")
    page.keyboard.type("cache")
    page.locator(".kb-search__results a").first.wait_for()
    page.keyboard.press("Control+A")
    page.keyboard.type("MDVA-40399")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}{MDVA}")
