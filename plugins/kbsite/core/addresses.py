"""Addresses: where pages are published, and what kind of address a link holds.

Views build links with :class:`SiteUrls` (site-root-relative URLs); the
MkDocs plugin turns them into URLs relative to the page being rendered (an
``Href`` function). :func:`url_scheme` is the one reading of a URL scheme
for the link checks, the HTML policy and the redirects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Href = Callable[[str], str]  # site-root-relative URL -> URL relative to the page being rendered
# Browsers ignore leading spaces before a scheme (` javascript:` runs), so the reading does too.
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(target: str) -> str | None:
    """The scheme of an address, lowercased (``https``, ``mailto``, ``javascript``), or None for a path."""
    match = _SCHEME.match(target)
    return match.group(1).lower() if match else None


def is_external(target: str) -> bool:
    """Whether ``target`` leaves the site: it has a scheme or is protocol-relative (``//host/...``)."""
    return url_scheme(target) is not None or target.startswith("//")


@dataclass(frozen=True)
class SiteUrls:
    """``/key/`` in the default language, ``/fr/key/`` in French; ``""`` is the site's home."""

    default_language: str
    directory_urls: bool = True

    def page(self, key: str, lang: str) -> str:
        prefix = "" if lang == self.default_language else f"{lang}/"
        if key == "index" or key.endswith("/index"):
            return prefix + key[: -len("index")]
        return prefix + (f"{key}/" if self.directory_urls else f"{key}.html")
