"""The Markdown the site renders for an article."""

from __future__ import annotations

import re

from ..core.knowledge_base import Document
from ..core.outline import MAX_NESTING


def renderable_body(document: Document) -> str:
    """The Markdown the site renders: the body, or, nested too deeply to render, the body as plain text."""
    if document.outline.deepest[0] <= MAX_NESTING:
        return document.source.body
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", document.source.body)), default=0) + 1)
    return f"{fence}text\n{document.source.body}\n{fence}\n"
