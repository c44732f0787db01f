"""The words written beside a language's search index: what "did you mean" offers, cut in small files."""

import json

from kbsite.site.search_vocabulary import INFO, normalized, page_words, vocabulary, write_vocabulary


def test_words_are_compared_as_pagefind_compares_a_query():
    assert normalized("Général") == "general"
    assert normalized("catalog:images:resize") == "catalogimagesresize"
    assert normalized("Straße") == "straße"  # a letter, not a mark


def test_a_pages_words_are_its_text_as_written_without_numbers_or_fragments():
    words = page_words("<h1>Factures</h1><p>Général, « facture » 2.4.3 MDVA-40399 <code>bin/magento</code> a &amp; of</p>")
    assert words == {"factures", "général", "facture", "bin/magento"}


def test_the_vocabulary_counts_pages_and_keeps_the_most_frequent_way_of_writing():
    pages = [frozenset({"général", "facture"}), frozenset({"general"}), frozenset({"général"}),
             frozenset({"catalog:images:resize"})]
    assert vocabulary(pages) == [["catalogimagesresize", 1, "catalog:images:resize"], ["facture", 1],
                                 ["general", 3, "général"]]


def test_the_words_are_written_in_small_files_that_a_first_letter_leads_to(tmp_path):
    pages = [frozenset({f"{letter}word{number:04d}" for letter in "abc"}) for number in range(3000)]
    write_vocabulary(tmp_path, pages)
    info = json.loads((tmp_path / INFO).read_text("utf-8"))
    assert info["pages"] == 3000
    shards = info["vocabulary"]
    assert len(shards) > 3
    seen = []
    for first, last, path in shards:
        words = json.loads((tmp_path / path).read_text("utf-8"))
        assert len((tmp_path / path).read_bytes()) <= 24_000
        assert ord(words[0][0][0]) == first and ord(words[-1][0][0]) == last
        seen += [word for word, _ in words]
    assert seen == sorted(seen) and len(seen) == 9000


def test_the_same_pages_give_the_same_files(tmp_path):
    pages = [frozenset({"invoice", "facture"}), frozenset({"invoice"})]
    written = []
    for name, order in (("one", pages), ("two", list(reversed(pages)))):
        (tmp_path / name).mkdir()
        write_vocabulary(tmp_path / name, order)
        written.append({path.relative_to(tmp_path / name): path.read_bytes()
                        for path in (tmp_path / name).rglob("*") if path.is_file()})
    assert written[0] == written[1]
