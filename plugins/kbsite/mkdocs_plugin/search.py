"""One search index per language.

Material writes a single ``search/search_index.json``; ``mkdocs-static-i18n``
merges every language into it (and de-duplicates it in quadratic time), so a
French reader gets English results and the English stemmer. Instead, after
each language build we take the search plugin's entries for that language
and write them, with that language's stemmer, under the language's folder
(``fr/search/search_index.json``). The theme override ``main.html`` points
French pages at their folder as the search base.
"""

from __future__ import annotations

import json
import os

from mkdocs.config.defaults import MkDocsConfig

SEARCH_PLUGINS = ("material/search", "search")


class PerLanguageSearch:
    def __init__(self):
        self.entries: dict[str, list[dict]] = {}
        self.settings: dict[str, dict] = {}

    def take(self, config: MkDocsConfig, lang: str, prefix: str) -> None:
        """Keep this build's entries, rebased on ``prefix``, and empty the plugin's list.

        Emptying it makes the search plugin and static-i18n write (and
        de-duplicate) nothing; :meth:`write` produces the real files.
        """
        index = _search_index(config)
        if index is None:
            return
        entries = []
        for entry in index.entries:
            entries.append({**entry, "location": entry["location"].removeprefix(prefix)})
        self.entries[lang] = entries
        self.settings[lang] = {key: index.config[key] for key in ("separator", "pipeline", "fields")}
        index.entries.clear()

    def write(self, config: MkDocsConfig, lang: str, prefix: str) -> None:
        if lang not in self.entries:
            return
        data = {"config": {"lang": [lang], **self.settings[lang]}, "docs": self.entries[lang]}
        path = os.path.join(config.site_dir, prefix, "search", "search_index.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))


def _search_index(config: MkDocsConfig):
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "search_index", None) is not None:
            return plugin.search_index
    return None
