"""Navigation at knowledge-base size: localized sections, windows on long folders, landing pages."""

import pytest
from helpers import article, mkdocs_build, page, write, write_config
from kbsite.mkdocs_plugin.nav_html import NavRenderer
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation

FR = "source-wordcount: 10\n"


def uuid(number: int) -> str:
    return f"{number:08x}-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """40 articles in one folder, one of them unlisted, one hidden."""
    root = tmp_path_factory.mktemp("nav")
    project = root / "project"
    (project / "docs" / "overrides").mkdir(parents=True)
    write_config(project, ["en", "fr"])
    write(project, "docs/index.en.md", "# Home\n")
    write(project, "docs/index.fr.md", "# Accueil\n")
    write(project, "articles/many/_section.yml", "title: {en: Many things, fr: Beaucoup de choses}\n"
                                                 "description: {en: Everything about many things., fr: Tout sur beaucoup de choses.}\n")
    for number in range(40):
        extra = "unlisted: true\n" if number == 5 else "hidden: true\n" if number == 6 else ""
        title = f"Topic {number:02d}"
        write(project, f"articles/many/topic-{number:02d}.en.md", article(title=title, exl_id=uuid(number), extra=extra))
        write(project, f"articles/many/topic-{number:02d}.fr.md",
              article(title=f"Sujet {number:02d}", exl_id=uuid(number), extra=extra + FR))
    write(project, "articles/few-things/one.en.md", article(title="One", exl_id=uuid(99)))  # no _section.yml
    write(project, "articles/few-things/one.fr.md", article(title="Un", exl_id=uuid(99), extra=FR))
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def nav_titles(site, url):
    return [span.get_text(strip=True) for span in page(site, url).select("nav.md-nav--primary li span.md-ellipsis")]


def test_long_folder_shows_a_window_around_the_page_and_a_link_to_all(big_site):
    titles = nav_titles(big_site, "many/topic-20")
    topics = [t for t in titles if t.startswith("Topic")]
    assert len(topics) == 10 and "Topic 20" in topics
    assert topics == sorted(topics)
    assert "Show all (38)" in titles  # 40 articles, one unlisted, one hidden


def test_unlisted_and_hidden_articles_are_left_out_of_the_navigation(big_site):
    titles = nav_titles(big_site, "many/topic-05")
    assert "Topic 05" not in titles and "Topic 06" not in titles
    assert (big_site / "many/topic-05/index.html").is_file() and (big_site / "many/topic-06/index.html").is_file()


@pytest.mark.parametrize("prefix, heading, first", [("", "Many things", "Topic 00"), ("fr/", "Beaucoup de choses", "Sujet 00")])
def test_generated_section_page_lists_every_listed_article(big_site, prefix, heading, first):
    html = page(big_site, prefix + "many")
    assert html.select_one("article h1").get_text() == heading
    links = [a.get_text() for a in html.select("ul.kb-section-list a")]
    assert len(links) == 38 and links[0] == first
    assert "Tout sur" in html.get_text() if prefix else "Everything about" in html.get_text()


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_a_folder_without_section_file_has_one_title_in_navigation_and_on_its_page(big_site, prefix):
    html = page(big_site, prefix + "few-things")
    assert html.select_one("article h1").get_text() == "Few things"
    assert "Few things" in nav_titles(big_site, prefix + "many/topic-00")


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("nav", [None, [{"Home": "index.md"}, {"Elsewhere": "elsewhere/page/"},
                                       {"Guides": ["a/one.md", "b/c/two.md", "b/x/six.md", "e/f/g.md"]},
                                       {"Deep": ["b/c/d/three.md", "b/four.md"]}, {"Deeper": ["b/c/d/five.md"]},
                                       {"Web": "https://example.com/"}]])
def test_items_away_from_the_page_are_reused_only_where_they_look_the_same(tmp_path, directory_urls, nav):
    """The navigation seen from every page, with the items rendered once per distance, as rendered afresh."""
    paths = ["index.md", "a/one.md", "a/index.md", "b/four.md", "b/c/two.md", "b/c/d/three.md", "b/c/d/five.md",
             "b/x/six.md", "e/f/g.md", "e.md"]
    for path in paths:
        write(tmp_path / "docs", path, f"# {path}\n")
    config = MkDocsConfig()
    config.load_dict({"site_name": "nav", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site"),
                      "use_directory_urls": directory_urls, **({"nav": nav} if nav else {})})
    config.validate()
    files = Files([File(path, config.docs_dir, config.site_dir, directory_urls) for path in paths])
    navigation = get_navigation(files, config)
    features = ["navigation.prune", "navigation.indexes"]
    reusing = NavRenderer(features, "Contents", max_items=4)
    for seen_from in navigation.pages:
        seen_from.active = True
        assert (reusing.items(navigation, seen_from, "", {})
                == NavRenderer(features, "Contents", 4).items(navigation, seen_from, "", {}))
        seen_from.active = False
    assert reusing._rendered  # some items were reused
