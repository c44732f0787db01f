"""Patch ids as the QPT metadata writes them, and as article titles give them."""

from __future__ import annotations

import re

# Ids as they appear in patches-info.json: MDVA-40399, ACSD-51204-V2, B2B-2598...
PATCH_ID = r"[A-Z][A-Z0-9]*-[0-9]+(?:-V[0-9]+)?"
PATCH_ID_TEXT = re.compile(PATCH_ID)
MAX_ID_LENGTH = 64
# ``MDVA-40399: ...``, also ``[!DNL ACSD-47280]: ...`` and the ``ACSD 49843:`` slip of the real knowledge base.
_TITLE_ID = re.compile(r"^\s*['\"\u201c\u00ab]?\s*(?:\[!DNL\s+)?([A-Z][A-Z0-9]*)[- ]([0-9]+(?:-V[0-9]+)?)\]?\s*:")


def title_patch_id(title: str) -> str | None:
    """The patch id a title starts with (``MDVA-40399: ...``), if any."""
    match = _TITLE_ID.match(title)
    if match is None or len(match.group(1)) + len(match.group(2)) >= MAX_ID_LENGTH:
        return None
    return f"{match.group(1)}-{match.group(2)}"
