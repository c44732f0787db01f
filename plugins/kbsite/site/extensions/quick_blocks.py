"""Python-Markdown's block parsing, without testing processors that cannot take the block.

For every block (most are paragraphs), Python-Markdown asks each block
processor in turn whether it takes it: admonition, details, indented code,
table, headings, rule, lists, quote, reference, then paragraph. Each test is
a Python call, some of them several (a table splits the block into rows, an
admonition looks for the one before it): two thirds of the block parsing time
of the corpus. Here a processor is not tested when the block lacks what its
test looks for (``|`` for a table, ``#`` for a heading, four spaces of
indentation for indented code), which is exactly what testing it would have
found: on the 3,956 corpus articles the HTML is identical.

As :mod:`~kbsite.site.extensions.quick_inline` does for inline patterns,
only processors known by name *and* by the module of their class are
skipped; any other one is always tested.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown import Extension, Markdown, util
from markdown.blockparser import BlockParser

Need = Callable[[str, str], bool]  # (block, one indentation) -> whether the processor may take the block


def _indented(block: str, indent: str) -> bool:
    return block.startswith(indent)


# (name, module of its class) -> what a block needs for the processor's test to take it. Admonitions and
# details also take an indented block that continues the one before; indentation is spaces by now.
NEEDS: dict[tuple[str, str], Need] = {
    ("admonition", "markdown.extensions.admonition"): lambda block, indent: "!!!" in block or block.startswith(indent),
    ("details", "pymdownx.details"): lambda block, indent: "???" in block or block.startswith(indent),
    ("markdown_block", "markdown.extensions.md_in_html"): lambda block, indent: util.STX in block,
    ("indent", "markdown.blockprocessors"): _indented,
    ("code", "markdown.blockprocessors"): _indented,
    ("code", "pymdownx.superfences"): _indented,
    ("table", "markdown.extensions.tables"): lambda block, indent: "|" in block,
    ("hashheader", "markdown.blockprocessors"): lambda block, indent: "#" in block,
    ("setextheader", "markdown.blockprocessors"): lambda block, indent: "\n" in block and ("=" in block or "-" in block),
    ("hr", "markdown.blockprocessors"): lambda block, indent: "-" in block or "*" in block or "_" in block,
    ("olist", "markdown.blockprocessors"): lambda block, indent: block.lstrip(" ")[:1].isdigit(),
    ("ulist", "markdown.blockprocessors"): lambda block, indent: block.lstrip(" ")[:1] in ("*", "+", "-"),
    ("quote", "markdown.blockprocessors"): lambda block, indent: ">" in block,
    ("reference", "markdown.blockprocessors"): lambda block, indent: "]:" in block,
}


class _QuickParse:
    """Python-Markdown's ``BlockParser.parseBlocks`` for one parser, not testing the processors a block cannot match.

    The processors and what each needs are listed on the first call (every
    extension has registered its own by then) and again only if their number
    changes: Python-Markdown calls this again for each nested block.
    """

    def __init__(self, parser: BlockParser):
        self.parser = parser
        self.indent = " " * parser.md.tab_length
        self.processors: list[tuple] = []

    def __call__(self, parent, blocks: list[str]) -> None:
        registry = self.parser.blockprocessors
        if len(self.processors) != len(registry):
            known = {id(registry[name]): need for (name, module), need in NEEDS.items()
                     if name in registry and type(registry[name]).__module__ == module}
            self.processors = [(processor, known.get(id(processor))) for processor in registry]
        indent = self.indent
        while blocks:
            block = blocks[0]
            for processor, need in self.processors:
                if need is not None and not need(block, indent):
                    continue
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break


class QuickBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        parser = md.parser
        if type(parser) is BlockParser and type(parser).parseBlocks is _PYTHON_MARKDOWNS:
            parser.parseBlocks = _QuickParse(parser)


_PYTHON_MARKDOWNS = BlockParser.parseBlocks
