"""The box ``mkdocs serve`` shows at the top of an article with findings, for its writer.

Writers look at the page they are writing, not at the terminal: the box
lists the article's findings (line, rule, what is wrong) with the labels and
rule summaries in the page's language. The built site never has it.
"""

from __future__ import annotations

from ..core.diagnostics import Diagnostic, Severity, worst
from .fragments import Fragments


def findings_box(fragments: Fragments, path: str, findings: list[tuple[Diagnostic, bool]], lang: str,
                 rules_href: str) -> str:
    """``findings``: (diagnostic, whether the baseline knows it) of the file at ``path``."""
    t = fragments.strings(lang)
    kind = "failure" if worst(d for d, _ in findings) == Severity.ERROR else "warning"
    rows = [{"line": d.line, "code": d.code, "severity": t["rules_page"]["severities"][str(d.severity)],
             "summary": t["rules"][d.code]["summary"], "message": d.message, "baselined": baselined,
             "href": f"{rules_href}#{d.code.lower()}"}
            for d, baselined in findings]
    return fragments.render("findings_box.html", t=t["findings_box"], kind=kind, path=path, rows=rows)
