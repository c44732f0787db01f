"""Property tests: reading front matter from any bytes."""

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from kbsite.core.source import parse_source

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
    lines = source.text.count("\n") + 1
    assert set(source.key_lines) == set(source.meta)
    assert all(2 <= line <= lines for line in source.key_lines.values())
    assert source.text.endswith(source.body) and 1 <= source.body_line <= lines + 1
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


VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.dates()),
                      lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                                                         max_size=4),
                      max_leaves=20)


@settings(max_examples=200)
@given(st.dictionaries(st.text(min_size=1, max_size=10), VALUES, min_size=1, max_size=6), st.booleans())
def test_front_matter_values_are_what_yaml_reads(front_matter, flow):
    """Texts and lists of texts are taken from the parsed YAML without PyYAML's constructor: the same values."""
    block = yaml.safe_dump(front_matter, allow_unicode=True, default_flow_style=flow)
    source = parse_source(f"---\n{block}---\n\n# T\n".encode(), "articles/x.en.md")
    assert source.meta == yaml.safe_load(block) and not source.diagnostics


def test_tagged_values_are_constructed_as_yaml_constructs_them():
    block = "a: !!str 12\nb: [x, !!str 3, 'y']\nc: ! text\nd: !!set {x: null}\ne: [1, x]\n"
    assert parse_source(f"---\n{block}---\n# T\n".encode(), "x.md").meta == yaml.safe_load(block)
    unknown = parse_source(b"---\na: !custom [x, y]\n---\n# T\n", "x.md")
    assert unknown.meta == {} and [d.code for d in unknown.diagnostics] == ["KB104"]
