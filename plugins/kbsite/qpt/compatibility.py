"""What an article states about the releases a patch is compatible with.

Patch articles carry a line such as::

    **Compatible with Adobe Commerce versions:**

    * Adobe Commerce (all deployment methods) 2.4.2 - 2.4.3-p1, 2.4.5

The marker is localized (``compatible_markers`` in ``data/languages/<tag>.yml``:
``Kompatibel mit Adobe Commerce-Versionen:``, ``Adobe Commerce バージョンとの互換性：``).
Commerce versions (``2.x``) on the lines that follow are read in order: two
versions joined by a dash (``-``, ``–``, ``～``) or a language's range word
(``range_words``: ``to``, ``à``, ``bis``) form an inclusive range, joined by
``<`` a range without its end, anything else separates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.text import comparable
from .releases import ReleaseCatalog
from .versions import Version, parse_version

# A Commerce version not inside a longer version or word: ASCII only around it, so that CJK text may touch
# it ("2.4.2から2.4.3", "版本2.4.4").
_VERSION_TEXT = re.compile(r"(?<![A-Za-z0-9_.])(2\.\d+\.\d+(?:-p\d+)?)(?![A-Za-z0-9_.]*\d)")
_DASHES = ("-", "\u2013", "\u2014", "&ndash;", "&mdash;", "~", "\uff5e", "\u301c")  # ASCII, en, em, tildes (ja)
_EXCLUSIVE = re.compile(r"^\s*(?:<|&lt;)\s*$")


@dataclass(frozen=True)
class CompatibilityStatement:
    line: int  # file line of the marker
    releases: frozenset[Version]
    end_line: int = 0  # file line of the statement's last line (its paragraph or list after the marker)


@dataclass(frozen=True)
class Drift:
    """How an article's statement and the metadata disagree: releases only the article names (a wrong
    claim) and releases only the metadata lists (the article is older)."""

    statement: CompatibilityStatement
    unlisted: tuple[Version, ...]  # named by the article, not listed by QPT
    newer: tuple[Version, ...]  # listed by QPT, not named by the article

    def __bool__(self) -> bool:
        return bool(self.unlisted or self.newer)


def drift(statement: CompatibilityStatement | None, releases: tuple[Version, ...]) -> Drift | None:
    """The disagreement between ``statement`` and the metadata's ``releases``, None without a statement."""
    if statement is None or not statement.releases:
        return None
    listed = set(releases)
    return Drift(statement, tuple(sorted(statement.releases - listed)), tuple(sorted(listed - statement.releases)))


def _marker_text(line: str) -> str:
    """A line as a marker is compared: without emphasis or a final colon (``:`` or full-width ``：``)."""
    return comparable(line.replace("*", "")).rstrip(":\uff1a").strip()


def find_statement(body: str, body_line: int, catalog: ReleaseCatalog, markers: list[str],
                   range_words: list[str] = ()) -> CompatibilityStatement | None:
    """The statement after the first marker line, or None when there is none."""
    wanted, inclusive, shortest = _words(tuple(markers), tuple(range_words))
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if len(line) >= shortest and _marker_text(line) in wanted:
            block, last = _block_after(lines, index + 1)
            releases = frozenset(_releases(" \n ".join(block), catalog, inclusive))
            return CompatibilityStatement(body_line + index, releases, body_line + last)
    return None


@lru_cache(maxsize=8)
def _words(markers: tuple[str, ...], range_words: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], int]:
    """The markers and range words as lines are compared with them, and the length of the shortest marker
    (a line shorter than every marker is none): the same for every article of a knowledge base."""
    wanted = frozenset(_marker_text(marker) for marker in markers)
    inclusive = frozenset(comparable(word) for word in (*_DASHES, *range_words))
    return wanted, inclusive, min((len(marker) for marker in wanted), default=0)


def _block_after(lines: list[str], start: int) -> tuple[list[str], int]:
    """The paragraph or list after the marker (up to the next blank line after it, heading or note), and the
    index of its last line (the marker's own when there is none)."""
    block: list[str] = []
    last = start - 1
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if not stripped:
            if block:
                break
            continue
        if stripped.startswith(("#", ">", "**")):
            break
        block.append(stripped)
        last = index
    return block, last


def _releases(text: str, catalog: ReleaseCatalog, inclusive: frozenset[str]) -> list[Version]:
    found: list[Version] = []
    matches = list(_VERSION_TEXT.finditer(text))
    skip_next = False
    for current, following in zip(matches, matches[1:] + [None]):
        if skip_next:
            skip_next = False
            continue
        low = parse_version(current.group(1))
        between = text[current.end(): following.start()] if following else ""
        if following and comparable(between) in inclusive:
            found += _span(catalog, low, parse_version(following.group(1)), inclusive=True)
            skip_next = True
        elif following and _EXCLUSIVE.match(between):
            found += _span(catalog, low, parse_version(following.group(1)), inclusive=False)
            skip_next = True
        else:
            found.append(low)
    return found


def _span(catalog: ReleaseCatalog, low: Version, high: Version, inclusive: bool) -> list[Version]:
    covered = [v for v in catalog.between(low, high) if inclusive or v != high]
    ends = [low, high] if inclusive else [low]
    return covered + [v for v in ends if v not in covered]
