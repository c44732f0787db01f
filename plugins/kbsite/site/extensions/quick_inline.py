"""Python-Markdown's inline processing, without trying patterns that cannot match.

For every piece of text, Python-Markdown tries each inline pattern in turn
(code spans, escapes, links, images, autolinks, raw HTML, entities,
emphasis...), a Python call each even when the text has none of the
characters the pattern starts with. That was the largest single cost of the
whole build. Here a pattern whose triggers (``[`` for links, ``![`` for
images, ``&`` for entities) are all absent from the text is skipped, which
is exactly what trying it would have found. On 2,967 corpus articles (en,
de, ja) the HTML is identical and Markdown takes about a fifth less time.

Link patterns also find where a link's text ends with :class:`LinkText`,
which finds the closing bracket of every ``[`` of a text in one pass over
its brackets, where Python-Markdown walks every character again per link.

Only patterns known by name *and* by the module of their class are skipped:
one that another extension registers under the same name is always tried.
The processor replaces Python-Markdown's through its name-mangled method
(``__handleInline``): if a Python-Markdown release no longer has it, the
extension leaves Python-Markdown's processor in place.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown, util
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor

# Pattern name -> the texts one of which the text must hold for the pattern to match (its regular expression
# starts with one): a character, or a longer text where the character alone is common in text the pattern cannot
# match (``!`` in EXL's ``[!NOTE]``, any newline).
TRIGGERS = {
    "backtick": ("`",), "escape": ("\\",), "exl_dnl": ("[",), "exl_uicontrol": ("[",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "linebreak": ("  \n",), "entity": ("&",),
    "em_strong": ("*", "_"), "em_strong2": ("_",), "not_strong": ("*", "_"), "strong": ("*",), "emphasis": ("*",),
}
_ALL_TRIGGERS = tuple(sorted({text for texts in TRIGGERS.values() for text in texts}))
KNOWN_MODULES = frozenset({"markdown.inlinepatterns", "pymdownx.inlinehilite", "kbsite.site.extensions.exl"})


class _QuickInlineProcessor(InlineProcessor):
    def run(self, tree, ancestors=None):
        registry = self.md.inlinePatterns
        self._patterns = list(registry)
        self._triggers: list[frozenset[str] | None] = [None] * len(self._patterns)
        for name, texts in TRIGGERS.items():
            if name in registry and type(registry[name]).__module__ in KNOWN_MODULES:
                self._triggers[registry.get_index_for_name(name)] = frozenset(texts)
        for pattern in self._patterns:
            if getattr(type(pattern), "getText", None) is LinkInlineProcessor.getText and "getText" not in vars(pattern):
                pattern.getText = LinkText(pattern)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """Python-Markdown's ``__handleInline``, skipping the patterns whose triggers ``data`` lacks."""
        if isinstance(data, util.AtomicString):
            return data
        start = 0
        patterns, triggers = self._patterns, self._triggers
        present = None  # the trigger texts ``data`` holds, found once until a pattern changes it
        while patternIndex < len(patterns):
            trigger = triggers[patternIndex]
            if trigger is not None:
                if present is None:
                    present = {text for text in _ALL_TRIGGERS if text in data}
                if present.isdisjoint(trigger):
                    patternIndex, start = patternIndex + 1, 0
                    continue
            data, matched, start = self._InlineProcessor__applyPattern(patterns[patternIndex], data, patternIndex,
                                                                       start)
            if matched:
                present = None
            else:
                patternIndex += 1
        return data


class LinkText:
    """Python-Markdown's ``LinkInlineProcessor.getText`` for ``processor``: the text between a link's ``[`` and
    its closing ``]`` (brackets nested), the index past it, and whether it closes. The closing bracket of every
    ``[`` of a text is found at once, going from bracket to bracket; Python-Markdown 3.11 walks every character
    of the text again for each link of a paragraph (the text changes as each link is replaced by a
    placeholder): 3.3 s sampled over the four processes of a clean build of the corpus. An index that does not
    follow a ``[`` (no link pattern of Python-Markdown's asks for one) is Python-Markdown's to answer."""

    def __init__(self, processor: LinkInlineProcessor):
        self.processor = processor
        self.data: str | None = None
        self.ends: dict[int, int] = {}  # index just past a "[" -> index just past its "]"

    def __call__(self, data: str, index: int) -> tuple[str, int, bool]:
        if not (index > 0 and data[index - 1] == "["):
            return LinkInlineProcessor.getText(self.processor, data, index)
        if data is not self.data:
            self.data, self.ends = data, _bracket_ends(data)
        end = self.ends.get(index)
        if end is None:
            return data[index:], len(data), False
        return data[index:end - 1], end, True


def _bracket_ends(data: str) -> dict[int, int]:
    ends, opened = {}, []
    for bracket in _BRACKET.finditer(data):
        if bracket[0] == "[":
            opened.append(bracket.end())
        elif opened:
            ends[opened.pop()] = bracket.end()
    return ends


_BRACKET = re.compile(r"[\[\]]")


class QuickInlineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        current = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None
        if type(current) is InlineProcessor and hasattr(InlineProcessor, "_InlineProcessor__handleInline") \
                and hasattr(InlineProcessor, "_InlineProcessor__applyPattern"):
            md.treeprocessors.register(_QuickInlineProcessor(md), "inline", 20)
