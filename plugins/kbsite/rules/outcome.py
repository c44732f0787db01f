"""What a run of the checks reports: the new findings one by one, the accepted ones as counts.

:func:`kbsite.rules.check` is what ``kb check`` and the MkDocs build both
call: every finding of the checks, less those a ``kb-ignore`` suppression
covers (:mod:`kbsite.core.suppressions`) and those the project's baseline
records (:mod:`kbsite.core.baseline`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..core.baseline import Baseline, Entry, LineTexts, load_baseline, split
from ..core.diagnostics import Diagnostic
from ..core.knowledge_base import KnowledgeBase
from ..core.suppressions import apply_suppressions
from ..core.text import plural


@dataclass(frozen=True)
class Outcome:
    reported: list[Diagnostic]  # new findings: reported one by one, they decide the exit status
    baselined: list[Diagnostic]  # recorded in the baseline: counted
    suppressed: list[Diagnostic]  # covered by a kb-ignore with its reason: counted
    fixed: list[Entry]  # baseline entries that no longer occur (with how many findings are gone)
    baseline: Baseline
    texts: LineTexts  # the lines findings are on, for fingerprints
    carried: list[Entry] = field(default_factory=list)  # baseline entries of rules that did not run: kept as they are

    @property
    def fixed_count(self) -> int:
        return sum(entry.count for entry in self.fixed)

    @property
    def current(self) -> list[Diagnostic]:
        """Every finding not suppressed, known or not: what a new baseline records."""
        problems = set(self.baseline.problems)
        return sorted([d for d in self.reported if d not in problems] + self.baselined)

    def notes(self, settings) -> list[str]:
        """What the report says besides the findings: the accepted ones as counts, the baseline's fixed entries."""
        notes = []
        name = settings.relative(settings.baseline_file)
        if self.baselined:
            notes.append(f"{plural(len(self.baselined), 'finding')} recorded in {name} not shown")
        if self.suppressed:
            notes.append(f"{plural(len(self.suppressed), 'finding')} suppressed by kb-ignore")
        if self.fixed:
            count = self.fixed_count
            notes.append(f"{plural(count, 'baselined finding')} {'is' if count == 1 else 'are'} fixed; "
                         f"run kb check --write-baseline to drop {'it' if count == 1 else 'them'} from {name}")
        return notes

    def within(self, keep: Callable[[str], bool]) -> Outcome:
        """The outcome for the files whose project-relative path ``keep`` accepts."""
        return replace(self, reported=[d for d in self.reported if keep(d.path)],
                       baselined=[d for d in self.baselined if keep(d.path)],
                       suppressed=[d for d in self.suppressed if keep(d.path)],
                       fixed=[entry for entry in self.fixed if keep(entry.path)])


def outcome_of(kb: KnowledgeBase, findings: list[Diagnostic], unchecked: frozenset[str] = frozenset()) -> Outcome:
    """The findings of the checks on ``kb``, sorted into reported, baselined and suppressed.

    ``unchecked``: the codes of rules that did not run (the external check, when it was not asked for).
    """
    found = apply_suppressions(kb.documents, findings, unchecked)
    baseline = load_baseline(kb.settings)
    texts = LineTexts(kb.settings, kb.documents)
    known = split(sorted(found.kept + found.problems), baseline, texts, unchecked)
    carried = [entry for entry in baseline.entries.values() if entry.code in unchecked]
    return Outcome(sorted(known.new + baseline.problems), known.known, found.suppressed, known.fixed, baseline, texts,
                   carried)
