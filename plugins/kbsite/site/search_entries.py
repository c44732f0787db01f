"""Search entries for Material's search, built from a page's HTML.

Material's own indexer walks every page with ``html.parser`` (a third of a
plain build of the real knowledge base). Entries only need, per page and per
heading, a location, a title and the text below it, so regular expressions
over the rendered content do: headings split the page, tags are dropped,
text is HTML-escaped (the search UI inserts it as HTML) and whitespace
collapsed. (Generated parts that should not be searched, like the patch
grid, are added to the page after it was indexed.)

Sentences that appear on many pages (the patch template's "To check if the
patch is compatible..." note is on 490 of them) are dropped from the
index: they match every query on all those pages alike, and were a quarter of
the index of the real knowledge base.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from itertools import groupby

_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_HEADING = re.compile(r'<h(?P<level>[1-6])\b[^>]*\bid="(?P<id>[^"]*)"[^>]*>(?P<title>.*?)</h(?P=level)>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
SHORT_SENTENCE = 25  # characters; kept even when frequent (ids, commands, labels)
MAX_TEXT = 50_000  # characters of one entry: enough to find a page, not a copy of a 5 MB one


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, escaped again for the search UI."""
    text = html.unescape(_TAG.sub(" ", fragment))
    return html.escape(_SPACE.sub(" ", text).strip()[:MAX_TEXT], quote=False)


def page_entries(content: str, url: str, title: str, tags: list[str]) -> list[dict]:
    """One entry for the page (its text before the first subheading), one per heading below."""
    content = _HEADERLINK.sub("", content)
    headings = list(_HEADING.finditer(content))
    body_start = headings[0].end() if headings and headings[0]["level"] == "1" else 0
    sections = [h for h in headings if h["level"] != "1"]
    first_end = sections[0].start() if sections else len(content)
    entry = {"location": url, "title": html.escape(title, quote=False), "text": plain(content[body_start:first_end])}
    if tags:
        entry["tags"] = [html.escape(tag, quote=False) for tag in tags]
    entries = [entry]
    for index, heading in enumerate(sections):
        end = sections[index + 1].start() if index + 1 < len(sections) else len(content)
        entries.append({
            "location": f"{url}#{heading['id']}",
            "title": plain(heading["title"]),
            "text": plain(content[heading.end():end]),
        })
    return entries


def drop_boilerplate(entries: list[dict], pages: int) -> list[dict]:
    """Entries without the sentences found on more than max(10, 2% of ``pages``) pages.

    Entries come page by page (a page's entries are consecutive), so each
    page's sentences are counted once however many of its headings repeat
    them, holding one page's sentences at a time.
    """
    limit = max(10, pages // 50)
    on_pages: Counter = Counter()
    for _, group in groupby(entries, key=lambda entry: entry["location"].split("#")[0]):
        on_pages.update({s for entry in group for s in _sentences(entry) if len(s) >= SHORT_SENTENCE})
    frequent = {sentence for sentence, count in on_pages.items() if count > limit}
    if not frequent:
        return entries
    return [{**entry, "text": " ".join(s for s in _sentences(entry) if s not in frequent)} for entry in entries]


def _sentences(entry: dict) -> list[str]:
    return _SENTENCE_END.split(entry["text"])
