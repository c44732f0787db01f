"""Full MkDocs builds of the sample knowledge base into temporary folders."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import (
    REPO,
    copy_sample,
    mkdocs_build,
    page,
    search_index,
    search_languages,
    set_plugin_option,
    site_files,
    write,
)

from kbsite.core.collector import BUILD_THRESHOLDS
from kbsite.core.settings import load_settings

MDVA = "qpt-patches/mdva-40399-partial-invoices-created-simultaneously-via-api"


@pytest.fixture
def site(sample_site) -> Path:
    return sample_site


@pytest.mark.parametrize("lang, prefix, heading", [
    ("en", "", "Affected products and versions"),
    ("fr", "fr/", "Produits et versions concernés"),
])
def test_mdva_40399_exists_in_both_languages(site, lang, prefix, heading):
    html = page(site, prefix + MDVA)
    assert html.html["lang"] == lang
    assert html.find("h1").get_text().startswith("MDVA-40399")
    assert heading in [h2.get_text(strip=True).rstrip("¶") for h2 in html.find_all("h2")]


def test_every_article_is_published_in_both_languages(site):
    for source in (REPO / "articles").rglob("*.en.md"):
        url = source.relative_to(REPO / "articles").as_posix().removesuffix(".en.md")
        assert (site / url / "index.html").is_file(), url
        assert (site / "fr" / url / "index.html").is_file(), url


def test_language_switcher_lands_on_the_same_article(site):
    links = {a["hreflang"]: a["href"] for a in page(site, "fr/" + MDVA).select("a.md-select__link")}
    assert (site / "fr" / MDVA / links["en"] / "index.html").resolve() == (site / MDVA / "index.html").resolve()
    links = {a["hreflang"]: a["href"] for a in page(site, MDVA).select("a.md-select__link")}
    assert (site / MDVA / links["fr"] / "index.html").resolve() == (site / "fr" / MDVA / "index.html").resolve()


def test_language_neutral_links_point_to_the_readers_language(site):
    html = page(site, "fr/" + MDVA)
    hrefs = [a["href"] for a in html.select("article a[href]") if a["href"].startswith("../")]
    assert hrefs, "the French article links to other articles"
    for href in hrefs:
        target = (site / "fr" / MDVA / href.split("#")[0]).resolve()
        assert target.is_relative_to((site / "fr").resolve()), href


def test_one_search_index_per_language(site):
    english, french = search_index(site), search_index(site, "fr/")
    assert search_languages(site) == ["en"] and search_languages(site, "fr/") == ["fr"]
    assert english and all(not url.startswith("/fr/") for url in english)
    assert french and all(url.startswith("/fr/") for url in french)
    assert french[f"/fr/{MDVA}/"]["meta"]["title"].startswith("MDVA-40399 : ")
    assert "Produits et versions concernés" in french[f"/fr/{MDVA}/"]["content"]
    assert "Affected products and versions" not in " ".join(entry["content"] for entry in french.values())


def test_search_indexes_the_content_only(site):
    entry = search_index(site)[f"/{MDVA}/"]
    assert entry["content"].startswith("MDVA-40399: Partial invoices") and "Partial invoices" in entry["content"]
    for boilerplate in ("Affected components", "See this patch in the patch grid",  # the patch card
                        "Skip to content", "Table of contents", "Back to top", "Made with", "¶"):  # the theme
        assert boilerplate not in entry["content"], boilerplate


def test_search_facets_are_labels_in_the_readers_language(site):
    english, french = search_index(site)[f"/{MDVA}/"], search_index(site, "fr/")[f"/fr/{MDVA}/"]
    releases = english["filters"].pop("release")
    assert english["filters"] == {"feature": ["REST", "Invoices", "Orders"], "role": ["Admin"], "status": ["Active"]}
    assert french["filters"].pop("release") == releases
    assert french["filters"] == {"feature": ["REST", "Factures", "Commandes"], "role": ["Administrateur"],
                                 "status": ["Actif"]}
    assert not {"status", "release"} & set(search_index(site)["/how-to/flush-the-cache/"]["filters"])


def test_a_patch_article_is_filtered_by_the_releases_its_patch_applies_to(site):
    """The bundled metadata's MDVA-40399: 2.4.2 to 2.4.3-p3 (the article itself says 2.4.2 – 2.4.3-p1)."""
    releases = search_index(site)[f"/{MDVA}/"]["filters"]["release"]
    assert {"2.4.2", "2.4.3-p1", "2.4.3-p3"} <= set(releases) and not {"2.4.1", "2.4.4"} & set(releases)


def test_default_language_pages_carry_the_title_of_each_translation(site):
    meta = search_index(site)[f"/{MDVA}/"]["meta"]
    assert meta["title-fr"].startswith("MDVA-40399") and meta["title-fr"] != meta["title"]
    assert set(meta) == {"title", "title-fr", "title-de", "title-ja"}
    assert set(search_index(site, "fr/")[f"/fr/{MDVA}/"]["meta"]) == {"title"}


def test_generated_listings_are_not_searched(site):
    urls = set(search_index(site))
    assert "/" in urls and "/rules/" in urls  # site pages with text of their own
    for listing in ("/patches/", "/tags/", "/translations/", "/qpt-patches/", "/how-to/"):
        assert listing not in urls, listing


def test_searched_pages_carry_pagefind_markup(site):
    article = page(site, MDVA)
    body = article.select_one("[data-pagefind-body]")
    assert body is not None and body.find("h1") is not None
    assert article.select_one("aside.kb-patch-card").has_attr("data-pagefind-ignore")
    assert page(site, "patches").select_one("[data-pagefind-body]") is None


def test_every_page_has_the_search_of_its_language(site):
    for url, bundle in ((MDVA, "../../pagefind/"), ("fr/" + MDVA, "../../pagefind/"), ("fr/", "pagefind/")):
        search = page(site, url).select_one("header [data-kb-search]")
        assert search is not None and search["data-bundle"] == bundle, url
    assert page(site, "fr/").select_one("[data-kb-search] .kb-search__open-label").get_text() == "Rechercher"
    assert not (site / "search").exists()  # Material's search is gone


def test_tags_come_from_features_in_the_readers_language(site):
    tags = lambda url: [t.get_text(strip=True) for t in page(site, url).select(".md-tag")]
    assert {"REST", "Invoices", "Orders"} <= set(tags(MDVA))
    assert {"REST", "Factures", "Commandes"} <= set(tags("fr/" + MDVA))
    assert "Factures" in page(site, "fr/tags").get_text()


def test_navigation_uses_localized_section_titles(site):
    nav = page(site, "fr/" + MDVA).select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "Correctifs QPT" in nav and "Dépannage" in nav and "Guides pratiques" in nav
    assert "Qpt patches" not in nav


def test_rules_page_lists_every_rule_in_both_languages(site):
    from kbsite.core.diagnostics import catalogue

    for prefix, word in (("", "Severity"), ("fr/", "Gravité")):
        html = page(site, prefix + "rules")
        ids = {h["id"] for h in html.find_all("h2")}
        assert {code.lower() for code in catalogue()} <= ids
        assert word in html.get_text()


def test_material_hide_is_not_reachable_from_front_matter(tmp_path):
    project = copy_sample(tmp_path / "p")
    path = project / "articles/how-to/flush-the-cache.en.md"
    path.write_text(path.read_text("utf-8").replace("role: ", "hide: yes\nrole: ", 1), "utf-8")
    result = mkdocs_build(project, tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stderr
    assert "KB113 unknown key 'hide'" in result.stderr


def test_broken_article_is_reported_and_the_rest_builds(tmp_path):
    project = copy_sample(tmp_path / "p")
    write(project, "articles/how-to/flush-the-cache.en.md", "---\ntitle: [broken\n---\n\n# Flush\n\nStill here.\n")
    relaxed = mkdocs_build(project, tmp_path / "relaxed", strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "articles/how-to/flush-the-cache.en.md:2:8: KB104" in relaxed.stderr
    assert "Traceback" not in relaxed.stderr
    assert "Still here." in (tmp_path / "relaxed/how-to/flush-the-cache/index.html").read_text("utf-8")
    assert not any("kb-findings" in p.read_text("utf-8") for p in (tmp_path / "relaxed").rglob("*.html"))  # serve only
    assert (tmp_path / "relaxed" / MDVA / "index.html").is_file()
    strict = mkdocs_build(project, tmp_path / "strict", strict=True)
    assert strict.returncode != 0
    output = strict.stdout + strict.stderr
    assert "Aborted with 1 errors in strict mode" in output and "Traceback" not in output


def test_languages_built_in_parallel_or_in_turn_give_the_same_site(tmp_path):
    project = copy_sample(tmp_path / "p")
    assert mkdocs_build(project, tmp_path / "parallel").returncode == 0
    set_plugin_option(project, "parallel_languages", "false")
    result = mkdocs_build(project, tmp_path / "sequential")
    assert result.returncode == 0, result.stderr
    parallel, sequential = site_files(tmp_path / "parallel"), site_files(tmp_path / "sequential")
    assert sorted(parallel) == sorted(sequential)
    assert [name for name in parallel if parallel[name] != sequential[name]] == []


def test_sitemap_lists_every_page_with_its_alternates(tmp_path):
    project = copy_sample(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://kb.example.com/support/\n" + config.read_text("utf-8"), "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    xml = (tmp_path / "site/sitemap.xml").read_text("utf-8")
    loc = f"https://kb.example.com/support/{MDVA}/"
    assert f"<loc>{loc}</loc>" in xml and f"<loc>https://kb.example.com/support/fr/{MDVA}/</loc>" in xml
    assert f'hreflang="fr" href="https://kb.example.com/support/fr/{MDVA}/"' in xml
    assert "lastmod" not in xml and "None" not in xml
    import gzip

    assert gzip.decompress((tmp_path / "site/sitemap.xml.gz").read_bytes()).decode("utf-8") == xml


def test_no_sitemap_without_site_url(sample_site):
    assert not (sample_site / "sitemap.xml").exists()


def test_redirects_forward_readers_in_their_language(tmp_path):
    project = copy_sample(tmp_path / "p")
    write(project, "articles/_redirects.yml",
          "old/flush-cache: how-to/flush-the-cache\nold/moved-away: https://experienceleague.adobe.com/x.html\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for prefix, lang in (("", "en"), ("fr/", "fr")):
        html = page(tmp_path / "site", prefix + "old/flush-cache")
        assert html.html["lang"] == lang
        target = html.select_one("link[rel=canonical]")["href"]
        assert target == "../../how-to/flush-the-cache/"
        assert (tmp_path / "site" / prefix / "old/flush-cache" / target / "index.html").resolve() == \
            (tmp_path / "site" / prefix / "how-to/flush-the-cache/index.html").resolve()
        assert page(tmp_path / "site", prefix + "old/moved-away").select_one("a")["href"] == "https://experienceleague.adobe.com/x.html"


def test_bad_redirects_are_reported(tmp_path):
    from helpers import check_project

    project = copy_sample(tmp_path / "p")
    write(project, "articles/_redirects.yml", "old/a: how-to/nowhere\nhow-to/flush-the-cache: how-to/enable-maintenance-mode\n"
                                              "'../../etc': how-to/flush-the-cache\n")
    problems = [(d.code, d.message) for d in check_project(project)]
    assert ("KB206", "'old/a' redirects to 'how-to/nowhere', which is not an article") in problems
    assert ("KB206", "'how-to/flush-the-cache' is the path of a page; the redirect is ignored") in problems
    assert ("KB206", "'../../etc' is not a usable path; the redirect is ignored") in problems


@pytest.mark.parametrize("binary, message", [
    ("/bin/false", "Pagefind failed (exit 1)"),
    ("/nonexistent/pagefind", "cannot run Pagefind (/nonexistent/pagefind): No such file or directory"),
])
def test_a_failing_search_indexer_fails_the_build_with_a_message(tmp_path, monkeypatch, binary, message):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    result = mkdocs_build(copy_sample(tmp_path / "p"), tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"kb: no search index (en): {message}" in result.stderr
    assert f"kb: no search index (fr): {message}" in result.stderr


LINK_NOTICES = ("contains a link", "unrecognized relative link", "Did you mean", "does not contain an anchor",
                "is not found among documentation files")


def test_a_clean_build_prints_no_link_notice(tmp_path):
    result = mkdocs_build(REPO, tmp_path / "site", strict=True)
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if any(n in line for n in LINK_NOTICES)]


@pytest.mark.parametrize("own_link_checks", [True, False])
def test_a_broken_link_is_reported_once(tmp_path, own_link_checks):
    project = copy_sample(tmp_path / "p")
    set_plugin_option(project, "own_link_checks", own_link_checks)
    path = project / "articles/how-to/flush-the-cache.en.md"
    path.write_text(path.read_text("utf-8") + "\nSee [the guide](missing-guide.md).\n", "utf-8")
    result = mkdocs_build(project, tmp_path / "site", strict=False)
    reports = [line for line in result.stderr.splitlines() if "missing-guide.md" in line]
    assert len(reports) == 1, reports
    ours = "KB401" in reports[0]
    assert ours == own_link_checks and reports[0].startswith(("ERROR", "WARNING"))


def test_a_link_preview_gets_the_plain_title_and_description(site):
    """Open Graph: what a chat or a ticket shows of a pasted link, without Markdown or HTML."""
    html = page(site, "fr/" + MDVA)
    og = {tag["property"]: tag["content"] for tag in html.select("head meta[property^='og:']")}
    assert og["og:title"] == html.title.get_text().split(" - ")[0] and og["og:title"].startswith("MDVA-40399 : ")
    assert og["og:description"] == html.select_one("head meta[name=description]")["content"]
    assert og["og:type"] == "article" and og["og:site_name"] == "Base de connaissances du support"


def test_a_build_sets_the_cycle_collector_for_its_heap(tmp_path):
    """MkDocs' own API, in a process of its own: the plugin's build leaves the collector as kbsite sets it."""
    project = copy_sample(tmp_path / "p")
    script = ("import gc; from mkdocs.commands.build import build; from mkdocs.config import load_config; "
              "gc.set_threshold(700, 10, 10); "
              f"build(load_config('mkdocs.yml', site_dir={str(tmp_path / 'site')!r})); print(gc.get_threshold())")
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == str(BUILD_THRESHOLDS)


def test_every_language_built_in_turn_has_its_related_articles_worked_out_ahead(tmp_path):
    """A language is never special: in the process that builds the languages one after the other (a rebuild of
    mkdocs serve; here MkDocs' API with parallel_languages off), each one's related lists are worked out by a
    forked copy while its build goes on, and the site is the one built in parallel."""
    project = copy_sample(tmp_path / "p")
    assert mkdocs_build(project, tmp_path / "parallel").returncode == 0
    set_plugin_option(project, "parallel_languages", "false")
    shutil.rmtree(project / ".cache")  # the lists the first build kept would hold: none to work out
    script = ("import json; from mkdocs.commands.build import build; from mkdocs.config import load_config; "
              "from kbsite.site.related import RelatedArticles; started = []; ahead = RelatedArticles.work_out_ahead\n"
              "def recording(self, lang):\n"
              "    ahead(self, lang)\n"
              "    started.extend([lang] if lang in self._ahead else [])\n"
              "RelatedArticles.work_out_ahead = recording\n"
              f"build(load_config('mkdocs.yml', site_dir={str(tmp_path / 'in-turn')!r})); print(json.dumps(started))")
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(result.stdout.split("\n")[-2])) == sorted(load_settings(project / "mkdocs.yml").languages)
    parallel, in_turn = site_files(tmp_path / "parallel"), site_files(tmp_path / "in-turn")
    assert sorted(parallel) == sorted(in_turn) and [name for name in parallel if parallel[name] != in_turn[name]] == []


def test_a_template_override_that_does_not_compile_stops_the_build_with_its_file_and_line(tmp_path):
    project = copy_sample(tmp_path / "p")
    write(project, "docs/overrides/kb/patch_card.html", "<div>\n{% if %}broken{% endif %}\n")
    result = mkdocs_build(project, tmp_path / "site", strict=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "a template override does not compile:" in result.stderr
    assert "docs/overrides/kb/patch_card.html:2: Expected an expression" in result.stderr


def test_a_build_that_fails_on_the_way_still_logs_the_projects_findings(tmp_path):
    """The build checks the project at its end, while Pagefind indexes: a build failing before (here, a
    template override that names what its template is not given) logs the findings all the same."""
    project = copy_sample(tmp_path / "p")
    path = project / "articles/how-to/flush-the-cache.en.md"
    path.write_text(path.read_text("utf-8") + "\nSee [the guide](missing-guide.md).\n", "utf-8")
    write(project, "docs/overrides/kb/patch_card.html", "<div>\n{{ no_such_value }}\n</div>\n")
    result = mkdocs_build(project, tmp_path / "site", strict=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "docs/overrides/kb/patch_card.html:2: 'no_such_value' is undefined" in result.stderr
    assert "KB401" in result.stderr and "missing-guide.md" in result.stderr
