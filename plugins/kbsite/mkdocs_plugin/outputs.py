"""Files written beside the pages: redirect pages and the sitemap (once, by the default language's build),
each language's Atom feed (by that language's build).

Written by the plugin rather than the theme: with languages built in
parallel no single build sees every page, and the theme's sitemap is
stamped with the build date. The sitemap is only written when ``site_url``
is set (a sitemap holds absolute addresses).
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from functools import partial

from mkdocs.utils import get_relative_url, write_file

from ..core.addresses import SiteUrls, is_external
from ..core.knowledge_base import KnowledgeBase, redirect_problem
from ..site.fragments import Fragments
from ..site.redirect_pages import redirect_page
from ..site.sitemap import sitemap_xml
from ..site.whats_new import FEED


def write_redirects(kb: KnowledgeBase, templates: Fragments, site_dir: str, urls: SiteUrls,
                    keep_existing: bool = False) -> None:
    """One page per old path and language (KB206 reports the redirects left out).

    A dirty build keeps the redirect pages it finds.
    """
    for old, target in sorted(kb.redirects.items()):
        if redirect_problem(kb, old, target):
            continue  # reported by KB206
        key = target.strip("/")
        external = is_external(target)
        for lang in kb.settings.languages:
            page_url = urls.page(old, lang)
            href = target if external else get_relative_url(urls.page(key, lang), page_url)
            file_name = page_url + "index.html" if page_url.endswith("/") else page_url
            path = os.path.join(site_dir, *file_name.split("/"))
            write_site_file(path, partial(redirect_page, templates, href, lang), keep_existing)


def write_sitemap(kb: KnowledgeBase, templates: Fragments, site_dir: str, urls: SiteUrls, site_url: str,
                  extra_keys: list[str], keep_existing: bool = False) -> None:
    """``sitemap.xml`` and its gzip copy (a serve rebuild changes no address)."""
    sitemap = partial(sitemap_xml, templates, kb, urls, site_url, extra_keys)
    data = write_site_file(os.path.join(site_dir, "sitemap.xml"), sitemap, keep_existing)
    if data is not None:
        write_file(gzip.compress(data, mtime=0), os.path.join(site_dir, "sitemap.xml.gz"))  # mtime 0: same bytes


def write_feed(site_dir: str, prefix: str, feed: str) -> None:
    """A language's Atom feed, ``feed.xml`` in its folder (``prefix``: "" or "fr/")."""
    write_file(feed.encode("utf-8"), os.path.join(site_dir, *prefix.split("/"), FEED))


def write_site_file(path: str, text: Callable[[], str], keep_existing: bool = False) -> bytes | None:
    """Write a file of the whole site (``text()``, made only when written) unless ``keep_existing`` (a dirty
    build) finds it there already: none of them depends on the pages a dirty build rebuilds.
    The bytes written, if it was."""
    if keep_existing and os.path.exists(path):
        return None
    data = text().encode("utf-8")
    write_file(data, path)
    return data
