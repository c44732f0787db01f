"""One search index per language, built by us.

Material writes a single ``search/search_index.json`` and ``mkdocs-static-i18n``
merges every language into it (de-duplicating in quadratic time), so a French
reader gets English results and the English stemmer. Material's indexer also
re-parses every page with ``html.parser``. So the search plugin keeps its
user interface, but its indexer is replaced by a stub; we index each page's
content as it is rendered (:mod:`kbsite.site.search_entries`) and write each
language's entries, with that language's stemmer, under the language's folder
(``fr/search/search_index.json``). The theme override ``main.html`` points
French pages at their folder.
"""

from __future__ import annotations

import json
import os
from importlib import resources

from mkdocs.config.defaults import MkDocsConfig

from ..site.search_entries import drop_boilerplate, page_entries

SEARCH_PLUGINS = ("material/search", "search")
INDEX_SETTINGS = ("separator", "pipeline", "fields")  # as Material's search plugin settled them for the language
# Entries written last, per index file: `mkdocs serve --dirty` re-indexes only the pages it rebuilds.
_PREVIOUS: dict[str, list[dict]] = {}


class _NoIndex:
    """Stands in for Material's SearchIndex: the plugin still shows the search box, indexes nothing."""

    entries: list = []

    def add_entry_from_context(self, page) -> None:
        pass

    def generate_search_index(self, prev) -> str:
        return '{"config":{"lang":["en"]},"docs":[]}'


def _search_plugin(config: MkDocsConfig):
    return next((config.plugins[name] for name in SEARCH_PLUGINS if name in config.plugins), None)


class PerLanguageSearch:
    """Indexes nothing, and writes nothing, when the site has no search plugin."""

    def __init__(self):
        self.entries: dict[str, list[dict]] = {}
        self.settings: dict | None = None  # None: no search plugin

    def take_over(self, config: MkDocsConfig) -> None:
        """Replace Material's indexer (call after the search plugin's on_config, which settles its settings)."""
        plugin = _search_plugin(config)
        self.settings = {key: plugin.config[key] for key in INDEX_SETTINGS} if plugin else None
        if plugin is not None:
            plugin.search_index = _NoIndex()

    def silence(self, config: MkDocsConfig) -> None:
        """Stop the search plugin from writing its stub index at the end of this build."""
        plugin = _search_plugin(config)
        if plugin is not None:
            plugin.config.enabled = False

    def start(self, lang: str) -> None:
        self.entries[lang] = []

    def add(self, lang: str, content: str, url: str, title: str, tags: list[str]) -> None:
        if self.settings is not None:
            self.entries[lang].extend(page_entries(content, url, title, tags))

    def write(self, config: MkDocsConfig, lang: str, prefix: str, dirty: bool = False) -> None:
        """Write the language's index; a dirty build only re-indexed the pages it rebuilt."""
        if self.settings is None:
            return
        entries = [
            {**entry, "location": entry["location"].removeprefix(prefix)} for entry in self.entries.get(lang, [])
        ]
        path = os.path.join(config.site_dir, prefix, "search", "search_index.json")
        if dirty:
            entries = _merged(_PREVIOUS.get(path, []), entries)
        _PREVIOUS[path] = entries
        pages = len({entry["location"].split("#")[0] for entry in entries})
        entries = drop_boilerplate(entries, pages)
        data = {"config": {"lang": [_lunr_language(lang)], **self.settings}, "docs": entries}
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:  # streamed: as one string, then bytes, a large index costs twice
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))


def _lunr_language(lang: str) -> str:
    """The language Material's lunr search supports for ``lang``: ``pt-BR`` is ``pt``, an unknown one English."""
    primary = lang.split("-")[0]
    scripts = resources.files("material").joinpath("templates", "assets", "javascripts", "lunr", "min")
    return primary if scripts.joinpath(f"lunr.{primary}.min.js").is_file() else "en"


def _merged(previous: list[dict], entries: list[dict]) -> list[dict]:
    """The previous entries without the pages indexed again, plus their new entries."""
    rebuilt = {entry["location"].split("#")[0] for entry in entries}
    return [entry for entry in previous if entry["location"].split("#")[0] not in rebuilt] + entries
