"""Articles joined to the QPT metadata: which article tells about which patch.

The patch id comes from front matter ``patch:`` when present, else from the
title (:func:`~kbsite.qpt.ids.title_patch_id`), else, for articles filed in
a QPT release folder (``v1-1-4``), from the file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.knowledge_base import Document, KnowledgeBase
from ..core.strings import LanguageFiles
from .compatibility import Drift, drift, find_statement
from .ids import MAX_ID_LENGTH, title_patch_id
from .metadata import QptMetadata

_FILE_ID = re.compile(r"^([a-z][a-z0-9]*-[0-9]+(?:-v[0-9]+)?)(?:-|$)")
_QPT_FOLDER = re.compile(r"(?:^|/)v(\d+)-(\d+)-(\d+)(?:/|$)")


@dataclass(frozen=True)
class PatchReference:
    """The patch an article is about, where that was read, and the QPT release it names."""

    id: str
    origin: str  # "front matter", "title" or "file name"
    qpt_release: str | None = None  # front matter ``qpt-version``, else the ``v1-1-N`` folder as ``1.1.N``


def patch_reference(document: Document) -> PatchReference | None:
    if not document.is_article:
        return None
    folder = _QPT_FOLDER.search(document.key.rpartition("/")[0])
    found = _patch_id(document, folder)
    if found is None:
        return None
    release = document.text("qpt-version") or (".".join(folder.groups()) if folder else None)
    return PatchReference(*found, qpt_release=release)


def _patch_id(document: Document, qpt_folder) -> tuple[str, str] | None:
    """(id, where it was read): front matter, else title, else, in a QPT release folder, the file name."""
    written = document.text("patch")
    if written and len(written) <= MAX_ID_LENGTH:  # a longer one is reported by the schema (KB112)
        return written, "front matter"
    from_title = title_patch_id(document.text("title"))
    if from_title:
        return from_title, "title"
    from_file = _FILE_ID.match(document.key.rpartition("/")[2])
    if qpt_folder and from_file:
        return from_file.group(1).upper(), "file name"
    return None


@dataclass
class PatchIndex:
    metadata: QptMetadata
    references: dict[str, PatchReference] = field(default_factory=dict)  # document path -> patch
    articles: dict[str, dict[str, Document]] = field(default_factory=dict)  # patch id -> lang -> article
    markers: tuple[str, ...] = ()  # every language's "compatible with" markers
    range_words: tuple[str, ...] = ()  # every language's words for a range of versions
    _drifts: dict[str, Drift | None] = field(default_factory=dict, repr=False)  # document path -> drift

    def reference(self, document: Document) -> PatchReference | None:
        return self.references.get(document.path)

    def drift(self, document: Document) -> Drift | None:
        """How the article's "compatible with" statement and its patch's metadata disagree (None: no known
        patch, no statement, or they agree). Worked out once per document: the checks, the article's
        Markdown and its card all ask."""
        if document.path not in self._drifts:
            self._drifts[document.path] = self._find_drift(document)
        return self._drifts[document.path]

    def _find_drift(self, document: Document) -> Drift | None:
        reference = self.reference(document)
        patch = self.metadata.patches.get(reference.id) if reference else None
        if patch is None:
            return None
        statement = find_statement(document.source.body, document.source.body_line, self.metadata.catalog,
                                   self.markers, self.range_words)
        return drift(statement, patch.releases) or None

    def article(self, patch_id: str, lang: str) -> Document | None:
        """The article about ``patch_id`` written in ``lang`` (no fallback)."""
        return self.articles.get(patch_id, {}).get(lang)


def build_patch_index(kb: KnowledgeBase, metadata: QptMetadata, languages: LanguageFiles) -> PatchIndex:
    """Which article tells about which patch; ``languages``: the project's language files (every language's
    words for "compatible with" and for a range of versions)."""
    index = PatchIndex(metadata, markers=tuple(languages.in_every_language("compatible_markers")),
                       range_words=tuple(languages.in_every_language("range_words")))
    for document in kb.articles:
        reference = patch_reference(document)
        if reference is None:
            continue
        index.references[document.path] = reference
        index.articles.setdefault(reference.id, {}).setdefault(document.lang, document)
    return index
