"""``sitemap.xml`` (and its gzip copy): every page in every language, with hreflang alternates.

Written by the plugin rather than the theme: with languages built in
parallel no single build sees every page, and the theme's sitemap is
stamped with the build date. Only written when ``site_url`` is set (a
sitemap holds absolute addresses).
"""

from __future__ import annotations

import gzip
import os

from mkdocs.utils import write_file

from ..core.knowledge_base import KnowledgeBase
from ..core.site_urls import SiteUrls
from ..site.presentation import sitemap_xml


def write_sitemap(kb: KnowledgeBase, site_dir: str, urls: SiteUrls, site_url: str, extra_keys: list[str]) -> None:
    data = sitemap_xml(kb, urls, site_url, extra_keys).encode("utf-8")
    write_file(data, os.path.join(site_dir, "sitemap.xml"))
    write_file(gzip.compress(data, mtime=0), os.path.join(site_dir, "sitemap.xml.gz"))  # mtime 0: same bytes every build
