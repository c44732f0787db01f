"""What a page built again for its navigation alone takes from the last build: its table of contents as MkDocs
made it from the Markdown."""

from __future__ import annotations

import markdown
from mkdocs.structure.toc import get_toc
from kbsite.mkdocs_plugin.reuse import toc_tokens

TEXT = """# Partial invoices

## Cause <em>here</em>

### The *API* call

## Solution {#fix}

### Apply the patch

#### With QPT
"""


def outline(toc) -> list:
    return [(link.title, link.id, link.level, getattr(link, "active", False), outline(link.children)) for link in toc]


def test_a_table_of_contents_comes_back_as_mkdocs_made_it():
    converter = markdown.Markdown(extensions=["toc", "attr_list"])
    converter.convert(TEXT)
    made = get_toc(converter.toc_tokens)
    again = get_toc(toc_tokens(made))
    assert outline(again) == outline(made)
    title, = made
    assert [(link.title, link.id) for link in title.children] == [("Cause here", "cause-here"), ("Solution", "fix")]
    assert title.children[1].children[0].children[0].level == 4 and title.active
