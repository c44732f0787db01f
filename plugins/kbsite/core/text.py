"""Small text helpers the layers share: comparing texts, shortening them for messages, spotting markup, hashing."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Markup in a text that readers see as text (titles, descriptions, section titles).
MARKUP = re.compile(r"<[A-Za-z/!][^>]*>|javascript:|data:text/html", re.I)
_SPACE = re.compile(r"\s+")


def comparable(text: str) -> str:
    """The same words whatever their case, spacing, Unicode form or apostrophe (’ or ')."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    return _SPACE.sub(" ", text).strip().casefold()


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis showing the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markup_in(text) -> str | None:
    """The first piece of markup in ``text`` (shortened for a message), if it is a text that has one."""
    found = MARKUP.search(text) if isinstance(text, str) else None
    return repr(found.group(0)[:40]) if found else None


def digest(data: bytes) -> str:
    """``sha256:<hex>``: how tools and translations record what a file or a source held."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def plural(count: int, word: str) -> str:
    """``1 error``, ``1,509 warnings``: a count for people, with its word."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"
