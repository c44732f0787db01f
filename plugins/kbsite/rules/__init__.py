"""The checks. Each module holds the rules of one family (KB1xx front matter,
KB2xx structure, KB3xx translation, KB4xx links) and exposes ``check(context)``
yielding diagnostics. Problems found while reading files come from the loader.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..knowledge_base import KnowledgeBase
from ..patch_index import PatchIndex, build_patch_index, load_qpt
from ..vocabulary import Vocabulary, load_vocabulary
from . import front_matter, links, patches, structure, translation

FAMILIES = (front_matter, structure, translation, links, patches)


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the knowledge base itself."""

    kb: KnowledgeBase
    features: Vocabulary
    roles: Vocabulary
    patches: PatchIndex

    @classmethod
    def for_knowledge_base(cls, kb: KnowledgeBase) -> Context:
        directory = kb.settings.vocabulary_dir
        return cls(
            kb,
            load_vocabulary("feature", directory),
            load_vocabulary("role", directory),
            build_patch_index(kb, load_qpt(kb.settings)),
        )


def run_checks(context: Context) -> list[Diagnostic]:
    """Every diagnostic for the knowledge base, sorted by file and line."""
    kb = context.kb
    found = list(kb.diagnostics) + context.patches.metadata.diagnostics
    for document in kb.documents:
        found.extend(document.source.diagnostics)
    for family in FAMILIES:
        found.extend(family.check(context))
    return sorted(set(found))
