"""Inline processing that skips the patterns a text cannot match gives Python-Markdown's HTML."""

import re
from random import Random

import markdown
import pytest
from kbsite.site.extensions.exl import ExlExtension
from kbsite.site.extensions.quick_inline import LinkText, QuickInlineExtension
from markdown.inlinepatterns import InlineProcessor, LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor as InlineTreeprocessor

EXTENSIONS = ["toc", "admonition", "attr_list", "md_in_html", "tables", "pymdownx.superfences",
              "pymdownx.highlight", "pymdownx.inlinehilite"]
DOCUMENT = r"""# MDVA-40399: *partial* invoices & `code` {#title}

Text with a [link](https://example.com "title"), a [reference][ref], a [short one], an
![image](a.png) and ![reference image][ref], <https://auto.example.com>, <me@example.com>,
<span class="x">raw HTML</span>, &amp; &#169; entities, **strong**, _emphasis_, ***both***,
a line break  
here, an \*escaped\* star, `` code with ` tick ``, `#!python print(1)`, [!DNL Magento] and
[!UICONTROL Save Config], * lone star, snake_case_word, 2 * 3 = 6 and a [bracket] alone.

* item with [link](../x.md#anchor)
* item _with_ `code`

| A | B |
| --- | --- |
| [cell](c.md) | **bold** &lt;tag&gt; |

> quote with <em>html</em> and ![i](i.png)

[ref]: https://example.com/ref
[short one]: https://example.com/short
"""


def convert(text: str, *extra) -> str:
    return markdown.markdown(text, extensions=[*EXTENSIONS, ExlExtension({}), *extra])


def test_the_html_is_python_markdowns():
    assert convert(DOCUMENT, QuickInlineExtension()) == convert(DOCUMENT)


@pytest.mark.parametrize("text", ["plain words only", "a [link](x) only", "x & y", "under_score", "tick ` alone",
                                  "<b>bold</b>", "end with two spaces  \nnext", r"back\slash \[not a link]",
                                  "wow! a [link](x)", "[!NOTE] careful!", "wow!\n[link](x)", "![image](i.png)!",
                                  "one line\nnext line", "one space \nnext", "tab\t\nnext", "two spaces  \n"])
def test_each_trigger_alone(text):
    assert convert(text, QuickInlineExtension()) == convert(text)


@pytest.fixture
def tried(monkeypatch) -> list[str]:
    """The class of each inline pattern Python-Markdown tries, in turn, while the test converts."""
    names: list[str] = []
    apply = InlineTreeprocessor._InlineProcessor__applyPattern

    def spy(self, pattern, *args):
        names.append(type(pattern).__name__)
        return apply(self, pattern, *args)

    monkeypatch.setattr(InlineTreeprocessor, "_InlineProcessor__applyPattern", spy)
    return names


def test_patterns_without_their_characters_are_not_tried(tried):
    convert("Plain words, no markup at all.")
    every = len(tried)
    tried.clear()
    convert("Plain words, no markup at all.", QuickInlineExtension())
    assert every >= 15 and tried == []


def test_a_pattern_of_two_characters_is_not_tried_on_one_of_them(tried):
    """``!`` without ``[`` after it is no image; a newline without two spaces before it is no line break."""
    convert("Careful! One line\nand the next [!DNL Magento].", QuickInlineExtension())
    assert tried and not {"ImageInlineProcessor", "ImageReferenceInlineProcessor", "ShortImageReferenceInlineProcessor",
                          "SubstituteTagInlineProcessor"} & set(tried)
    tried.clear()
    convert("An ![image](i.png) and a break  \nhere.", QuickInlineExtension())
    assert {"ImageInlineProcessor", "SubstituteTagInlineProcessor"} <= set(tried)


class _Shout(InlineProcessor):
    """Another extension's pattern under a name we know: it must still be tried."""

    def handleMatch(self, match, data):
        return match.group(0).upper(), match.start(0), match.end(0)


class _ShoutExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(_Shout(r"shout", md), "entity", 70)


def test_a_pattern_of_another_extension_is_always_tried():
    html = convert("please shout here", _ShoutExtension(), QuickInlineExtension())
    assert re.search(r"please SHOUT here", html)


def test_a_links_text_ends_where_python_markdown_ends_it():
    """LinkText finds every bracket's end at once: the same text, end and answer as Python-Markdown's getText,
    after every "[" of a seeded random sample of texts of brackets (nested, unclosed, stray)."""
    reference, random = LinkInlineProcessor(r"\[", markdown.Markdown()), Random(26)
    for _ in range(3000):
        data = "".join(random.choice("[]a(") for _ in range(random.randint(0, 14)))
        mine = LinkText(LinkInlineProcessor(r"\[", markdown.Markdown()))
        for index in (match.end() for match in re.finditer(r"\[", data)):
            assert mine(data, index) == LinkInlineProcessor.getText(reference, data, index), (data, index)


def test_link_processors_take_the_quick_link_text():
    md = markdown.Markdown(extensions=[*EXTENSIONS, ExlExtension({}), QuickInlineExtension()])
    html = md.convert("A [link](a.md) and ![image](i.png), then [a [nested] one](b.md) and [unclosed.")
    assert html == convert("A [link](a.md) and ![image](i.png), then [a [nested] one](b.md) and [unclosed.")
    assert isinstance(md.inlinePatterns["link"].getText, LinkText)
    assert isinstance(md.inlinePatterns["image_link"].getText, LinkText)
