"""Block parsing that does not test processors a block cannot match gives Python-Markdown's HTML."""

import markdown
import pytest
from helpers import corpus_bodies
from kbsite.core.strings import strings
from kbsite.site.extensions.exl import ExlExtension
from kbsite.site.extensions.quick_blocks import QuickBlocksExtension
from kbsite.site.extensions.quick_inline import QuickInlineExtension
from markdown.blockprocessors import BlockProcessor

# The sample's extensions (mkdocs.yml), with the plugin's own that change the HTML.
EXTENSIONS = ["toc", "admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", "pymdownx.superfences",
              "pymdownx.highlight", "pymdownx.inlinehilite"]
DOCUMENT = """# MDVA-40399: partial invoices {#title}

Setext heading
==============

A paragraph with a [reference][ref] and 3 * 4 - 5 = 7 #hashtag | pipe > arrow.

!!! note "Note"
    Inside the admonition.

    Its second paragraph.

??? tip "Details"
    Inside the details.

>[!NOTE]
>
>An Experience League alert.

1. First
2. Second

    Indented under the list.

        code under the list

* bullet
- dash
+ plus

    indented code block

| A | B |
| --- | --- |
| 1 | 2 |

***

<div markdown="1">
*Markdown* inside HTML.
</div>

```shell
bin/magento cache:flush
```

[ref]: https://example.com/ref "Title"
"""


def converter(*extra, lang="en") -> markdown.Markdown:
    return markdown.Markdown(extensions=[*EXTENSIONS, ExlExtension(strings(lang)["exl_alerts"]), QuickInlineExtension(),
                                         *extra])


def test_the_html_is_python_markdowns():
    assert converter(QuickBlocksExtension()).convert(DOCUMENT) == converter().convert(DOCUMENT)


@pytest.mark.parametrize("text", ["plain", "a | b", "# h", "t\n===", "t\n---", "- - -", "1. one", "* one",
                                  "> q", "[a]: http://x", "    code", "!!! note\n    x", "??? note\n    x", ""])
def test_each_block_kind_alone(text):
    assert converter(QuickBlocksExtension()).convert(text) == converter().convert(text)


def test_processors_a_paragraph_cannot_match_are_not_tested(monkeypatch):
    tested = []
    for processor in converter().parser.blockprocessors:
        original = type(processor).test
        monkeypatch.setattr(type(processor), "test",
                            lambda self, parent, block, original=original: tested.append(type(self).__name__)
                            or original(self, parent, block))
    converter().convert("Plain words, no markup at all.")
    every = len(tested)
    tested.clear()
    converter(QuickBlocksExtension()).convert("Plain words, no markup at all.")
    assert every >= 12 and set(tested) == {"EmptyBlockProcessor", "ParagraphProcessor"}


class _Shout(BlockProcessor):
    """Another extension's processor under a name we know: it must still be tested."""

    def test(self, parent, block):
        return block.startswith("shout")

    def run(self, parent, blocks):
        paragraph = parent.makeelement("p", {})
        paragraph.text = blocks.pop(0).upper()
        parent.append(paragraph)


class _ShoutExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(_Shout(md.parser), "table", 75)


def test_a_processor_of_another_extension_is_always_tested():
    assert converter(_ShoutExtension(), QuickBlocksExtension()).convert("shout here") == "<p>SHOUT HERE</p>"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_corpus_article_gives_the_same_html(corpus, lang):
    quick, plain = converter(QuickBlocksExtension(), lang=lang), converter(lang=lang)
    for path, body in corpus_bodies(corpus, lang):
        assert quick.reset().convert(body) == plain.reset().convert(body), path
