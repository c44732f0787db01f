"""Site pages written for every language unless ``docs/`` has its own: the patch grid, tags, rules, what's new,
translation status.

Each is a page of the knowledge base like any other (links to it resolve,
the navigation lists it, a ``docs/patches.de.md`` replaces the generated
German one): a :class:`~kbsite.core.knowledge_base.Document` whose source is
rendered from ``site_page.md.j2`` with the language's ``pages:`` strings.
The marker in it is what the build expands: the grid, the rule catalogue,
the list of recent changes, the dashboard, or Material's tags index.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.knowledge_base import Document, KnowledgeBase
from ..core.source import parse_source
from .fragments import Fragments

GRID_MARKER = "<!-- kb:patch-grid -->"
RULES_MARKER = "<!-- kb:rules -->"
DASHBOARD_MARKER = "<!-- kb:translation-status -->"
WHATS_NEW_MARKER = "<!-- kb:whats-new -->"
TAGS_MARKER = "<!-- material/tags -->"
TAGS_PLUGINS = ("tags", "material/tags")


@dataclass(frozen=True)
class GeneratedPage:
    name: str  # its entry in the language files' `pages:`
    marker: str
    front_matter: tuple[tuple[str, object], ...] = ()

    def key(self, kb: KnowledgeBase) -> str:
        return kb.settings.grid_page.removesuffix(".md") if self.name == "patches" else self.name


PAGES = (
    GeneratedPage("patches", GRID_MARKER, (("hide", ["toc"]),)),
    GeneratedPage("tags", TAGS_MARKER),
    GeneratedPage("rules", RULES_MARKER),
    GeneratedPage("whats-new", WHATS_NEW_MARKER),
    GeneratedPage("translations", DASHBOARD_MARKER, (("unlisted", True), ("hidden", True))),
)


def add_generated_pages(kb: KnowledgeBase, fragments: Fragments) -> list[Document]:
    """Add, for each language docs/ has no such page for, the generated page; the documents added.

    The tags page only when Material's tags plugin is configured (it fills it in).
    """
    added = []
    for page in PAGES:
        if page.marker == TAGS_MARKER and not set(TAGS_PLUGINS) & set(kb.settings.site_plugins):
            continue
        key = page.key(kb)
        for lang in kb.settings.languages:
            if lang not in kb.by_key.get(key, {}):
                added.append(_document(kb, page, key, lang, fragments))
    kb.add_documents(added)
    return added


def _document(kb: KnowledgeBase, page: GeneratedPage, key: str, lang: str, fragments: Fragments) -> Document:
    texts = fragments.strings(lang)["pages"][page.name]
    text = fragments.render("site_page.md.j2", front_matter={"title": texts["title"], **dict(page.front_matter)},
                            title=texts["title"], text=texts["text"], marker=page.marker)
    site_path = f"{key}.{lang}.md"
    display = f"{kb.settings.relative(kb.settings.docs_dir / site_path)} (generated)"
    source = parse_source(text.encode("utf-8"), display, front_matter=False)
    return Document("page", display, kb.settings.docs_dir / site_path, site_path, key, lang, source, generated=True)
