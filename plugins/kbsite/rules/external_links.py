"""KB411-KB414: links to other sites, from what the external check found (``kb check --external``).

Each occurrence is a finding of its own, in its file, line and column, so
that ``kb-ignore`` comments and the baseline work for them as for every
rule. Without a run of the external check these codes are not checked at
all: their suppressions are not "unused" and their baseline entries are
neither fixed nor dropped (:data:`EXTERNAL_CODES`).
"""

from __future__ import annotations

from ..core.diagnostics import diagnostic
from ..core.external_links import BROKEN, OK, UNVERIFIED, Occurrence, UrlResult
from .base import RuleFamily

EXTERNAL_CODES = frozenset({"KB411", "KB412", "KB413", "KB414"})


class ExternalLinkRules(RuleFamily):
    """KB411 broken, KB412 permanently redirected, KB413 fragment missing, KB414 unverified."""

    def check_corpus(self, context):
        report = context.external
        if report is None:
            return
        for occurrence, problem in report.links.invalid:
            yield _finding("KB411", occurrence, problem)
        for url, occurrences in report.links.by_url.items():
            result = report.results.get(url)
            if result is None:
                continue
            for occurrence in occurrences:
                yield from _findings(occurrence, result)


def _findings(occurrence: Occurrence, result: UrlResult):
    if result.outcome == BROKEN:
        yield _finding("KB411", occurrence, _broken(result))
    elif result.outcome == UNVERIFIED:
        yield _finding("KB414", occurrence, f"not verified: {result.detail}")
    if result.outcome != OK:
        return
    if result.moved_to:
        onward = f" (which now leads on to {result.final_url})" if result.final_url != result.moved_to else ""
        yield _finding("KB412", occurrence, f"moved permanently ({result.moved_status}) to {result.moved_to}{onward}; "
                                            "kb fix-redirects rewrites the link")
    if occurrence.fragment and occurrence.fragment in result.missing_fragments:
        page = result.final_url or result.url
        yield _finding("KB413", occurrence, f"{page} has no element with id or name '{occurrence.fragment}'")


def _broken(result: UrlResult) -> str:
    if result.final_url and not result.detail.startswith(("redirect loop", "more than")):
        return f"redirects to {result.final_url}, which answers {result.detail}"
    return result.detail


def _finding(code: str, occurrence: Occurrence, message: str):
    return diagnostic(code, occurrence.path, occurrence.line, occurrence.column,
                      f"'{occurrence.target}': {message}", occurrence.target)
