"""``kb fix-redirects``: point every link that the last external check found permanently redirected at its new address.

It reads what ``kb check --external`` stored in the link cache: the
addresses whose leading redirects are permanent (301, 308) and lead to a
page that is there, and a digest of each file as the check read it. Links
are rewritten in every language's articles and site pages with the same
rewriting as ``kb mv`` (:mod:`.link_targets`: code left as written, the
``#fragment`` kept), each file written atomically (:mod:`.files`). A file
changed since the check is not touched: the check must see it first.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from ..core.addresses import url_scheme
from ..core.external_links import CHECKED_SCHEMES, UrlResult, split_fragment
from ..core.knowledge_base import Document, KnowledgeBase
from ..core.text import digest
from ..external.cache import LinkCache
from .files import atomic_write
from .link_targets import file_with_body, rewrite_targets


@dataclass
class RedirectFixes:
    edits: list[tuple[Document, bytes, int]] = field(default_factory=list)  # file, its new bytes, links rewritten
    refused: list[str] = field(default_factory=list)  # files changed since the check (project-relative)
    checked: bool = True  # False: no external check has been recorded


def plan_redirect_fixes(kb: KnowledgeBase, cache: LinkCache) -> RedirectFixes:
    """What rewriting the permanently redirected links of ``kb`` would change, from the cache's last check."""
    recorded = cache.file_digests()
    fixes = RedirectFixes(checked=bool(recorded))
    moved = cache.moved()
    if not moved:
        return fixes
    for document in kb.documents:
        if document.generated:
            continue
        body, count = rewrite_targets(document.source.body, lambda target: _new_target(target, moved))
        if not count:
            continue
        if recorded.get(document.path) != digest(document.source.text.encode("utf-8")):
            fixes.refused.append(document.path)
            continue
        fixes.edits.append((document, file_with_body(document, body), count))
    return fixes


def apply_redirect_fixes(fixes: RedirectFixes, cache: LinkCache) -> None:
    """Write each edit atomically; the cache then knows the files as they are now (a second run changes nothing)."""
    for document, data, _ in fixes.edits:
        atomic_write(Path(document.abs_path), data)
    cache.record_files({document.path: digest(_text(data)) for document, data, _ in fixes.edits})


def _text(data: bytes) -> bytes:
    """The bytes as a loaded source's text: no byte order mark, line ends as \\n (what the check digests)."""
    return data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _new_target(target: str, moved: dict[str, UrlResult]) -> str | None:
    if url_scheme(target) not in CHECKED_SCHEMES:
        return None
    result = moved.get(split_fragment(html.unescape(target))[0])
    if result is None:
        return None
    _, hash_mark, fragment = target.partition("#")
    new = result.moved_to.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    if "&amp;" in target:
        new = new.replace("&", "&amp;")
    return new + (hash_mark + fragment if hash_mark and "#" not in new else "")
