"""search-engine.js's pieces, run in Chromium: how a query is cut into terms, compared and spelled."""

import pytest

ENGINE = """async ([call, args]) => {
    const engine = await import("/assets/kb/search-engine.js");
    return engine[call](...args);
}"""


@pytest.fixture
def engine(page, site_url):
    page.goto(site_url)
    return lambda call, *args: page.evaluate(ENGINE, [call, list(args)])


def test_words_are_compared_as_pagefind_compares_them(engine):
    assert engine("normalize", "Général") == "general"
    assert engine("normalize", "SQLSTATE[HY000]:") == "sqlstatehy000"


def test_a_language_written_without_spaces_is_cut_but_a_code_word_stays_whole(engine):
    cut = engine("words", "var/log/system.log が見つからない", "ja")
    assert cut[0] == "var/log/system.log" and "".join(cut[1:]) == "が見つからない" and len(cut) > 2
    assert engine("words", "quote  cart\tstuck", "en") == ["quote", "cart", "stuck"]


def test_a_phrase_of_the_synonyms_is_one_term_searched_in_every_way_of_its_group(engine):
    synonyms = [["magento", "adobe commerce"], ["cron", "scheduled jobs"]]
    terms = engine("terms", "Adobe Commerce cron stuck", "en", synonyms)
    assert terms == [
        {"label": "Adobe Commerce", "alternatives": ["Adobe Commerce", "magento"]},
        {"label": "cron", "alternatives": ["cron", "scheduled jobs"]},
        {"label": "stuck", "alternatives": ["stuck"], "parts": None},
    ]


def test_a_code_word_has_its_parts_of_three_letters_or_more(engine):
    assert engine("terms", "var/log/system.log de:en", "en", []) == [
        {"label": "var/log/system.log", "alternatives": ["var/log/system.log"], "parts": "var log system log"},
        {"label": "de:en", "alternatives": ["de:en"], "parts": None},
    ]


def test_a_quoted_query_is_pagefinds_exact_phrase(engine):
    assert engine("terms", '"cron job"', "en", [["cron", "scheduled jobs"]]) == [
        {"label": '"cron job"', "alternatives": ['"cron job"']}]


@pytest.mark.parametrize(("a", "b", "limit", "distance"), [
    ("invoice", "invoice", 1, 0), ("invocie", "invoice", 1, 1), ("maintanance", "maintenance", 2, 1),
    ("opensaerch", "opensearch", 2, 1), ("cahce", "cache", 1, 1), ("xqzpt", "cache", 1, 2)])
def test_the_edit_distance_counts_a_swap_of_two_letters_once_and_gives_up_past_its_limit(engine, a, b, limit, distance):
    assert engine("editDistance", a, b, limit) == distance
