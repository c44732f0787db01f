"""Safe writes for tools that create or update files in the knowledge base.

Writes are atomic (a temporary file in the same folder, then a rename), so an
interrupted run leaves either the old file or the new one, never half of it.
A manifest records what a tool last wrote to each path; a file whose content
no longer matches was changed by someone since, and is only overwritten when
the caller says so (``--force``).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.text import digest

CREATED, UPDATED, UNCHANGED, KEPT = "created", "updated", "unchanged", "kept local change"


def atomic_write(path: Path, data: bytes) -> None:
    temporary = _temporary_copy(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise


def create_together(files: dict[Path, bytes]) -> None:
    """Create new files all or none: an interruption removes the ones already placed."""
    temporaries = {}
    placed = []
    try:
        for path, data in files.items():
            temporaries[path] = _temporary_copy(path, data)
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
            placed.append(path)
    except BaseException:
        for path in placed:
            _remove(path)
        for temporary in temporaries.values():
            _remove(temporary)
        raise


def _temporary_copy(path: Path, data: bytes) -> str:
    """``data`` in a synced temporary file next to ``path``, ready to be renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or a new file's as ``open`` gives them (mkstemp's are owner-only)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once: setting it to read it is not safe while other threads create files


def _remove(path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


@dataclass
class Manifest:
    """``path -> digest`` of what a tool last wrote, kept in ``file`` (JSON)."""

    file: Path
    written: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, file: Path) -> Manifest:
        try:
            data = json.loads(file.read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        return cls(file, {str(k): str(v) for k, v in data.get("files", {}).items()} if isinstance(data, dict) else {})

    def save(self) -> None:
        text = json.dumps({"files": dict(sorted(self.written.items()))}, indent=1) + "\n"
        atomic_write(self.file, text.encode("utf-8"))


def plan_write(path: Path, data: bytes, manifest: Manifest, key: str, force: bool) -> str:
    """What writing ``data`` to ``path`` would do: created, updated, unchanged or kept."""
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        return CREATED
    if current == data:
        return UNCHANGED
    if force or manifest.written.get(key) == digest(current):
        return UPDATED
    return KEPT


def write_planned(path: Path, data: bytes, manifest: Manifest, key: str, action: str) -> None:
    if action in (CREATED, UPDATED):
        atomic_write(path, data)
    if action != KEPT:
        manifest.written[key] = digest(data)
