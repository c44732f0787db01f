"""The render-free outline: heading ids as Python-Markdown makes them, links outside code."""

import markdown
from hypothesis import given
from hypothesis import strategies as st
from kbsite.core.outline import MAX_NESTING, may_nest_too_deeply, outline, prose_lines, prose_text


def rendered_ids(text):
    md = markdown.Markdown(extensions=["toc", "attr_list", "fenced_code"])
    md.convert(text)
    ids = []

    def walk(tokens):
        for token in tokens:
            ids.append(token["id"])
            walk(token["children"])

    walk(md.toc_tokens)
    return ids


BODY = """# Title

## Produits et versions concernés

## Issue

## Issue

Setext heading
--------------

## Custom { #my-id }

## **Bold** and `code` and [link](x.md)

```bash
# not a heading
[not a link](nowhere.md)
```

Text with `[code](not-a-link.md)` and a [real link](../a/b.md#anchor "title").
![Alt](assets/pic.png) and [ref link][r] and <a href="raw.md">raw</a>.

[r]: ref-target.md
"""


def test_heading_ids_match_python_markdown():
    assert [h.anchor for h in outline(BODY).headings] == rendered_ids(BODY)


def test_heading_lines_and_levels():
    found = outline(BODY, first_line=10)
    assert [(h.level, h.line) for h in found.headings][:3] == [(1, 10), (2, 12), (2, 14)]
    assert found.h1.text == "Title"


def test_links_outside_code_with_positions():
    found = outline(BODY)
    assert [(l.target, l.is_image) for l in found.links] == [
        ("x.md", False),
        ("../a/b.md#anchor", False),
        ("assets/pic.png", True),
        ("raw.md", False),
        ("ref-target.md", False),
    ]
    first = found.links[1]
    assert (first.line, first.column) == (21, 41)


def test_tilde_fences_and_nested_brackets():
    text = "~~~\n# no\n~~~\n\n[[!DNL Quality Patches Tool]: Search](https://x.example/q)\n"
    found = outline(text)
    assert found.headings == []
    assert [l.target for l in found.links] == ["https://x.example/q"]


@given(st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["> ", ">", " ", "\t", "    ", "\u3000"]),
                          st.sampled_from(["* item", "1. item", "text", "> quote", ""])), max_size=5))
def test_a_body_nested_too_deeply_is_always_caught_by_the_quick_search(lines):
    body = "\n".join(marker * count + rest for count, marker, rest in lines)
    if outline(body).deepest[0] > MAX_NESTING:
        assert may_nest_too_deeply(body)


def test_a_body_nested_as_deep_as_allowed_is_not_suspected():
    assert not may_nest_too_deeply("\n".join(["> " * MAX_NESTING + "x", " " * MAX_NESTING + "* x", "plain"]))
    assert may_nest_too_deeply("> " * (MAX_NESTING + 1) + "x")


# Lines of Markdown with fences of both kinds, open and closed, quoted, with info strings and indents.
markdown_lines = st.lists(st.sampled_from([
    "", "text", "# Heading", "```", "```bash", "````", "~~~", "~~~ yaml", "> ```", "   ```", "    ```",
    "code = 1", "```` ```", "> quoted", "\t~~~",
]), max_size=30).map("\n".join)


@given(markdown_lines)
def test_prose_text_is_the_prose_lines_joined(body):
    """prose_text searches for fences instead of reading every line: the same text as prose_lines gives."""
    assert prose_text(body) == "\n".join(line for line in prose_lines(body) if line is not None)
