"""The baseline: findings a team accepts for now, so that checks fail only on new ones.

``kb check --write-baseline`` records every current finding in
``kb-baseline.json`` at the project root (the ``baseline`` option names
another file); ``kb check`` and the MkDocs build then report the recorded
ones as a count and fail only on the others. This is how linters let a team
switch checks on over an existing corpus (PHPStan's baseline, detekt's
baseline file, ESLint's bulk suppressions).

A finding is known by its file, its rule code and a *fingerprint*: a hash of
what it is about, the diagnostic's ``subject`` (a link's target) or else the
text of its line with whitespace collapsed. Never by its line number: lines
added above it or around it keep it known. Identical fingerprints are
counted, so two identical broken links in a file are two entries and a third
one is new.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, diagnostic
from .settings import Settings

FORMAT = 1  # the version of the file's layout
_SPACE = re.compile(r"\s+")
ABOUT = ("Findings of `kb check` accepted for now: checks report them as a count and fail only on others. "
         "Fix them and run `kb check --write-baseline` to drop them; never add entries by hand.")

Key = tuple[str, str, str]  # path, code, fingerprint


class LineTexts:
    """The text of a line of a project file, for fingerprints: from the loaded documents, else read once."""

    def __init__(self, settings: Settings, documents=()):
        self.settings = settings
        self._documents = {d.path: d for d in documents}
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        if number < 1:
            return ""
        if path not in self._lines:
            document = self._documents.get(path)
            self._lines[path] = (document.source.text.split("\n") if document is not None
                                 else _read_lines(self.settings.root / path))
        lines = self._lines[path]
        return lines[number - 1] if number <= len(lines) else ""


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return []
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def fingerprint(found: Diagnostic, texts: LineTexts) -> str:
    """What identifies ``found`` in its file besides its code: its subject, or its line's text."""
    subject = found.subject or _SPACE.sub(" ", texts.line(found.path, found.line)).strip()
    return hashlib.sha256(subject.encode("utf-8")).hexdigest()[:16]


def key_of(found: Diagnostic, texts: LineTexts) -> Key:
    return found.path, found.code, fingerprint(found, texts)


@dataclass(frozen=True)
class Entry:
    """One kind of known finding: where, which rule, which fingerprint, how many times."""

    path: str
    code: str
    fingerprint: str
    count: int
    message: str = ""  # the first one's, for people reading the file


@dataclass
class Baseline:
    """The recorded findings of a project (none when its file does not exist)."""

    entries: dict[Key, Entry] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)  # the file could not be used (KB903)


@dataclass(frozen=True)
class Split:
    """Findings against a baseline: new ones, known ones, and the entries that no longer occur."""

    new: list[Diagnostic]
    known: list[Diagnostic]
    fixed: list[Entry]  # with the number of findings gone


def split(findings: list[Diagnostic], baseline: Baseline, texts: LineTexts,
          unchecked: frozenset[str] = frozenset()) -> Split:
    """Which findings the baseline knows: each entry absorbs up to its count, in file order.

    Entries of rules in ``unchecked`` (not run this time) are not fixed.
    """
    if not baseline.entries:
        return Split(list(findings), [], [])
    left = Counter({key: entry.count for key, entry in baseline.entries.items() if entry.code not in unchecked})
    new, known = [], []
    for found in findings:
        key = key_of(found, texts)
        if left[key] > 0:
            left[key] -= 1
            known.append(found)
        else:
            new.append(found)
    fixed = [_with_count(baseline.entries[key], count) for key, count in sorted(left.items()) if count > 0]
    return Split(new, known, fixed)


def _with_count(entry: Entry, count: int) -> Entry:
    return Entry(entry.path, entry.code, entry.fingerprint, count, entry.message)


def load_baseline(settings: Settings) -> Baseline:
    """The project's baseline; a file that cannot be used is a KB903 (and no finding is known)."""
    file = settings.baseline_file
    display = settings.relative(file)
    try:
        text = file.read_text("utf-8")
    except FileNotFoundError:
        return Baseline()
    except (OSError, UnicodeDecodeError) as error:
        return Baseline(problems=[diagnostic("KB903", display, message=f"cannot read the baseline: {error}")])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Baseline(problems=[diagnostic("KB903", display, error.lineno, error.colno,
                                                   f"not valid JSON: {error.msg}")])
    except RecursionError:
        return Baseline(problems=[diagnostic("KB903", display, message="nested too deeply to be a baseline")])
    entries, problem = _entries(data)
    if problem:
        return Baseline(problems=[diagnostic("KB903", display, message=problem)])
    return Baseline(entries)


def _entries(data) -> tuple[dict[Key, Entry], str | None]:
    if not isinstance(data, dict) or data.get("kb-baseline") != FORMAT or not isinstance(data.get("findings"), list):
        return {}, f'expected {{"kb-baseline": {FORMAT}, "findings": [...]}} as `kb check --write-baseline` writes it'
    entries: dict[Key, Entry] = {}
    for number, item in enumerate(data["findings"], start=1):
        try:
            entry = Entry(str(item["path"]), str(item["code"]), str(item["fingerprint"]), int(item["count"]),
                          str(item.get("message", "")))
        except (TypeError, KeyError, ValueError):
            return {}, f"finding {number} needs path, code, fingerprint and a count"
        if entry.count < 1:
            return {}, f"finding {number} has a count below 1"
        key = (entry.path, entry.code, entry.fingerprint)
        previous = entries.get(key)
        entries[key] = _with_count(entry, entry.count + (previous.count if previous else 0))
    return entries, None


def baseline_json(findings: list[Diagnostic], texts: LineTexts, carried: list[Entry] = ()) -> str:
    """The baseline file recording ``findings`` and the ``carried`` entries (of rules that did not run):
    sorted, without line numbers, so it changes only with them."""
    counts: Counter = Counter()
    messages: dict[Key, str] = {}
    for entry in carried:
        key = (entry.path, entry.code, entry.fingerprint)
        counts[key] += entry.count
        messages.setdefault(key, entry.message)
    for found in findings:
        key = key_of(found, texts)
        counts[key] += 1
        messages.setdefault(key, found.message)
    entries = [
        {"path": path, "code": code, "fingerprint": print_, "count": counts[(path, code, print_)],
         "message": messages[(path, code, print_)]}
        for path, code, print_ in sorted(counts, key=lambda key: (key[0], key[1], messages[key], key[2]))
    ]
    data = {"kb-baseline": FORMAT, "about": ABOUT, "findings": entries}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
