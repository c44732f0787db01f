"""A slice of the real Experience League knowledge base in four languages, imported, checked and built."""

import re
import shutil

import pytest
from helpers import REPO, check_project, mkdocs_build, page, search_index, write_config
from kbsite.core.strings import strings
from kbsite.tools.exl.importer import import_exl

LANGUAGES = ["en", "fr", "de", "ja"]
QPT = "help/support-tools/patches-available-in-qpt-tool"
SLICE = [
    "help/TOC.md",
    "help/overview.md",
    f"{QPT}/v1-1-4",
    f"{QPT}/v1-1-0/mdva-38827-customers-receive-an-order-shipment-email-containing-an-error-message.md",
    f"{QPT}/check-patch-for-magento-issue-with-magento-quality-patches.md",
    "help/announcements/adobe-commerce-announcements/magento-quality-patches-released-new-tool-to-self-serve-quality-patches.md",
    "help/announcements/adobe-commerce-announcements/test.md",  # hide: yes, hidefromtoc: yes
    "help/assets",
]
MDVA = "support-tools/patches-available-in-qpt-tool/v1-1-4/mdva-40399-partial-invoices-for-same-order-cannot-be-created-simultaneously-via-rest-api"
MDVA_38827 = "support-tools/patches-available-in-qpt-tool/v1-1-0/mdva-38827-customers-receive-an-order-shipment-email-containing-an-error-message"
PREFIXES = {"en": "", "fr": "fr/", "de": "de/", "ja": "ja/"}


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory, corpus):
    root = tmp_path_factory.mktemp("corpus-slice")
    sources = {}
    for lang in LANGUAGES:
        for part in SLICE:
            source, target = corpus / "exl-kb" / lang / part, root / "exl" / lang / part
            target.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
        sources[lang] = root / "exl" / lang
    project = root / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    write_config(project, LANGUAGES)
    report = import_exl(sources, project / "articles", "en")
    result = mkdocs_build(project, root / "site", strict=False)
    assert result.returncode == 0, result.stderr
    return project, root / "site", report, result


def test_import_report(corpus_site):
    _, _, report, _ = corpus_site
    assert report.articles["en"] == report.articles["ja"] == report.pairs >= 8
    assert report.links_rewritten > 40


@pytest.mark.parametrize("lang", LANGUAGES)
def test_exl_markdown_is_rendered(corpus_site, lang):
    _, site, _, _ = corpus_site
    article = page(site, PREFIXES[lang] + MDVA).select_one("article")
    note = article.select_one("div.admonition.note")
    assert note is not None and note.select_one(".admonition-title").get_text() == strings(lang)["exl_alerts"]["NOTE"]
    text = article.get_text()
    assert "[!DNL" not in text and "[!NOTE]" not in text and "Quality Patches Tool" in text
    assert article.select_one("aside.kb-patch-card") is not None


def test_hidden_article_is_published_but_not_listed_or_searched(corpus_site):
    _, site, _, _ = corpus_site
    url = "announcements/adobe-commerce-announcements/test"
    hidden = page(site, url)
    assert hidden.select_one('meta[name=robots][content=noindex]') is not None
    title = hidden.select_one("article h1").get_text(strip=True).rstrip("¶")
    listed = [a.get_text(strip=True) for a in page(site, MDVA).select("nav.md-nav--primary a")]
    assert listed and title not in listed
    assert f"/{url}/" not in search_index(site) and f"/{MDVA}/" in search_index(site)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_patch_id_is_found_by_search_in_every_language(corpus_site, lang):
    _, site, _, _ = corpus_site
    entry = search_index(site, PREFIXES[lang])[f"/{PREFIXES[lang]}{MDVA}/"]
    content = entry["content"].replace("\u200b", "")  # Pagefind marks where it segmented Japanese text
    assert "MDVA-40399" in entry["meta"]["title"] and "MDVA-40399" in content  # ja: 「MDVA-40399：…」


@pytest.mark.parametrize("lang, word", [("fr", "factures partielles"), ("de", "Teilrechnungen"), ("ja", "請求書")])
def test_the_grid_row_shows_the_article_title_in_the_readers_language(corpus_site, lang, word):
    """What /fr/patches/?q=facture, /de/patches/?q=Teilrechnungen and /ja/patches/?q=請求書 filter on."""
    _, site, _, _ = corpus_site
    row = page(site, PREFIXES[lang] + "patches").select_one("tr#MDVA-40399")
    title = row.select("th, td")[1]
    assert word.lower() in title.get_text().lower() and title.a["href"].endswith(f"{MDVA.rsplit('/', 1)[1]}/")
    assert row.select("th, td")[2]["lang"] == "en"  # the metadata's description is marked as English


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_the_card_does_not_repeat_the_first_paragraph_in_the_readers_language(corpus_site, lang):
    """The corpus's description is the body's first paragraph (spaces aside: the French has "l’ outil" in the
    body): the card leaves it out. The Japanese machine translation words the two differently: shown there."""
    project, site, _, _ = corpus_site
    shown = page(site, PREFIXES[lang] + MDVA)
    assert shown.select_one(".kb-patch-card__description") is None
    first = shown.select_one("aside.kb-patch-card").find_next_sibling("p")
    assert "MDVA-40399" in first.get_text() and "Fixes the issue" not in first.get_text()
    assert first.find_parent(attrs={"lang": True})["lang"] == lang  # the article's own language, not a fallback


def test_a_description_the_body_words_otherwise_is_on_the_card(corpus_site):
    _, site, _, _ = corpus_site
    card = page(site, PREFIXES["ja"] + MDVA).select_one(".kb-patch-card__description")
    assert card is not None and card.get("lang") is None and "MDVA-40399" in card.get_text()


def test_an_older_article_gets_information_and_a_wrong_claim_an_error(corpus_site):
    project, site, _, result = corpus_site
    assert "Traceback" not in result.stderr
    found = check_project(project)
    by_article = {}
    for diagnostic in found:
        by_article.setdefault((diagnostic.path.rsplit("/", 1)[1].split("-partial")[0].split("-customers")[0],
                               diagnostic.code), []).append(diagnostic)
    for lang in LANGUAGES:
        older = by_article[("mdva-40399", "KB511")]
        assert {str(d.severity) for d in older} == {"info"} and len(older) == len(LANGUAGES)
        assert "2.4.2 – 2.4.3-p1" in older[0].message and "2.4.2 – 2.4.3-p3" in older[0].message
    claims = by_article[("mdva-38827", "KB514")]
    assert len(claims) == len(LANGUAGES) and {str(d.severity) for d in claims} == {"error"}
    assert claims[0].message.startswith("the article names 2.3.3-p1, which the QPT metadata does not list")
    assert ("mdva-40399", "KB514") not in by_article
    assert f"{older[0].path}:{older[0].line}: KB511" in result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_says_what_the_metadata_lists_beyond_the_article(corpus_site, lang):
    _, site, _, _ = corpus_site
    t = strings(lang)["patch_card"]
    older = page(site, PREFIXES[lang] + MDVA).select_one(".kb-compatibility-note")
    assert older.get_text(strip=True) == t["newer_releases"].format(releases="2.4.3-p2 – 2.4.3-p3")
    wrong = page(site, PREFIXES[lang] + MDVA_38827).select_one(".kb-compatibility-note")
    assert t["unlisted_releases"].format(releases="2.3.3-p1") in wrong.get_text()
    assert wrong.find_previous("p").get_text(strip=True).startswith("Adobe Commerce")  # right under the line


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_leaves_out_the_note_on_releases(corpus_site, lang):
    """The note is the metadata's facts, like the patch card: not the article's words."""
    _, site, _, _ = corpus_site
    note = page(site, PREFIXES[lang] + MDVA_38827).select_one(".kb-compatibility-note")
    assert note.has_attr("data-pagefind-ignore")
    content = _letters(search_index(site, PREFIXES[lang])[f"/{PREFIXES[lang]}{MDVA_38827}/"]["content"])
    assert "2.3.3-p1" in content  # the article's own "compatible with" line
    assert _letters(note.get_text()).split("2.3.3-p1")[0] not in content


def _letters(text: str) -> str:
    """``text`` without spaces, and without the zero-width spaces Pagefind puts between Japanese words."""
    return re.sub(r"[\s\u200b]+", "", text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_exl_markers_in_titles_and_descriptions_are_shown_as_their_words(corpus_site, lang):
    _, site, _, _ = corpus_site
    overview = "support-tools/patches-available-in-qpt-tool/v1-1-4/overview"  # 'Overview: [!DNL Quality Patches Tool] …'
    shown = page(site, PREFIXES[lang] + overview)
    texts = [shown.title.get_text(), shown.select_one("meta[name=description]")["content"],
             search_index(site, PREFIXES[lang])[f"/{PREFIXES[lang]}{overview}/"]["meta"]["title"],
             *(a.get_text() for a in page(site, PREFIXES[lang] + MDVA).select("nav a"))]
    assert all("Quality Patches Tool" in text for text in texts[:3]), texts[:3]
    assert not [text for text in texts if "[!" in text]
