"""Recognising QPT patch articles: which patch, which QPT release.

The patch id comes from front matter ``patch:`` when present, else from the
title (``MDVA-40399: ...``, also ``[!DNL ACSD-47280]: ...`` and the
``ACSD 49843:`` slip seen in the real knowledge base), else, for articles
filed in a QPT release folder (``v1-1-4``), from the file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ids as they appear in patches-info.json: MDVA-40399, ACSD-51204-V2, B2B-2598...
PATCH_ID = r"[A-Z][A-Z0-9]*-[0-9]+(?:-V[0-9]+)?"
PATCH_ID_TEXT = re.compile(PATCH_ID)
MAX_ID_LENGTH = 64
_TITLE_ID = re.compile(r"^\s*['\"\u201c\u00ab]?\s*(?:\[!DNL\s+)?([A-Z][A-Z0-9]*)[- ]([0-9]+(?:-V[0-9]+)?)\]?\s*:")
_FILE_ID = re.compile(r"^([a-z][a-z0-9]*-[0-9]+(?:-v[0-9]+)?)(?:-|$)")
_QPT_FOLDER = re.compile(r"(?:^|/)v(\d+)-(\d+)-(\d+)(?:/|$)")


@dataclass(frozen=True)
class PatchReference:
    """The patch an article is about, where that was read, and the QPT release it names."""

    id: str
    origin: str  # "front matter", "title" or "file name"
    qpt_release: str | None = None  # front matter ``qpt-version``, else the ``v1-1-N`` folder as ``1.1.N``


def title_patch_id(title: str) -> str | None:
    """The patch id a title starts with (``MDVA-40399: ...``), if any."""
    match = _TITLE_ID.match(title)
    if match is None or len(match.group(1)) + len(match.group(2)) >= MAX_ID_LENGTH:
        return None
    return f"{match.group(1)}-{match.group(2)}"


def patch_reference(document) -> PatchReference | None:
    if not document.is_article:
        return None
    folder = _QPT_FOLDER.search(document.key.rpartition("/")[0])
    found = _patch_id(document, folder)
    if found is None:
        return None
    release = document.text("qpt-version") or (".".join(folder.groups()) if folder else None)
    return PatchReference(*found, qpt_release=release)


def _patch_id(document, qpt_folder) -> tuple[str, str] | None:
    """(id, where it was read): front matter, else title, else, in a QPT release folder, the file name."""
    written = document.text("patch")
    if written and len(written) <= MAX_ID_LENGTH:  # a longer one is reported by the schema (KB112)
        return written, "front matter"
    from_title = title_patch_id(document.text("title"))
    if from_title:
        return from_title, "title"
    from_file = _FILE_ID.match(document.key.rpartition("/")[2])
    if qpt_folder and from_file:
        return from_file.group(1).upper(), "file name"
    return None
