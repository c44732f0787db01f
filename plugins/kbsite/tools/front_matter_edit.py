"""Changing a few front matter keys of a file in place, leaving every other line as written."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..core.source import parse_source
from .files import atomic_write

_BOM = b"\xef\xbb\xbf"


class UnreadableFrontMatter(Exception):
    """The file has no front matter block that can be edited safely (``kb check`` tells why)."""


def set_keys(path: Path, values: dict[str, str]) -> bool:
    """Set ``key: value`` in the front matter of ``path``; whether the file changed.

    The block is found by the same reader as everywhere else (so a byte order
    mark or Windows line ends are no obstacle, and are kept). An existing key
    is replaced together with the indented lines that continue its value; a
    new one is added before the closing ``---``. Raises
    :class:`UnreadableFrontMatter` rather than guess where the block is, or
    rewrite bytes that are not UTF-8.
    """
    data = path.read_bytes()
    source = parse_source(data, path.name)
    if not source.meta_readable or any(d.code == "KB100" for d in source.diagnostics):
        raise UnreadableFrontMatter(f"{path}: its front matter cannot be read")
    lines = source.text.split("\n")
    closing = source.body_line - 2  # index of the closing ---
    lines[1:closing] = _edited_block(lines[1:closing], {k: line - 2 for k, line in source.key_lines.items()}, values)
    newline = "\r\n" if b"\r\n" in data else "\n"
    new = (_BOM if data.startswith(_BOM) else b"") + newline.join(lines).encode("utf-8")
    if new == data:
        return False
    atomic_write(path, new)
    return True


def _edited_block(block: list[str], starts: dict[str, int], values: dict[str, str]) -> list[str]:
    """``block`` (the lines between the delimiters, key -> index in ``starts``) with ``values`` set."""
    replaced = {starts[key]: key for key in values if key in starts}
    edited, index = [], 0
    while index < len(block):
        key = replaced.get(index)
        if key is None:
            edited.append(block[index])
            index += 1
        else:
            edited.append(f"{key}: {_scalar(values[key])}")
            index = _value_end(block, index)
    return edited + [f"{key}: {_scalar(value)}" for key, value in values.items() if key not in starts]


def _value_end(block: list[str], start: int) -> int:
    """Index after the last line of the value that starts on ``block[start]`` (its indented continuation)."""
    end = start + 1
    while end < len(block) and (block[end][:1] in (" ", "\t") or not block[end].strip()):
        end += 1
    while end > start + 1 and not block[end - 1].strip():
        end -= 1
    return end


def _scalar(value: str) -> str:
    return yaml.safe_dump(value, default_style=None).strip().removesuffix("\n...").strip()
