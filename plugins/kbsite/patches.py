"""Recognising QPT patch articles and patch ids in text."""

from __future__ import annotations

import re

# Ids as they appear in patches-info.json: MDVA-40399, ACSD-51204-V2, B2B-2598...
PATCH_ID = r"[A-Z][A-Z0-9]*-[0-9]+(?:-V[0-9]+)?"
_TITLE_ID = re.compile(rf"^\s*(?:\[!DNL\s+)?({PATCH_ID})\]?\s*:")


def title_patch_id(title: str) -> str | None:
    """The patch id a title starts with (``MDVA-40399: ...``), if any."""
    match = _TITLE_ID.match(title)
    return match.group(1) if match else None
