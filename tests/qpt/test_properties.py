"""Property tests: the version model and Composer constraints."""

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from kbsite.qpt.metadata import bundled_directory
from kbsite.qpt.versions import VersionError, parse_constraint, parse_version

RELEASES = list(json.loads((bundled_directory() / "magento_releases.json").read_text("utf-8")))


def independent_key(text: str) -> tuple:
    """Commerce release order from first principles: numbers, then patch level (none first)."""
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(?:-p(\d+))?", text)
    return (int(match[1]), int(match[2]), int(match[3]), -1 if match[4] is None else int(match[4]))


ORDERED = sorted(RELEASES, key=independent_key)
release = st.sampled_from(RELEASES)
versions = st.builds(
    lambda numbers, patch: ".".join(map(str, numbers)) + (f"-p{patch}" if patch is not None else ""),
    st.lists(st.integers(0, 30), min_size=3, max_size=3), st.one_of(st.none(), st.integers(1, 20)),
)


@given(versions, versions, versions)
def test_ordering_is_total_and_consistent(a, b, c):
    va, vb, vc = parse_version(a), parse_version(b), parse_version(c)
    assert (va < vb) + (va == vb) + (va > vb) == 1
    assert (va < vb) == (independent_key(a) < independent_key(b))
    if va <= vb and vb <= vc:
        assert va <= vc
    assert parse_version(str(va)) == va


@given(versions)
def test_patch_levels_follow_their_release(text):
    version = parse_version(text)
    release_of = parse_version(text.split("-")[0])
    assert release_of <= version


def brute_force(operator: str, bound: str, candidate: str) -> bool:
    a, b = ORDERED.index(candidate), ORDERED.index(bound)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[operator]


terms = st.tuples(st.sampled_from(["<", "<=", ">", ">=", "", "!="]), release, st.sampled_from(["", " "]))
conjunctions = st.lists(terms, min_size=1, max_size=3)
constraints = st.lists(conjunctions, min_size=1, max_size=3)


@settings(max_examples=300)
@given(constraints)
def test_constraints_agree_with_a_brute_force_check_over_the_releases(alternatives):
    text = " || ".join(" ".join(f"{op}{space}{bound}" for op, bound, space in conjunction)
                       for conjunction in alternatives)
    constraint = parse_constraint(text)
    for candidate in RELEASES:
        expected = any(all(brute_force(op or "==", bound, candidate) for op, bound, _ in conjunction)
                       for conjunction in alternatives)
        assert constraint.matches(candidate) == expected, (text, candidate)


@given(st.text(max_size=40))
def test_constraint_parsing_raises_only_version_errors(text):
    """A text is refused with a VersionError, or gives a constraint that can judge every release."""
    try:
        constraint = parse_constraint(text)
    except VersionError:
        return
    assert str(constraint) == text
    for release in RELEASES:
        constraint.matches(release)
