"""The page left at an old address (``articles/_redirects.yml``), forwarding readers."""

from __future__ import annotations

from .fragments import Fragments


def redirect_page(fragments: Fragments, href: str, lang: str) -> str:
    """The page left at an old address, forwarding to ``href``."""
    return fragments.render("redirect.html", href=href, lang=lang, t=fragments.strings(lang)["redirect"])
