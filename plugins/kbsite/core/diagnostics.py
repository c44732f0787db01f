"""Diagnostics: the one type every check reports, and the catalogue of rules.

A rule is identified by a stable code (``KB101``). Its name and default
severity live in ``data/rules.yml``; its summary (the default message) and
the explanation shown on the site's rules page live in every language file
(``data/languages/<tag>.yml``, ``rules:``), so that the code and the
documentation cannot drift. Messages of ``kb check`` are English.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .text import load_yaml


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` over a list gives the worst one."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str  # in English: the message of a diagnostic that gives none


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: where (file, line, column), which rule, how bad, what.

    ``path`` is relative to the project root and uses ``/``. ``line`` and
    ``column`` are 1-based; 0 means "the file as a whole".
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = field(compare=False)
    # What the finding is about when the line holds more than it (a link's target): what identifies
    # it in a baseline. Empty: the line's text.
    subject: str = field(default="", compare=False)

    @property
    def location(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "rule": rule(self.code).name,
            "severity": str(self.severity),
            "message": self.message,
        }


@cache
def catalogue() -> dict[str, Rule]:
    """All rules, keyed by code, in code order."""
    data = resources.files("kbsite.data")
    entries = load_yaml(data.joinpath("rules.yml").read_text("utf-8"))
    english = load_yaml(data.joinpath("languages", "en.yml").read_text("utf-8"))["rules"]
    rules = {
        code: Rule(code=code, name=entry["name"], severity=Severity[entry["severity"].upper()],
                   summary=english[code]["summary"])
        for code, entry in entries.items()
    }
    return dict(sorted(rules.items()))


def rule(code: str) -> Rule:
    return catalogue()[code]


def diagnostic(code: str, path: str, line: int = 0, column: int = 0, message: str = "",
               subject: str = "") -> Diagnostic:
    """Build a diagnostic with its rule's severity (and summary, when no message is given)."""
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        code=code,
        message=message or rule(code).summary,
        severity=rule(code).severity,
        subject=subject,
    )


def worst(diagnostics) -> Severity | None:
    return max((d.severity for d in diagnostics), default=None)
