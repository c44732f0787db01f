"""The interface every rule family implements.

A family (one module: KB1xx front matter, KB2xx structure, ...) checks what
one document alone decides in :meth:`RuleFamily.check_document`, whose
findings are remembered while the document and the context are unchanged,
and what depends on several documents in :meth:`RuleFamily.check_corpus`,
run on every check. A family overrides one or both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..core.diagnostics import Diagnostic
from ..core.knowledge_base import Document

if TYPE_CHECKING:
    from .context import Context


class RuleFamily:
    """Checks of one family of rules; each finding is a :class:`Diagnostic` with the family's codes."""

    def check_document(self, context: Context, document: Document) -> Iterable[Diagnostic]:
        """What ``document`` alone tells (remembered while it and the context are unchanged)."""
        return ()

    def check_corpus(self, context: Context) -> Iterable[Diagnostic]:
        """What depends on several documents (links, translations, duplicate ids)."""
        return ()
