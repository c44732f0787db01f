"""Rewriting the targets of the links in a Markdown body, one function for every tool that moves pages.

A target is what follows ``](`` (an inline link or image), ``]:`` at the
start of a line (a reference definition) or ``href=``/``src=`` (HTML); the
target includes its ``#anchor`` and ``?query``. Fenced code and inline code
spans are left as written: links there are examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.outline import prose_lines, without_code_spans

_TARGET = re.compile(
    r"(?P<lead>\]\(\s*<?|(?:href|src)\s*=\s*[\"']|^\s{0,3}\[[^\]]+\]:\s*<?)(?P<target>[^)\s\"'<>]+)",
    re.MULTILINE,
)


def rewrite_targets(body: str, replace: Callable[[str], str | None]) -> tuple[str, int]:
    """``body`` with each link target that ``replace`` maps to a new one replaced, and how many were."""
    count = 0
    out = []
    for original, prose in zip(body.split("\n"), prose_lines(body)):
        if prose is None or not any(mark in prose for mark in ("](", "]:", "href", "src")):
            out.append(original)
            continue
        visible = without_code_spans(prose)  # same length: positions match the line
        pieces, end = [], 0
        for match in _TARGET.finditer(visible):
            new = replace(match["target"])
            if new is None or new == match["target"]:
                continue
            pieces += [original[end:match.start("target")], new]
            end = match.end("target")
            count += 1
        out.append("".join(pieces) + original[end:])
    return "\n".join(out), count
