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


def generated_index_keys(kb: KnowledgeBase) -> list[str]:
    """``<folder>/index`` for every folder that has no index page of its own."""
    return [f"{folder}/{INDEX}" for folder in kb.listed_folders if f"{folder}/{INDEX}" not in kb.by_key]


def listing(kb: KnowledgeBase, folder: str, lang: str) -> list[Entry]:
    """The entries of ``folder`` for a reader of ``lang``, in reading order."""
    entries = []
    for sub in kb.listed_folders:
        if posixpath.dirname(sub) == folder:
            entries.append(Entry(sub.rsplit("/", 1)[-1], sub, kb.section_title(sub, lang), "", True))
    for key in kb.keys_by_folder.get(folder, []):
        document = kb.document(key, lang)
        if document is None or not document.is_article or document.unlisted:
            continue
        name = key.rsplit("/", 1)[-1]
        if name != INDEX:
            entries.append(Entry(name, key, document.title, document.description, False, document))
    return sorted(entries, key=lambda e: sort_key(kb, folder, e.name, e.title))
