"""Small text helpers the layers share: comparing texts, shortening them for messages, spotting markup, hashing,
reading YAML."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

import yaml

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is optional in PyYAML

# Markup in a text that readers see as text (titles, descriptions, section titles).
MARKUP = re.compile(r"<[A-Za-z/!][^>]*>|javascript:|data:text/html", re.I)
_SPACE = re.compile(r"\s+")
# Experience League's inline markers: "do not localize" and user-interface labels.
_EXL_INLINE = re.compile(r"\[!(?:DNL|UICONTROL)\s+([^\]]*)\]")


def exl_text(text: str) -> str:
    """``text`` as readers see it: EXL's ``[!DNL Adobe Commerce]``, ``[!UICONTROL Save]`` are their words."""
    return _EXL_INLINE.sub(r"\1", text) if "[!" in text else text


def comparable(text: str) -> str:
    """The same words whatever their case, spacing, Unicode form or apostrophe (’ or ')."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    return _SPACE.sub(" ", text).strip().casefold()


# Pairs a whole title may be wrapped in: most Japanese titles of the real knowledge base are 「...」.
_WRAPPERS = {"\u300c": "\u300d", "\u300e": "\u300f", "\u201c": "\u201d", "\u00ab": "\u00bb", '"': '"', "'": "'"}


def unwrapped(text: str) -> str:
    """``text`` without a pair of quotes or corner brackets around all of it (``「MDVA-40399：…」``)."""
    text = text.strip()
    closing = _WRAPPERS.get(text[:1])
    if closing and len(text) > 1 and text.endswith(closing) and closing not in text[1:-1]:
        return text[1:-1].strip()
    return text


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


def short_digest(value) -> str:
    """A 32-digit digest of ``value`` (text, or data JSON can write: lists, dicts, numbers): what the build
    environment compares to tell whether what an output is made from changed."""
    data = value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False,
                                                           separators=(",", ":"), default=str)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).hexdigest()


def plural(count: int, word: str) -> str:
    """``1 error``, ``1,509 warnings``: a count for people, with its word."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def load_yaml(text: str):
    """The data of a YAML text, read by libyaml when PyYAML has it (many times faster than its Python reader)."""
    return yaml.load(text, Loader=YAML_LOADER)
