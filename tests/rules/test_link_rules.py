"""KB40x: links between articles and site pages, anchors and images."""

import pytest
from helpers import article, check_project, write

FR = "source-wordcount: 10\n"


@pytest.fixture
def project(empty_project):
    """Two paired articles in two sections, a home page per language and an image."""
    write(empty_project, "docs/index.en.md", "# Home\n\n## Start here\n")
    write(empty_project, "docs/index.fr.md", "# Accueil\n\n## Commencer ici\n")
    write(empty_project, "articles/how-to/flush.en.md", article(body="# Flush the cache\n\n## Apply the patch\n"))
    write(empty_project, "articles/how-to/flush.fr.md", article(extra=FR, body="# Flush the cache\n\n## Appliquer le correctif\n"))
    write(empty_project, "articles/how-to/assets/shot.png", b"\x89PNG\r\n\x1a\n")
    return empty_project


def link_problems(project, en_body, fr_body=None):
    body = "# Other\n\n" + en_body
    write(project, "articles/fix/other.en.md", article(title="Other", exl_id="0e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", body=body))
    write(project, "articles/fix/other.fr.md", article(
        title="Other", exl_id="0e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", extra=FR,
        body="# Other\n\n" + (fr_body if fr_body is not None else en_body)))
    return [(d.path.rsplit("/", 1)[-1], d.code, d.line, d.column) for d in check_project(project)]


def test_language_neutral_links_resolve_per_language(project):
    en = "[a](../how-to/flush.md#apply-the-patch) [home](../index.md#start-here) ![s](../how-to/assets/shot.png)\n"
    fr = "[a](../how-to/flush.md#appliquer-le-correctif) [home](../index.md#commencer-ici) ![s](../how-to/assets/shot.png)\n"
    assert link_problems(project, en, fr) == []


def test_anchor_is_checked_in_the_target_of_the_readers_language(project):
    problems = link_problems(project, "[a](../how-to/flush.md#apply-the-patch)\n")
    assert problems == [("other.fr.md", "KB402", 12, 1)]


def test_explicit_language_suffix_targets_that_language(project):
    assert link_problems(project, "[a](../how-to/flush.fr.md#appliquer-le-correctif)\n") == []


def test_broken_link_image_and_anchor(project):
    body = "See [x](../how-to/missing.md) and ![i](../how-to/assets/nope.png).\n\n[self](#nowhere)\n"
    problems = link_problems(project, body)
    assert sorted(set((name, code, line) for name, code, line, _ in problems)) == [
        ("other.en.md", "KB401", 11), ("other.en.md", "KB402", 13), ("other.en.md", "KB403", 11),
        ("other.fr.md", "KB401", 12), ("other.fr.md", "KB402", 14), ("other.fr.md", "KB403", 12),
    ]


def test_broken_link_message_names_the_candidates(project):
    link_problems(project, "[x](../how-to/missing.md)\n")
    problem = next(d for d in check_project(project) if d.code == "KB401" and d.path.endswith("fr.md"))
    assert "how-to/missing.fr.md" in problem.message and "how-to/missing.en.md" in problem.message


def test_anchor_suggestion(project):
    link_problems(project, "[a](../how-to/flush.md#apply-patch)\n", "")
    problem = next(d for d in check_project(project) if d.code == "KB402")
    assert "did you mean apply-the-patch" in problem.message


def test_link_escaping_the_site(project):
    problems = link_problems(project, "[p](../../../etc/passwd)\n")
    assert {code for _, code, _, _ in problems} == {"KB404"}


def test_external_links_are_not_fetched(project):
    assert link_problems(project, "[e](https://experienceleague.adobe.com/x) [m](mailto:a@b.c)\n") == []


def test_fallback_to_english_when_the_translation_is_missing(project):
    write(project, "articles/how-to/only-en.en.md", article(
        title="Only", exl_id="7a7a7a7a-1b1b-4c4c-8d8d-9e9e9e9e9e9e", body="# Only\n\n## Part\n"))
    problems = link_problems(project, "[o](../how-to/only-en.md#part)\n")
    assert [(n, c) for n, c, _, _ in problems] == [("only-en.en.md", "KB301")]


def test_links_in_site_pages_are_checked_too(project):
    write(project, "docs/index.en.md", "# Home\n\n[gone](how-to/gone.md)\n")
    problems = [(d.path, d.code) for d in check_project(project)]
    assert problems == [("docs/index.en.md", "KB401")]


def test_an_unsafe_address_is_reported_once_whether_markdown_or_html(project):
    problems = link_problems(project, "[a](javascript:alert(1))\n\n<a href=\"vbscript:msgbox(1)\">b</a>\n")
    assert sorted(problems) == [("other.en.md", "KB405", 11, 1), ("other.en.md", "KB405", 13, 1),
                                ("other.fr.md", "KB405", 12, 1), ("other.fr.md", "KB405", 14, 1)]


def test_a_check_after_an_edit_finds_what_a_first_check_finds(project, monkeypatch):
    """mkdocs serve opens the environment again after each save: a document's link findings are kept while it,
    the pages it links to and the site's pages and assets are unchanged, and found again otherwise."""
    from kbsite.core.settings import load_settings
    from kbsite.environment import open_environment
    from kbsite.rules import links

    link_problems(project, "[a](../how-to/flush.md#apply-the-patch) ![s](../how-to/assets/shot.png)\n")
    settings = load_settings(project / "mkdocs.yml")
    env = open_environment(settings)
    env.check()
    resolved, checked = [], []  # the documents whose links were resolved: by any check, by the last one again
    real = links.resolve
    monkeypatch.setattr(links, "resolve", lambda kb, document, target: resolved.append(document.path) or real(
        kb, document, target))

    def check_again(path=None, text=None):
        nonlocal env
        if path is not None:
            (project / path).write_text(text, "utf-8")
        env = open_environment(settings, env)
        resolved.clear()
        found = sorted((d.path, d.code, d.line) for d in env.check().reported if d.code.startswith("KB40"))
        checked[:] = sorted(set(resolved))
        assert found == sorted((d.path, d.code, d.line) for d in open_environment(settings).check().reported
                               if d.code.startswith("KB40"))  # what a first check finds
        return found

    flush = "articles/how-to/flush.en.md"
    assert check_again(flush, article(body="# Flush the cache\n\n## Apply the patch\n\nMore.\n")) == [
        ("articles/fix/other.fr.md", "KB402", 12)]
    assert "articles/fix/other.en.md" in checked  # it links to the edited page: checked again
    assert "articles/fix/other.fr.md" not in checked and "docs/index.en.md" not in checked
    assert check_again("articles/how-to/flush.fr.md", article(extra=FR, body="# Flush\n\n## Apply the patch\n")) == []
    assert "articles/fix/other.fr.md" in checked and "articles/fix/other.en.md" not in checked
    assert check_again(flush, article(body="# Flush the cache\n\n## Renamed\n")) == [
        ("articles/fix/other.en.md", "KB402", 11)]  # the anchor it links to is gone
    (project / "articles/how-to/assets/shot.png").unlink()
    assert ("articles/fix/other.en.md", "KB403", 11) in check_again()  # the site's assets changed
