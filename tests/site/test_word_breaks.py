"""Chinese, Japanese and Thai words cut as a browser cuts a query, and joined again in what Pagefind shows."""

import html
import json
import re

import pytest
from helpers import pagefind_bundle, pagefind_cbor, pagefind_metadata, pagefind_payload
from hypothesis import given
from hypothesis import strategies as st
from kbsite.site.search_bundle import compact
from kbsite.site.search_markup import Facets
from kbsite.site.word_breaks import (
    WORD_END,
    break_words,
    full_stops,
    join_words,
    needs_word_breaks,
)


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize("lang, expected", [("ja", True), ("ja-JP", True), ("zh-Hans", True), ("zh-Hant", True),
                                            ("th", True), ("ko", False), ("en", False), ("pt-BR", False)])
def test_the_languages_cut_are_those_whose_queries_pagefind_cuts(lang, expected):
    assert needs_word_breaks(lang) is expected


@pytest.mark.parametrize("lang, text, words", [
    ("ja", "同じ注文の部分請求書を作成できない", "同じ 注文 の 部分 請求 書 を 作成 でき ない"),
    ("zh-Hans", "部分请求书无法同时创建", "部分 请求 书 无法 同时 创建"),
    ("th", "ใบแจ้งหนี้บางส่วน", "ใบ แจ้ง หนี้ บาง ส่วน"),
])
def test_words_are_cut_as_icu_cuts_them(lang, text, words):
    assert break_words(f"<p>{text}</p>", lang) == f"<p>{words}</p>"


def test_latin_words_ids_and_versions_stay_whole():
    markup = "<p>MDVA-40399 パッチは Adobe Commerce 2.4.3-p1 と互換性があります。</p>"
    assert break_words(markup, "ja") == "<p>MDVA-40399 パッチ は Adobe Commerce 2.4.3-p1 と 互換性 が あり ます 。</p>"
    assert break_words("<p>Plain English, 2.4.3-p1.</p>", "ja") == "<p>Plain English, 2.4.3-p1.</p>"


def test_markup_attributes_and_entities_are_kept():
    markup = '<h2 id="問題" title="部分請求書">問題&amp;<a href="/ja/部分/">部分請求書</a> &lt;b&gt;</h2>'
    cut = break_words(markup, "ja")
    assert re.findall(r"<[^>]+>", cut) == re.findall(r"<[^>]+>", markup)
    assert text_of(cut).replace(" ", "") == text_of(markup).replace(" ", "")
    assert "&amp;" in cut and "&lt;b&gt;" in cut


def test_text_of_two_elements_is_cut_where_they_meet():
    assert text_of(break_words("<p><b>部分</b>請求書</p>", "ja")) == "部分 請求 書"
    assert text_of(break_words("<p><code>MDVA</code>-40399</p>", "ja")) == "MDVA-40399"


def test_text_holding_the_characters_used_as_markers_is_cut_all_the_same():
    hostile = break_words("<p>部分\ue000請求書</p><p>A\x00B</p><b>注文</b>", "ja")
    assert hostile == break_words("<p>部分請求書</p><p>AB</p><b>注文</b>", "ja") == "<p>部分 請求 書</p><p> AB</p><b> 注文</b>"


def test_joined_words_end_where_pagefind_counted_them():
    text = "同じ 注文 の 部分 請求 書 を API 経由 で 、 Adobe Commerce で 作成 でき ない 。"
    joined = join_words(text)
    assert joined.split(WORD_END) == [word + " " * (word in ("を", "API", "Adobe", "Commerce")) for word in text.split()]
    assert joined.replace(WORD_END, "") == "同じ注文の部分請求書を API 経由で、Adobe Commerce で作成できない。"


def test_the_full_stops_pagefind_adds_are_written_as_the_language_writes_them():
    joined = join_words("作成 でき ない. インテ グレー ション 2.4.4. Adobe 制作. 完成.")  # ". ": Pagefind's, after blocks
    assert full_stops(joined, "ja").replace(WORD_END, "") == "作成できない。インテグレーション 2.4.4. Adobe 制作。完成。"
    assert full_stops(joined, "zh-Hans") == full_stops(joined, "ja")
    assert full_stops(join_words("ครับ. ทดสอบ."), "th").replace(WORD_END, "") == "ครับ ทดสอบ"
    assert full_stops(joined, "ko") == joined  # spaced between words: Pagefind's stops are the language's own
    for lang in ("ja", "zh-Hans", "th"):  # the words stay where the search script counts them
        assert full_stops(joined, lang).count(WORD_END) == joined.count(WORD_END)


@given(st.lists(st.text(alphabet="部分請求書のをa1-。、（）", min_size=1, max_size=5), min_size=1, max_size=12))
def test_joining_keeps_the_count_and_order_of_words(words):
    text = " ".join(words)
    assert [word.strip() for word in join_words(text).split(WORD_END)] == words


def one_space_at_a_time(text: str) -> str:
    """join_words as its docstring says it, a space at a time: the reference the fast one is held to."""
    punctuation = re.compile("[\u3001-\u303f\uff00-\uffef]")
    script = re.compile("[\u3001-\u303f\uff00-\uffef\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")

    def end(space):
        left, right = text[space.start() - 1], text[space.end()]
        dropped = punctuation.match(left) or punctuation.match(right) or (script.match(left) and script.match(right))
        return WORD_END if dropped else space[0] + WORD_END

    return re.sub(r"(?<=\S)\s+(?=\S)", end, text)


@given(st.text(alphabet=list("部分請求書のをaZ1-。、（）ー ใบ") + ["\n", "\t", "\u3000", "\xa0", "\uff01"], max_size=40))
def test_joining_is_the_same_as_deciding_each_space_alone(text):
    assert join_words(text) == one_space_at_a_time(text)


PAGES = {
    "invoices": "<h1 id='title'>部分請求書を作成できない</h1><p>同じ注文の部分請求書をAPI経由で作成します。MDVA-40399</p>",
    "cache": "<h1 id='title'>キャッシュの消去</h1><p>ページキャッシュを消去します。</p>",
}


@pytest.fixture(scope="module")
def japanese_bundle(tmp_path_factory):
    bundle = pagefind_bundle(tmp_path_factory.mktemp("ja"), PAGES, "ja", Facets(feature=("買い物かご",)))
    compact(bundle)
    return bundle


def fragments(bundle):
    return [json.loads(pagefind_payload(bundle / "fragment" / f"{name}.pf_fragment"))
            for name, *_ in pagefind_metadata(bundle)[1]]


def index_words(bundle):
    return {word[0]: word[1] for _, _, name in pagefind_metadata(bundle)[2]
            for word in pagefind_cbor(bundle / "index" / f"{name}.pf_index")[0]}


def test_pagefind_indexes_the_words_a_query_is_cut_into(japanese_bundle):
    words = index_words(japanese_bundle)
    assert {"部分", "請求", "書", "作成", "mdva", "40399", "キャッシュ"} <= set(words)
    assert "部分請求書を作成てきない" not in words  # Pagefind's own form of the uncut heading


def test_a_result_shows_the_text_as_written_its_word_positions_unchanged(japanese_bundle):
    page, invoices = next((n, f) for n, f in enumerate(fragments(japanese_bundle)) if f["url"] == "/invoices/")
    assert invoices["content"].replace(WORD_END, "").startswith("部分請求書を作成できない。同じ注文の部分請求書を API 経由で")
    assert invoices["anchors"][0]["text"] == "部分請求書を作成できない"
    assert invoices["filters"] == {"feature": ["買い物かご"]}
    words = invoices["content"].split(WORD_END)
    for word in ("請求", "作成", "mdva"):
        # A word's entries: [page, positions (a negative number sets the weight of those after it), ...]
        positions = [position for entry in index_words(japanese_bundle)[word] if entry[0] == page
                     for position in entry[1] if position >= 0]
        assert positions and all(word in words[position].lower() for position in positions), (word, positions)
