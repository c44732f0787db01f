"""Articles joined to the QPT metadata: which article tells about which patch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.knowledge_base import Document, KnowledgeBase
from .articles import PatchReference, patch_reference
from .metadata import FILES, QptMetadata, bundled_directory, load_metadata
from ..core.settings import Settings
from ..core.source import file_stamp


@dataclass
class PatchIndex:
    metadata: QptMetadata
    references: dict[str, PatchReference] = field(default_factory=dict)  # document path -> patch
    articles: dict[str, dict[str, Document]] = field(default_factory=dict)  # patch id -> lang -> article

    def reference(self, document: Document) -> PatchReference | None:
        return self.references.get(document.path)

    def article(self, patch_id: str, lang: str) -> Document | None:
        """The article about ``patch_id`` written in ``lang`` (no fallback)."""
        return self.articles.get(patch_id, {}).get(lang)


_LOADED: dict[tuple, QptMetadata] = {}


def load_qpt(settings: Settings) -> QptMetadata:
    """The project's QPT metadata; the same object again while its files are unchanged."""
    directory = Path(settings.qpt_dir or bundled_directory())
    display = settings.relative(directory) if settings.qpt_dir else "kbsite/data/qpt"
    key = (str(directory), display, *(file_stamp(directory / name) for name in FILES))
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load_metadata(directory, display)
    return _LOADED[key]


def build_patch_index(kb: KnowledgeBase, metadata: QptMetadata) -> PatchIndex:
    index = PatchIndex(metadata)
    for document in kb.articles:
        reference = patch_reference(document)
        if reference is None:
            continue
        index.references[document.path] = reference
        index.articles.setdefault(reference.id, {}).setdefault(document.lang, document)
    return index
