"""The build environment: one object for the project as loaded, opened again reading only what changed, and the
findings of its checks kept for the next process."""

from __future__ import annotations

import logging
import os
import pickle

import pytest
from helpers import article, set_plugin_option, write
from kbsite import rules
from kbsite.core.settings import load_settings
from kbsite.environment import open_environment


@pytest.fixture
def project(empty_project):
    write(empty_project, "articles/a/one.en.md", article(title="One", body="# One\n\nSee [two](two.md).\n"))
    write(empty_project, "articles/a/two.en.md", article(title="Two", body="# Two\n\nText.\n",
                                                         exl_id="3b1d4e6f-8a9c-4b2d-9e0f-1a2b3c4d5e6f"))
    return empty_project


def checked_documents(monkeypatch) -> list:
    """The documents whose own checks run from now on."""
    seen = []
    own = rules._own_findings
    monkeypatch.setattr(rules, "_own_findings", lambda context, document: seen.append(document.path) or own(context, document))
    return seen


def test_opened_again_it_reads_only_the_files_that_changed(project):
    settings = load_settings(project / "mkdocs.yml")
    first = open_environment(settings)
    write(project, "articles/a/two.en.md", article(title="Two", body="# Two\n\nEdited.\n",
                                                   exl_id="3b1d4e6f-8a9c-4b2d-9e0f-1a2b3c4d5e6f"))
    again = open_environment(settings, first)
    assert next(d for d in again.kb.articles if d.key == "a/one") is next(d for d in first.kb.articles if d.key == "a/one")
    assert next(d for d in again.kb.articles if d.key == "a/two").source.body.endswith("Edited.\n")


def test_findings_are_kept_for_the_next_process_and_checked_again_where_a_file_changed(project, monkeypatch):
    settings = load_settings(project / "mkdocs.yml")
    found = open_environment(settings, remember=True).check().reported
    assert any(d.code == "KB301" for d in found)  # no French translations: something to remember
    assert (project / ".cache/kbsite/findings.json").is_file()
    seen = checked_documents(monkeypatch)
    monkeypatch.setattr(rules.LinkRules, "check_corpus", lambda self, context: pytest.fail("checked again"))
    assert open_environment(settings, remember=True).check().reported == found  # a new process: nothing checked
    assert seen == []
    monkeypatch.undo()
    seen = checked_documents(monkeypatch)
    write(project, "articles/a/two.en.md", article(title="Two", body="# Three\n\nText.\n",
                                                   exl_id="3b1d4e6f-8a9c-4b2d-9e0f-1a2b3c4d5e6f"))
    again = open_environment(settings, remember=True).check().reported
    assert [path for path in seen if not path.endswith("(generated)")] == ["articles/a/two.en.md"]
    assert any(d.code == "KB202" and d.path == "articles/a/two.en.md" for d in again)  # heading differs from title


def test_a_vocabulary_edited_checks_every_document_again(project, monkeypatch):
    write(project, "vocabulary/feature.yml", "- Cache\n")
    write(project, "vocabulary/role.yml", "- Admin\n")
    set_plugin_option(project, "vocabulary_dir", "vocabulary")
    settings = load_settings(project / "mkdocs.yml")
    assert not any(d.code == "KB114" for d in open_environment(settings, remember=True).check().reported)
    write(project, "vocabulary/feature.yml", "- Orders\n")
    seen = checked_documents(monkeypatch)
    assert any(d.code == "KB114" for d in open_environment(settings, remember=True).check().reported)
    assert {"articles/a/one.en.md", "articles/a/two.en.md"} <= set(seen)


def test_corrupt_findings_are_discarded_with_one_warning(project, caplog):
    settings = load_settings(project / "mkdocs.yml")
    expected = open_environment(settings, remember=True).check().reported
    (project / ".cache/kbsite/findings.json").write_text('{"writer": "kbsite findings", "format": 1, "context"', "utf-8")
    with caplog.at_level(logging.WARNING):
        assert open_environment(settings, remember=True).check().reported == expected
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "findings.json is discarded" in warnings[0]


def parsed_files(monkeypatch) -> list:
    """The source files parsed from now on."""
    from kbsite.core import knowledge_base
    seen, parse = [], knowledge_base.read_source
    monkeypatch.setattr(knowledge_base, "read_source", lambda file, *a, **k: seen.append(file.name) or parse(file, *a, **k))
    return seen


def test_a_new_process_parses_only_the_sources_whose_bytes_changed(project, monkeypatch):
    settings = load_settings(project / "mkdocs.yml")
    first = open_environment(settings, remember=True)
    assert (project / ".cache/kbsite/sources.pickle").is_file()
    parsed = parsed_files(monkeypatch)
    again = open_environment(settings, remember=True)  # as a new process does: no previous environment
    assert parsed == []
    assert [(d.path, d.source.text, d.title) for d in again.kb.documents] == \
        [(d.path, d.source.text, d.title) for d in first.kb.documents]
    # The same size and, on a coarse clock, the same time: the bytes tell.
    path = project / "articles/a/one.en.md"
    stat = path.stat()
    path.write_text(path.read_text("utf-8").replace("See [two]", "Saw [two]"), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edited = open_environment(settings, remember=True)
    assert parsed == ["one.en.md"]
    assert "Saw [two]" in next(d for d in edited.kb.documents if d.key == "a/one").source.body
    parsed.clear()
    open_environment(settings, remember=True)
    assert parsed == []  # kept again, edited


@pytest.mark.parametrize("content", [b"not a pickle", b"\x80\x05\x95", pickle.dumps(["another", "tool"]),
                                     pickle.dumps(("kbsite parsed sources", 999, "key", {}))])
def test_corrupt_or_foreign_parsed_sources_are_discarded_with_one_warning(project, caplog, content):
    settings = load_settings(project / "mkdocs.yml")
    expected = [(d.path, d.source.text) for d in open_environment(settings, remember=True).kb.documents]
    (project / ".cache/kbsite/sources.pickle").write_bytes(content)
    with caplog.at_level(logging.WARNING):
        found = [(d.path, d.source.text) for d in open_environment(settings, remember=True).kb.documents]
    assert found == expected
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "sources.pickle is discarded" in warnings[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        open_environment(settings, remember=True)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # written again, whole


def related_in(env, lang: str = "en") -> dict:
    """Each article's related articles for ``lang``, worked out as a build does, taking (when needed) and keeping
    the texts."""
    from kbsite.site.related import RelatedArticles, related_headings
    found = RelatedArticles(env.kb, env.context.patches, related_headings(env.languages), texts=env.article_texts,
                            lists=env.related_lists, take_lists=env.take_related_lists,
                            take_texts=env.take_article_texts)
    lists = {d.key: [r.key for r in found.of(d, lang)] for d in env.kb.articles}
    env.keep_article_texts(lang, found.texts_of(lang))
    return lists


def read_articles(monkeypatch) -> list:
    from kbsite.site import related
    seen, read = [], related.read_article
    monkeypatch.setattr(related, "read_article", lambda document, headings: seen.append(document.key) or read(document, headings))
    return seen


def test_a_new_process_reads_again_only_the_articles_whose_text_changed_for_related_articles(project, monkeypatch):
    settings = load_settings(project / "mkdocs.yml")
    expected = related_in(open_environment(settings, remember=True))
    assert (project / ".cache/kbsite/texts/en.pickle").is_file()
    seen = read_articles(monkeypatch)
    assert related_in(open_environment(settings, remember=True)) == expected
    assert seen == []
    write(project, "articles/a/two.en.md", article(title="Two", body="# Two\n\nOther words.\n",
                                                   exl_id="3b1d4e6f-8a9c-4b2d-9e0f-1a2b3c4d5e6f"))
    related_in(open_environment(settings, remember=True))
    assert seen == ["a/two"]
    seen.clear()
    related_in(open_environment(settings))  # not a project's environment: nothing taken, so all read
    assert sorted(seen) == ["a/one", "a/two"]


def test_corrupt_article_texts_are_discarded_with_one_warning(project, caplog):
    settings = load_settings(project / "mkdocs.yml")
    expected = related_in(open_environment(settings, remember=True))
    (project / ".cache/kbsite/texts/en.pickle").write_bytes(b"\x80\x05 damaged")
    (project / ".cache/kbsite/texts/en.related.pickle").unlink()  # the lists are worked out: the texts are read
    with caplog.at_level(logging.WARNING):
        assert related_in(open_environment(settings, remember=True)) == expected
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "en.pickle is discarded" in warnings[0]


def outlined(monkeypatch) -> list:
    """The documents whose outline is worked out from now on."""
    from kbsite.core import knowledge_base
    seen, work_out = [], knowledge_base.outline
    monkeypatch.setattr(knowledge_base, "outline", lambda body, line: seen.append(body[:20]) or work_out(body, line))
    return seen


def test_a_new_process_that_checks_the_project_again_takes_the_outlines_the_last_one_kept(project, monkeypatch):
    settings = load_settings(project / "mkdocs.yml")
    expected = open_environment(settings, remember=True).check().reported
    assert (project / ".cache/kbsite/outlines.pickle").is_file()
    seen = outlined(monkeypatch)
    assert open_environment(settings, remember=True).check().reported == expected  # nothing to check again
    assert seen == []
    write(project, "articles/a/two.en.md", article(title="Two", body="# Two\n\nSee [one](one.md#nowhere).\n",
                                                   exl_id="3b1d4e6f-8a9c-4b2d-9e0f-1a2b3c4d5e6f"))
    again = open_environment(settings, remember=True).check().reported  # the links of every document checked
    assert any(d.code == "KB402" and d.path == "articles/a/two.en.md" for d in again)
    articles = [body for body in seen if body.startswith(("\n# One", "\n# Two"))]  # and the generated pages'
    assert articles == ["\n# Two\n\nSee [one](on"]  # one's outline was taken from the cache


def test_a_new_process_takes_the_related_articles_of_a_language_whose_articles_are_unchanged(project, monkeypatch):
    from kbsite.site import related
    write(project, "articles/a/one.fr.md", article(title="Un", body="# Un\n\nVoir [deux](two.md).\n"))
    settings = load_settings(project / "mkdocs.yml")
    worked, work = [], related.related_articles
    monkeypatch.setattr(related, "related_articles", lambda kb, patches, lang, *args, **options:
                        worked.append(lang) or work(kb, patches, lang, *args, **options))
    env = open_environment(settings, remember=True)
    expected = {lang: related_in(env, lang) for lang in ("en", "fr")}
    assert worked == ["en", "fr"] and expected["en"]["a/one"] == ["a/two"]
    worked.clear()
    env = open_environment(settings, remember=True)
    assert {lang: related_in(env, lang) for lang in ("en", "fr")} == expected
    assert worked == []  # both taken from the cache
    assert {"en", "fr"}.isdisjoint(env.texts_taken)  # and the articles' texts, not needed, were not read
    # The English title of an article French readers read in French: the French lists stay as they are.
    write(project, "articles/a/one.en.md", article(title="One edited", body="# One edited\n\nSee [two](two.md).\n"))
    env = open_environment(settings, remember=True)
    found = {lang: related_in(env, lang) for lang in ("en", "fr")}
    assert worked == ["en"]
    worked.clear()
    assert found == {lang: related_in(open_environment(settings), lang) for lang in ("en", "fr")}  # worked out anew
    assert worked == ["en", "fr"]


def test_a_new_process_converts_again_only_the_front_matter_texts_it_was_not_given(project, monkeypatch):
    import nh3
    from kbsite.core.addresses import SiteUrls
    from kbsite.site.front_matter_text import FrontMatterText

    settings = load_settings(project / "mkdocs.yml")
    titles = ["Flush the **cache**", "[!DNL Fastly] `purge`"]

    def converted_in(env, texts) -> tuple[list[str], list[str]]:
        """The texts as HTML, as a build converts them, and those it converted itself."""
        env.take_converted_texts()
        front_matter = FrontMatterText(env.kb, SiteUrls("en", True), env.converted_texts)
        seen, convert = [], front_matter._markdown.convert
        monkeypatch.setattr(front_matter._markdown, "convert", lambda text: seen.append(text) or convert(text))
        found = [str(front_matter.html(text)) for text in texts]
        env.keep_converted_texts()
        return found, seen

    expected, seen = converted_in(open_environment(settings, remember=True), titles)
    assert seen == titles and "<strong>cache</strong>" in expected[0]
    assert (project / ".cache/kbsite/texts/html.pickle").is_file()
    assert converted_in(open_environment(settings, remember=True), titles) == (expected, [])
    found, seen = converted_in(open_environment(settings, remember=True), [*titles, "New *title*"])
    assert found[:2] == expected and seen == ["New *title*"]
    assert converted_in(open_environment(settings), titles)[1] == titles  # not a project's environment: none kept
    monkeypatch.setattr(nh3, "__version__", "9.9.9")  # another sanitizer may write other HTML
    assert converted_in(open_environment(settings, remember=True), titles)[1] == titles
