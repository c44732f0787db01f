"""The whole real Experience League knowledge base in four languages (en, fr, de, ja), imported and built once,
and what readers see on it."""

import shutil

import pytest
from helpers import REPO, mkdocs_build, page, write_config
from kbsite.tools.exl.importer import import_exl
from raw_markup import report, scan_site

LANGUAGES = ["en", "fr", "de", "ja"]
PREFIXES = {"en": "", "fr": "fr/", "de": "de/", "ja": "ja/"}
MDVA = ("support-tools/patches-available-in-qpt-tool/v1-1-4/"
        "mdva-40399-partial-invoices-for-same-order-cannot-be-created-simultaneously-via-rest-api")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory, corpus):
    root = tmp_path_factory.mktemp("corpus")
    project = root / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    write_config(project, LANGUAGES)
    import_exl({lang: corpus / "exl-kb" / lang for lang in LANGUAGES}, project / "articles", "en")
    result = mkdocs_build(project, root / "site", strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, root / "site"


def test_no_page_shows_raw_markup_in_any_language(corpus_site):
    """Markdown links, emphasis, headings and EXL markers shown as text, outside code, on every page and in
    the texts browsers and search show (title, meta description, search title); counts printed per language,
    page kind and part of the page. Source defects (CommonMark renders them as text too) are counted apart."""
    _, site = corpus_site
    finds = scan_site(site, LANGUAGES)
    print(report(finds, LANGUAGES))
    assert {lang: finds.total(lang) for lang in LANGUAGES} == dict.fromkeys(LANGUAGES, 0), finds.examples[:20]


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_the_cards_description_links_to_qpt_instead_of_showing_the_markdown(corpus_site, lang):
    _, site = corpus_site
    article = page(site, PREFIXES[lang] + MDVA)
    text = article.select_one("article").get_text()
    assert "](http" not in text
    links = [a["href"] for a in article.select("article a")]
    assert any(href.startswith("https://experienceleague.adobe.com/") and "patches/overview" in href for href in links)
