"""Checking a knowledge base's documents in two processes, for ``kb check``.

A document's own checks need nothing from the others: a forked copy of the
process (copy-on-write: the loaded knowledge base comes for free) checks
every other document while this one checks the rest (``kb check`` on the
4-language corpus, two cores: 3.9-4.7 s before, 3.1-3.4 s). The copy sends back, pickled, each
document's findings and its outline, which the checks across documents
(links and anchors) read again.

Only where ``os.fork`` exists and the process runs no threads of its own
(``kb check``; a build or ``mkdocs serve`` checks in one process); anything
the copy fails to send is checked here.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..core.diagnostics import Diagnostic
from ..core.forked_work import Forked
from ..core.knowledge_base import Document

MINIMUM = 200  # documents: below, forking costs more than it saves


def findings_in_two(documents: list[Document], findings: Callable[[Document], list[Diagnostic]]
                    ) -> list[list[Diagnostic]]:
    """``findings(document)`` for each of ``documents``, in their order, half of them in a forked process."""
    if len(documents) < MINIMUM or not hasattr(os, "fork"):
        return [findings(document) for document in documents]
    theirs = documents[1::2]
    copy = Forked(lambda: [(findings(document), document.outline) for document in theirs])
    mine = [findings(document) for document in documents[0::2]]
    received = copy.result()
    for document, (_, outline) in zip(theirs, received):
        document.__dict__.setdefault("outline", outline)  # Document.outline is a cached_property
    result: list[list[Diagnostic]] = [[] for _ in documents]
    result[0::2] = mine
    result[1::2] = [found for found, _ in received]
    return result
