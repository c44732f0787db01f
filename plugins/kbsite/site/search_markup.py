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
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

FACETS = ("feature", "role", "status")  # filter names, as search.js and the language files know them


@dataclass(frozen=True)
class Facets:
    """A page's facet values, as labels in the reader's language."""

    feature: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
    status: tuple[str, ...] = ()  # a patch article's patch status

    def items(self):
        for name in FACETS:
            for value in getattr(self, name):
                yield name, value


def search_body(html: str, title: str, facets: Facets) -> str:
    """``html`` (a page's content) as the part of the page that search indexes."""
    filters = "".join(f'<span data-pagefind-filter="{name}">{escape(value)}</span>' for name, value in facets.items())
    hidden = f'<div hidden data-pagefind-ignore>{filters}</div>' if filters else ""
    return f'<div class="kb-search-body" data-pagefind-body data-pagefind-meta="title:{escape(title)}">{html}{hidden}</div>'


def index_document(lang: str, body: str) -> str:
    """What Pagefind is given for a page: its language and its search body."""
    return f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"></head><body>{body}</body></html>'
