"""Before Markdown: tags that are neither allowed nor dangerous become text.

``<project_id>`` written in prose is a placeholder, not markup: shown as
text instead of vanishing. Dangerous tags and attributes are left for the
sanitizer that runs on the rendered page (:func:`kbsite.html_policy.sanitize`).
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ..html_policy import escape_unknown_tags


class _UnknownTagsAsText(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return escape_unknown_tags("\n".join(lines)).split("\n")


class SafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before html_block (20) stores raw HTML away from the other processors.
        md.preprocessors.register(_UnknownTagsAsText(md), "kb_unknown_tags_as_text", 25)
