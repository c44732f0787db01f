"""The Markdown the site renders for an article."""

from __future__ import annotations

import re

from ..core.knowledge_base import Document
from ..core.outline import MAX_NESTING, may_nest_too_deeply

COMPATIBILITY_NOTE = '<div class="kb-compatibility-note"></div>'  # where the note on releases goes


def renderable_body(document: Document, note_after: int | None = None) -> str:
    """The Markdown the site renders: the body, or, nested too deeply to render, the body as plain text.

    ``note_after``: the file line after which the page tells how the QPT metadata's releases differ
    from the article's (a placeholder, filled in with the patch card).
    """
    if not may_nest_too_deeply(document.source.body) or document.outline.deepest[0] <= MAX_NESTING:
        if note_after is None:
            return document.source.body
        lines = document.source.body.split("\n")
        cut = note_after - document.source.body_line + 1
        return "\n".join([*lines[:cut], "", COMPATIBILITY_NOTE, "", *lines[cut:]])
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", document.source.body)), default=0) + 1)
    return f"{fence}text\n{document.source.body}\n{fence}\n"
