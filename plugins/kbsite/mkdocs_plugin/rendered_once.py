"""Template parts rendered once per language build instead of once per page."""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import pass_context
from jinja2.runtime import Context

from .hrefs import page_folder


class RenderedOnce:
    """``{% call kb_once("search") %}…{% endcall %}`` (the template global is :meth:`template_global`): the
    part's HTML, made for the first page that needs it and reused for the others.

    For the parts of every page whose HTML depends on nothing but the
    language and the relative links from the page to the site's root, its
    static files (theme assets, styles, scripts) or the search bundle: the
    head's styles, the scripts, the search dialog, the logo were rendered
    again for each of a language's thousand pages. A relative link depends
    on how deep the page is and on how much of its folder it shares with the
    target's, so pages share a part when they are as deep and lie in the same
    deepest folder that holds static files (``fr/`` for every French page):
    exactly the pages for which MkDocs' ``url`` filter gives every such link
    the same value.
    """

    def __init__(self, targets: Iterable[str]):
        """``targets``: the site-root-relative paths of the static files and folders the parts may link to."""
        self._parts: dict[tuple, str] = {}
        self._folders = {tuple(folder[:end])  # every folder, and each folder above it, that holds a target
                         for path in targets
                         for folder in [path.split("/")[:-1]]
                         for end in range(1, len(folder) + 1)}

    def template_global(self):
        """``kb_once`` for the templates: a function Jinja calls with the template's context."""
        return pass_context(lambda context, name, *, caller: self.render(context, name, caller))

    def render(self, context: Context, name: str, caller) -> str:
        key = (name, *self._where(context))
        if key not in self._parts:
            self._parts[key] = caller()
        return self._parts[key]

    def _where(self, context: Context) -> tuple:
        page = context.get("page")
        if page is None or page.url is None:  # a page of the theme's own (404.html): links from base_url
            return ("base", context.get("base_url"))
        folder = page_folder(page.url)
        shared = next((end for end in range(len(folder), 0, -1) if tuple(folder[:end]) in self._folders), 0)
        return len(folder), tuple(folder[:shared])
