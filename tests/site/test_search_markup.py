"""What search indexes of a page: its content, marked for Pagefind, and the blocks repeated on many pages."""

from bs4 import BeautifulSoup
from kbsite.site.search_markup import Facets, index_document, repeated_blocks, search_body, staged_words

NOTE = "To check if the patch is compatible with your release, run the tool."


def test_the_search_body_holds_the_content_the_title_and_the_facets():
    body = search_body("<h1>Factures</h1><p>Texte.</p>", 'A "title" <b>', Facets(feature=("Factures",), status=("Actif",)))
    element = BeautifulSoup(body, "html.parser").div
    assert element.has_attr("data-pagefind-body") and element["data-pagefind-meta"] == 'title:A "title" <b>'
    assert element.h1.get_text() == "Factures"
    hidden = element.select_one("[hidden][data-pagefind-ignore]")
    assert {(s["data-pagefind-filter"], s.get_text()) for s in hidden.find_all("span")} == {
        ("feature", "Factures"), ("status", "Actif")}


def test_a_page_without_facets_has_no_filter_markup():
    assert "data-pagefind-filter" not in search_body("<p>x</p>", "T", Facets())


def test_a_default_language_page_carries_its_translations_titles_for_the_other_languages_readers():
    body = search_body("<p>x</p>", "Flush the cache", Facets(release=("2.4.3", "2.4.3-p1")),
                       {"zh-Hans": "清除缓存", "fr": "Vider le <cache>"})
    hidden = BeautifulSoup(body, "html.parser").select_one("[hidden][data-pagefind-ignore]")
    assert [(s.get("data-pagefind-filter"), s.get("data-pagefind-meta"), s.get_text()) for s in hidden.find_all("span")] == [
        ("release", None, "2.4.3"), ("release", None, "2.4.3-p1"),
        (None, "title-fr", "Vider le <cache>"), (None, "title-zh-hans", "清除缓存")]


def test_index_document_gives_the_words_of_the_text_not_of_the_filters_and_titles():
    body = search_body("<h1>Factures partielles</h1><p>Général: <code>bin/magento cache:flush</code> 2.4.3</p>",
                       "Factures", Facets(feature=("Commandes",)), {"en": "Partial invoices"})
    assert staged_words(index_document("fr", body)[0]) == {"Factures", "partielles", "Général", "bin/magento", "magento", "cache:flush", "cache", "flush"}


def test_japanese_words_are_the_words_the_index_is_cut_into():
    page, _ = index_document("ja", search_body("<p>キャッシュをクリアできない</p>", "t", Facets()))
    assert staged_words(page) == {"キャッシュ"}  # クリア, でき, ない: shorter than four letters


def test_index_document_tags_long_paragraphs_and_list_items_with_a_digest_of_their_text():
    page, digests = index_document("pt-BR", f"<p>{NOTE}</p><ul><li>Short one</li><li>{NOTE}</li></ul>")
    html = BeautifulSoup(page, "html.parser")
    assert html.html["lang"] == "pt-BR"
    tagged = html.select("[data-kb-block]")
    assert [element.name for element in tagged] == ["p", "li"] and len(digests) == 1
    assert tagged[0]["data-kb-block"] == tagged[1]["data-kb-block"]  # the same text, the same digest
    assert not html.find("li", string="Short one").has_attr("data-kb-block")


def test_a_list_item_holding_a_list_is_not_a_block():
    _, digests = index_document("en", f"<ul><li>{NOTE}<ul><li>Another long item of the nested list.</li></ul></li></ul>")
    assert len(digests) == 1  # the nested item only


def pages(count: int, with_note: int) -> list[frozenset[str]]:
    note = index_document("en", f"<p>{NOTE}</p>")[1]
    return [note if number < with_note else index_document("en", f"<p>Page {number} is about this.</p>")[1]
            for number in range(count)]


def test_a_block_on_more_than_ten_pages_is_left_out():
    (digest,) = index_document("en", f"<p>{NOTE}</p>")[1]
    assert repeated_blocks(pages(11, 11), 11) == [f'[data-kb-block="{digest}"]']


def test_a_block_on_ten_pages_or_two_percent_is_kept():
    assert repeated_blocks(pages(10, 10), 10) == []
    assert repeated_blocks(pages(1000, 20), 1000) == []
    assert len(repeated_blocks(pages(1000, 21), 1000)) == 1
