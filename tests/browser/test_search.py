"""Search in a real browser: each language searches its own index."""

import pytest
from browsing import screenshot


def search(page, url: str, query: str) -> list[str]:
    page.goto(url, wait_until="networkidle")  # the worker has loaded the index
    search_box = page.locator("input.md-search__input")
    search_box.click()
    search_box.press_sequentially(query, delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    return [text.strip() for text in page.locator(".md-search-result__article h1").all_inner_texts()]


def test_french_stemming_finds_the_french_invoice_article(page, site_url):
    titles = search(page, site_url + "fr/", "facture")
    screenshot(page, "search-fr-facture")
    assert any(title.startswith("MDVA-40399 :") for title in titles), titles
    link = page.locator(".md-search-result__link").first.get_attribute("href")
    assert "/fr/" in link


def test_english_search_returns_english_pages_only(page, site_url):
    titles = search(page, site_url, "invoices")
    assert any(title.startswith("MDVA-40399:") for title in titles), titles
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert links and not any("/fr/" in link for link in links)


@pytest.mark.parametrize("prefix, separator", [("", ":"), ("fr/", " :")])
def test_searching_a_patch_id_finds_its_article_in_both_languages(page, site_url, prefix, separator):
    titles = search(page, site_url + prefix, "MDVA-40399")
    assert titles and titles[0].startswith(f"MDVA-40399{separator}"), titles
