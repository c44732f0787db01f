"""Files written beside the pages: redirect pages and the sitemap (once, by the default language's build),
each language's Atom feed (by that language's build).

Written by the plugin rather than the theme: with languages built in
parallel no single build sees every page, and the theme's sitemap is
stamped with the build date. The sitemap is only written when ``site_url``
is set (a sitemap holds absolute addresses). Each file is written unless the
site has it as made from what it is made from now (:mod:`.reuse`).
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from functools import partial

from mkdocs.utils import get_relative_url, write_file

from ..core.addresses import SiteUrls, is_external
from ..core.knowledge_base import KnowledgeBase, redirect_problem
from ..core.text import short_digest
from ..site.fragments import Fragments
from ..site.redirect_pages import redirect_page
from ..site.sitemap import sitemap_xml
from ..site.whats_new import FEED
from .reuse import SITE, SiteReuse


def write_redirects(kb: KnowledgeBase, templates: Fragments, urls: SiteUrls, reuse: SiteReuse,
                    fingerprint: str) -> None:
    """One page per old path and language (KB206 reports the redirects left out)."""
    for old, target in sorted(kb.redirects.items()):
        if redirect_problem(kb, old, target):
            continue  # reported by KB206
        key = target.strip("/")
        external = is_external(target)
        for lang in kb.settings.languages:
            page_url = urls.page(old, lang)
            href = target if external else get_relative_url(urls.page(key, lang), page_url)
            file_name = page_url + "index.html" if page_url.endswith("/") else page_url
            write_site_file(reuse, file_name, partial(redirect_page, templates, href, lang), fingerprint)


def write_sitemap(kb: KnowledgeBase, templates: Fragments, urls: SiteUrls, site_url: str, extra_keys: list[str],
                  reuse: SiteReuse, fingerprint: str) -> None:
    """``sitemap.xml`` and its gzip copy."""
    made_of = short_digest([fingerprint, site_url, extra_keys])
    if reuse.keep("sitemap.xml", SITE, made_of) and reuse.keep("sitemap.xml.gz", SITE, made_of):
        return
    data = sitemap_xml(templates, kb, urls, site_url, extra_keys).encode("utf-8")
    for name, content in (("sitemap.xml", data), ("sitemap.xml.gz", gzip.compress(data, mtime=0))):  # mtime 0: same bytes
        reuse.writing(name, SITE, made_of, content)
        write_file(content, os.path.join(reuse.site_dir, name))


def write_feed(reuse: SiteReuse, prefix: str, feed: str, producer: str, fingerprint: str) -> None:
    """A language's Atom feed, ``feed.xml`` in its folder (``prefix``: "" or "fr/"), made with its pages."""
    data = feed.encode("utf-8")
    reuse.writing(f"{prefix}{FEED}", producer, fingerprint, data)
    write_file(data, os.path.join(reuse.site_dir, *prefix.split("/"), FEED))


def write_site_file(reuse: SiteReuse, path: str, text: Callable[[], str], fingerprint: str) -> None:
    """Write a file of the whole site (``text()``, made only when written), unless the site has it as made
    from ``fingerprint``."""
    if reuse.keep(path, SITE, fingerprint):
        return
    data = text().encode("utf-8")
    reuse.writing(path, SITE, fingerprint, data)
    write_file(data, os.path.join(reuse.site_dir, *path.split("/")))
