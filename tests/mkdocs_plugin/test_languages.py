"""Any number of languages, from mkdocs.yml alone: script and region subtags, CJK, one we have no strings for."""

import re

import frontmatter
import pytest
from bs4 import BeautifulSoup
from helpers import check_project, mkdocs_build, page, run_kb, search_index, search_languages, write, write_config
from kbsite.core.strings import strings

LANGUAGES = ["en", "de", "zh-Hans", "pt-BR", "ja", "nl"]  # nl: no bundled strings
KEY = "qpt/mdva-40399-partial-invoices"
NOTE = {"en": "The API", "de": "Die API", "zh-Hans": "API", "pt-BR": "A API", "ja": "API", "nl": "De API"}


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def patch_article(lang: str) -> str:
    """MDVA-40399 as a writer of ``lang`` writes it: the language's title punctuation, sections and marker.

    It claims 2.4.2 – 2.4.3-p1, older than the metadata's releases: the version check must say so in every language.
    """
    language = strings(lang)
    sections = language["patch_sections"]
    marker = language["compatible_markers"][0]
    title = f"MDVA-40399{language['title_separator']}{NOTE[lang]} invoices"
    if lang == "ja":
        title = f"「{title}」"  # as most Japanese titles of the real knowledge base
    return (f"---\ntitle: '{title}'\ndescription: {NOTE[lang]}.\nexl-id: 2444ba57-b30b-4fdf-9e5d-988cf7fa8dd1\n"
            f"feature: Invoices\nrole: Admin\n---\n\n# {title.strip('「」')}\n\n{NOTE[lang]}.\n\n"
            f"## {sections[0]}\n\n**{marker}**\n\nAdobe Commerce 2.4.2 - 2.4.3-p1\n\n"
            f"## {sections[1]}\n\nText.\n\n## {sections[2]}\n\nText.\n\n## {sections[3]}\n\n* [Home](../index.md)\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("languages")
    write_config(root, LANGUAGES)
    write(root, "docs/index.en.md", "---\ntitle: Home\n---\n\n# Home\n\nSee the [patch grid](patches.md).\n")
    for lang in LANGUAGES:
        write(root, f"articles/{KEY}.{lang}.md", patch_article(lang))
    write(root, "articles/qpt/_section.yml", "title: {en: QPT, de: QPT-Patches, zh-Hans: QPT 修补程序}\n")
    return root


@pytest.fixture(scope="module")
def built(project, tmp_path_factory):
    site = tmp_path_factory.mktemp("languages-site")
    result = mkdocs_build(project, site, strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return site, result


def test_the_build_warns_once_about_the_language_without_strings(built):
    _, result = built
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    about_strings = [line for line in warnings if "no strings" in line]
    assert len(about_strings) == 1, warnings
    assert "no strings for language 'nl'" in about_strings[0] and "nl.yml" in about_strings[0]
    assert all(": KB511 " in line for line in warnings if line not in about_strings), warnings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_pages_at_its_prefix(built, lang):
    site, _ = built
    article = page(site, prefix(lang) + KEY)
    assert article.html["lang"] == lang
    assert article.select_one("article h1").get_text().startswith("MDVA-40399")
    labels = [dt.get_text(strip=True) for dt in article.select(".kb-patch-card__facts dt")]
    assert strings(lang)["patch_card"]["releases"] in labels
    grid = page(site, prefix(lang) + "patches")
    assert grid.select_one("article h1").get_text(strip=True).rstrip("¶") == strings(lang)["pages"]["patches"]["title"]
    assert grid.select_one("table.kb-grid__table") is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_search_index_of_its_own(built, lang):
    site, _ = built
    assert search_languages(site, prefix(lang)) == [lang.lower()]  # its stemming and segmentation
    indexed = search_index(site, prefix(lang))
    entry = indexed[f"/{prefix(lang)}{KEY}/"]
    assert "MDVA-40399" in entry["meta"]["title"] and NOTE[lang] in entry["content"].replace("\u200b", "")
    assert entry["filters"]["feature"] == [strings(lang)["vocabulary"]["feature"]["Invoices"]]
    assert all(url.startswith(f"/{prefix(lang)}") for url in indexed)


def test_languages_with_strings_show_no_english_card_labels(built):
    site, _ = built
    english = set(strings("en")["patch_card"].values())
    for lang in ("de", "zh-Hans", "pt-BR", "ja"):
        card = page(site, prefix(lang) + KEY).select_one(".kb-patch-card")
        shown = {dt.get_text(strip=True) for dt in card.select("dt")}
        assert shown and not shown & english, (lang, shown & english)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_heading_links_are_titled_in_the_pages_language(built, lang):
    site, _ = built
    titles = {a["title"] for a in page(site, prefix(lang) + KEY).select("article a.headerlink")}
    assert titles == {strings(lang)["heading_link"]}  # nl: English, like every label without strings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_theme_credit_is_in_the_pages_language(built, lang):
    site, _ = built
    credit = page(site, prefix(lang) + KEY).select_one(".md-copyright span")
    assert credit["lang"] == (lang if lang != "nl" else "en")  # nl: English, and says so
    link = credit.select_one("a")
    assert link.get_text() == "Material for MkDocs"
    assert credit.get_text() == strings(lang)["made_with"].replace("{generator}", link.get_text())


def test_the_translation_dashboard_names_each_language_in_itself(built):
    site, _ = built
    headers = {th["lang"]: th.get_text() for th in page(site, "translations").select(".kb-matrix thead th[lang]")}
    # nl has no strings: its tag, not the fallback's "English"
    assert headers == {lang: strings(lang)["name"] if lang != "nl" else "nl" for lang in LANGUAGES[1:]}


def test_a_heading_link_title_from_mkdocs_yml_is_kept(tmp_path):
    write_config(tmp_path, ["en", "fr"], markdown_extensions=[{"toc": {"permalink": True,
                                                                       "permalink_title": "Anchor"}}])
    write(tmp_path, "docs/index.en.md", "---\ntitle: Home\n---\n\n# Home\n\n## Part\n")
    result = mkdocs_build(tmp_path, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    for lang in ("en", "fr"):
        assert {a["title"] for a in page(tmp_path / "site", prefix(lang)).select("a.headerlink")} == {"Anchor"}


def test_the_404_page_says_it_in_every_language(built):
    site, _ = built
    html = BeautifulSoup((site / "404.html").read_text("utf-8"), "html.parser")
    sections = html.select(".kb-not-found__language")
    # The default language's first; nl has no strings: its section is in English and says so.
    assert [section["lang"] for section in sections] == [lang if lang != "nl" else "en" for lang in LANGUAGES]
    for lang, section in zip(LANGUAGES, sections):
        assert section.select_one("h1, h2").get_text() == strings(lang)["not_found"]["title"]  # nl: English
        assert section.select_one("a")["href"] == f"/{prefix(lang)}"
    assert [heading.name for heading in html.select(".kb-not-found h1, .kb-not-found h2")] == ["h1"] + ["h2"] * 5


def test_the_language_menu_lists_every_language_and_lands_on_the_same_article(built):
    site, _ = built
    links = {a["hreflang"]: a["href"] for a in page(site, "zh-Hans/" + KEY).select("a.md-select__link")}
    assert set(links) == set(LANGUAGES)
    for lang, href in links.items():
        target = (site / "zh-Hans" / KEY / href / "index.html").resolve()
        assert target == (site / prefix(lang) / KEY / "index.html").resolve(), lang
    alternates = {link["hreflang"] for link in page(site, "pt-BR/" + KEY).select("link[rel=alternate][hreflang]")}
    assert alternates == set(LANGUAGES)


def test_every_language_is_checked_the_same_way(project):
    found = check_project(project)
    by_code = {}
    for diagnostic in found:
        by_code.setdefault(diagnostic.code, set()).add(diagnostic.path)
    articles = {f"articles/{KEY}.{lang}.md" for lang in LANGUAGES}
    assert by_code.get("KB511") == articles  # the version check reads every language's statement
    assert "KB203" not in by_code and "KB513" not in by_code, found
    assert set(by_code) == {"KB511"}, found


def test_kb_new_writes_every_language_with_its_punctuation(project, tmp_path):
    result = run_kb("new", "ACSD-59036", cwd=project)
    assert result.returncode == 0, result.stderr
    created = [line.removeprefix("created ") for line in result.stdout.splitlines()]
    assert [re.search(r"\.([^.]+)\.md$", path).group(1) for path in created] == LANGUAGES
    titles = {path.rsplit(".", 2)[1]: frontmatter.load(project / path)["title"] for path in created}
    assert titles["en"].startswith("ACSD-59036: ") and titles["zh-Hans"].startswith("ACSD-59036：")
    assert titles["ja"].startswith("ACSD-59036：") and titles["pt-BR"].startswith("ACSD-59036: ")
    body = frontmatter.load(project / created[1]).content
    assert "## " + strings("de")["patch_sections"][0] in body
