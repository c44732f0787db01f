"""The generated landing page of a folder without an index page of its own."""

from __future__ import annotations

from ..core.tree import listing
from .fragments import Fragments
from .front_matter_text import FrontMatterText


def section_index_html(fragments: Fragments, text: FrontMatterText, folder: str, lang: str, href) -> str:
    """The HTML of the generated landing page of ``folder`` for a reader of ``lang``.

    Titles are shown inside their links (without links of their own); descriptions with theirs.
    """
    kb, urls = text.kb, text.urls
    section = kb.sections.get(folder)
    folders, articles = [], []
    for entry in listing(kb, folder, lang):
        target = urls.page(f"{entry.key}/index" if entry.is_folder else entry.key, lang)
        if entry.document is None:
            item = {"title": text.html(entry.title), "description": "", "href": href(target)}
        else:
            item = {"title": text.title(entry.document), "href": href(target),
                    "description": text.description(entry.document, href, lang)}
        (folders if entry.is_folder else articles).append(item)
    return fragments.render(
        "section_index.html", title=text.html(kb.section_title(folder, lang)),
        description=text.html(section.descriptions.get(lang, ""), href=href) if section else "",
        anchor="kb-section", folders=folders, articles=articles, t=fragments.strings(lang)["section_index"],
    )
