"""KB40x: links, anchors and images resolve inside the site."""

from __future__ import annotations

import difflib

from ..core.diagnostics import diagnostic
from ..core.linking import resolve
from .base import RuleFamily


class LinkRules(RuleFamily):
    """KB40x: links, anchors and images resolve inside the site."""

    def check_corpus(self, context):
        """Corpus-wide: a link's validity depends on the page it points to."""
        kb = context.kb
        for document in kb.documents:
            for link in document.outline.links:
                yield from _check_link(kb, document, link)


def _check_link(kb, document, link):
    resolved = resolve(kb, document, link.target)
    where = (document.path, link.line, link.column)
    if resolved.kind == "outside":
        yield diagnostic("KB404", *where, f"'{link.target}' points outside the site", link.target)
    elif resolved.kind == "missing":
        code = "KB403" if link.is_image else "KB401"
        looked = ", ".join(resolved.candidates)
        yield diagnostic(code, *where, f"'{link.target}' not found (looked for {looked})", link.target)
    elif resolved.kind == "page" and resolved.anchor:
        anchors = resolved.document.outline.anchors
        if resolved.anchor not in anchors:
            yield diagnostic("KB402", *where, _anchor_message(link.target, resolved, anchors), link.target)


def _anchor_message(target, resolved, anchors):
    message = f"'{target}': {resolved.document.path} has no heading with id '{resolved.anchor}'"
    close = difflib.get_close_matches(resolved.anchor, sorted(anchors), n=3)
    if close:
        message += f" (did you mean {', '.join(close)}?)"
    return message
