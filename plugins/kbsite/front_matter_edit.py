"""Changing a few front matter keys of a file in place, leaving every other line as written."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .writing import atomic_write


def set_keys(path: Path, values: dict[str, str]) -> bool:
    """Set ``key: value`` lines in the front matter of ``path``; whether the file changed.

    Existing keys are replaced on their line, new ones added before the
    closing ``---``. A file without a readable front matter block is left alone.
    """
    text = path.read_text("utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return False
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return False
    for key, value in values.items():
        line = f"{key}: {_scalar(value)}"
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        index = next((i for i in range(1, end) if pattern.match(lines[i])), None)
        if index is None:
            lines.insert(end, line)
            end += 1
        else:
            lines[index] = line
    new = "\n".join(lines)
    if new == text:
        return False
    atomic_write(path, new.encode("utf-8"))
    return True


def _scalar(value: str) -> str:
    return yaml.safe_dump(value, default_style=None).strip().removesuffix("\n...").strip()
