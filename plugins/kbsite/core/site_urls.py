"""Where pages are published, as site-root-relative URLs.

Views build links with :class:`SiteUrls`; the MkDocs plugin turns them into
URLs relative to the page being rendered (an ``Href`` function).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Href = Callable[[str], str]  # site-root-relative URL -> URL relative to the page being rendered


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
