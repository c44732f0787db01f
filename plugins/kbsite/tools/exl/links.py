"""Rewriting EXL links for the imported tree.

EXL articles link to each other with absolute paths below the repository's
``help/`` folder (``/help/how-to/general/x.md``); in our tree that becomes
a relative link from the article's folder (``../../how-to/general/x.md``),
which the checks and the build resolve per language. A relative link that
climbs out of ``help/`` and back in (``../help/assets/x.jpg`` from
``help/overview.md``) is shortened the same way. Links to other EXL
documentation (``/docs/...``) become full Experience League addresses.
Code is left as written.
"""

from __future__ import annotations

import posixpath
import re

from ..link_targets import rewrite_targets

EXL_SITE = "https://experienceleague.adobe.com"
_THROUGH_HELP = re.compile(r"^(?:\.\./)+help/")
_PATH_END = re.compile(r"[#?]")


def rewrite_links(body: str, folder: str) -> tuple[str, int]:
    """``body`` with its links rewritten for an article in ``folder``, and how many were."""
    return rewrite_targets(body, lambda target: _rewritten(target, folder or "."))


def _rewritten(target: str, folder: str) -> str | None:
    end = _PATH_END.search(target)
    path, rest = (target[: end.start()], target[end.start():]) if end else (target, "")
    if path.startswith("/docs/"):
        return EXL_SITE + path + rest
    if path.startswith("/help/") or path == "/help":
        return posixpath.relpath(path[len("/help/"):] or ".", folder) + rest
    if _THROUGH_HELP.match(path):
        in_repository = posixpath.normpath(posixpath.join("help", folder, path))
        if in_repository.startswith("help/"):
            return posixpath.relpath(in_repository[len("help/"):], folder) + rest
    return None
