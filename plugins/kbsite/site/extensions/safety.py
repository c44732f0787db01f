"""Tags that are neither allowed nor dangerous are shown as text.

``<project_id>`` written in prose is a placeholder, not markup: shown as
text instead of vanishing. Python-Markdown sets every piece of raw HTML
aside (its HTML stash) and never code, so escaping there cannot touch code.
Dangerous tags and attributes are left for the sanitizer that runs on the
rendered page (:func:`kbsite.core.html_policy.sanitize`).
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from ...core.html_policy import escape_unknown_tags


class _UnknownTagsAsText(Postprocessor):
    """Escapes each stashed block once.

    The toc extension runs the postprocessors on every heading's text: each
    run sees the whole stash again, so the blocks already seen are skipped.
    """

    def __init__(self, md: Markdown):
        super().__init__(md)
        self._stash: list | None = None  # the document's stash (a new list per document)
        self._escaped = 0  # its blocks escaped so far

    def run(self, text: str) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        if stash is not self._stash:
            self._stash, self._escaped = stash, 0
        for index in range(self._escaped, len(stash)):
            if isinstance(stash[index], str):
                stash[index] = escape_unknown_tags(stash[index])
        self._escaped = len(stash)
        return text


class SafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before raw_html (30) puts the stashed HTML back into the page.
        md.postprocessors.register(_UnknownTagsAsText(md), "kb_unknown_tags_as_text", 35)
