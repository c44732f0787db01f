"""Experience League (EXL) Markdown, rendered as writers know it.

* ``>[!NOTE]`` blockquotes (and ``TIP``, ``WARNING``, ``IMPORTANT``,
  ``CAUTION``, ``INFO``, ``ERROR``, ``MORELIKETHIS``) become Material
  admonitions with a title in the page's language;
* ``[!DNL text]`` ("do not localize") is plain text;
* ``[!UICONTROL text]`` is a UI label (``<span class="uicontrol">``).

The inline markers are also read in raw HTML blocks (the tables and lists writers write in HTML, where
Markdown is not applied), outside code. ``{#id}`` heading ids are attr_list's; raw HTML is Python-Markdown's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

ALERTS = {
    "NOTE": "note", "TIP": "tip", "INFO": "info", "WARNING": "warning", "IMPORTANT": "warning",
    "CAUTION": "danger", "ERROR": "failure", "MORELIKETHIS": "abstract",
}
_MARKER = re.compile(r"^\s*\[!(?P<type>[A-Z]+)\][ \t]*\n?")
_DNL = r"\[!DNL\s+([^\]]*)\]"
_UICONTROL = r"\[!UICONTROL\s+([^\]]*)\]"
_INLINE_IN_HTML = re.compile(f"{_DNL}|{_UICONTROL}")
# A tag, or a code, preformatted, script or style element whole: left as it is.
_TAG_OR_CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)


class _DoNotLocalize(InlineProcessor):
    def handleMatch(self, match, data):
        return match.group(1), match.start(0), match.end(0)


class _UiControl(InlineProcessor):
    def handleMatch(self, match, data):
        element = etree.Element("span", {"class": "uicontrol"})
        element.text = match.group(1)
        return element, match.start(0), match.end(0)


class _MarkersInHtml(Postprocessor):
    """``[!DNL …]`` and ``[!UICONTROL …]`` in the text of raw HTML blocks, which inline patterns never see."""

    def run(self, text: str) -> str:
        if "[!" not in text:
            return text
        pieces, start = [], 0
        for kept in _TAG_OR_CODE.finditer(text):
            pieces += [_markers_as_html(text[start:kept.start()]), kept.group(0)]
            start = kept.end()
        pieces.append(_markers_as_html(text[start:]))
        return "".join(pieces)


def _markers_as_html(text: str) -> str:
    if "[!" not in text:
        return text
    return _INLINE_IN_HTML.sub(lambda found: found.group(1) if found.group(1) is not None
                               else f'<span class="uicontrol">{found.group(2)}</span>', text)


class _Alerts(Treeprocessor):
    """Blockquotes that open with an alert marker become admonitions.

    Python-Markdown joins blockquotes that only a blank line separates (CommonMark keeps them apart), so
    two alerts written one after the other arrive as one blockquote: each paragraph that opens with a
    marker starts an admonition of its own.
    """

    def __init__(self, md: Markdown, titles: dict[str, str]):
        super().__init__(md)
        self.titles = titles

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index in range(len(parent) - 1, -1, -1):
                if parent[index].tag == "blockquote":
                    self._split(parent, index)

    def _split(self, parent: etree.Element, index: int) -> None:
        quote = parent[index]
        groups: list[tuple[str | None, list[etree.Element]]] = [(None, [])]
        for child in quote:
            marker = _MARKER.match(child.text or "") if child.tag == "p" else None
            if marker is not None and marker["type"] in ALERTS:
                child.text = child.text[marker.end():]
                groups.append((marker["type"], [] if not child.text.strip() and len(child) == 0 else [child]))
            else:
                groups[-1][1].append(child)
        if len(groups) == 1:
            return
        parent.remove(quote)
        kind, children = groups[0]
        blocks = [self._admonition(kind, children) for kind, children in groups[1:]]
        if children:
            quote[:] = children
            blocks.insert(0, quote)
        for offset, block in enumerate(blocks):
            parent.insert(index + offset, block)

    def _admonition(self, kind: str, children: list[etree.Element]) -> etree.Element:
        element = etree.Element("div", {"class": f"admonition {ALERTS[kind]}"})
        title = etree.SubElement(element, "p", {"class": "admonition-title"})
        title.text = self.titles[kind]
        element.extend(children)
        return element


class ExlInlineExtension(Extension):
    """The inline markers alone: what front-matter texts may hold (:mod:`kbsite.site.front_matter_text`)."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Above links (160) so that [[!DNL QPT]: Search](url) keeps its link; below code spans (190).
        md.inlinePatterns.register(_DoNotLocalize(_DNL, md), "exl_dnl", 175)
        md.inlinePatterns.register(_UiControl(_UICONTROL, md), "exl_uicontrol", 174)


class ExlExtension(Extension):
    """EXL Markdown for pages of one language: one instance per language build, never changed afterwards.

    ``alert_titles``: the title of each alert type in the page's language (``exl_alerts`` of its strings).
    """

    def __init__(self, alert_titles: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.alert_titles = alert_titles

    def extendMarkdown(self, md: Markdown) -> None:
        ExlInlineExtension().extendMarkdown(md)
        md.treeprocessors.register(_Alerts(md, self.alert_titles), "exl_alerts", 16)
        # After raw HTML is back in the page (30), before Python-Markdown's last substitution (20).
        md.postprocessors.register(_MarkersInHtml(md), "exl_markers_in_html", 25)
