"""Release ranges for people, from the catalogue of existing releases."""

from kbsite.qpt.releases import ReleaseCatalog
from kbsite.qpt.versions import parse_version as V

CATALOG = ReleaseCatalog.from_mapping({r: {"magento/magento2-base": r} for r in [
    "2.3.7", "2.3.7-p1", "2.3.7-p2", "2.3.7-p3", "2.3.7-p4", "2.4.0", "2.4.1", "2.4.2", "2.4.2-p1",
    "2.4.2-p2", "2.4.3", "2.4.3-p1", "2.4.3-p2", "2.4.3-p3", "2.4.4", "2.4.3-p10",
]})


def vs(*texts):
    return [V(t) for t in texts]


def test_consecutive_releases_form_one_range():
    releases = vs("2.4.3-p3", "2.4.3-p2", "2.4.3-p1", "2.4.3", "2.4.2-p2", "2.4.2-p1", "2.4.2")
    assert CATALOG.summary(releases) == "2.4.2 – 2.4.3-p3"


def test_gaps_split_ranges_and_single_releases_stand_alone():
    releases = vs("2.3.7", "2.3.7-p1", "2.3.7-p2", "2.3.7-p3", "2.3.7-p4", "2.4.2", "2.4.2-p1", "2.4.4")
    assert CATALOG.summary(releases) == "2.3.7 – 2.3.7-p4, 2.4.2 – 2.4.2-p1, 2.4.4"


def test_p10_sorts_after_p3():
    assert CATALOG.summary(vs("2.4.3-p3", "2.4.3-p10")) == "2.4.3-p3 – 2.4.3-p10"


def test_unknown_release_keeps_its_place():
    assert CATALOG.summary(vs("2.4.0", "2.4.0-p1", "2.4.1")) == "2.4.0 – 2.4.1"
    assert CATALOG.summary(vs("2.4.0", "2.4.0-p1")) == "2.4.0 – 2.4.0-p1"


def test_between_includes_both_ends():
    assert [str(v) for v in CATALOG.between(V("2.4.2-p2"), V("2.4.3-p1"))] == ["2.4.2-p2", "2.4.3", "2.4.3-p1"]
