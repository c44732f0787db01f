"""``kb check --format sarif``: SARIF 2.1.0, the format code-scanning dashboards take.

One run of one tool whose rules are the whole catalogue (summary, explanation
and, when the project has a ``site_url``, a link to the rule on the site's
rules page). Each result is located in its file, relative to the project
root (``PROJECTROOT``), with the finding's baseline fingerprint as a partial
fingerprint: dashboards then follow a finding across line moves as the
baseline does. With a baseline, known findings are results too, marked
``unchanged``; the others are ``new``.
"""

from __future__ import annotations

import json
from urllib.parse import quote
from typing import TYPE_CHECKING

from .. import __version__
from ..core.diagnostics import Diagnostic, Severity, catalogue
from ..core.strings import strings

if TYPE_CHECKING:
    from ..rules.outcome import Outcome
    from .reporting import ReportDetails

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
ROOT_ID = "PROJECTROOT"


def render_sarif(outcome: Outcome, files_checked: int, report: ReportDetails) -> str:
    rules = list(catalogue().values())
    index = {r.code: number for number, r in enumerate(rules)}
    with_baseline = bool(outcome.baseline.entries)
    results = sorted([(d, "new") for d in outcome.reported] + [(d, "unchanged") for d in outcome.baselined])
    run = {
        "tool": {"driver": {
            "name": "kb check",
            "version": __version__,
            "semanticVersion": __version__,
            **({"informationUri": report.rules_url} if report.rules_url else {}),
            "rules": [_rule(r, report.rules_url) for r in rules],
        }},
        "originalUriBaseIds": {ROOT_ID: {"uri": outcome.texts.settings.root.as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index[d.code], report, state if with_baseline else None) for d, state in results],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=1, ensure_ascii=False)


def _rule(rule, rules_url: str | None) -> dict:
    explanation = strings("en")["rules"][rule.code]["explanation"]
    described = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": explanation},
        "help": {"text": explanation, "markdown": explanation},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }
    if rules_url:
        described["helpUri"] = f"{rules_url}#{rule.code.lower()}"
    return described


def _result(found: Diagnostic, rule_index: int, report: ReportDetails, state: str | None) -> dict:
    region = {"startLine": max(found.line, 1)}
    if found.column:
        region["startColumn"] = found.column
    result = {
        "ruleId": found.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[found.severity],
        "message": {"text": found.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": quote(found.path), "uriBaseId": ROOT_ID},
            "region": region,
        }}],
        "partialFingerprints": {"kbFingerprint/v1": report.fingerprint(found)},
    }
    if state is not None:
        result["baselineState"] = state
    return result
