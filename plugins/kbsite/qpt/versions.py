"""Commerce versions and the Composer constraints of the QPT metadata.

No maintained Python library evaluates Composer constraints (``packaging``
knows PEP 440, where ``-p1`` is not a patch level and ``||`` does not
exist), so this is a small module following Composer's own rules
(``composer/semver``):

* versions have up to four numeric parts and an optional stability suffix;
  ``-p1``/``-patch1``/``-pl1`` is a *patch level*, above the stable release:
  ``2.4.3 < 2.4.3-p1 < 2.4.3-p10 < 2.4.4``; ``-alpha``, ``-beta``, ``-RC``
  and ``-dev`` are below it;
* a constraint is ``||``-separated alternatives of space- or
  comma-separated conditions, all of which must hold, or a hyphen range
  ``2.4.2 - 2.4.4``;
* conditions are ``op version`` (``>=``, ``<=``, ``>``, ``<``, ``=``, ``==``,
  ``!=``, spaces allowed after the operator), an exact version, ``^v``,
  ``~v`` or a wildcard ``2.4.*``;
* like Composer, ``<2.4.4`` and ``>=2.4.4`` compare against ``2.4.4-dev``,
  so pre-releases of 2.4.4 are outside ``<2.4.4``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering

_STABILITY = {"dev": 0, "alpha": 1, "a": 1, "beta": 2, "b": 2, "rc": 3, "": 4, "stable": 4,
              "patch": 5, "pl": 5, "p": 5}
_VERSION = re.compile(
    r"^v?(?P<nums>\d+(?:\.\d+){0,3})"
    r"(?:[-_.]?(?P<stability>stable|beta|b|rc|alpha|a|patch|pl|p)[.-]?(?P<number>\d+)?)?"
    r"(?P<dev>[.-]?dev)?$",
    re.IGNORECASE,
)


class VersionError(ValueError):
    """Text that is not a version or a constraint."""


@total_ordering
@dataclass(frozen=True)
class Version:
    """A Composer version; ``text`` is kept as written for display."""

    key: tuple
    text: str

    def __eq__(self, other) -> bool:
        return isinstance(other, Version) and self.key == other.key

    def __lt__(self, other: Version) -> bool:
        return self.key < other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        return self.text

    @property
    def is_stable_release(self) -> bool:
        return self.key[4] == _STABILITY[""]

    def development(self) -> Version:
        """The ``-dev`` version before this release (Composer's bound for ``<`` and ``>=``)."""
        return Version(self.key[:4] + (_STABILITY["dev"], 0), f"{self.text}-dev")


@lru_cache(maxsize=4096)  # the metadata repeats ~100 release strings tens of thousands of times
def parse_version(text: str) -> Version:
    """``2.4.3``, ``2.4.3-p1``, ``1.3.4-p1``, ``2.4.8-beta1``..."""
    cleaned = text.strip()
    match = _VERSION.match(cleaned)
    if not match:
        raise VersionError(f"'{text}' is not a version")
    numbers = [int(part) for part in match["nums"].split(".")]
    numbers += [0] * (4 - len(numbers))
    if match["dev"] and not match["stability"]:
        stability = _STABILITY["dev"]
    else:
        stability = _STABILITY[(match["stability"] or "").lower()]
    return Version(tuple(numbers) + (stability, int(match["number"] or 0)), cleaned)


@dataclass(frozen=True)
class Condition:
    operator: str  # one of < <= > >= == !=
    version: Version

    def matches(self, version: Version) -> bool:
        key, bound = version.key, self.version.key
        return {
            "<": key < bound, "<=": key <= bound, ">": key > bound,
            ">=": key >= bound, "==": key == bound, "!=": key != bound,
        }[self.operator]


@dataclass(frozen=True)
class Constraint:
    """Alternatives (``||``) of conjunctions of conditions."""

    text: str
    alternatives: tuple[tuple[Condition, ...], ...]

    def matches(self, version: Version | str) -> bool:
        if isinstance(version, str):
            version = parse_version(version)
        return any(all(c.matches(version) for c in conjunction) for conjunction in self.alternatives)

    def __str__(self) -> str:
        return self.text


_OPERATOR_TERM = re.compile(r"(<=|>=|==|!=|<|>|=|\^|~)\s*")


def parse_constraint(text: str) -> Constraint:
    if not isinstance(text, str) or not text.strip():
        raise VersionError(f"{text!r} is not a version constraint")
    alternatives = []
    for alternative in re.split(r"\s*\|\|?\s*", text.strip()):
        hyphen = re.fullmatch(r"(\S+)\s+-\s+(\S+)", alternative)
        terms = [f">={hyphen[1]}", f"<={hyphen[2]}"] if hyphen else _terms(alternative)
        if not terms:
            raise VersionError(f"'{text}': empty alternative")
        alternatives.append(tuple(c for term in terms for c in _conditions(term, text)))
    return Constraint(text, tuple(alternatives))


def _terms(alternative: str) -> list[str]:
    """Split ``>= 2.4.2 <2.4.4`` into ``['>=2.4.2', '<2.4.4']`` (spaces after operators allowed)."""
    compact = _OPERATOR_TERM.sub(lambda m: m.group(1), alternative.strip())
    return [term for term in re.split(r"[\s,]+", compact) if term]


def _conditions(term: str, whole: str) -> tuple[Condition, ...]:
    operator_match = re.match(r"(<=|>=|==|!=|<|>|=|\^|~)?(.*)$", term)
    operator, rest = operator_match.group(1) or "", operator_match.group(2)
    try:
        if rest in ("*", "x"):
            return ()
        if rest.endswith((".*", ".x")):
            return _wildcard(rest[:-2])
        version = parse_version(rest)
    except VersionError as error:
        raise VersionError(f"'{whole}': {error}") from None
    if operator == "^":
        return _caret(version)
    if operator == "~":
        return _tilde(version, rest)
    if operator in ("", "=", "=="):
        return (Condition("==", version),)
    if operator in ("<", ">=") and version.is_stable_release:
        return (Condition(operator, version.development()),)
    return (Condition(operator, version),)


def _next(numbers: list[int], position: int) -> Version:
    bumped = numbers[:position] + [numbers[position] + 1] + [0] * (3 - position)
    return parse_version(".".join(map(str, bumped))).development()


def _caret(version: Version) -> tuple[Condition, ...]:
    """``^1.2.3`` is ``>=1.2.3 <2.0.0``; ``^0.3.1`` is ``>=0.3.1 <0.4.0``."""
    numbers = list(version.key[:4])
    position = next((i for i, n in enumerate(numbers[:3]) if n != 0), 2)
    return (Condition(">=", version.development() if version.is_stable_release else version),
            Condition("<", _next(numbers, position)))


def _tilde(version: Version, written: str) -> tuple[Condition, ...]:
    """``~1.2.3`` is ``>=1.2.3 <1.3.0``; ``~1.2`` is ``>=1.2 <2.0``."""
    numbers = list(version.key[:4])
    given = len(re.match(r"v?(\d+(?:\.\d+)*)", written).group(1).split("."))
    position = max(given - 2, 0)
    return (Condition(">=", version.development() if version.is_stable_release else version),
            Condition("<", _next(numbers, position)))


def _wildcard(prefix: str) -> tuple[Condition, ...]:
    """``2.4.*`` is ``>=2.4.0-dev <2.5.0-dev``."""
    version = parse_version(prefix)
    given = len(prefix.split("."))
    return (Condition(">=", version.development()), Condition("<", _next(list(version.key[:4]), given - 1)))
