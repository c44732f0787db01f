"""The checks. Each module holds the rules of one family (KB1xx front matter,
KB2xx structure, KB3xx translation, KB4xx links and HTML, KB41x links to other sites, KB5xx QPT patches)
as a :class:`~kbsite.rules.base.RuleFamily`. Problems found while reading
files come from the loader.

A document's own findings are remembered by the build environment while it
and the context (the vocabularies, QPT metadata and language files) are
unchanged (:class:`kbsite.environment.Environment`): ``mkdocs serve`` checks
again after every edit, and only the edited file needs it.
"""

from __future__ import annotations

from ..core.diagnostics import Diagnostic
from .base import RuleFamily
from .context import Context
from .external_links import EXTERNAL_CODES, ExternalLinkRules
from .forked import findings_in_two
from .front_matter import FrontMatterRules
from .links import LinkRules
from .outcome import Outcome, outcome_of
from .patches import PatchRules
from .safety import SafetyRules
from .structure import StructureRules
from .translation import TranslationRules

FAMILIES: tuple[RuleFamily, ...] = (
    FrontMatterRules(), StructureRules(), TranslationRules(), LinkRules(), SafetyRules(), PatchRules(),
    ExternalLinkRules(),
)
__all__ = ["Context", "FAMILIES", "Outcome", "RuleFamily", "check", "run_checks"]


def run_checks(context: Context, two_processes: bool = False, known: dict | None = None) -> list[Diagnostic]:
    """Every diagnostic for the knowledge base, sorted by file and line.

    ``known`` (document -> its own findings) holds what earlier checks found
    with the same context, and is given what this one finds: only the other
    documents are checked. ``two_processes``: check them in two processes
    (:mod:`.forked`).
    """
    kb = context.kb
    known = {} if known is None else known
    found = list(kb.diagnostics) + context.patches.metadata.diagnostics
    pending = [document for document in kb.documents if document not in known]
    checked = findings_in_two(pending, lambda d: _own_findings(context, d)) if two_processes else [
        _own_findings(context, document) for document in pending]
    known.update(zip(pending, checked))
    for document in kb.documents:
        found.extend(document.source.diagnostics)
        found.extend(known[document])
    for family in FAMILIES:
        found.extend(family.check_corpus(context))
    return sorted(set(found))


def _own_findings(context: Context, document) -> list[Diagnostic]:
    return [d for family in FAMILIES for d in family.check_document(context, document)]


def check(context: Context, two_processes: bool = False, known: dict | None = None) -> Outcome:
    """What ``kb check`` and the build report: the findings less the suppressed and the baselined ones.

    Without the external check's report, its rules did not run: their suppressions and baseline entries stay.
    """
    unchecked = EXTERNAL_CODES if context.external is None else frozenset()
    return outcome_of(context.kb, run_checks(context, two_processes, known), unchecked)
