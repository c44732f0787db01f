"""Rewriting the targets of the links in a Markdown body, one function for every tool that moves pages.

A target is what follows ``](`` (an inline link or image), ``]:`` at the
start of a line (a reference definition), ``href=``/``src=`` (HTML) or ``<``
in an autolink (``<https://...>``); the target includes its ``#anchor`` and
``?query``. Fenced code and inline code spans are left as written: links
there are examples. :func:`file_with_body` gives the bytes to write back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.knowledge_base import Document
from ..core.outline import prose_lines, without_code_spans

_TARGET = re.compile(
    r"(?P<lead>\]\(\s*<?|(?:href|src)\s*=\s*[\"']|^\s{0,3}\[[^\]]+\]:\s*<?|<(?=[Hh][Tt][Tt][Pp][Ss]?://))"
    r"(?P<target>[^)\s\"'<>]+)",
    re.MULTILINE,
)
_MARKS = ("](", "]:", "href", "src", "<http", "<HTTP")


class CannotRewrite(Exception):
    """A file whose links cannot be rewritten safely (``kb check`` names the problem)."""


def rewrite_targets(body: str, replace: Callable[[str], str | None]) -> tuple[str, int]:
    """``body`` with each link target that ``replace`` maps to a new one replaced, and how many were."""
    count = 0
    out = []
    for original, prose in zip(body.split("\n"), prose_lines(body)):
        if prose is None or not any(mark in prose for mark in _MARKS):
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


def file_with_body(document: Document, body: str) -> bytes:
    """The file's bytes with ``body`` in place of its body: front matter, byte order mark and line ends as they were."""
    if any(d.code == "KB100" for d in document.source.diagnostics):
        raise CannotRewrite(f"cannot rewrite {document.path}: it is not valid UTF-8 (kb check names the bytes)")
    raw = document.abs_path.read_bytes()
    text = document.source.text
    head = text[: len(text) - len(document.source.body)] if text.endswith(document.source.body) else ""
    data = (head + body).encode("utf-8")
    if b"\r\n" in raw:
        data = data.replace(b"\n", b"\r\n")
    return (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + data
