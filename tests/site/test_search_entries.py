"""Search entries: boilerplate sentences are those of many pages, not of many headings."""

from kbsite.site.search_entries import drop_boilerplate

NOTE = "To check if the patch is compatible with your release, run the tool."


def entries(page: str, texts: list[str]) -> list[dict]:
    return [{"location": f"{page}#s{index}", "title": "", "text": text} for index, text in enumerate(texts)]


def test_a_sentence_on_more_than_ten_pages_is_dropped_everywhere():
    found = [e for number in range(11) for e in entries(f"p{number}/", [f"Page {number} is about this. {NOTE}"])]
    kept = drop_boilerplate(found, pages=11)
    assert [e["text"] for e in kept] == [f"Page {number} is about this." for number in range(11)]


def test_a_sentence_on_ten_pages_is_kept():
    found = [e for number in range(10) for e in entries(f"p{number}/", [NOTE])]
    assert drop_boilerplate(found, pages=10) == found


def test_a_sentence_repeated_under_many_headings_of_one_page_is_kept():
    found = entries("only/", [NOTE] * 12)
    assert drop_boilerplate(found, pages=1) == found
