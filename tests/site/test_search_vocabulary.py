"""The words written beside a language's search index: what "did you mean" offers, cut in small files."""

import json

from kbsite.site.search_vocabulary import INFO, VocabularyFiles, normalized, page_words, vocabulary


def test_words_are_compared_as_pagefind_compares_a_query():
    assert normalized("Général") == "general"
    assert normalized("catalog:images:resize") == "catalogimagesresize"
    assert normalized("Straße") == "straße"  # a letter, not a mark


def test_a_pages_words_are_its_text_as_written_and_the_parts_of_its_code_words_without_numbers():
    words = page_words("<h1>Factures</h1><p>Général, « facture » 2.4.3 MDVA-40399 <code>bin/magento</code> a &amp; of "
                       "the Ruby</p>")
    assert words == {"Factures", "Général", "facture", "bin/magento", "magento", "Ruby"}


def test_the_vocabulary_counts_pages_and_keeps_the_most_frequent_way_of_writing():
    pages = [frozenset({"général", "Facture"}), frozenset({"general", "Général"}), frozenset({"général"}),
             frozenset({"catalog:images:resize"})]
    assert vocabulary(pages) == [["catalogimagesresize", 1, "catalog:images:resize"], ["facture", 1, "Facture"],
                                 ["general", 3, "général"], ["imagesresize", 0, "images:resize", ["catalog:images:resize"]]]


def test_the_words_are_written_in_small_files_each_led_to_by_the_beginning_of_its_first_word(tmp_path):
    pages = [frozenset({f"{letter}word{number:04d}" for letter in "abc"}) for number in range(3000)]
    VocabularyFiles.of(pages).write(tmp_path)
    info = json.loads((tmp_path / INFO).read_text("utf-8"))
    assert info["pages"] == 3000
    folder, starts = tmp_path / info["vocabulary"]["folder"], info["vocabulary"]["starts"]
    files = [folder / f"{number}.json" for number in range(len(starts))]
    assert len(starts) > 3 and sorted(folder.iterdir()) == sorted(files) and starts[0] == ""
    seen = []
    for start, file in zip(starts, files):
        words = [word for word, _ in json.loads(file.read_text("utf-8"))]
        assert len(file.read_bytes()) <= 6_000
        assert words[0].startswith(start) and (not seen or start > seen[-1])  # tells it from the file before
        seen += words
    assert seen == sorted(seen) and len(seen) == 9000


def test_the_same_pages_give_the_same_files(tmp_path):
    pages = [frozenset({"invoice", "facture"}), frozenset({"invoice"})]
    written = []
    for name, order in (("one", pages), ("two", list(reversed(pages)))):
        (tmp_path / name).mkdir()
        VocabularyFiles.of(order).write(tmp_path / name)
        written.append({path.relative_to(tmp_path / name): path.read_bytes()
                        for path in (tmp_path / name).rglob("*") if path.is_file()})
    assert written[0] == written[1]


def test_the_end_of_a_code_word_leads_to_the_code_words_it_ends():
    """A reader types "system.log"; pages write "var/log/system.log", which Pagefind indexes whole."""
    pages = [frozenset({"var/log/system.log", "Magento\\Framework\\App\\Http"}), frozenset({"var/log/system.log"}),
             frozenset({"system.log", "pub/var/log/system.log"})]
    entries = {entry[0]: entry[1:] for entry in vocabulary(pages)}
    assert entries["systemlog"] == [1, "system.log", ["var/log/system.log", "pub/var/log/system.log"]]
    assert entries["logsystemlog"] == [0, "log/system.log", ["var/log/system.log", "pub/var/log/system.log"]]
    assert entries["apphttp"] == [0, "App\\Http", ["Magento\\Framework\\App\\Http"]]
    assert "http" not in entries  # a single part: Pagefind indexes it on its own
