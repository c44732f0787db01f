"""The "What's new" page and Atom feed of each language, from git's history."""

import subprocess
import xml.etree.ElementTree as ElementTree

import pytest
from helpers import article, copy_sample, git_commit, mkdocs_build, page, sample_without_dates, write

ATOM = "{http://www.w3.org/2005/Atom}"
FLUSH = "how-to/flush-the-cache"


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """The sample in git: imported, an article edited, a typo fixed, an article added, a translation edited."""
    root = sample_without_dates(tmp_path_factory.mktemp("whats-new") / "project")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    git_commit(root, "Import the knowledge base", "2024-03-01")
    edit(root, "articles/how-to/flush-the-cache.en.md", "\nOne more step.\n")
    git_commit(root, "Flush the cache: one more step", "2024-06-15")
    edit(root, "articles/troubleshooting/cron-job-stuck-in-running-status.en.md", "\nA typo fixed.\n")
    git_commit(root, "Typo in the cron article", "2024-07-01")
    write(root, "articles/how-to/a-new-thing.en.md", article(title="A new thing", exl_id="1c0a5b2e-1111-4c3b-9e2f-1a0b9c8d7e6f",
                                                         body="# A new thing\n\nWhat it is.\n"))
    git_commit(root, "A new how-to", "2024-07-10")
    edit(root, "articles/how-to/flush-the-cache.fr.md", "\nUne étape de plus.\n")
    git_commit(root, "Flush the cache in French: one more step", "2024-07-20")
    path = root / "articles/how-to/enable-maintenance-mode.en.md"  # the writer says when it was updated
    path.write_text(path.read_text("utf-8").replace("---\n", "---\nlast-update: 2024-05-02\n", 1), "utf-8")
    git_commit(root, "Maintenance mode: the date of its last update", "2024-07-25")
    return root


def edit(root, relative, addition):
    path = root / relative
    path.write_text(path.read_text("utf-8") + addition, "utf-8")


@pytest.fixture(scope="module")
def site(history, tmp_path_factory):
    out = tmp_path_factory.mktemp("whats-new-site")
    result = mkdocs_build(history, out, strict=False)  # the new article is not translated (KB301)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return out


def listed(site, prefix):
    return [(item.time["datetime"], item.select_one(".kb-whats-new__kind").get_text(), item.a.get_text(),
             item.a.get("lang")) for item in page(site, prefix + "whats-new").select("ul.kb-whats-new > li")]


def test_the_newest_changes_first_without_typo_fixes(site):
    found = listed(site, "")
    assert found[:3] == [("2024-07-10", "New", "A new thing", None), ("2024-06-15", "Updated", "Flush the cache", None),
                         ("2024-05-02", "Updated", "Enable maintenance mode", None)]  # its last-update, as on its page
    assert {day for day, *_ in found[3:]} == {"2024-03-01"}  # the typo commit of 2024-07-01 is no news
    assert {kind for _, kind, *_ in found[3:]} == {"New"} and len(found) == 13  # every article of the sample, and the new one


def test_each_language_lists_what_its_readers_read(site):
    found = listed(site, "fr/")
    assert found[0][:3] == ("2024-07-20", "Mis à jour", "Vider le cache")  # the French file's own change
    assert found[1] == ("2024-07-10", "Nouveau", "A new thing", "en")  # French readers get the English article
    heading = page(site, "fr/whats-new").select_one("article h1").get_text(strip=True).rstrip("¶")
    assert heading == "Nouveautés"
    assert page(site, "fr/whats-new").select_one("ul.kb-whats-new time").get_text() == "20 juillet 2024"


def test_the_feed_says_the_same_and_every_page_names_it(site):
    feed = ElementTree.parse(site / "fr" / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr" and feed.find(f"{ATOM}author") is not None
    assert feed.findtext(f"{ATOM}updated") == "2024-07-20T00:00:00Z"  # the newest change, not the build's clock
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [title for _, _, title, _ in listed(site, "fr/")]
    assert entries[0].find(f"{ATOM}link").get("href") == f"{FLUSH}/"  # no site_url: relative to the feed
    assert all(entry.findtext(f"{ATOM}id").startswith("urn:uuid:") for entry in entries)
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)
    head = page(site, "fr/" + FLUSH).select_one('head link[type="application/atom+xml"]')
    assert head["rel"] == ["alternate"] and head["title"].startswith("Nouveautés")
    assert (site / "fr" / FLUSH / head["href"]).resolve() == (site / "fr" / "feed.xml").resolve()


def test_the_same_history_gives_the_same_bytes(history, site, tmp_path):
    assert mkdocs_build(history, tmp_path / "again", strict=False).returncode == 0
    for name in ("feed.xml", "fr/feed.xml", "whats-new/index.html", "fr/whats-new/index.html"):
        assert (tmp_path / "again" / name).read_bytes() == (site / name).read_bytes(), name


def test_without_git_the_page_says_so_and_a_project_page_replaces_it(tmp_path):
    project = copy_sample(tmp_path / "project")
    write(project, "docs/whats-new.de.md", "# Was gibt's Neues\n\nUnsere eigene Seite.\n\n<!-- kb:whats-new -->\n")
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    shown = page(tmp_path / "site", "whats-new")
    assert shown.select("ul.kb-whats-new") == [] and "history comes from git" in shown.select_one("article").get_text()
    feed = ElementTree.parse(tmp_path / "site" / "feed.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == []
    assert "Unsere eigene Seite." in page(tmp_path / "site", "de/whats-new").get_text()
