"""Template parts rendered once per language build instead of once per page."""

from __future__ import annotations


class RenderedOnce:
    """``{% call kb_once("search", base_url) %}…{% endcall %}``: the block's HTML, made the first time its key is seen.

    For the parts of every page whose HTML depends on nothing but the
    language and what the key names (``base_url``: how deep the page is, which
    its relative links depend on): the header's search dialog and logo were
    rendered again for each of a language's thousand pages.
    """

    def __init__(self):
        self._parts: dict[tuple, str] = {}

    def __call__(self, *key, caller) -> str:
        if key not in self._parts:
            self._parts[key] = caller()
        return self._parts[key]
