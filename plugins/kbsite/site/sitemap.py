"""``sitemap.xml``: every page in every language, with its hreflang alternates."""

from __future__ import annotations

from .fragments import Fragments


def sitemap_xml(fragments: Fragments, kb, urls, site_url: str, extra_keys: list[str] = ()) -> str:
    """Every page in every language, with its alternates (hreflang), in a stable order.

    No ``lastmod``: the build date would make two builds of the same
    sources differ, and the sources do not record one.
    """
    base = site_url.rstrip("/") + "/"
    keys = sorted({*(key for key, versions in kb.by_key.items()
                     if not any(document.hidden for document in versions.values())), *extra_keys})
    entries = []
    for key in keys:
        alternates = [(lang, base + urls.page(key, lang)) for lang in kb.settings.languages]
        for _, loc in alternates:
            entries.append({"loc": loc, "alternates": alternates})
    return fragments.render("sitemap.xml", entries=entries)
