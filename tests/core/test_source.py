"""Reading sources: every kind of broken file becomes a diagnostic with its line."""

import pytest
from kbsite.core.source import parse_source

GOOD = b"---\ntitle: Flush the cache\ndescription: How.\n---\n\n# Flush the cache\n"


def only(source):
    assert len(source.diagnostics) == 1, source.diagnostics
    return source.diagnostics[0]


def test_good_source_splits_meta_and_body_with_lines():
    source = parse_source(GOOD, "a.en.md")
    assert source.diagnostics == []
    assert source.meta == {"title": "Flush the cache", "description": "How."}
    assert source.key_lines == {"title": 2, "description": 3}
    assert source.body == "\n# Flush the cache\n"
    assert source.body_line == 5


def test_bom_and_crlf_are_read_and_reported():
    source = parse_source(b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n"), "a.en.md")
    assert [(d.code, d.line, str(d.severity)) for d in source.diagnostics] == [("KB108", 1, "warning"), ("KB109", 1, "warning")]
    assert source.meta["title"] == "Flush the cache"
    assert "\r" not in source.body


def test_yaml_syntax_error_names_the_file_line():
    data = b"---\ntitle: Flush\ndescription: a: b: c\n---\nbody\n"
    problem = only(parse_source(data, "a.en.md"))
    assert (problem.code, problem.line) == ("KB104", 3)
    assert "YAML syntax error" in problem.message


def test_unclosed_quote_reports_a_line_inside_the_block():
    data = b'---\ntitle: "Flush\ndescription: x\n---\nbody\n'
    problem = only(parse_source(data, "a.en.md"))
    assert problem.code == "KB104"
    assert 2 <= problem.line <= 4


def test_tab_indentation_is_its_own_rule():
    data = b"---\ntitle: Flush\n\tdescription: x\n---\nbody\n"
    problem = only(parse_source(data, "a.en.md"))
    assert (problem.code, problem.line) == ("KB105", 3)


def test_duplicate_key_keeps_the_first_and_reports_the_second():
    data = b"---\ntitle: One\ndescription: d\ntitle: Two\n---\nbody\n"
    source = parse_source(data, "a.en.md")
    problem = only(source)
    assert (problem.code, problem.line) == ("KB107", 4)
    assert "line 2" in problem.message
    assert source.meta["title"] == "One"


@pytest.mark.parametrize("data, code, line", [
    (b"", "KB102", 0),
    (b"  \n\n", "KB102", 0),
    (b"# Just a heading\n", "KB101", 1),
    (b"---\ntitle: x\n# Heading\n", "KB103", 1),
    (b"---\n- a\n- b\n---\nbody\n", "KB106", 2),
    (b"---\njust text\n---\nbody\n", "KB106", 2),
])
def test_structural_problems(data, code, line):
    problem = only(parse_source(data, "a.en.md"))
    assert (problem.code, problem.line) == (code, line)


def test_missing_front_matter_keeps_the_whole_body():
    source = parse_source(b"# Title\n\nText\n", "a.en.md")
    assert source.body == "# Title\n\nText\n"
    assert source.body_line == 1


def test_unclosed_front_matter_keeps_the_content_visible():
    source = parse_source(b"---\ntitle: x\n# Heading\n\nText\n", "a.en.md")
    assert "# Heading" in source.body and "Text" in source.body


def test_non_utf8_bytes_are_reported_at_their_line_and_replaced():
    data = b"---\ntitle: Caf\xe9\ndescription: d\n---\nbody\n"
    source = parse_source(data, "a.en.md")
    problem = only(source)
    assert (problem.code, problem.line, problem.column) == ("KB100", 2, 11)
    assert source.meta["title"] == "Caf\ufffd"


def test_empty_front_matter_is_an_empty_mapping():
    source = parse_source(b"---\n---\n# T\n", "a.en.md")
    assert source.meta == {} and source.diagnostics == []
    assert source.front_matter_line == 1


def test_site_pages_may_omit_front_matter():
    source = parse_source(b"# Home\n", "docs/index.en.md", front_matter=False)
    assert source.diagnostics == []


def test_non_text_key_is_reported():
    problem = only(parse_source(b"---\n123: x\ntitle: t\n---\nb\n", "a.en.md"))
    assert (problem.code, problem.line) == ("KB106", 2)


def test_wrong_types_are_kept_as_data_for_the_schema():
    source = parse_source(b"---\ntitle: [a, b]\ndescription: 2024\nrole:\n---\nb\n", "a.en.md")
    assert source.diagnostics == []
    assert source.meta == {"title": ["a", "b"], "description": 2024, "role": None}


def test_lines_count_only_newlines_whatever_yaml_breaks_on():
    """YAML also breaks lines at U+0085 and U+2028; editors and diagnostics do not."""
    data = "---\ntitle: 'a\x85b\u2028c'\ndescription: x\ndescription: y\n---\n\n# T\n".encode("utf-8")
    source = parse_source(data, "articles/x.en.md")
    assert source.key_lines == {"title": 2, "description": 3}
    duplicate = next(d for d in source.diagnostics if d.code == "KB107")
    assert (duplicate.line, duplicate.column) == (4, 1)
