"""Pages at old addresses (``articles/_redirects.yml``) that forward readers."""

from __future__ import annotations

import os

from mkdocs.utils import get_relative_url, write_file

from ..core.knowledge_base import KnowledgeBase, redirect_problem
from ..core.site_urls import SiteUrls
from ..site.presentation import redirect_page


def write_redirects(kb: KnowledgeBase, site_dir: str, urls: SiteUrls, keep_existing: bool = False) -> None:
    """One page per old path and language (KB206 reports the redirects left out).

    A dirty build keeps the redirect pages it finds.
    """
    for old, target in sorted(kb.redirects.items()):
        if redirect_problem(kb, old, target):
            continue  # reported by KB206
        key = target.strip("/")
        external = "://" in target
        for lang in kb.settings.languages:
            page_url = urls.page(old, lang)
            href = target if external else get_relative_url(urls.page(key, lang), page_url)
            file_name = page_url + "index.html" if page_url.endswith("/") else page_url
            path = os.path.join(site_dir, *file_name.split("/"))
            if keep_existing and os.path.exists(path):
                continue
            write_file(redirect_page(href, lang).encode("utf-8"), path)
