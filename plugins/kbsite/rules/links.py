"""KB40x: links, anchors and images resolve inside the site."""

from __future__ import annotations

import difflib

from ..core.diagnostics import diagnostic
from ..core.linking import resolve
from ..core.text import short_digest
from .base import RuleFamily


class LinkRules(RuleFamily):
    """KB40x: links, anchors and images resolve inside the site."""

    def check_corpus(self, context):
        """Corpus-wide: a link's validity depends on the page it points to.

        A document's findings are those of the last check (``context.link_checks``) while the document, the
        documents its links lead to and what the site holds (which pages in which languages, which assets:
        what a link resolves against) are the same: ``mkdocs serve`` checks again after every save.
        """
        kb = context.kb
        suggestions: dict[tuple[str, str], list[str]] = {}  # (page, missing id) -> close ids
        site = _site_contents(kb)
        memo = context.link_checks
        earlier = memo.get("documents", {}) if memo.get("site") == site else {}
        now = {}
        for document in kb.documents:
            entry = earlier.get(document)
            if entry is None or not all(kb.by_key.get(target.key, {}).get(target.lang) is target
                                        for target in entry[0]):
                targets: list = []
                found = [d for link in document.outline.links
                         for d in _check_link(kb, document, link, suggestions, targets)]
                entry = (targets, found)
            now[document] = entry
            yield from entry[1]
        memo.update(site=site, documents=now)


def _site_contents(kb) -> str:
    """What links resolve against: the pages in each language, the assets, the languages."""
    return short_digest([sorted((key, sorted(versions)) for key, versions in kb.by_key.items()), sorted(kb.assets),
                         kb.settings.languages, kb.settings.default_language])


def _check_link(kb, document, link, suggestions, targets: list):
    """The link's findings; the page it leads to is added to ``targets``."""
    resolved = resolve(kb, document, link.target)
    if resolved.document is not None:
        targets.append(resolved.document)
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
