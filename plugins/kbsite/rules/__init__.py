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

from ..core.diagnostics import Diagnostic
from ..core.knowledge_base import KnowledgeBase
from ..qpt.index import PatchIndex, build_patch_index, load_qpt
from ..core.vocabulary import Vocabulary, load_vocabulary
from . import front_matter, links, patches, safety, structure, translation

FAMILIES = (front_matter, structure, translation, links, safety, patches)
_DOCUMENT_CHECKS = [family.check_document for family in FAMILIES if hasattr(family, "check_document")]
_CORPUS_CHECKS = [family.check_corpus for family in FAMILIES if hasattr(family, "check_corpus")]


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the knowledge base itself."""

    kb: KnowledgeBase
    features: Vocabulary
    roles: Vocabulary
    patches: PatchIndex

    @property
    def key(self) -> tuple:
        """What a document's findings depend on besides the document.

        Loaders return the same objects while their files are unchanged, so
        findings stay valid while these are the same objects (compared with
        ``is``: an ``id`` could be reused by a newer object).
        """
        return self.features, self.roles, self.patches.metadata

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
    for check in _CORPUS_CHECKS:
        found.extend(check(context))
    return sorted(set(found))


def _document_findings(context: Context, document) -> list[Diagnostic]:
    remembered = _FINDINGS.get(document)
    if remembered is not None and all(old is new for old, new in zip(remembered[0], context.key)):
        return remembered[1]
    findings = [d for check in _DOCUMENT_CHECKS for d in check(context, document)]
    _FINDINGS[document] = (context.key, findings)
    return findings
