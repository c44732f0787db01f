"""An article's date and related articles, and the "What's new" page, as readers see them in Chromium."""

from browsing import ARTIFACTS, screenshot

ARTICLE = "ja/how-to/flush-the-cache/"


def test_a_japanese_article_says_when_and_leads_on(page, site_url):
    """The sample is built from this repository's git checkout: the date is its last commit's."""
    page.goto(site_url + ARTICLE)
    date = page.locator("article p.kb-updated time")
    assert date.is_visible() and date.inner_text().endswith("日")  # 2024年12月5日, CLDR's Japanese long date
    assert page.locator("article p.kb-updated").inner_text().startswith("最終更新日")
    related = page.locator("article nav.kb-related")
    related.scroll_into_view_if_needed()
    assert related.is_visible() and related.locator("h2").inner_text() == "関連記事"
    links = related.locator("li a")
    assert 1 <= links.count() <= 5
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the whole page from its top: the header where it belongs
    page.screenshot(path=str(ARTIFACTS / "ja-flush-the-cache-date-and-related.png"), full_page=True)
    links.first.click()
    page.wait_for_load_state()
    assert page.url.startswith(site_url + "ja/") and page.locator("html").get_attribute("lang") == "ja"


def test_the_french_whats_new_page(page, site_url):
    page.goto(site_url + "fr/whats-new/")
    assert page.locator("article h1").inner_text().startswith("Nouveautés")
    feed = page.locator("p.kb-whats-new__feed a")
    assert feed.get_attribute("type") == "application/atom+xml"
    entries = page.locator("ul.kb-whats-new > li")
    assert entries.count() >= 1 and entries.first.locator("time").is_visible()  # the sample's own history
    screenshot(page, "whats-new-fr")
    response = page.request.get(site_url + "fr/feed.xml")
    assert response.ok and b'xml:lang="fr"' in response.body()
