"""The checks. Each module holds the rules of one family (KB1xx front matter,
KB2xx structure, KB3xx translation, KB4xx links and HTML, KB5xx QPT patches)
and exposes ``check_document(context, document)`` for what one document alone
decides and/or ``check_corpus(context)`` for what depends on several.
Problems found while reading files come from the loader.

A document's own findings are remembered while it and the context (the
vocabularies and QPT metadata) are unchanged: ``mkdocs serve`` checks again
after every edit, and only the edited file needs it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..knowledge_base import KnowledgeBase
from ..patch_index import PatchIndex, build_patch_index, load_qpt
from ..vocabulary import Vocabulary, load_vocabulary
from . import front_matter, links, patches, safety, structure, translation

FAMILIES = (front_matter, structure, translation, links, safety, patches)


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the knowledge base itself."""

    kb: KnowledgeBase
    features: Vocabulary
    roles: Vocabulary
    patches: PatchIndex

    @property
    def key(self) -> tuple:
        """What a document's findings depend on besides the document (loaders reuse unchanged objects)."""
        return id(self.features), id(self.roles), id(self.patches.metadata)

    @classmethod
    def for_knowledge_base(cls, kb: KnowledgeBase) -> Context:
        directory = kb.settings.vocabulary_dir
        return cls(
            kb,
            load_vocabulary("feature", directory),
            load_vocabulary("role", directory),
            build_patch_index(kb, load_qpt(kb.settings)),
        )


_FINDINGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document -> (context key, findings)


def run_checks(context: Context) -> list[Diagnostic]:
    """Every diagnostic for the knowledge base, sorted by file and line."""
    kb = context.kb
    found = list(kb.diagnostics) + context.patches.metadata.diagnostics
    for document in kb.documents:
        found.extend(document.source.diagnostics)
        found.extend(_document_findings(context, document))
    for family in FAMILIES:
        if hasattr(family, "check_corpus"):
            found.extend(family.check_corpus(context))
    return sorted(set(found))


def _document_findings(context: Context, document) -> list[Diagnostic]:
    remembered = _FINDINGS.get(document)
    if remembered is not None and remembered[0] == context.key:
        return remembered[1]
    findings = [d for family in FAMILIES if hasattr(family, "check_document")
                for d in family.check_document(context, document)]
    _FINDINGS[document] = (context.key, findings)
    return findings
