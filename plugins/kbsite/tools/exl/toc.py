"""``help/TOC.md``: the EXL navigation, turned into section titles and orders.

The TOC is a nested list of section names (``* Support Tools {#support-tools}``)
and article links (``* [Title](/help/support-tools/overview.md)``). A
section stands for the folder that holds all the articles below it; its
entries give that folder's reading order (article slugs and sub-folders).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

_ITEM = re.compile(r"^(?P<indent>\s*)[*+-]\s+(?P<text>.+?)\s*$")
_LINK = re.compile(r"^\[(?P<title>.*)\]\((?P<target>[^)]+)\)$")
_ANCHOR = re.compile(r"\s*\{#[^}]*\}\s*$")


@dataclass
class TocNode:
    title: str
    path: str | None = None  # article path below help/, without .md, for links
    children: list[TocNode] = field(default_factory=list)

    def articles(self):
        if self.path is not None:
            yield self.path
        for child in self.children:
            yield from child.articles()

    @property
    def folder(self) -> str | None:
        """The common folder of every article below a section.

        A section that only groups one sub-section stands for the folder
        above that sub-section's.
        """
        paths = [posixpath.dirname(p) for p in self.articles()]
        if not paths:
            return None
        common = posixpath.commonpath(paths) if all(paths) else ""
        sections = [child for child in self.children if child.path is None]
        if common and sections and all(child.path is None for child in self.children):
            if any(child.folder == common for child in sections):
                return posixpath.dirname(common)
        return common


def parse_toc(text: str) -> TocNode:
    root = TocNode("")
    stack: list[tuple[int, TocNode]] = [(-1, root)]
    for line in text.split("\n"):
        match = _ITEM.match(line)
        if not match:
            continue
        indent = len(match["indent"].expandtabs(4))
        while stack[-1][0] >= indent:
            stack.pop()
        node = _node(match["text"])
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    return root


def _node(text: str) -> TocNode:
    link = _LINK.match(text)
    if link:
        target = link["target"].split("#")[0]
        path = target.removeprefix("/help/").removesuffix(".md") if target.startswith("/help/") else None
        return TocNode(link["title"].strip(), path)
    return TocNode(_ANCHOR.sub("", text).strip())


@dataclass
class FolderInfo:
    titles: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


def folders(tocs: dict[str, TocNode], default_lang: str) -> dict[str, FolderInfo]:
    """Folder -> localized titles and order, from the TOC of each language."""
    result: dict[str, FolderInfo] = {}
    for lang in sorted(tocs, key=lambda lang: lang != default_lang):  # default language sets the order
        _visit(tocs[lang], lang, result, ordering=lang == default_lang)
    return result


def _visit(node: TocNode, lang: str, result: dict[str, FolderInfo], ordering: bool) -> None:
    folder = node.folder
    if folder is None:
        return
    info = result.setdefault(folder, FolderInfo())
    if node.title and node.path is None:
        info.titles.setdefault(lang, node.title)
    for child in node.children:
        if ordering:
            entry = _entry(child, folder)
            if entry and entry not in info.order:
                info.order.append(entry)
        if child.path is None:
            _visit(child, lang, result, ordering)


def _entry(child: TocNode, folder: str) -> str | None:
    """The name by which ``folder``'s order lists ``child``: a slug or a sub-folder."""
    location = child.path if child.path is not None else child.folder
    if location is None:
        return None
    relative = posixpath.relpath(location, folder or ".")
    if relative.startswith(".."):
        return None
    return relative.split("/")[0] if child.path is None or "/" in relative else relative
