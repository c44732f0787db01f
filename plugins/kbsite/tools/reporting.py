"""Diagnostics printed for people (text), tools (json), GitHub Actions (github), editors and CI
problem matchers (gcc) and code-scanning dashboards (sarif); the other commands' reports."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from ..core.diagnostics import Diagnostic, Severity, rule
from ..core.text import plural
from ..rules.outcome import Outcome
from ..translations.status import COLUMNS, MT_FLAG, STATES, TRANSLATED
from .sarif import render_sarif


def summary(outcome: Outcome, files_checked: int) -> dict:
    reported = outcome.reported
    severities = Counter(str(d.severity) for d in reported)
    return {
        "files_checked": files_checked,
        "files_with_problems": len({d.path for d in reported}),
        "errors": severities["error"],
        "warnings": severities["warning"],
        "infos": severities["info"],
        "by_rule": {
            code: {"name": rule(code).name, "count": count}
            for code, count in sorted(Counter(d.code for d in reported).items())
        },
        "baselined": len(outcome.baselined),
        "suppressed": len(outcome.suppressed),
        "baseline_fixed": outcome.fixed_count,
    }


def format_outcome(outcome: Outcome, files_checked: int, fmt: str, report: ReportDetails) -> str:
    """The findings of a check in one of :data:`FORMATS`; text also says what is not shown."""
    return _RENDERERS[fmt](outcome, files_checked, report)


@dataclass(frozen=True)
class ReportDetails:
    """What some formats say besides the findings."""

    notes: list[str] = field(default_factory=list)  # baselined, suppressed, fixed (Outcome.notes)
    rules_url: str | None = None  # absolute address of the site's rules page, for SARIF's help links
    fingerprint: Callable[[Diagnostic], str] = lambda found: ""  # stable identity across line moves


def render_text(outcome: Outcome, files_checked: int, report: ReportDetails) -> str:
    out = []
    for path, group in groupby(outcome.reported, key=lambda d: d.path):
        out.append(path)
        for d in group:
            position = f"{d.line}:{d.column}" if d.column else f"{d.line}" if d.line else "-"
            out.append(f"  {position:>8}  {str(d.severity):<7}  {d.code} {rule(d.code).name}: {d.message}")
        out.append("")
    totals = summary(outcome, files_checked)
    if outcome.reported:
        out.append("Problems by rule:")
        for code, entry in totals["by_rule"].items():
            out.append(f"  {code} {entry['name']:<28} {entry['count']:>6}")
        out.append("")
    out.extend(report.notes)
    out.append(
        f"{plural(totals['errors'], 'error')}, {plural(totals['warnings'], 'warning')} "
        f"in {plural(totals['files_with_problems'], 'file')} ({files_checked} checked)"
    )
    return "\n".join(out)


def render_json(outcome: Outcome, files_checked: int, report: ReportDetails) -> str:
    """Every finding not suppressed, one a line; those the baseline records carry ``"baselined": true``.

    One finding a line (encoded by json's C encoder; an indented dump goes through its Python one, a tenth
    of ``kb check``'s time on the corpus), the summary indented.
    """
    findings = sorted([(d, False) for d in outcome.reported] + [(d, True) for d in outcome.baselined])
    lines = ",\n    ".join(json.dumps({**d.as_dict(), "baselined": baselined}, ensure_ascii=False)
                           for d, baselined in findings)
    listed = f"[\n    {lines}\n  ]" if lines else "[]"
    totals = json.dumps(summary(outcome, files_checked), indent=2, ensure_ascii=False).replace("\n", "\n  ")
    return f'{{\n  "diagnostics": {listed},\n  "summary": {totals}\n}}'


def render_github(outcome: Outcome, files_checked: int, report: ReportDetails) -> str:
    """Workflow commands: ``::error file=...,line=...::message``."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in outcome.reported:
        props = [f"file={_escape_property(d.path)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
        props.append(f"title={_escape_property(f'{d.code} {rule(d.code).name}')}")
        lines.append(f"::{levels[d.severity]} {','.join(props)}::{_escape_data(d.message)}")
    return "\n".join(lines)


def render_gcc(outcome: Outcome, files_checked: int, report: ReportDetails) -> str:
    """``path:line:col: error: KB401 broken-link: message``, one finding a line, as gcc, ruff's concise
    output and editors' problem matchers read them (a finding about a whole file is on line 1)."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    return "\n".join(
        f"{d.path}:{max(d.line, 1)}:{max(d.column, 1)}: {levels[d.severity]}: "
        f"{d.code} {rule(d.code).name}: {_one_line(d.message)}"
        for d in outcome.reported
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def progress_bar(stream):
    """A progress callback drawing ``[#####     ] 512/1980`` on a terminal, silent otherwise."""
    if not stream.isatty():
        return None

    def draw(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return draw


def import_summary(report, out, dry_run: bool) -> str:
    articles = ", ".join(f"{count} {lang}" for lang, count in sorted(report.articles.items()))
    actions = ", ".join(f"{count} {action}" for action, count in sorted(report.actions.items()))
    lines = [
        f"{'Would import' if dry_run else 'Imported'} into {out}:",
        f"  articles          {articles} ({report.pairs} in every language)",
        f"  assets            {report.assets['files']} files ({report.assets['shared']} shared between languages, "
        f"{report.assets['localized']} language-specific)",
        f"  links rewritten   {report.links_rewritten}",
        f"  sections          {report.sections} _section.yml from the TOC",
        f"  redirects         {report.redirects}",
        f"  files             {actions}",
    ]
    _listed(lines, f"kept {len(report.kept)} file(s) changed since the last import (use --force to overwrite):",
            report.kept)
    removed = set(report.removed)
    _listed(lines, f"{len(report.left)} article(s) imported before are gone from the source"
                   + (f"; {'would remove' if dry_run else 'removed'} {len(removed)} unchanged since the import"
                      if removed else " (kept; --prune removes those unchanged since the import)") + ":",
            [f"{path}{' (removed)' if path in removed else ''}" for path in report.left])
    _listed(lines, f"problems          {len(report.problems)}", report.problems)
    return "\n".join(lines)


def _listed(lines: list[str], title: str, items: list[str], limit: int = 20) -> None:
    """``title`` and the first ``limit`` items, when there are any."""
    if not items:
        return
    lines.append(f"  {title}")
    lines += [f"    {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"    ... and {len(items) - limit} more")


_RENDERERS = {"text": render_text, "json": render_json, "github": render_github, "gcc": render_gcc,
              "sarif": render_sarif}
FORMATS = tuple(_RENDERERS)


def _matrix_lines(report) -> list[str]:
    """Sections x languages, each cell ``translated/articles`` and the work left: where the work is, at a glance."""
    def cell(counts) -> str:
        if not counts:
            return "-"
        work = ", ".join(f"{counts[state]} {state}" for state in STATES if state != TRANSLATED and counts[state])
        done = f"{counts[TRANSLATED]}/{sum(counts[state] for state in STATES)}"
        return f"{done} ({work})" if work else done

    rows = [(section if section is not None else "all", [cell(by_lang.get(lang)) for lang in report.languages])
            for section, by_lang in report.matrix()]
    names = [section or "(top)" for section, _ in rows]
    width = max([len(name) for name in names] + [7])
    widths = [max([len(lang)] + [len(cells[i]) for _, cells in rows]) for i, lang in enumerate(report.languages)]
    out = ["Translations per section and language (translated/articles, and the work left):",
           (f"{'section':<{width}}  " + "  ".join(f"{lang:<{w}}" for lang, w in zip(report.languages, widths))).rstrip()]
    for name, (_, cells) in zip(names, rows):
        out.append(f"{name:<{width}}  " + "  ".join(f"{c:<{w}}" for c, w in zip(cells, widths)).rstrip())
    return out


def render_translations(report, fmt: str) -> str:
    """``kb translations``: counts per language and section, then the articles that need work."""
    if fmt == "json":
        return json.dumps({
            "method": "git history" if report.uses_git else "source-hash",
            "totals": {lang: dict(counts) for lang, counts in sorted(report.totals().items())},
            "articles": [
                {"key": s.key, "lang": s.lang, "state": s.state, "machine_translated": s.machine_translated,
                 "source": s.source.path, "translation": s.translation.path if s.translation else None,
                 "detail": s.detail}
                for s in report.statuses
            ],
        }, indent=2, ensure_ascii=False)
    width = max([len(section) for section, _ in report.counts()] + [8])

    def row(name: str, lang: str, counts) -> str:
        return f"{name:<{width}}  {lang:<4}  " + "  ".join(f"{counts[column]:>{len(column)}}" for column in COLUMNS)

    out = [*_matrix_lines(report), "", f"Translation status ({'git history' if report.uses_git else 'source-hash'}):",
           f"{'':<{width}}  lang  " + "  ".join(COLUMNS)]
    for lang, counts in sorted(report.totals().items()):
        out.append(row("all", lang, counts))
    for (section, lang), counts in report.counts().items():
        out.append(row(section or "(top)", lang, counts))
    out.append(f"({MT_FLAG}: machine translations without a human pass, whatever their state)")
    for state, listed in report.needing_work():
        out += ["", f"{state} ({len(listed)}):"]
        for status in listed:
            where = status.translation.path if status.translation else status.source.path
            out.append(f"  {status.lang}  {where}" + (f": {status.detail}" if status.detail else ""))
    return "\n".join(out)
