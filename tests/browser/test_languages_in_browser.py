"""Every sample language in a real browser: the grid finds patches by their article's title, the card speaks it."""

import frontmatter
import pytest
from browsing import prefix, screenshot
from helpers import REPO, SAMPLE_LANGUAGES
from helpers import page as built_page
from kbsite.core.strings import strings

MDVA = "qpt-patches/mdva-40399-partial-invoices-created-simultaneously-via-api"
SOURCE = REPO / "articles" / f"{MDVA}"


# A word of MDVA-40399's title in each sample language (not in the metadata's English description).
TITLE_WORDS = {"en": "cannot be created", "fr": "factures", "de": "Teilrechnungen", "ja": "部分請求書"}


def title_word(lang: str) -> str:
    word = TITLE_WORDS[lang]
    assert word in frontmatter.load(f"{SOURCE}.{lang}.md")["title"], (lang, word)
    return word


@pytest.mark.parametrize("lang", SAMPLE_LANGUAGES)
def test_the_grid_finds_a_patch_by_a_word_of_its_article_title(page, site_url, lang):
    word = title_word(lang)
    page.goto(f"{site_url}{prefix(lang)}patches/?q={word}")
    visible = page.locator(".kb-grid tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.id)")
    assert "MDVA-40399" in visible, (lang, word)
    assert len(visible) < 10, (lang, word, visible)
    screenshot(page, f"grid-{lang}-title-word")


@pytest.mark.parametrize("lang", [lang for lang in SAMPLE_LANGUAGES if lang != "en"])
def test_the_card_of_a_translated_article_shows_its_description_and_labels(page, site_url, sample_site, lang):
    page.goto(f"{site_url}{prefix(lang)}{MDVA}/")
    card = page.locator(".kb-patch-card")
    description = frontmatter.load(f"{SOURCE}.{lang}.md")["description"]
    assert card.locator(".kb-patch-card__description").inner_text() == description
    labels = card.locator("dt").all_inner_texts()
    assert strings(lang)["patch_card"]["releases"] in labels
    assert not set(labels) & set(strings("en")["patch_card"].values()), labels
    built = built_page(sample_site, prefix(lang) + MDVA)
    search = built.select_one("[data-kb-search] .kb-search__open-label").get_text()
    assert built.html["lang"] == lang and search == strings(lang)["search"]["open"] != "Search"
    screenshot(page, f"card-{lang}-mdva-40399")


@pytest.mark.parametrize("lang", SAMPLE_LANGUAGES)
def test_a_missing_address_is_answered_in_the_readers_language_first(page, site_url, lang):
    response = page.goto(f"{site_url}{prefix(lang)}no-such-article/")
    assert response.status == 404
    page.wait_for_function(f"document.querySelector('.kb-not-found__language').lang === '{lang}'")
    screenshot(page, f"not-found-{lang}")
    sections = page.locator(".kb-not-found__language")
    assert sorted(sections.evaluate_all("all => all.map(s => s.lang)")) == sorted(SAMPLE_LANGUAGES)
    assert page.locator(".kb-not-found h1").count() == 1
    t = strings(lang)["not_found"]
    assert sections.first.locator("h1").inner_text() == t["title"]
    home = sections.first.get_by_role("link", name=t["home"])
    assert home.get_attribute("href") == f"/{prefix(lang)}"
