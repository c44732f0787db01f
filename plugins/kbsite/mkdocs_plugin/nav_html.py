"""Material's primary navigation and table of contents, rendered in Python.

On a 2,000-page knowledge base, rendering Material's ``nav-item.html``
macros for every page was the largest cost of the build, and their
indentation made the navigation three quarters of every page's bytes. This
renders the same markup (classes, ids, toggles: Material's CSS and JavaScript
rely on them) for ``navigation.prune`` with or without ``navigation.sections``
and ``navigation.indexes``. With other navigation features the plugin leaves
Material's templates in charge (:func:`supports`).
"""

from __future__ import annotations

import json
import os.path

from markupsafe import Markup, escape
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import normalize_url

from .hrefs import page_folder

_ICON = '<span class="md-nav__icon md-icon"></span>'
UNSUPPORTED = {"navigation.tabs", "navigation.expand", "toc.integrate"}


def supports(features: list[str]) -> bool:
    return not UNSUPPORTED.intersection(features) and "navigation.prune" in features


class NavRenderer:
    def __init__(self, features: list[str], toc_title: str, max_items: int = 0, show_all: str = "{count}"):
        self.indexes = "navigation.indexes" in features
        self.sections = "navigation.sections" in features
        self.toc_title = toc_title
        self.max_items = max_items
        self.show_all = show_all
        self.titles: dict[str, str] = {}
        self._folders: dict[int, list[str]] = {}  # id(item) -> the URL parts its pages all start with
        self._rendered: dict[tuple, str] = {}  # an item not on the page's path, as seen from where
        self._page_folder: list[str] = []  # page_folder() of the page being rendered

    def items(self, nav: Navigation, page: Page | None, toc_html: str, titles: dict[str, str]) -> str:
        """The ``<li>`` items of the primary navigation, as seen from ``page``.

        ``titles`` (source path -> title) names pages that were not read in
        this build (``mkdocs serve --dirty``), which MkDocs leaves untitled.
        """
        self.titles = titles
        self._page_folder = page_folder(page.url) if page is not None else []
        out: list[str] = []
        numbered = list(enumerate(nav.items, start=1))
        shown = self._window(numbered)
        for index, item in shown:
            self._item(out, item, f"__nav_{index}", 1, page, toc_html)
        if len(shown) < len(numbered) and nav.homepage is not None:
            self._show_all(out, nav.homepage, len(numbered), page)
        return "".join(out)

    def toc(self, page: Page | None) -> str:
        """Material's ``partials/toc.html`` for ``page``."""
        entries = _toc_entries(page.toc if page else None)
        title = escape(self.toc_title)
        if not entries:
            return f'<nav class="md-nav md-nav--secondary" aria-label="{title}"></nav>'
        out = [f'<nav class="md-nav md-nav--secondary" aria-label="{title}">',
               f'<label class="md-nav__title" for="__toc">{_ICON}{title}</label>',
               f'<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix{_lang(page)}>']
        for entry in entries:
            _toc_item(out, entry)
        out.append("</ul></nav>")
        return "".join(out)

    def _item(self, out, item, path, level, page, toc_html) -> None:
        """The item's ``<li>``; the same HTML as the last time it was seen from as far away, if it was."""
        key = self._seen_from(item, path, page)
        if key is None:
            self._render(out, item, path, level, page, toc_html)
            return
        html = self._rendered.get(key)
        if html is None:
            start = len(out)
            self._render(out, item, path, level, page, toc_html)
            html = self._rendered[key] = "".join(out[start:])
            del out[start:]
        out.append(html)

    def _seen_from(self, item, path: str, page: Page | None) -> tuple | None:
        """What an item away from the page's path looks like from ``page`` depends on, as a key.

        Its links are relative: each is the way up from the page to the
        folder the page shares with the item's pages, then down. From a page
        outside the folder all of the item's pages are in, that way up is the
        same for each of them, and depends on nothing but how deep the page
        is and how much of the folder it shares.
        """
        if page is None or item.active or item is page:
            return None
        folder, parts = self._folder(item), self._page_folder
        if parts[:len(folder)] == folder:
            return None
        return id(item), path, len(parts), len(os.path.commonprefix([folder, parts]))

    def _folder(self, item) -> list[str]:
        if id(item) not in self._folders:
            urls = [url.split("/") for url in _urls(item)]
            self._folders[id(item)] = [part for part in os.path.commonprefix(urls) if part]
        return self._folders[id(item)]

    def _render(self, out, item, path, level, page, toc_html) -> None:
        css = "md-nav__item md-nav__item--active" if item.active else "md-nav__item"
        if isinstance(item, Section) and item.children:
            self._section(out, item, css, path, level, page, toc_html)
        elif item == page:
            self._current(out, item, css, page, toc_html)
        else:
            out.append(f'<li class="{css}"><a href="{_url(item.url, page)}" class="md-nav__link">{_label(item, self.titles)}</a></li>')

    def _section(self, out, item, css, path, level, page, toc_html) -> None:
        index = next((child for child in item.children if getattr(child, "is_index", False)), None) if self.indexes else None
        is_section = self.sections and level == 1
        if is_section:
            css += " md-nav__item--section"
        elif not item.active:
            out.append(f'<li class="{css} md-nav__item--pruned md-nav__item--nested">{_pruned(item, item, page, self.titles)}</li>')
            return
        tabindex = "" if is_section else "0"
        out.append(f'<li class="{css} md-nav__item--nested">'
                   f'<input class="md-nav__toggle md-toggle " type="checkbox" id="{path}" {"checked" if item.active else ""}>')
        if index is None:
            out.append(f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">'
                       f'{_label(item, self.titles)}{_ICON}</label>')
        else:
            active = "md-nav__link--active" if index == page else ""
            out.append(f'<div class="md-nav__link md-nav__container">'
                       f'<a href="{_url(index.url, page)}" class="md-nav__link {active}">{_label(item, self.titles)}</a>')
            if len(item.children) > 1:
                out.append(f'<label class="md-nav__link {active}" for="{path}" id="{path}_label" tabindex="{tabindex}">'
                           f'{_ICON}</label>')
            out.append("</div>")
        # Named by its title: Material names it by the toggle, which is only an icon with an index page.
        out.append(f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_title" '
                   f'aria-expanded="{json.dumps(bool(item.active))}">'
                   f'<label class="md-nav__title" for="{path}" id="{path}_title">{_ICON}'
                   f'{escape(item.title or "")}</label><ul class="md-nav__list" data-md-scrollfix>')
        numbered = [(number, child) for number, child in enumerate(item.children, start=1) if child is not index]
        shown = self._window(numbered)
        for number, child in shown:
            self._item(out, child, f"{path}_{number}", level + 1, page, toc_html)
        if len(shown) < len(numbered) and index is not None:
            self._show_all(out, index, len(numbered), page)
        out.append("</ul></nav></li>")

    def _show_all(self, out: list[str], target: Page, count: int, page: Page | None) -> None:
        label = escape(self.show_all.format(count=count))
        out.append(f'<li class="md-nav__item kb-nav__more"><a href="{_url(target.url, page)}" class="md-nav__link">'
                   f'<span class="md-ellipsis">{label}</span></a></li>')

    def _window(self, numbered: list) -> list:
        """At most ``max_items`` entries, centred on the active one (long folders, many sections)."""
        if not self.max_items or len(numbered) <= self.max_items:
            return numbered
        active = next((position for position, (_, child) in enumerate(numbered) if child.active), 0)
        start = max(0, min(active - self.max_items // 2, len(numbered) - self.max_items))
        return numbered[start: start + self.max_items]

    def _current(self, out, item, css, page, toc_html) -> None:
        has_toc = bool(_toc_entries(page.toc))
        out.append(f'<li class="{css}"{_lang(page)}><input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
        if has_toc:
            out.append(f'<label class="md-nav__link md-nav__link--active" for="__toc">{_label(item, self.titles)}'
                       f'{_ICON}</label>')
        out.append(f'<a href="{_url(item.url, page)}" class="md-nav__link md-nav__link--active">{_label(item, self.titles)}</a>')
        if has_toc:
            out.append(toc_html)
        out.append("</li>")


def _pruned(item, ref, page, titles) -> str:
    """A collapsed section: a link to its first page."""
    first = item.children[0]
    if isinstance(first, Section) and first.children:
        return _pruned(first, ref, page, titles)
    icon = _ICON if item.children else ""
    return f'<a href="{_url(first.url, page)}" class="md-nav__link">{_label(ref, titles)}{icon}</a>'


def _label(item, titles: dict[str, str]) -> str:
    title = titles.get(item.file.src_uri) if isinstance(item, Page) else None
    return f'<span class="md-ellipsis">{escape(title or item.title or "")}</span>'


def _lang(page: Page) -> str:
    """The ``lang`` attribute of a page's own headings where they are in another language than the page's."""
    lang = page.meta.get("kb_lang") if page.meta else None
    return f' lang="{escape(lang)}"' if lang else ""


def _urls(item) -> list[str]:
    """The addresses an item of the navigation links to, itself or in it (a link elsewhere shares no folder)."""
    if isinstance(item, Section):
        return [url for child in item.children for url in _urls(child)]
    return [item.url or ""]


def _url(url: str, page: Page | None) -> str:
    return escape(normalize_url(url, page))


def _toc_entries(toc: TableOfContents | None) -> list:
    entries = list(toc or [])
    if entries and entries[0].level == 1:
        return list(entries[0].children)
    return entries


def _toc_item(out: list[str], entry) -> None:
    # Heading titles are HTML produced by Python-Markdown from the article.
    out.append(f'<li class="md-nav__item"><a href="{escape(entry.url)}" class="md-nav__link">'
               f'<span class="md-ellipsis">{entry.title}</span></a>')
    if entry.children:
        out.append(f'<nav class="md-nav" aria-label="{escape(Markup(entry.title).striptags())}"><ul class="md-nav__list">')
        for child in entry.children:
            _toc_item(out, child)
        out.append("</ul></nav>")
    out.append("</li>")
