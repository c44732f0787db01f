"""Rewriting EXL links for the imported tree.

EXL articles link to each other with absolute paths below the repository's
``help/`` folder (``/help/how-to/general/x.md``); in our tree that becomes
a relative link from the article's folder (``../../how-to/general/x.md``),
which the checks and the build resolve per language. A relative link that
climbs out of ``help/`` and back in (``../help/assets/x.jpg`` from
``help/overview.md``) is shortened the same way. Links to other EXL
documentation (``/docs/...``) become full Experience League addresses.
Fenced code is left as written.
"""

from __future__ import annotations

import posixpath
import re

EXL_SITE = "https://experienceleague.adobe.com"
_LEAD = r"(?P<lead>\]\(\s*<?|(?:href|src)\s*=\s*[\"']|^\s{0,3}\[[^\]]+\]:\s*<?)"
_ABSOLUTE = re.compile(_LEAD + r"(?P<path>/(?:help|docs)/[^)\s\"'<>#?]*)", re.MULTILINE)
_THROUGH_HELP = re.compile(_LEAD + r"(?P<path>(?:\.\./)+help/[^)\s\"'<>#?]*)", re.MULTILINE)
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")


def rewrite_links(body: str, folder: str) -> tuple[str, int]:
    """``body`` with its links rewritten for an article in ``folder``, and how many were."""
    rewriter = _Rewriter(folder)
    out, fence = [], None
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        else:
            line = _THROUGH_HELP.sub(rewriter.through_help, _ABSOLUTE.sub(rewriter.absolute, line))
        out.append(line)
    return "\n".join(out), rewriter.count


class _Rewriter:
    def __init__(self, folder: str):
        self.folder = folder or "."
        self.count = 0

    def absolute(self, match: re.Match) -> str:
        path = match["path"]
        if path.startswith("/docs/"):
            target = EXL_SITE + path
        else:
            target = posixpath.relpath(path[len("/help/"):] or ".", self.folder)
        self.count += 1
        return match["lead"] + target

    def through_help(self, match: re.Match) -> str:
        in_repository = posixpath.normpath(posixpath.join("help", self.folder, match["path"]))
        if not in_repository.startswith("help/"):
            return match.group(0)
        self.count += 1
        return match["lead"] + posixpath.relpath(in_repository[len("help/"):], self.folder)
