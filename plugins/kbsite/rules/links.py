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
        suggestions: dict[tuple[str, str], list[str]] = {}  # (page, missing id) -> close ids
        for document in kb.documents:
            for link in document.outline.links:
                yield from _check_link(kb, document, link, suggestions)


def _check_link(kb, document, link, suggestions):
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
            yield diagnostic("KB402", *where, _anchor_message(link.target, resolved, anchors, suggestions),
                             link.target)


def _anchor_message(target, resolved, anchors, suggestions):
    """The missing id, and the page's ids closest to it: found once per page and id (many articles link
    one missing id, such as a help centre guide's ``#submit-ticket``)."""
    message = f"'{target}': {resolved.document.path} has no heading with id '{resolved.anchor}'"
    key = (resolved.document.path, resolved.anchor)
    if key not in suggestions:
        suggestions[key] = difflib.get_close_matches(resolved.anchor, sorted(anchors), n=3)
    close = suggestions[key]
    if close:
        message += f" (did you mean {', '.join(close)}?)"
    return message
