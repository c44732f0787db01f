"""Property tests: the version model, Composer constraints, front matter parsing."""

import json
import re
from pathlib import Path

import yaml
from hypothesis import given, settings, strategies as st

from helpers import bundled_metadata
from kbsite.core.diagnostics import catalogue
from kbsite.core.knowledge_base import Document, KnowledgeBase
from kbsite.qpt.index import build_patch_index
from kbsite.qpt.metadata import bundled_directory
from kbsite.rules import Context, run_checks
from kbsite.core.settings import Settings
from kbsite.core.vocabulary import load_vocabulary
from kbsite.qpt.versions import Constraint, VersionError, parse_constraint, parse_version
from kbsite.core.source import parse_source

METADATA = bundled_metadata()
FEATURES, ROLES = load_vocabulary("feature"), load_vocabulary("role")
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
    try:
        assert isinstance(parse_constraint(text), Constraint)
    except VersionError:
        pass


front_matter_like = st.builds(
    lambda fm, body, crlf: (("---\n" + fm + "\n---\n" + body).replace("\n", "\r\n") if crlf
                            else "---\n" + fm + "\n---\n" + body),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
    st.text(max_size=100), st.booleans(),
)


@settings(max_examples=300)
@given(st.one_of(st.binary(max_size=300), front_matter_like.map(lambda t: t.encode("utf-8"))))
def test_front_matter_parsing_never_raises(data):
    source = parse_source(data, "articles/x.en.md")
    assert isinstance(source.meta, dict)
    for found in source.diagnostics:
        assert found.path == "articles/x.en.md" and found.code.startswith("KB1") and found.line >= 0


@settings(max_examples=200)
@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
                    max_leaves=20))
def test_any_yaml_value_in_front_matter_is_reported_not_raised(value):
    block = yaml.safe_dump({"title": value, "description": value, "exl-id": value}, allow_unicode=True)
    source = parse_source(f"---\n{block}---\n\n# T\n".encode("utf-8"), "articles/x.en.md")
    assert set(source.meta) == {"title", "description", "exl-id"}


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
              st.sampled_from(["MDVA-40399", "2.4.3-p1", "0%", "tm+mt", "<script>x</script>", "javascript:x"])),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)
KEYS = ["title", "description", "exl-id", "feature", "role", "source-git-commit", "workflow-type",
        "source-wordcount", "ht-degree", "source-hash", "patch", "qpt-version", "unlisted", "hidden", "extra-key"]


@settings(max_examples=150)
@given(st.dictionaries(st.sampled_from(KEYS), yaml_values, max_size=len(KEYS)),
       st.text(max_size=200), st.sampled_from(["en", "fr"]))
def test_checks_report_any_front_matter_without_raising(meta, body, lang):
    root = Path("/nonexistent-project")
    settings_ = Settings(root=root, articles_dir=root / "articles", docs_dir=root / "docs")
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body
    source = parse_source(text.encode("utf-8"), f"articles/a/x.{lang}.md")
    kb = KnowledgeBase(settings_, [Document("article", source.path, root / source.path, f"a/x.{lang}.md", "a/x",
                                            lang, source)])
    context = Context(kb, FEATURES, ROLES, build_patch_index(kb, METADATA))
    for found in run_checks(context):
        assert found.line >= 0 and found.code in catalogue()
