"""The checks. Each module holds the rules of one family (KB1xx front matter,
KB2xx structure, KB3xx translation, KB4xx links and HTML, KB5xx QPT patches)
as a :class:`~kbsite.rules.base.RuleFamily`. Problems found while reading
files come from the loader.

A document's own findings are remembered while it and the context (the
vocabularies and QPT metadata) are unchanged: ``mkdocs serve`` checks again
after every edit, and only the edited file needs it.
"""

from __future__ import annotations

import weakref

from ..core.diagnostics import Diagnostic
from .base import RuleFamily
from .context import Context
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
)
__all__ = ["Context", "FAMILIES", "Outcome", "RuleFamily", "check", "run_checks"]


_FINDINGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document -> (context key, findings)


def run_checks(context: Context, two_processes: bool = False) -> list[Diagnostic]:
    """Every diagnostic for the knowledge base, sorted by file and line.

    ``two_processes``: check the documents not checked before in two processes (:mod:`.forked`).
    """
    kb = context.kb
    found = list(kb.diagnostics) + context.patches.metadata.diagnostics
    pending = [document for document in kb.documents if _remembered(context, document) is None]
    checked = findings_in_two(pending, lambda d: _own_findings(context, d)) if two_processes else [
        _own_findings(context, document) for document in pending]
    for document, findings in zip(pending, checked):
        _FINDINGS[document] = (context.key, findings)
    for document in kb.documents:
        found.extend(document.source.diagnostics)
        found.extend(_FINDINGS[document][1])
    for family in FAMILIES:
        found.extend(family.check_corpus(context))
    return sorted(set(found))


def _remembered(context: Context, document) -> list[Diagnostic] | None:
    """The findings of ``document`` from an earlier check, if it and the context are unchanged since."""
    remembered = _FINDINGS.get(document)
    if remembered is not None and all(old is new for old, new in zip(remembered[0], context.key)):
        return remembered[1]
    return None


def _own_findings(context: Context, document) -> list[Diagnostic]:
    return [d for family in FAMILIES for d in family.check_document(context, document)]



def check(context: Context, two_processes: bool = False) -> Outcome:
    """What ``kb check`` and the build report: the findings less the suppressed and the baselined ones."""
    return outcome_of(context.kb, run_checks(context, two_processes))
