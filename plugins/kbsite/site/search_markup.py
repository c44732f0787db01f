"""What search indexes of a page: its content and its facets, marked for Pagefind.

Pagefind reads HTML. It indexes the element marked ``data-pagefind-body``
and nothing else of the page (header, navigation, tags, footer), skips what
lies inside ``data-pagefind-ignore`` (our patch card and notices), and
takes ``data-pagefind-meta`` as a result's metadata and
``data-pagefind-filter`` as its facets. Indexed pages carry this markup as
built; the index itself is made from a copy of each page reduced to it
(:func:`index_document`), a tenth of the bytes of the whole page, which is
most of what Pagefind's indexing time depends on.

Headings keep Pagefind's own weights (the title counts seven times a word
of text, squared); facet values are labels in the reader's language.

Paragraphs and list items found on many pages (the patch template's notes,
"Related reading" links: template boilerplate written into every patch
article) match a query on all those pages alike and were a quarter of the
old index. Only the whole language shows what repeats, so the copies given
to Pagefind tag each such block with a digest of its text, and the blocks
whose digest is on more than max(10, 2 %) of the pages are excluded when
the language is indexed (:func:`repeated_blocks`).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import escape

from .search_vocabulary import page_words
from .word_breaks import break_words, needs_word_breaks

FACETS = ("feature", "role", "status", "release")  # filter names, as search.js and the language files know them


@dataclass(frozen=True)
class Facets:
    """A page's facet values, as labels in the reader's language."""

    feature: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
    status: tuple[str, ...] = ()  # a patch article's patch status
    release: tuple[str, ...] = ()  # the Commerce releases a patch article's patch applies to

    def items(self):
        for name in FACETS:
            for value in getattr(self, name):
                yield name, value


def search_body(html: str, title: str, facets: Facets, titles: dict[str, str] | None = None) -> str:
    """``html`` (a page's content) as the part of the page that search indexes.

    ``titles``: the article's title in each other language it is written in (``{"fr": "..."}``), for a page of
    the default language, whose index the other languages search too: their readers see the result under
    its title in their language (``title-fr``, ``title-zh-hans``), at their address.
    """
    hidden = "".join(f'<span data-pagefind-filter="{name}">{escape(value)}</span>' for name, value in facets.items())
    hidden += "".join(f'<span data-pagefind-meta="title-{escape(lang.lower())}">{escape(text)}</span>'
                      for lang, text in sorted((titles or {}).items()))
    hidden = f'{FILTERS}{hidden}</div>' if hidden else ""
    return f'<div class="kb-search-body" data-pagefind-body data-pagefind-meta="title:{escape(title)}">{html}{hidden}</div>'


def index_document(lang: str, body: str) -> tuple[str, frozenset[str]]:
    """What Pagefind is given for a page (its language and search body, blocks tagged, words cut where
    :mod:`~kbsite.site.word_breaks` cuts them); the blocks' digests. The words of its text are
    :func:`staged_words`'s (worked out only for a page whose staged copy changed)."""
    digests = set()

    def tag(block: re.Match) -> str:
        text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", block["inner"]))).strip()
        if len(text) < SHORT_BLOCK:
            return block[0]
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()
        digests.add(digest)
        return f'<{block["tag"]} {BLOCK_ATTRIBUTE}="{digest}">{block["inner"]}</{block["tag"]}>'

    tagged = _LEAF_BLOCK.sub(tag, body)
    text, filters, labels = tagged.rpartition(FILTERS) if FILTERS in tagged else (tagged, "", "")
    if needs_word_breaks(lang):  # the text, not the filters' labels: they are shown as written
        text = break_words(text, lang)
    page = (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"></head>'
            f'<body>{text}{filters}{labels}</body></html>')
    return page, frozenset(digests)


def staged_words(page: str) -> frozenset[str]:
    """The words of a page :func:`index_document` made: of its text, not of its filters."""
    body = page.partition("<body>")[2].rpartition("</body>")[0]
    return page_words(body.rpartition(FILTERS)[0] if FILTERS in body else body)


def repeated_blocks(pages: Iterable[frozenset[str]], count: int) -> list[str]:
    """Selectors of the blocks found on more than max(10, 2 % of ``count``) of ``pages``."""
    limit = max(10, count // 50)
    found = Counter(digest for digests in pages for digest in digests)
    return [f'[{BLOCK_ATTRIBUTE}="{digest}"]' for digest, pages in sorted(found.items()) if pages > limit]


BLOCK_ATTRIBUTE = "data-kb-block"
FILTERS = "<div hidden data-pagefind-ignore>"  # opens a page's filter values, after its content
SHORT_BLOCK = 25  # characters: a shorter block is kept even when frequent (ids, commands, labels)
# A paragraph or list item without attributes and without a nested one (the regular expression cannot nest);
# runs of text between tags are taken whole, not one character at a time.
_LEAF_BLOCK = re.compile(r"<(?P<tag>p|li)>(?P<inner>[^<]*(?:<(?!/?(?:p|li|ul|ol)\b)[^<]*)*)</(?P=tag)>")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
