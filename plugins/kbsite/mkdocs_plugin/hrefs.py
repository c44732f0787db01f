"""Links from the page being rendered to site-root-relative URLs."""

from __future__ import annotations

from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from ..core.addresses import Href


def page_href(page: Page) -> Href:
    """Site-root-relative URL (with an optional #fragment) -> URL relative to ``page``.

    The fragment is kept out of MkDocs' path arithmetic; ``""`` is the site's home.
    """

    def href(url: str) -> str:
        path, hash_mark, fragment = url.partition("#")
        return normalize_url(path, page) + hash_mark + fragment

    return href


def page_folder(url: str) -> list[str]:
    """The folder relative links from the page at ``url`` start from (MkDocs' ``get_relative_url``)."""
    folder, _, name = url.rpartition("/")
    return [part for part in (folder if "." in name else url).split("/") if part]
