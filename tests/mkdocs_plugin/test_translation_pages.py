"""What readers see of translations in the built site."""

import json

import pytest
from helpers import SAMPLE_LANGUAGES, article, copy_sample, mkdocs_build, page, search_index, write

ID = "0e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample plus an English-only article and a stale translation (hash fallback: no git here)."""
    root = tmp_path_factory.mktemp("translations")
    project = copy_sample(root / "project")
    write(project, "articles/how-to/english-only.en.md", article(
        title="Only in English", exl_id=ID, body="# Only in English\n\n## Steps\n\nUnique words zanzibar quokka.\n"))
    write(project, "articles/how-to/enable-maintenance-mode.fr.md",
          (project / "articles/how-to/enable-maintenance-mode.fr.md").read_text("utf-8")
          .replace("source-hash: sha256:", "source-hash: sha256:0"))  # no longer the English one
    result = mkdocs_build(project, root / "site", strict=False)
    assert result.returncode == 0, result.stderr
    return root / "site"


def notice(html):
    found = html.select_one(".kb-translation-notice")
    return found.get_text(" ", strip=True) if found else None


def test_untranslated_article_at_the_french_address_says_so(site):
    html = page(site, "fr/how-to/english-only")
    assert notice(html).startswith("Cet article n'est pas encore traduit en français")
    content = html.select_one("article div[lang=en]")
    assert content is not None and "zanzibar" in content.get_text()
    assert notice(page(site, "how-to/english-only")) is None


def test_machine_translation_notice_links_to_the_original(site):
    html = page(site, "fr/troubleshooting/disabled-cache-types-slow-down-the-store")
    assert notice(html).startswith("Cet article a été traduit automatiquement")
    link = html.select_one(".kb-translation-notice a")
    assert link["hreflang"] == "en"
    target = (site / "fr/troubleshooting/disabled-cache-types-slow-down-the-store" / link["href"] / "index.html").resolve()
    assert target == (site / "troubleshooting/disabled-cache-types-slow-down-the-store/index.html").resolve()


def test_stale_translation_notice(site):
    assert notice(page(site, "fr/how-to/enable-maintenance-mode")).startswith("La version anglaise de cet article a changé")


def test_up_to_date_translations_have_no_notice(site):
    assert notice(page(site, "fr/how-to/flush-the-cache")) is None


def test_french_search_has_no_english_fallback_pages(site):
    french, english = search_index(site, "fr/"), search_index(site)
    assert "/how-to/english-only/" in english
    assert not any("english-only" in url for url in french)
    assert "zanzibar" not in json.dumps(french)


@pytest.mark.parametrize("url", ["how-to/flush-the-cache", "fr/how-to/flush-the-cache", "fr/how-to/english-only", "patches", "fr/"])
def test_every_page_declares_its_alternates(site, url):
    html = page(site, url)
    alternates = {link["hreflang"]: link["href"] for link in html.select('link[rel=alternate][hreflang]')}
    assert set(alternates) == set(SAMPLE_LANGUAGES)
    here = (site / url / "index.html").resolve()

    def target(href):  # the home pages' alternates are absolute (no site_url: the site root)
        return (site / href.lstrip("/") if href.startswith("/") else site / url / href) / "index.html"

    english, french = target(alternates["en"]).resolve(), target(alternates["fr"]).resolve()
    assert english.is_file() and french.is_file()
    assert here in (english, french)
    assert english.relative_to(site.resolve()).as_posix().removeprefix("fr/") == \
        french.relative_to(site.resolve()).as_posix().removeprefix("fr/")


@pytest.mark.parametrize("prefix, title", [("", "Translation status"), ("fr/", "État des traductions")])
def test_dashboard_for_writers(site, prefix, title):
    html = page(site, prefix + "translations")
    assert html.select_one("article h1").get_text(strip=True).rstrip("¶") == title
    assert html.select_one('meta[name=robots][content=noindex]') is not None
    text = html.get_text(" ", strip=True)
    assert "Only in English" in text and "Disabled cache types slow down the store" in text
    lists = {h2["id"]: [a.get_text() for a in h2.find_next_sibling("ul").select("a")]
             for h2 in html.select("h2[id^=kb-]") if h2["id"] != "kb-review-due"}
    assert html.select_one("h2#kb-review-due") is not None  # mkdocs.yml's review_interval (nothing due here)
    assert "Only in English" in lists["kb-missing"]
    assert "Enable maintenance mode" in lists["kb-stale"]
    # Languages by their own names, marked as such, as in the matrix and the language menu.
    names = {span["lang"]: span.get_text() for span in html.select("table:not(.kb-matrix) td > span[lang]")}
    assert names == {"fr": "Français", "de": "Deutsch", "ja": "日本語"}
    listed = html.select_one("h2#kb-stale + ul > li > span[lang]")
    assert listed.get_text() == names[listed["lang"]]
    nav = page(site, prefix + "how-to/flush-the-cache").select_one("nav.md-nav--primary").get_text()
    assert title not in nav
