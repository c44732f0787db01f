"""kb mv: an article renamed in every language, with every link to it and a redirect from its old address."""

import pytest
import yaml
from helpers import check_project, run_kb

OLD, NEW = "how-to/flush-the-cache", "troubleshooting/cache/clear-the-cache"
LINKING = "articles/troubleshooting/disabled-cache-types-slow-down-the-store"


def exl_id(path):
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])["exl-id"]


@pytest.fixture
def project(sample_project):
    """The sample, with links to the article that carry an anchor, an explicit language and a reference."""
    for lang, anchor in (("en", "refresh-the-cache-from-the-command-line"),
                         ("fr", "actualiser-le-cache-en-ligne-de-commande")):
        path = sample_project / f"{LINKING}.{lang}.md"
        path.write_text(path.read_text("utf-8") + (
            f"\n[From the CLI](../how-to/flush-the-cache.md#{anchor}), "
            f"[in French](../how-to/flush-the-cache.fr.md), [by reference][flush].\n\n"
            f"[flush]: ../how-to/flush-the-cache.md\n\n`[an example](../how-to/flush-the-cache.md)`\n"), "utf-8")
    return sample_project


def test_mv_moves_every_language_and_rewrites_every_link(project):
    ids = {lang: exl_id(project / f"articles/{OLD}.{lang}.md") for lang in ("en", "fr")}
    result = run_kb("mv", f"articles/{OLD}.en.md", NEW, cwd=project)
    assert result.returncode == 0, result.stderr
    for lang in ("en", "fr"):
        assert not (project / f"articles/{OLD}.{lang}.md").exists()
        assert exl_id(project / f"articles/{NEW}.{lang}.md") == ids[lang]
    english = (project / f"{LINKING}.en.md").read_text("utf-8")
    assert "[From the CLI](cache/clear-the-cache.md#refresh-the-cache-from-the-command-line)" in english
    assert "[in French](cache/clear-the-cache.fr.md)" in english
    assert "[flush]: cache/clear-the-cache.md" in english
    assert "`[an example](../how-to/flush-the-cache.md)`" in english  # code is left as written
    french = (project / f"{LINKING}.fr.md").read_text("utf-8")
    assert "(cache/clear-the-cache.md#actualiser-le-cache-en-ligne-de-commande)" in french
    moved = (project / f"articles/{NEW}.en.md").read_text("utf-8")
    assert "(../../how-to/enable-maintenance-mode.md#check-and-disable-maintenance-mode)" in moved
    redirects = yaml.safe_load((project / "articles/_redirects.yml").read_text("utf-8"))
    assert redirects == {OLD: NEW}
    assert check_project(project) == []  # every link resolves, the redirect is valid, the ids pair up
    assert f"move articles/{OLD}.fr.md -> articles/{NEW}.fr.md" in result.stdout


def test_mv_within_a_folder_keeps_the_reading_order(project):
    assert run_kb("mv", OLD, "how-to/clear-the-cache", cwd=project).returncode == 0
    order = yaml.safe_load((project / "articles/how-to/_section.yml").read_text("utf-8"))["order"]
    assert "clear-the-cache" in order and "flush-the-cache" not in order


def test_mv_back_drops_the_redirect_that_would_shadow_the_article(project):
    assert run_kb("mv", OLD, NEW, cwd=project).returncode == 0
    assert run_kb("mv", NEW, OLD, cwd=project).returncode == 0
    assert yaml.safe_load((project / "articles/_redirects.yml").read_text("utf-8")) == {NEW: OLD}
    assert check_project(project) == []


def snapshot(project):
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def test_dry_run_lists_the_changes_and_writes_nothing(project):
    before = snapshot(project)
    result = run_kb("mv", "--dry-run", OLD, NEW, cwd=project)
    assert result.returncode == 0
    assert f"would move articles/{OLD}.en.md -> articles/{NEW}.en.md" in result.stdout
    assert f"would rewrite 4 links in {LINKING}.en.md" in result.stdout
    assert f"would redirect {OLD} -> {NEW}" in result.stdout
    assert snapshot(project) == before


@pytest.mark.parametrize("new", ["how-to/enable-maintenance-mode", "how-to/../../outside"])
def test_mv_refuses_to_overwrite_or_leave_the_tree(project, new):
    before = snapshot(project)
    result = run_kb("mv", OLD, new, cwd=project)
    assert result.returncode == 1 and "kb mv:" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_mv_of_a_missing_article_says_so(project):
    result = run_kb("mv", "how-to/no-such-article", NEW, cwd=project)
    assert result.returncode == 1 and "no article 'how-to/no-such-article'" in result.stderr
