"""Related articles: which articles an article leads on to, in each reader's language."""

import uuid

import pytest
from helpers import article, mkdocs_build, page, set_plugin_option, write, write_config
from kbsite.core.settings import load_settings
from kbsite.environment import open_environment
from kbsite.site.related import related_articles, related_headings

TOPICS = {  # three articles on caches, two on indexers, one on email: what each says
    "how-to/flush-cache": ("Flush the cache", "Flush the page cache and the block cache from the cache management page."),
    "how-to/refresh-cache": ("Refresh cache types", "Refresh invalidated cache types: page cache, block cache, layout cache."),
    "troubleshooting/stale-cache": ("Stale page cache after a deploy", "The page cache shows old prices until the cache is flushed."),
    "how-to/reindex": ("Run the indexers", "Reindex the catalog search indexer and the price indexer from the command line."),
    "troubleshooting/indexer-stuck": ("Indexer stuck in processing", "The price indexer stays locked; reset the indexer, then reindex."),
    "how-to/email-templates": ("Edit email templates", "Change the order confirmation email template and its logo."),
}
JAPANESE = {  # the same, as Japanese writes them: no spaces between words, product terms in English
    "how-to/flush-cache": ("キャッシュをフラッシュする", "Cache Management ページから page cache と block cache をフラッシュします。"),
    "how-to/refresh-cache": ("キャッシュタイプを更新する", "無効になったキャッシュタイプを更新します：ページキャッシュ、ブロックキャッシュ。"),
    "troubleshooting/stale-cache": ("デプロイ後の古いページキャッシュ", "キャッシュをフラッシュするまでページキャッシュに古い価格が表示されます。"),
    "how-to/reindex": ("インデクサーを実行する", "コマンドラインからカタログ検索インデクサーと価格インデクサーを再インデックスします。"),
    "troubleshooting/indexer-stuck": ("処理中のまま止まったインデクサー", "価格インデクサーがロックされたままです。インデクサーをリセットして再インデックスします。"),
    "how-to/email-templates": ("メールテンプレートを編集する", "注文確認メールのテンプレートとロゴを変更します。"),
}


def knowledge_base(root, related_reading=None, hidden=()):
    """The six articles in English and Japanese; ``related_reading``: key -> the article links its list gives."""
    related_reading = related_reading or {}
    for lang, texts in (("en", TOPICS), ("ja", JAPANESE)):
        for key, (title, text) in texts.items():
            depth = "../" * key.count("/")
            listed = "".join(f"* [{target}]({depth}{target}.md)\n" for target in related_reading.get(key, ()))
            heading = "Related reading" if lang == "en" else "関連資料"
            body = f"# {title}\n\n{text}\n\n{text}\n" + (f"\n## {heading}\n\n{listed}" if listed else "")
            extra = "hidden: true\n" if key in hidden else ""
            feature = "Cache" if "cache" in key else "Search" if "index" in key else "Communications"
            write(root, f"articles/{key}.{lang}.md", article(title=title, body=body, extra=extra, feature=feature,
                                                            exl_id=str(uuid.uuid5(uuid.NAMESPACE_URL, key))))
    return root


def ranked(root, lang="en", **options):
    env = open_environment(load_settings(root / "mkdocs.yml"))
    return related_articles(env.kb, env.context.patches, lang, related_headings(env.languages), **options)


@pytest.fixture
def project(empty_project):
    write_config(empty_project, ["en", "ja"])
    return empty_project


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_articles_on_the_same_subject_are_related_in_every_language(project, lang):
    found = ranked(knowledge_base(project), lang)
    assert set(found["how-to/flush-cache"][:2]) == {"how-to/refresh-cache", "troubleshooting/stale-cache"}
    assert found["how-to/reindex"][0] == "troubleshooting/indexer-stuck"
    assert "how-to/email-templates" not in found["how-to/flush-cache"]  # says nothing of caches: not related


def test_the_hand_written_list_is_not_repeated(project):
    knowledge_base(project, {"how-to/flush-cache": ["how-to/refresh-cache"]})
    assert "how-to/refresh-cache" not in ranked(project)["how-to/flush-cache"]
    assert "how-to/refresh-cache" in ranked(project, hand_written=False)["how-to/flush-cache"]
    assert "how-to/refresh-cache" not in ranked(project, "ja")["how-to/flush-cache"]  # 関連資料 in Japanese


def test_hidden_articles_are_not_offered_and_the_lists_are_the_same_every_time(project):
    knowledge_base(project, hidden={"how-to/refresh-cache"})
    found = ranked(project)
    assert all("how-to/refresh-cache" not in related for related in found.values())
    assert found == ranked(project)
    assert all(len(related) <= 5 for related in found.values())


def test_the_page_ends_with_the_list_in_the_readers_language(project, tmp_path):
    knowledge_base(project, {"how-to/flush-cache": ["how-to/refresh-cache"]})
    (project / "articles" / "troubleshooting" / "stale-cache.ja.md").unlink()  # the English one at /ja/
    result = mkdocs_build(project, tmp_path / "site", strict=False)  # no home page, an untranslated article
    assert result.returncode == 0 and "Traceback" not in result.stderr
    for prefix, heading in (("", "Related articles"), ("ja/", "関連記事")):
        block = page(tmp_path / "site", prefix + "how-to/flush-cache").select_one("article nav.kb-related")
        assert block["aria-labelledby"] == "kb-related-title" and block.has_attr("data-pagefind-ignore")
        assert block.h2.get_text() == heading and block["lang"] == (prefix.rstrip("/") or "en")
        links = {a.get_text(): a for a in block.select("li a")}
        assert "Refresh cache types" not in links and "キャッシュタイプを更新する" not in links  # hand-written already
        stale = links["Stale page cache after a deploy"]  # English in both: the Japanese reader gets the English
        assert stale.get("lang") == ("en" if prefix else None)
        target = (tmp_path / "site" / prefix / "how-to/flush-cache" / stale["href"] / "index.html").resolve()
        assert target == (tmp_path / "site" / prefix / "troubleshooting/stale-cache/index.html").resolve()


def test_options_turn_the_list_and_the_date_off(project, tmp_path):
    knowledge_base(project)
    write(project, "articles/how-to/flush-cache.en.md", (project / "articles/how-to/flush-cache.en.md").read_text(
        "utf-8").replace("---\n", "---\nlast-update: 2024-12-05\n", 1))
    set_plugin_option(project, "related_articles", 0)
    set_plugin_option(project, "last_updated", False)
    assert mkdocs_build(project, tmp_path / "site", strict=False).returncode == 0
    shown = page(tmp_path / "site", "how-to/flush-cache")
    assert shown.select("nav.kb-related") == [] and shown.select(".kb-updated") == []


def test_texts_read_before_give_the_same_lists_and_an_edit_is_read_again(project):
    """mkdocs serve keeps what related_articles read: an unchanged article is not read again, an edited one is."""
    knowledge_base(project)
    texts = {}
    assert ranked(project, texts=texts) == ranked(project) and texts
    path = project / "articles/how-to/email-templates.en.md"
    path.write_text(path.read_text("utf-8").replace("# ", "# Flush the cache of ", 1) + "\nFlush the cache.\n", "utf-8")
    assert ranked(project, texts=texts) == ranked(project)
    assert "how-to/email-templates" in ranked(project, texts=texts)["how-to/flush-cache"]


def test_lists_worked_out_ahead_by_a_forked_copy_are_those_worked_out_here(project, monkeypatch):
    from kbsite.site import related
    knowledge_base(project)
    env = open_environment(load_settings(project / "mkdocs.yml"))
    expected = related_articles(env.kb, env.context.patches, "en", related_headings(env.languages))
    prepared = []
    ahead = related.RelatedArticles(env.kb, env.context.patches, related_headings(env.languages),
                                    take_texts=prepared.append)
    ahead.work_out_ahead("en")
    assert prepared == ["en"] and ahead._ahead["en"][1].pid  # the texts taken here, before the copy
    monkeypatch.setattr(related, "related_articles", None)  # this process no longer can: the copy did
    assert {d.key: [r.key for r in ahead.of(d, "en")] for d in env.kb.articles} == {
        key: list(found) for key, found in expected.items()}
    assert ahead.texts  # what the copy read, for the next build to take
    ahead.work_out_ahead("en")
    assert prepared == ["en"] and "en" not in ahead._ahead  # known now: nothing taken, nothing started


def test_lists_worked_out_ahead_from_articles_since_changed_are_not_used(project):
    from kbsite.site import related
    knowledge_base(project)
    env = open_environment(load_settings(project / "mkdocs.yml"))
    ahead = related.RelatedArticles(env.kb, env.context.patches, related_headings(env.languages))
    ahead.work_out_ahead("en")
    del env.kb.by_key["how-to/flush-cache"]  # what the copy did not see
    expected = related_articles(env.kb, env.context.patches, "en", related_headings(env.languages))
    ahead.of(env.kb.document("how-to/reindex", "en"), "en")
    assert list(ahead.lists["en"].values()) == [expected]  # all the lists, as worked out from what is there now
    assert not any("how-to/flush-cache" in found for found in expected.values())
