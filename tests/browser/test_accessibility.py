"""Accessibility in a real browser (WCAG 2.2 AA): axe-core over every kind of page in every sample language,
the keyboard through the grid and the search, and what screen readers are told."""

import pytest
from browsing import MDVA, answers, axe_failures, prefix, sample_with_english_only, screenshot, search
from helpers import SAMPLE_LANGUAGES, page
from kbsite.core.strings import strings

DEFAULT = SAMPLE_LANGUAGES[0]
NOTICE = "troubleshooting/disabled-cache-types-slow-down-the-store/"  # machine translated in French
# Each kind of page: its address below a language's root, and what shows that the page is that kind, ready.
PAGES = {
    "home": ("", "article h1"),
    "article": ("how-to/flush-the-cache/", "nav.kb-related li"),  # its tags, date and related articles
    "patch article": (MDVA, ".kb-updated time"),  # the date under the title, the patch card
    "section page": ("how-to/", ".kb-section-list"),
    "grid, filtered": ("patches/?release=2.4.3-p1&category=Cache", ".kb-grid:not([data-shown='0'])[data-shown]"),
    "grid, no result": ("patches/?q=no-such-patch", ".kb-grid[data-shown='0'] .kb-grid__none:not([hidden])"),
    "tags": ("tags/", ".md-tag"),
    "rules": ("rules/", "article table"),
    "translations": ("translations/", "#kb-review-due"),  # the matrix, the lists and the reviews due
    "what's new": ("whats-new/", ".kb-whats-new__feed"),  # the feed link and the list (from the sample's git)
    "translation notice": (NOTICE, ".kb-translation-notice"),
    "404": ("404.html", "article h1"),
}
# The site has one 404 page (the default language's); the sample has one translation notice.
ONE_LANGUAGE = {"translation notice": "fr", "404": DEFAULT}
CASES = [(kind, lang) for kind in PAGES for lang in SAMPLE_LANGUAGES if ONE_LANGUAGE.get(kind, lang) == lang]
FALLBACK = "how-to/english-only/"


def focused(page) -> dict:
    """What has the keyboard focus: its tag, name, text, link, whether it shows its focus, where it is."""
    return page.evaluate("""() => {
        const element = document.activeElement, style = getComputedStyle(element);
        const content = document.getElementById('kb-content');
        return {tag: element.tagName, name: element.name || null, text: element.textContent.trim(),
                href: element.href || null, focusVisible: element.matches(':focus-visible'),
                indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                           || style.boxShadow !== 'none',
                inContent: content.contains(element)
                           || !!(content.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)};
    }""")


def tab(page) -> dict:
    page.keyboard.press("Tab")
    return focused(page)


def assert_shows_focus(element: dict) -> None:
    assert element["focusVisible"] and element["indicator"], f"no visible focus on {element}"


@pytest.mark.parametrize("kind, lang", CASES)
def test_no_serious_axe_violation(page, site_url, axe_script, kind, lang):
    path, ready = PAGES[kind]
    page.goto(site_url + prefix(lang) + path)
    page.locator(ready).first.wait_for(state="attached")
    assert axe_failures(page, axe_script) == "", f"{kind} in {lang}"


@pytest.mark.parametrize("lang", SAMPLE_LANGUAGES)
def test_no_serious_axe_violation_with_the_search_open(page, site_url, axe_script, lang):
    assert search(page, site_url + prefix(lang), "MDVA-40399")
    assert axe_failures(page, axe_script) == ""


def test_no_serious_axe_violation_with_every_kind_of_result(page, site_url, axe_script):
    """Results found in the English text or lacking a word, with a suggestion; a result leading to a section."""
    found = answers(page, site_url + "fr/", "maintenence disk makes the nodes refuse to work")
    assert len({note.split(" ")[0] for result in found for note in result["notes"]}) == 2  # Trouvé, Sans
    assert axe_failures(page, axe_script) == ""
    page.locator(".kb-search__corrected").focus()
    assert_shows_focus(focused(page))
    assert answers(page, site_url, "crashed accumulation")[0]["section"]
    assert axe_failures(page, axe_script) == ""


@pytest.fixture(scope="module")
def fallback_url(tmp_path_factory):
    """The sample plus an article in English only, which the other languages show at their addresses."""
    with sample_with_english_only(tmp_path_factory.mktemp("fallback"), "Only in English",
                                  "Read [how to flush the cache](flush-the-cache.md) first.\n\n"
                                  "## Steps\n\n```\nbin/magento cache:flush\n```\n") as url:
        yield url


@pytest.mark.parametrize("lang", SAMPLE_LANGUAGES[1:])
def test_a_fallback_article_is_accessible_and_says_it_is_english(page, fallback_url, axe_script, lang):
    page.goto(fallback_url + prefix(lang) + FALLBACK)
    assert axe_failures(page, axe_script) == ""
    language_of = "selector => document.querySelector(selector).closest('[lang]').lang"
    english = ["article h1", ".md-header__topic[data-md-component=header-topic]", ".md-nav--secondary .md-nav__link",
               ".md-nav--primary .md-nav__link--active"]  # the article, its title in the header, its headings
    assert {selector: page.evaluate(language_of, selector) for selector in english} == dict.fromkeys(english, "en")
    assert page.evaluate(language_of, ".kb-translation-notice") == page.evaluate(language_of, ".md-nav__title") == lang
    if lang == "fr":
        screenshot(page, "fallback-fr")


# -- the keyboard ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["how-to/flush-the-cache/", "fr/how-to/", "ja/patches/", "404.html"])
def test_the_first_tab_reaches_the_skip_link_and_it_leads_to_the_content(page, site_url, path):
    page.goto(site_url + path)
    skip = tab(page)
    lang = page.locator("html").get_attribute("lang")
    assert skip["text"] == {"en": "Skip to content", "fr": "Aller au contenu", "ja": "コンテンツにスキップ"}[lang]
    assert_shows_focus(skip)
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")  # it shows on focus
    page.keyboard.press("Enter")
    after = tab(page)
    assert after["inContent"], after  # not the header, the menu or the table of contents


def test_a_keyboard_walk_through_the_grid(page, site_url):
    page.goto(site_url + "patches/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip to the content
    walk = [tab(page) for _ in range(10)]
    names = [element["name"] or element["text"] for element in walk]
    start = names.index("q")
    t = strings("en")["patch_grid"]
    assert names[start: start + 7] == ["q", "release", "category", "status", "article", t["reset"], t["export"]], names
    first_row_link = walk[start + 7]
    assert first_row_link["tag"] == "A" and first_row_link["text"] == "ACSD-52148", walk  # the first id with an article
    for element in walk:
        assert_shows_focus(element)


def test_the_grid_is_filtered_reset_and_left_by_keyboard_and_the_count_is_announced(page, site_url):
    page.goto(site_url + "patches/")
    count = page.locator(".kb-grid__count")
    assert count.get_attribute("role") == "status"  # a polite live region, read whole
    page.locator("input[name=q]").focus()
    page.keyboard.type("invoice")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the newest release
    release = page.input_value("select[name=release]")
    assert f"release={release}" in page.url and "q=invoice" in page.url
    filtered = count.inner_text()
    assert filtered.endswith(" of 1,149 patches shown") and not filtered.startswith("1,149"), filtered
    for _ in range(4):
        page.keyboard.press("Tab")
    assert focused(page)["text"] == strings("en")["patch_grid"]["reset"]
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.kb-grid__count').textContent.startsWith('1,149 of')")
    assert page.input_value("input[name=q]") == "" and "?" not in page.url
    page.keyboard.press("Tab")  # the download link
    link = tab(page)
    page.keyboard.press("Enter")
    page.wait_for_url(link["href"])
    assert page.locator("article .kb-patch-card").is_visible()


def test_the_search_by_keyboard_alone(page, site_url):
    page.goto(site_url + "how-to/flush-the-cache/")
    page.locator("[data-kb-search]:not([hidden])").wait_for()
    for _ in range(12):  # through the header
        if tab(page)["text"].startswith("Search"):
            break
    page.keyboard.press("Enter")
    dialog = page.locator(".kb-search__dialog")
    assert dialog.evaluate("d => d.open") and page.evaluate("document.activeElement.name") == "query"
    assert_shows_focus(focused(page))
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    results = search(page, site_url + "fr/", "MDVA-40399")  # opened with "/"
    page.keyboard.press("ArrowDown")
    first = focused(page)
    assert first["href"] == results[0]["href"]
    assert_shows_focus(first)
    screenshot(page, "search-keyboard-fr")
    page.keyboard.press("Enter")
    page.wait_for_url(results[0]["href"])
    assert page.url == site_url + "fr/" + MDVA


# -- what screen readers are told ----------------------------------------------------------------

@pytest.mark.parametrize("lang", SAMPLE_LANGUAGES)
def test_the_grid_is_a_data_table(sample_site, lang):
    table = page(sample_site, prefix(lang) + "patches").select_one("table.kb-grid__table")
    rows = table.select("tbody tr")
    assert table.caption.get_text() == strings(lang)["patch_grid"]["caption"].format(count=len(rows))
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 8
    for row in rows:
        header = row.find(["th", "td"])
        assert header.name == "th" and header["scope"] == "row" and header.get_text() == row["id"]


def test_english_metadata_on_a_french_page_says_it_is_english(page, site_url):
    page.goto(site_url + "fr/patches/?q=MDVA-40399")
    language_of = "element => element.closest('[lang]').lang"
    row = page.locator("tr#MDVA-40399")
    assert row.evaluate(language_of) == "fr"
    description = row.locator("td").nth(1)
    assert description.inner_text().startswith("Fixes the issue") and description.evaluate(language_of) == "en"
    menu = page.locator("a.md-select__link")
    assert {link.inner_text(): link.evaluate(language_of) for link in menu.all()} == {
        "English": "en", "Français": "fr", "Deutsch": "de", "日本語": "ja"}
    credit = strings("fr")["made_with"].partition("{generator}")[0].strip()
    assert page.locator(".md-copyright span", has_text=credit).evaluate(language_of) == "fr"


def test_statuses_and_notices_are_told_in_words_not_colour_alone(page, site_url):
    page.goto(site_url + "fr/patches/?status=replaced")
    statuses = page.locator(".kb-grid tbody tr:not([hidden]) .kb-status").all_inner_texts()
    assert statuses and set(statuses) == {strings("fr")["patch_status"]["replaced"]}
    page.goto(site_url + "fr/" + NOTICE)
    notice = page.locator(".kb-translation-notice")
    assert notice.get_attribute("role") == "note"
    assert notice.inner_text().startswith(strings("fr")["translation"]["machine"])
    page.goto(site_url + "translations/")
    states = strings("en")["translation"]["dashboard"]["states"]
    work = page.locator(".kb-matrix td:not(.kb-matrix__cell--translated)")
    assert work.count() > 0
    for cell in work.all():
        assert any(state in cell.inner_text() for state in states.values()), cell.inner_text()


@pytest.mark.parametrize("lang", SAMPLE_LANGUAGES)
def test_every_navigation_landmark_has_a_name_of_its_own(page, site_url, lang):
    page.goto(site_url + prefix(lang) + MDVA)  # a section menu, a tag list, code blocks with a copy button
    page.locator(".md-code__button").first.wait_for()
    names = page.evaluate("""() => Array.from(document.querySelectorAll('nav:not([role=none])'))
        .filter(nav => nav.checkVisibility())
        .map(nav => nav.getAttribute('aria-label')
                    || (document.getElementById(nav.getAttribute('aria-labelledby')) || {}).textContent || '')
        .map(name => name.trim())""")
    assert len(names) >= 4 and all(names) and len(set(names)) == len(names), names
