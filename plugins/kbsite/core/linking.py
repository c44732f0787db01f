"""Resolving a link written in a document against the site tree.

Writers link language-neutrally (``../how-to/flush-cache.md``); a reader of
French gets ``flush-cache.fr.md`` and falls back to the default language,
like ``mkdocs-static-i18n`` does when it builds the site. An explicit suffix
(``flush-cache.fr.md``) asks for that language.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from .addresses import is_external
from .knowledge_base import LANG_SUFFIX, Document, KnowledgeBase


@dataclass(frozen=True)
class Resolved:
    """Where a link leads.

    ``kind`` is one of ``external``, ``page``, ``asset``, ``outside`` (leaves
    the site tree) or ``missing``; ``document`` is the page a reader gets,
    ``candidates`` the files looked for when it is missing (for an asset: the
    file found).
    """

    kind: str
    anchor: str = ""
    document: Document | None = None
    candidates: tuple[str, ...] = ()


def resolve(kb: KnowledgeBase, document: Document, target: str, lang: str | None = None) -> Resolved:
    """Where ``target``, written in ``document``, leads a reader of ``lang`` (``document``'s language unless told)."""
    lang = lang or document.lang
    if is_external(target):
        return Resolved("external")
    path, _, anchor = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return Resolved("page", anchor, document)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(document.site_path), path)
    site_path = posixpath.normpath(joined)
    if site_path == ".." or site_path.startswith("../"):
        return Resolved("outside", anchor)
    if site_path.endswith(".md"):
        return _page(kb, site_path, anchor, lang)
    if path.endswith("/") or "." not in posixpath.basename(site_path):
        return _directory(kb, site_path, anchor, lang)
    return _asset(kb, site_path, anchor, lang)


def _page(kb: KnowledgeBase, site_path: str, anchor: str, lang: str) -> Resolved:
    stem = site_path[: -len(".md")]
    match = LANG_SUFFIX.match(stem)
    if match and match["lang"] in kb.settings.languages:
        stem, lang = match["stem"], match["lang"]
    found = kb.document(stem, lang)
    if found is None:
        candidates = (f"{stem}.{lang}.md", f"{stem}.{kb.settings.default_language}.md")
        return Resolved("missing", anchor, candidates=tuple(dict.fromkeys(candidates)))
    return Resolved("page", anchor, found)


def _directory(kb: KnowledgeBase, site_path: str, anchor: str, lang: str) -> Resolved:
    stem = "" if site_path == "." else site_path
    for key in (stem, posixpath.join(stem, "index") if stem else "index"):
        found = kb.document(key, lang)
        if found is not None:
            return Resolved("page", anchor, found)
    return Resolved("missing", anchor, candidates=(f"{stem}.md",))


def _asset(kb: KnowledgeBase, site_path: str, anchor: str, lang: str) -> Resolved:
    stem, dot, extension = site_path.rpartition(".")
    candidates = (f"{stem}.{lang}.{extension}", f"{stem}.{kb.settings.default_language}.{extension}", site_path)
    for candidate in candidates:
        if candidate in kb.assets:
            return Resolved("asset", anchor, candidates=(candidate,))
    return Resolved("missing", anchor, candidates=(site_path,))
