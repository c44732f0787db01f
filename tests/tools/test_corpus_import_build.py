"""A slice of the real Experience League knowledge base, imported, checked and built."""

import shutil

import pytest
from helpers import REPO, check_project, mkdocs_build, page, search_index
from kbsite.tools.exl.importer import import_exl

SLICE = [
    "help/TOC.md",
    "help/overview.md",
    "help/support-tools/patches-available-in-qpt-tool/v1-1-4",
    "help/support-tools/patches-available-in-qpt-tool/check-patch-for-magento-issue-with-magento-quality-patches.md",
    "help/announcements/adobe-commerce-announcements/magento-quality-patches-released-new-tool-to-self-serve-quality-patches.md",
    "help/announcements/adobe-commerce-announcements/test.md",  # hide: yes, hidefromtoc: yes
    "help/assets",
]
MDVA = "support-tools/patches-available-in-qpt-tool/v1-1-4/mdva-40399-partial-invoices-for-same-order-cannot-be-created-simultaneously-via-rest-api"


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory, corpus):
    root = tmp_path_factory.mktemp("corpus-slice")
    sources = {}
    for lang in ("en", "fr"):
        for part in SLICE:
            source, target = corpus / "exl-kb" / lang / part, root / "exl" / lang / part
            target.parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
        sources[lang] = root / "exl" / lang
    project = root / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    report = import_exl(sources, project / "articles", "en")
    result = mkdocs_build(project, root / "site", strict=False)
    assert result.returncode == 0, result.stderr
    return project, root / "site", report, result


def test_import_report(corpus_site):
    _, _, report, _ = corpus_site
    assert report.articles["en"] == report.articles["fr"] == report.pairs >= 8
    assert report.links_rewritten > 20


@pytest.mark.parametrize("prefix, title", [("", "Note"), ("fr/", "Remarque")])
def test_exl_markdown_is_rendered(corpus_site, prefix, title):
    _, site, _, _ = corpus_site
    article = page(site, prefix + MDVA).select_one("article")
    note = article.select_one("div.admonition.note")
    assert note is not None and note.select_one(".admonition-title").get_text() == title
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


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_patch_id_is_found_by_search_in_both_languages(corpus_site, prefix):
    _, site, _, _ = corpus_site
    entry = search_index(site, prefix)[f"/{prefix}{MDVA}/"]
    assert entry["meta"]["title"].startswith("MDVA-40399") and "MDVA-40399" in entry["content"]


def test_corpus_problems_are_diagnostics_not_tracebacks(corpus_site):
    project, _, _, result = corpus_site
    assert "Traceback" not in result.stderr
    found = check_project(project)
    compat = [d for d in found if d.code == "KB511" and "mdva-40399" in d.path]
    assert len(compat) == 2
    assert "2.4.2 – 2.4.3-p1" in compat[0].message and "2.4.2 – 2.4.3-p3" in compat[0].message
    assert f"{compat[0].path}:{compat[0].line}: KB511" in result.stderr
