"""The toc extension without its HTML table on pages that have no marker: the page is Python-Markdown's."""

import markdown
import pytest
from helpers import corpus_bodies
from kbsite.site.extensions.quick_toc import QuickTocExtension
from markdown.extensions.toc import TocExtension, TocTreeprocessor

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.superfences"]
HEADINGS = """# MDVA-40399: partial invoices

## Affected products and versions

Text with a [link](https://example.com) and `code`.

## Issue {#issue data-toc-label="The *issue*"}

### Steps to reproduce

## Issue

<div markdown="1">
## Heading inside HTML
</div>
"""


def converter(*extra) -> markdown.Markdown:
    return markdown.Markdown(extensions=[TocExtension(permalink=True), *EXTENSIONS, *extra])


def convert(text: str, *extra) -> tuple[str, list, str]:
    md = converter(*extra)
    return md.convert(text), md.toc_tokens, md.toc


@pytest.mark.parametrize("text", [HEADINGS, "", "No heading at all.", HEADINGS + "\n[TOC]\n",
                                  "[TOC]\n\n" + HEADINGS, HEADINGS + "\n```\n[TOC]\n```\n", HEADINGS + "\n    [TOC]\n",
                                  HEADINGS + "\n* [TOC]\n", HEADINGS + "\nAbout [TOC] markers.\n"])
def test_the_page_and_its_headings_are_python_markdowns(text):
    quick_html, quick_tokens, _ = convert(text, QuickTocExtension())
    html, tokens, _ = convert(text)
    assert quick_html == html and quick_tokens == tokens


def test_a_marker_still_becomes_the_table():
    html, _, toc = convert(HEADINGS + "\n[TOC]\n", QuickTocExtension())
    assert '<div class="toc">' in html and "[TOC]" not in html
    assert toc == convert(HEADINGS + "\n[TOC]\n")[2] and 'href="#steps-to-reproduce"' in toc


def test_without_a_marker_the_unread_table_is_empty():
    assert convert(HEADINGS, QuickTocExtension())[2] == '<div class="toc"></div>'


def test_a_marker_on_one_page_does_not_leave_the_next_without_its_html():
    md = converter(QuickTocExtension())
    first = md.convert(HEADINGS + "\n[TOC]\n")
    md.reset()
    second = md.convert(HEADINGS)
    md.reset()
    assert md.convert(HEADINGS + "\n[TOC]\n") == first and second == converter().convert(HEADINGS)


class _OwnToc(TocTreeprocessor):
    """Another extension's table of contents: left as it is."""


class _OwnTocExtension(TocExtension):
    TreeProcessorClass = _OwnToc


def test_another_table_of_contents_is_left_alone():
    md = markdown.Markdown(extensions=[_OwnTocExtension(), QuickTocExtension()])
    md.convert(HEADINGS)
    assert "Steps to reproduce" in md.toc


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_corpus_article_gives_the_same_page_and_headings(corpus, lang):
    quick, plain = converter(QuickTocExtension()), converter()
    for path, body in corpus_bodies(corpus, lang):
        assert quick.reset().convert(body) == plain.reset().convert(body), path
        assert quick.toc_tokens == plain.toc_tokens, path
