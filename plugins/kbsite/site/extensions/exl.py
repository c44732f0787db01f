"""Experience League (EXL) Markdown, rendered as writers know it.

* ``>[!NOTE]`` blockquotes (and ``TIP``, ``WARNING``, ``IMPORTANT``,
  ``CAUTION``, ``INFO``, ``ERROR``, ``MORELIKETHIS``) become Material
  admonitions with a title in the page's language;
* ``[!DNL text]`` ("do not localize") is plain text;
* ``[!UICONTROL text]`` is a UI label (``<span class="uicontrol">``).

``{#id}`` heading ids are attr_list's; raw HTML is Python-Markdown's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

ALERTS = {
    "NOTE": "note", "TIP": "tip", "INFO": "info", "WARNING": "warning", "IMPORTANT": "warning",
    "CAUTION": "danger", "ERROR": "failure", "MORELIKETHIS": "abstract",
}
_MARKER = re.compile(r"^\s*\[!(?P<type>[A-Z]+)\][ \t]*\n?")


class _DoNotLocalize(InlineProcessor):
    def handleMatch(self, match, data):
        return match.group(1), match.start(0), match.end(0)


class _UiControl(InlineProcessor):
    def handleMatch(self, match, data):
        element = etree.Element("span", {"class": "uicontrol"})
        element.text = match.group(1)
        return element, match.start(0), match.end(0)


class _Alerts(Treeprocessor):
    def __init__(self, md: Markdown, titles: dict[str, str]):
        super().__init__(md)
        self.titles = titles

    def run(self, root: etree.Element) -> None:
        for element in root.iter("blockquote"):
            first = element[0] if len(element) else None
            if first is None or first.tag != "p" or not first.text:
                continue
            marker = _MARKER.match(first.text)
            if marker is None or marker["type"] not in ALERTS:
                continue
            self._to_admonition(element, first, marker)

    def _to_admonition(self, element, first, marker) -> None:
        first.text = first.text[marker.end():]
        if not first.text.strip() and len(first) == 0:
            element.remove(first)
        element.tag = "div"
        element.set("class", f"admonition {ALERTS[marker['type']]}")
        title = etree.Element("p", {"class": "admonition-title"})
        title.text = self.titles[marker["type"]]
        element.insert(0, title)


class ExlExtension(Extension):
    """EXL Markdown for pages of one language: one instance per language build, never changed afterwards.

    ``alert_titles``: the title of each alert type in the page's language (``exl_alerts`` of its strings).
    """

    def __init__(self, alert_titles: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.alert_titles = alert_titles

    def extendMarkdown(self, md: Markdown) -> None:
        # Above links (160) so that [[!DNL QPT]: Search](url) keeps its link; below code spans (190).
        md.inlinePatterns.register(_DoNotLocalize(r"\[!DNL\s+([^\]]*)\]", md), "exl_dnl", 175)
        md.inlinePatterns.register(_UiControl(r"\[!UICONTROL\s+([^\]]*)\]", md), "exl_uicontrol", 174)
        md.treeprocessors.register(_Alerts(md, self.alert_titles), "exl_alerts", 16)
