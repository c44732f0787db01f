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
    def run(self, text: str) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        stash[:] = [escape_unknown_tags(block) if isinstance(block, str) else block for block in stash]
        return text


class SafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before raw_html (30) puts the stashed HTML back into the page.
        md.postprocessors.register(_UnknownTagsAsText(md), "kb_unknown_tags_as_text", 35)
