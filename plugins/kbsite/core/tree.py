"""The folder tree of the knowledge base: reading order and section landing pages.

Each article folder is a section. Its ``_section.yml`` may list an
``order`` of entries (article slugs and sub-folder names); the entries it
does not list follow, by title. Folders without an ``index`` page get a
generated landing page listing their entries, which the navigation links
to when it shows a long folder only around the current page.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

from .knowledge_base import Document, KnowledgeBase

INDEX = "index"


@dataclass(frozen=True)
class Entry:
    name: str  # slug or folder name
    key: str  # document key, or folder path for a sub-folder
    title: str
    description: str
    is_folder: bool
    document: Document | None = None  # the article an entry shows (None for a sub-folder)


def sort_key(kb: KnowledgeBase, folder: str, name: str, title: str) -> tuple:
    """Home first, then the folder's ``order``, then by title."""
    section = kb.sections.get(folder)
    order = section.order if section else []
    rank = order.index(name) if name in order else len(order)
    return (name != INDEX, rank, title.casefold())


@lru_cache(maxsize=4)  # per knowledge base; listing() asks for every folder page
def folders(kb: KnowledgeBase) -> list[str]:
    """Every folder holding listed articles, directly or below (not the root)."""
    found = set()
    for document in kb.articles:
        if document.unlisted:
            continue
        folder = posixpath.dirname(document.key)
        while folder:
            found.add(folder)
            folder = posixpath.dirname(folder)
    return sorted(found)


def generated_index_keys(kb: KnowledgeBase) -> list[str]:
    """``<folder>/index`` for every folder that has no index page of its own."""
    return [f"{folder}/{INDEX}" for folder in folders(kb) if f"{folder}/{INDEX}" not in kb.by_key]


@lru_cache(maxsize=4)
def _keys_by_folder(kb: KnowledgeBase) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for key in kb.by_key:
        table.setdefault(posixpath.dirname(key), []).append(key)
    return table


def listing(kb: KnowledgeBase, folder: str, lang: str) -> list[Entry]:
    """The entries of ``folder`` for a reader of ``lang``, in reading order."""
    entries = []
    for sub in folders(kb):
        if posixpath.dirname(sub) == folder:
            entries.append(Entry(sub.rsplit("/", 1)[-1], sub, kb.section_title(sub, lang), "", True))
    for key in _keys_by_folder(kb).get(folder, []):
        document = kb.document(key, lang)
        if document is None or not document.is_article or document.unlisted:
            continue
        name = key.rsplit("/", 1)[-1]
        if name != INDEX:
            entries.append(Entry(name, key, document.title, document.description, False, document))
    return sorted(entries, key=lambda e: sort_key(kb, folder, e.name, e.title))
