"""Every page asks the server only for what exists, and the language menu lands on the same article."""

import pytest
from browsing import screenshot

MDVA = "qpt-patches/mdva-40399-partial-invoices-created-simultaneously-via-api/"
PAGES = ["", "fr/", "how-to/flush-the-cache/", "fr/how-to/flush-the-cache/", MDVA, "fr/" + MDVA,
         "patches/", "fr/patches/", "rules/", "tags/", "translations/", "how-to/", "fr/troubleshooting/"]


def failed_requests(page, url: str) -> list[str]:
    failed = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.goto(url, wait_until="networkidle")
    return failed


@pytest.mark.parametrize("path", PAGES)
def test_a_page_requests_nothing_missing(page, site_url, path):
    assert failed_requests(page, site_url + path) == []


def test_the_language_menu_lands_on_the_same_article(page, site_url):
    assert failed_requests(page, site_url + "how-to/flush-the-cache/") == []
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="fr"]').click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "language-menu-fr")
    assert page.url == site_url + "fr/how-to/flush-the-cache/"
    assert page.locator("html").get_attribute("lang") == "fr"
