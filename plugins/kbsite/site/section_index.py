"""The generated landing page of a folder without an index page of its own."""

from __future__ import annotations

from ..core.tree import listing
from .fragments import Fragments


def section_index_html(fragments: Fragments, kb, folder: str, lang: str, urls, href) -> str:
    """The HTML of the generated landing page of ``folder`` for a reader of ``lang``."""
    section = kb.sections.get(folder)
    folders, articles = [], []
    for entry in listing(kb, folder, lang):
        target = urls.page(f"{entry.key}/index" if entry.is_folder else entry.key, lang)
        item = {"title": entry.title, "description": entry.description, "href": href(target)}
        (folders if entry.is_folder else articles).append(item)
    return fragments.render(
        "section_index.html", title=kb.section_title(folder, lang),
        description=section.descriptions.get(lang, "") if section else "",
        anchor="kb-section", folders=folders, articles=articles, t=fragments.strings(lang)["section_index"],
    )
