"""Navigation: folder sections get their localized titles and reading order.

MkDocs builds the navigation from the folder tree and names a section after
its folder (``how-to`` -> "How to"). Each article folder's ``_section.yml``
gives its title per language and the order of its entries
(:func:`kbsite.core.tree.sort_key`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..core.knowledge_base import KnowledgeBase
from ..core.text import short_digest
from ..core.tree import sort_key


def localize_navigation(nav: Navigation, kb: KnowledgeBase, lang: str,
                        shown: Callable[[str], str] = str) -> Navigation:
    """Titles, order, and no ``unlisted`` or ``hidden`` articles (they stay published).

    ``shown``: a section's title as the navigation shows it (inline Markdown rendered).
    """
    nav.items = _arrange(nav.items, "", kb, lang, shown)
    return nav


def _listed(item, kb: KnowledgeBase, lang: str) -> bool:
    if isinstance(item, Page):
        document = kb.document(_key(item), lang)
        return document is None or not document.unlisted
    return not isinstance(item, Section) or bool(item.children)


def _arrange(items: list, folder: str, kb: KnowledgeBase, lang: str, shown: Callable[[str], str]) -> list:
    for item in items:
        if isinstance(item, Section):
            sub = _folder_of(item)
            if sub is not None:
                item.title = shown(kb.section_title(sub, lang))
                item.children = _arrange(item.children, sub, kb, lang, shown)
    items = [item for item in items if _listed(item, kb, lang)]
    return sorted(items, key=lambda item: sort_key(kb, folder, _entry_name(item), _title(item, kb, lang)))


def _entry_name(item) -> str:
    """The slug of a page or the folder name of a section."""
    if isinstance(item, Page):
        return _key(item).rsplit("/", 1)[-1]
    folder = _folder_of(item)
    return folder.rsplit("/", 1)[-1] if folder else ""


def _folder_of(section: Section) -> str | None:
    """A section's folder in the site tree: the common parent of what it holds."""
    depth = 0
    node = section
    while not isinstance(node, Page):
        children = [c for c in node.children if isinstance(c, (Page, Section))]
        if not children:
            return None
        node = next((c for c in children if isinstance(c, Page)), children[0])
        depth += 1
    parts = _key(node).split("/")
    return "/".join(parts[: len(parts) - 1 - (depth - 1)])


def _key(page: Page) -> str:
    """Site key of a page (src_uri without language suffix and extension)."""
    return page.file.norm_src_uri.removesuffix(".md") if hasattr(page.file, "norm_src_uri") else (
        posixpath.splitext(page.file.src_uri)[0]
    )


def _title(item, kb: KnowledgeBase, lang: str) -> str:
    if isinstance(item, Page):
        document = kb.document(_key(item), lang)
        return document.title if document else (item.title or "")
    return item.title or ""


def navigation_digests(nav: Navigation, pages: list[Page], titles: dict[str, str], whole: bool) -> dict[str, str]:
    """What the navigation shows on each of ``pages``, as a digest by source path (after :func:`localize_navigation`).

    With ``navigation.prune`` (:mod:`.nav_html`), a page shows the first level of the navigation and, on the
    way to itself, each section's entries; a section off that way shows its title and a link to its first
    page. Otherwise Material shows the whole tree (``whole``). The links to the previous and next page (in the
    page's head, and its footer) count too. ``titles``: source path -> a page's title in the navigation.
    """
    def entry(item) -> tuple:
        if isinstance(item, Page):
            return ("page", item.file.src_uri, item.url, str(titles.get(item.file.src_uri, "")),
                    bool(getattr(item, "is_index", False)))
        if isinstance(item, Section):
            index = next((child.url for child in item.children if getattr(child, "is_index", False)), None)
            return ("section", str(item.title or ""), _first_url(item), index, len(item.children),
                    [entry(child) for child in item.children] if whole else None)
        return ("link", str(item.title or ""), getattr(item, "url", ""))

    levels: dict[int, str] = {}

    def level(section) -> str:
        if id(section) not in levels:
            levels[id(section)] = short_digest([str(section.title or ""), [entry(c) for c in section.children]])
        return levels[id(section)]

    top = short_digest([entry(item) for item in nav.items])
    home = nav.homepage.url if nav.homepage is not None else None
    digests = {}
    for page in pages:
        around = [(p.url, str(titles.get(p.file.src_uri, ""))) if p is not None else None
                  for p in (page.previous_page, page.next_page)]
        digests[page.file.src_uri] = short_digest([top, home, [level(s) for s in page.ancestors], around])
    return digests


def _first_url(section: Section) -> str:
    """The address a collapsed section links to: its first page's."""
    first = section.children[0] if section.children else None
    if isinstance(first, Section):
        return _first_url(first)
    return getattr(first, "url", "") or ""
