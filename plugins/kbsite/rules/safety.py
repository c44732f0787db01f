"""Input that would be unsafe or unusable on the page: scripts, handlers, script
addresses, markup in front matter, oversized or too deeply nested articles.

What is reported here is exactly what the render removes or neutralizes
(:mod:`kbsite.core.html_policy`, :func:`kbsite.site.article_body.renderable_body`).
"""

from __future__ import annotations

from ..core.diagnostics import diagnostic
from ..core.html_policy import html_findings, policy
from ..core.outline import MAX_NESTING
from ..core.text import markup_in, shorten
from .base import RuleFamily

MAX_BYTES = 1_000_000
TEXT_KEYS = ("title", "description")


class SafetyRules(RuleFamily):
    """Unsafe or unusable input: scripts, handlers, script addresses, markup, size, nesting."""

    def check_document(self, context, document):
        if document.is_article:
            yield from _front_matter_markup(document)
            yield from _body_html(document)
        yield from _link_schemes(document)
        yield from _size_and_nesting(document)


def _front_matter_markup(document):
    for key in TEXT_KEYS:
        markup = markup_in(document.meta.get(key))
        if markup:
            yield diagnostic("KB117", document.path, document.source.line_of(key),
                             message=f"'{key}' contains {markup}; it is shown as text")


def _body_html(document):
    offset = document.source.body_line - 1
    for finding in html_findings(document.source.body):
        where = (document.path, finding.line + offset, finding.column)
        if finding.kind == "dangerous":
            yield diagnostic("KB407", *where, f"{finding.detail} is removed from the page, with its content")
        elif finding.kind == "unknown":
            yield diagnostic("KB409", *where, f"{finding.detail} is not HTML the site uses; it is shown as text")
        elif finding.kind == "handler":
            yield diagnostic("KB406", *where, f"event handler {finding.detail} is removed")
        elif finding.kind == "attribute":
            yield diagnostic("KB408", *where, f"attribute {finding.detail} is removed")
        else:
            yield diagnostic("KB405", *where, f"{finding.detail}: the address is removed")


def _link_schemes(document):
    """Markdown links and images; the addresses in HTML are checked with the rest of the HTML (KB405 once)."""
    rules = policy()
    for link in document.outline.links:
        if not link.html and not rules.allows_url(link.target):
            yield diagnostic("KB405", document.path, link.line, link.column,
                             f"'{shorten(link.target)}': only http, https and mailto addresses are kept")


def _size_and_nesting(document):
    size = len(document.source.text.encode("utf-8"))
    if size > MAX_BYTES:
        yield diagnostic("KB209", document.path, message=f"{size / 1e6:.1f} MB")
    depth, line = document.outline.deepest
    if depth > MAX_NESTING:
        yield diagnostic("KB210", document.path, line,
                         message=f"{depth} levels of quotes or lists (at most {MAX_NESTING}); shown as plain text")
