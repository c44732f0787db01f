"""Finding ``#fragment`` targets in an HTML page as it arrives, reading no more of it than needed.

A fragment is there when an element has it as ``id``, or an ``<a>`` as
``name`` (HTML's rules for the indicated part of a document; ``#top`` is
always there). The page is fed to a tolerant parser chunk by chunk, and
reading stops once every fragment looked for is found, or after
``limit`` bytes.
"""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterator
from html.parser import HTMLParser

ALWAYS_THERE = frozenset({"top"})  # HTML scrolls to the top for #top without an element of that id


class _Targets(HTMLParser):
    """Collects the fragments of ``wanted`` that the page defines."""

    def __init__(self, wanted: set[str]):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.found: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is not None and (name == "id" or (name == "name" and tag == "a")) and value in self.wanted:
                self.found.add(value)

    handle_startendtag = handle_starttag


async def fragments_found(chunks: AsyncIterator[bytes], wanted: set[str], charset: str | None,
                          limit: int) -> dict[str, bool]:
    """For each fragment in ``wanted``, whether the page whose bytes ``chunks`` yields defines it."""
    looked_for = {fragment for fragment in wanted if fragment.lower() not in ALWAYS_THERE}
    parser = _Targets(looked_for)
    decoder = codecs.getincrementaldecoder(_codec(charset))(errors="replace")
    read = 0
    async for chunk in chunks:
        read += len(chunk)
        parser.feed(decoder.decode(chunk))
        if parser.found >= looked_for or read >= limit:
            break
    return {fragment: fragment not in looked_for or fragment in parser.found for fragment in wanted}


def _codec(charset: str | None) -> str:
    try:
        return codecs.lookup(charset or "utf-8").name
    except LookupError:
        return "utf-8"
