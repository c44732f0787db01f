"""Commerce versions and Composer constraints, on hand-picked cases and on every real one."""

import json
from pathlib import Path

import pytest
from helpers import bundled_metadata
from kbsite.qpt.metadata import bundled_directory
from kbsite.qpt.versions import VersionError, parse_constraint, parse_version

V = parse_version


def test_patch_levels_sort_after_the_release_and_numerically():
    ordered = ["2.3.7-p4", "2.4.3-beta1", "2.4.3", "2.4.3-p1", "2.4.3-p2", "2.4.3-p10", "2.4.4", "2.4.10"]
    assert sorted(ordered, key=V) == ordered
    assert V("2.4.3-p1") < V("2.4.3-p10") < V("2.4.4")


def test_b2b_style_and_short_versions():
    assert V("1.3.4-p1") > V("1.3.4") and V("1.3.4-p1") < V("1.3.5")
    assert V("2.4") == V("2.4.0") and str(V("2.4")) == "2.4"


@pytest.mark.parametrize("text", ["", "abc", "2.4.3-x1", "2..4", "-p1"])
def test_not_versions(text):
    with pytest.raises(VersionError):
        V(text)


@pytest.mark.parametrize("constraint, inside, outside", [
    (">=2.4.2 <2.4.4", ["2.4.2", "2.4.3-p3", "2.4.3-p10"], ["2.4.1-p1", "2.4.4", "2.4.4-p1"]),
    ("<=2.3.7-p2", ["2.3.0", "2.3.7-p2"], ["2.3.7-p3", "2.4.0"]),
    ("2.4.6-p8", ["2.4.6-p8"], ["2.4.6-p7", "2.4.6-p9", "2.4.6"]),
    (">=2.3.6 <=2.3.7-p2 || >=2.4.1 <2.4.4", ["2.3.7-p1", "2.4.1", "2.4.3-p3"], ["2.3.7-p3", "2.4.0", "2.4.4"]),
    (">= 2.4.2 < 2.4.4", ["2.4.3"], ["2.4.4"]),  # spaces after operators
    (">2.4.2 <2.4.3-p2", ["2.4.2-p1", "2.4.3-p1"], ["2.4.2", "2.4.3-p2"]),
    ("^1.1.4", ["1.1.4", "1.9.0"], ["1.1.3", "2.0.0"]),
    ("~2.3.6", ["2.3.6", "2.3.7-p4"], ["2.3.5", "2.4.0"]),
    ("~1.1.6 || >=2.4.1 <2.4.3", ["1.1.9", "2.4.2-p2"], ["1.2.0", "2.4.3"]),
    ("2.4.*", ["2.4.0", "2.4.8-p5"], ["2.3.7", "2.5.0"]),
    ("2.4.2 - 2.4.3", ["2.4.2", "2.4.3"], ["2.4.3-p1"]),
    ("!=2.4.3", ["2.4.2"], ["2.4.3"]),
])
def test_constraints(constraint, inside, outside):
    parsed = parse_constraint(constraint)
    assert [v for v in inside if not parsed.matches(v)] == []
    assert [v for v in outside if parsed.matches(v)] == []


@pytest.mark.parametrize("text", ["", ">=", ">=2.4.2 <", "2.4.2 || ", ">=abc"])
def test_bad_constraints(text):
    with pytest.raises(VersionError):
        parse_constraint(text)


def all_constraints(folder: Path):
    for name in ("support-patches.json", "community-patches.json"):
        for entry in json.loads((folder / name).read_text("utf-8")).values():
            for constraints in entry["packages"].values():
                yield from constraints


@pytest.mark.parametrize("folder", ["bundled", "corpus"])
def test_every_constraint_of_the_real_metadata_parses(folder, request):
    directory = bundled_directory() if folder == "bundled" else request.getfixturevalue("corpus") / "qpt"
    constraints = list(all_constraints(directory))
    assert len(constraints) > 1000
    for text in constraints:
        parse_constraint(text)


def releases_matching(catalog, constraints) -> set:
    """Releases whose version of some listed package satisfies its constraint (how QPT decides)."""
    return {release for release in catalog.releases
            if any(name in catalog.packages[release] and constraint.matches(catalog.packages[release][name])
                   for name, constraint in constraints)}


def test_constraints_reproduce_the_releases_listed_by_qpt():
    """Evaluating each patch's constraints against magento_releases.json gives
    exactly the releases patches-info.json lists, for every patch that has constraints."""
    metadata = bundled_metadata()
    checked = 0
    for patch in metadata.patches.values():
        if patch.constraints:
            assert releases_matching(metadata.catalog, patch.constraints) == set(patch.releases), patch.id
            checked += 1
    assert checked == 1095
