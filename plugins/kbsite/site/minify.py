"""Whitespace between tags, collapsed: Material's indented templates made a
tenth of every page. A run of whitespace between two tags becomes one
newline (or one space), which browsers render the same way; ``pre``,
``textarea``, ``script`` and ``style`` are left as written."""

from __future__ import annotations

import re

_PROTECTED = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
# Two passes with fixed replacements: a function called per match was most of the time.
_RUN_WITH_NEWLINE = re.compile(r">[^\S\n]*\n\s*<")
_RUN_WITHOUT_NEWLINE = re.compile(r">[^\S\n]+<")


def _squeeze(text: str) -> str:
    return _RUN_WITHOUT_NEWLINE.sub("> <", _RUN_WITH_NEWLINE.sub(">\n<", text))


def collapse_whitespace(html: str) -> str:
    out, cursor = [], 0
    for protected in _PROTECTED.finditer(html):
        out.append(_squeeze(html[cursor: protected.start()]))
        out.append(protected.group(0))
        cursor = protected.end()
    out.append(_squeeze(html[cursor:]))
    return "".join(out)
