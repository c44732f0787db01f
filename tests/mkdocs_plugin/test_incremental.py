"""A build that reuses the last one writes the same site as a clean build, byte for byte.

One project in three languages, in a git repository (articles are dated by
their commits), goes through a scripted series of edits, the ones writers,
translators and maintainers make, commits among them; after each, the project is
built twice: reusing the last build (its cache, ``.cache/kbsite/``, and its
site folder) and clean (the same sources, a new folder, no cache). The two
sites must hold the same files with the same bytes. The reusing build must
also have reused: the log says what it built.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import article, copy_sample, run_kb, site_files, write, write_config
from kbsite.qpt.metadata import bundled_directory

LANGUAGES = ["en", "fr", "ja"]
LISTINGS = 4  # pages that list a whole language (patch grid, tags, translation dashboard, what's new)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# Run MkDocs with kbsite's version set to the first argument (a new plugin version).
WITH_VERSION = "import sys, kbsite; kbsite.__version__ = sys.argv.pop(1); from mkdocs.__main__ import cli; cli()"


def build(project: Path, site: Path, config: str | None = "mkdocs.yml", version: str | None = None) -> str:
    """``mkdocs build`` of ``project`` into ``site`` (``config``: named with ``-f``, else MkDocs finds it); its log."""
    command = [sys.executable, "-c", WITH_VERSION, version] if version else [sys.executable, "-m", "mkdocs"]
    named = ["-f", config] if config else []
    result = subprocess.run([*command, "build", *named, "--site-dir", str(site)],
                            cwd=project, capture_output=True, text=True, env=ENV)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
    return result.stderr


def clean_build(project: Path, site: Path) -> None:
    """A build of the same sources that reuses nothing: the same configuration, without the cache."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    kb = next(plugin for plugin in config["plugins"] if isinstance(plugin, dict) and "kb" in plugin)
    kb["kb"] = {**(kb["kb"] or {}), "build_cache": False}
    (project / "mkdocs-clean.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    try:
        build(project, site, "mkdocs-clean.yml")
    finally:
        (project / "mkdocs-clean.yml").unlink()


def built(log: str) -> dict[str, tuple[int, int]]:
    """Per language the reusing build built: (pages built, pages kept); a language kept whole is (0, -1)."""
    found = {lang: (int(b), int(k.replace(",", ""))) for lang, b, k
             in re.findall(r"kb: (\S+): (\d+) pages? built, ([\d,]+) kept", log)}
    for listed in re.findall(r"kept as they are: (.+)", log):
        found.update({lang.strip(): (0, -1) for lang in listed.split(",")})
    return found


def set_option(project: Path, **options) -> None:
    """Set options of the kb plugin, or (``theme_features``, ``site_description``) of the site."""
    path = project / "mkdocs.yml"
    config = yaml.safe_load(path.read_text("utf-8"))
    kb = next(plugin for plugin in config["plugins"] if isinstance(plugin, dict) and "kb" in plugin)
    for key, value in options.items():
        if key == "site_description":
            config[key] = value
        else:
            kb["kb"] = {**(kb["kb"] or {}), key: value}
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def commit(project: Path, day: str) -> None:
    """Commit every change of ``project`` on ``day``."""
    when = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Writer",
           "GIT_AUTHOR_EMAIL": "w@example.org", "GIT_COMMITTER_NAME": "Writer", "GIT_COMMITTER_EMAIL": "w@example.org"}
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", f"Changes of {day}"], cwd=project, check=True, env=env)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The sample in English, French and Japanese, with its own language files and QPT metadata, committed."""
    root = copy_sample(tmp_path_factory.mktemp("incremental") / "project")
    write_config(root, LANGUAGES)
    shutil.copytree(bundled_directory(), root / "qpt")
    write(root, "i18n/fr.yml", "heading_link: Lien permanent vers cette section\n")
    write(root, ".gitignore", ".cache/\n")
    set_option(root, strings_dir="i18n", qpt_dir="qpt")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    commit(root, "2024-03-01")
    return root


EDITS = []


def step(function):
    EDITS.append(function)
    return function


@step
def nothing_changed(project):
    return lambda found: all(found.get(lang) == (0, -1) for lang in LANGUAGES)


@step
def an_articles_body(project):
    edit(project / "articles/how-to/enable-maintenance-mode.en.md", "## Related reading",
         "A new paragraph, added by a writer.\n\n## Related reading")
    # Its translations name a commit this repository does not have (the sample's own): they were "unknown" and
    # still are, so French and Japanese pages do not change. The pages that list the whole language show
    # titles and front matter, not bodies: only the article's page is built.
    return lambda found: found["en"][0] == 1 and found["fr"] == found["ja"] == (0, -1)


@step
def a_translations_body(project):
    edit(project / "articles/how-to/enable-maintenance-mode.fr.md", "## ", "Un paragraphe de plus.\n\n## ")
    # The English and Japanese sites do not change: they are not built at all.
    return lambda found: found["fr"][0] == 1 and found["en"] == found["ja"] == (0, -1)


@step
def an_articles_title(project):
    path = project / "articles/how-to/check-the-status-of-qpt-patches.en.md"
    edit(path, "title: Check the status of QPT patches", "title: See which QPT patches are applied")
    edit(path, "# Check the status of QPT patches", "# See which QPT patches are applied")
    # The navigation around it changes (its folder's pages, the landing pages), and the pages that list it
    # as related, not the others. French and Japanese listings name it too (the dashboard: by its title).
    return lambda found: found["en"][0] > 1 + LISTINGS and found["en"][1] > 0 and found["fr"][0] == LISTINGS


@step
def a_translations_title(project):
    path = project / "articles/how-to/apply-a-patch-with-qpt.fr.md"
    title = next(line for line in path.read_text("utf-8").splitlines() if line.startswith("title:"))[7:]
    edit(path, f"title: {title}", "title: Appliquer un correctif")
    edit(path, f"# {title}", "# Appliquer un correctif")
    # The English page carries its translations' titles for search: it is built again too.
    return lambda found: found["fr"][0] > 1 + LISTINGS and found["en"][0] >= 1 + LISTINGS


@step
def an_article_added(project):
    for lang, title in (("en", "Reindex the catalog"), ("fr", "Réindexer le catalogue")):
        extra = "" if lang == "en" else "workflow-type: human\nsource-wordcount: 5\nht-degree: 100%\n"
        write(project, f"articles/how-to/reindex-the-catalog.{lang}.md",
              article(title=title, exl_id="1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d", extra=extra,
                      body=f"# {title}\n\nRun `bin/magento indexer:reindex`. See [flush](flush-the-cache.md).\n"))


@step
def a_translation_added(project):
    write(project, "articles/how-to/reindex-the-catalog.ja.md",
          article(title="カタログの再インデックス", exl_id="1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d",
                  extra="workflow-type: human\nsource-wordcount: 5\nht-degree: 100%\n",
                  body="# カタログの再インデックス\n\n`bin/magento indexer:reindex` を実行します。\n"))


@step
def an_article_deleted(project):
    for path in (project / "articles/troubleshooting").glob("index-locked-by-another-process.*.md"):
        path.unlink()
    for path in project.glob("articles/**/*.md"):  # the links to it go too, as a writer would remove them
        text = path.read_text("utf-8")
        if "index-locked-by-another-process" in text:
            path.write_text(re.sub(r"^.*index-locked-by-another-process.*\n", "", text, flags=re.M), "utf-8")


@step
def an_article_renamed(project):
    result = run_kb("mv", "how-to/flush-the-cache", "how-to/clear-the-cache", cwd=project)
    assert result.returncode == 0, result.stderr


@step
def a_translation_brought_up_to_date_and_committed(project):
    """A translator stamps a translation as made from its source as it is, and everything is committed: the
    articles edited so far are now updated that day."""
    commit(project, "2024-06-15")  # the stamp names the source's last commit: one without the edits so far
    stamped = run_kb("translations", "--stamp", "articles/troubleshooting/cron-job-stuck-in-running-status.fr.md",
                     cwd=project)
    assert stamped.returncode == 0, stamped.stderr
    commit(project, "2024-06-16")


@step
def the_english_source_changed(project):
    edit(project / "articles/troubleshooting/cron-job-stuck-in-running-status.en.md", "## ",
         "An added sentence the translations do not have yet.\n\n## ")
    # Git says the source has uncommitted changes since the commit the translation names: French readers are told.
    return lambda found: found["fr"][0] == 1 + LISTINGS and found["ja"][0] == LISTINGS


@step
def a_sections_order_and_title(project):
    path = project / "articles/how-to/_section.yml"
    edit(path, "order: [apply-a-patch-with-qpt, check-the-status-of-qpt-patches",
         "order: [check-the-status-of-qpt-patches, apply-a-patch-with-qpt")
    edit(path, "fr: Guides pratiques", "fr: Procédures")


@step
def a_language_file(project):
    write(project, "i18n/fr.yml", "heading_link: Lien vers cette section\n")


@step
def a_template_override(project):
    source = Path(__file__).resolve().parents[2] / "plugins/kbsite/site/templates/patch_card.html"
    text = source.read_text("utf-8")
    write(project, "docs/overrides/kb/patch_card.html", text.replace("<", "<!-- overridden -->\n<", 1))


@step
def the_qpt_metadata(project):
    path = project / "qpt/patches-info.json"
    data = json.loads(path.read_text("utf-8"))
    patch = next(p for p in data["patches"] if p["id"] == "MDVA-40399")
    patch["releases"] = patch["releases"][:-1]
    path.write_text(json.dumps(data), "utf-8")


@step
def an_option_of_mkdocs_yml(project):
    set_option(project, site_description="A knowledge base, built again.", nav_max_items=3)


@step
def a_new_plugin_version(project):
    return "99.0"


def test_a_reusing_build_writes_what_a_clean_build_writes(project, tmp_path):
    build(project, tmp_path / "site")  # the first build: nothing to reuse
    for number, change in enumerate(EDITS):
        expectation = change(project)
        version = expectation if isinstance(expectation, str) else None
        log = build(project, tmp_path / "site", version=version)
        clean_build(project, tmp_path / f"clean-{number}")
        reused, clean = site_files(tmp_path / "site"), site_files(tmp_path / f"clean-{number}")
        assert sorted(reused) == sorted(clean), f"after {change.__name__}: other files"
        different = [path for path in clean if reused[path] != clean[path]]
        assert not different, f"after {change.__name__}: {different[:10]} differ"
        if callable(expectation):
            assert expectation(built(log)), f"after {change.__name__}: {built(log)}"
        shutil.rmtree(tmp_path / f"clean-{number}")


@pytest.fixture
def small_project(tmp_path) -> Path:
    """The sample in English and French."""
    root = copy_sample(tmp_path / "small")
    write_config(root, ["en", "fr"])
    return root


def test_a_corrupt_cache_is_discarded_with_one_warning_and_the_build_is_clean(small_project, tmp_path):
    build(small_project, tmp_path / "site")
    records = small_project / ".cache/kbsite/builds/build.json"
    records.write_text(records.read_text("utf-8")[:1000], "utf-8")  # a build killed while writing it, say
    log = build(small_project, tmp_path / "site")
    assert log.count("is discarded") == 1 and "Traceback" not in log
    found = built(log)
    assert sorted(found) == ["en", "fr"] and all(pages > 0 and kept == 0 for pages, kept in found.values())
    clean_build(small_project, tmp_path / "clean")
    assert site_files(tmp_path / "site") == site_files(tmp_path / "clean")


def test_naming_the_configuration_file_or_not_is_the_same_build(small_project, tmp_path):
    """``-f mkdocs.yml`` gives MkDocs relative paths where it finds the file itself gives absolute ones."""
    build(small_project, tmp_path / "site")
    assert built(build(small_project, tmp_path / "site", config=None)) == {"en": (0, -1), "fr": (0, -1)}


def test_the_cache_folder_alone_gives_a_new_site_folder_its_files(small_project, tmp_path):
    """CI keeps .cache/kbsite/ between runs, not the site: its files come back with other times."""
    build(small_project, tmp_path / "site")
    first = site_files(tmp_path / "site")
    shutil.rmtree(tmp_path / "site")
    cache = small_project / ".cache"
    shutil.copytree(cache, tmp_path / "restored", copy_function=shutil.copyfile)  # new times, as a restore gives
    shutil.rmtree(cache)
    shutil.move(tmp_path / "restored", cache)
    log = build(small_project, tmp_path / "site")
    assert built(log) == {"en": (0, -1), "fr": (0, -1)}, log
    assert site_files(tmp_path / "site") == first


def retitle(project: Path) -> None:
    path = project / "articles/how-to/check-the-status-of-qpt-patches.en.md"
    edit(path, "title: Check the status of QPT patches", "title: See which QPT patches are applied")
    edit(path, "# Check the status of QPT patches", "# See which QPT patches are applied")


def test_a_title_edited_builds_the_pages_around_it_again_with_the_content_they_had(small_project, tmp_path):
    """The pages whose navigation names the article are built again; their Markdown is not converted again."""
    build(small_project, tmp_path / "site")
    retitle(small_project)
    log = build(small_project, tmp_path / "site")
    alone = re.search(r"kb: en: (\d+) pages? built, [\d,]+ kept; (\d+) of those built for their navigation alone", log)
    assert alone and 0 < int(alone[2]) < int(alone[1]), log
    clean_build(small_project, tmp_path / "clean")
    assert site_files(tmp_path / "site") == site_files(tmp_path / "clean")


def test_damaged_page_contents_are_discarded_with_one_warning(small_project, tmp_path):
    build(small_project, tmp_path / "site")
    (small_project / ".cache/kbsite/builds/build/pages/en.sqlite3").write_bytes(b"\0garbage" * 512)
    retitle(small_project)
    log = build(small_project, tmp_path / "site")
    assert log.count("is discarded") == 1 and "en.sqlite3" in log and "Traceback" not in log
    assert "of those built for their navigation alone" not in log.split("kb: en:")[1].splitlines()[0]
    clean_build(small_project, tmp_path / "clean")
    assert site_files(tmp_path / "site") == site_files(tmp_path / "clean")


def test_an_article_away_for_a_build_and_back_unchanged_is_converted_again(small_project, tmp_path):
    """The build without it removed its kept content (which the next would not use either: no search copy of
    it was staged); the page is converted, and searched, as in a clean build."""
    build(small_project, tmp_path / "site")
    away = {path: path.read_bytes() for path in (small_project / "articles/how-to").glob("enable-maintenance-mode.*.md")}
    for path in away:
        path.unlink()
    build(small_project, tmp_path / "site")
    for path, data in away.items():
        path.write_bytes(data)
    retitle(small_project)  # and its folder's pages are built for their navigation
    log = build(small_project, tmp_path / "site")
    assert "of those built for their navigation alone" in log
    clean_build(small_project, tmp_path / "clean")
    assert site_files(tmp_path / "site") == site_files(tmp_path / "clean")


def test_a_kept_content_whose_search_copy_is_not_the_staged_one_is_not_used(small_project, tmp_path):
    """The contents database missed a build's rows (it could not be written): a page edited, then edited back,
    is made of what a row holds, but the search copy staged for it is the edited one's."""
    build(small_project, tmp_path / "site")
    database = small_project / ".cache/kbsite/builds/build/pages/en.sqlite3"
    before = database.read_bytes()
    article = small_project / "articles/how-to/apply-a-patch-with-qpt.en.md"
    text = article.read_text("utf-8")
    article.write_text(text.replace("\n## ", "\nA sentence added for one build.\n\n## ", 1), "utf-8")
    build(small_project, tmp_path / "site")
    database.write_bytes(before)  # as if this build's rows were not written
    article.write_text(text, "utf-8")
    retitle(small_project)  # the article's folder is built again for its navigation
    build(small_project, tmp_path / "site")
    clean_build(small_project, tmp_path / "clean")
    assert site_files(tmp_path / "site") == site_files(tmp_path / "clean")
