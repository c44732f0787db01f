"""The render-free outline: heading ids as Python-Markdown makes them, links outside code."""

import markdown
from kbsite.core.outline import outline


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
