"""Patch ids as the QPT metadata writes them, and as article titles give them."""

from __future__ import annotations

import re

# Ids as they appear in patches-info.json: MDVA-40399, ACSD-51204-V2, B2B-2598...
PATCH_ID = r"[A-Z][A-Z0-9]*-[0-9]+(?:-V[0-9]+)?"
PATCH_ID_TEXT = re.compile(PATCH_ID)
MAX_ID_LENGTH = 64
# ``MDVA-40399: ...`` in every language's punctuation: ``MDVA-40399 : ...`` (fr), ``「MDVA-40399：...」`` (ja,
# full-width colon inside corner brackets), quotes or brackets around the whole title; also
# ``[!DNL ACSD-47280]: ...`` and the ``ACSD 49843:`` slip of the real knowledge base.
_OPENING = "'\"\u2018\u201c\u201e\u00ab\u300c\u300e\u3010\uff08([\u2039"  # quotes, 「『【（( [ ‹
_CLOSING = "]\u3011\u300d\u300f\uff09)"  # ] 】 」 』 ） )
_TITLE_ID = re.compile(
    rf"^\s*[{re.escape(_OPENING)}]?\s*(?:\[!DNL\s+)?([A-Z][A-Z0-9]*)[- ]([0-9]+(?:-V[0-9]+)?)"
    rf"[{re.escape(_CLOSING)}]?\s*[:\uff1a\ufe55]")


def title_patch_id(title: str) -> str | None:
    """The patch id a title starts with (``MDVA-40399: ...``), if any."""
    match = _TITLE_ID.match(title)
    if match is None or len(match.group(1)) + len(match.group(2)) >= MAX_ID_LENGTH:
        return None
    return f"{match.group(1)}-{match.group(2)}"
