"""The "What's new" page of each language and its Atom feed: the articles added and updated most recently.

Both are made from :func:`kbsite.translations.history.recent_changes` (git's history, read once per build),
so two builds of the same commits are the same bytes: the feed's ``updated`` is its newest change's day,
never the build's clock. The page is a generated page (``docs/whats-new.<lang>.md`` replaces it; the
marker in it is where the list goes); the feed is ``feed.xml`` in the language's folder, named in the head
of every page of that language. Entry ids are ``urn:uuid`` names made from the article's address and the
day it changed: a later change is a new entry to a feed reader, the same one is not.

Addresses in the feed are absolute when ``mkdocs.yml`` has a ``site_url``, else relative to the feed
(Atom allows relative references, resolved against the feed's own address).
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timezone

from ..core.addresses import Href, SiteUrls
from ..translations.history import Change
from .article_dates import time_element
from .fragments import Fragments
from .front_matter_text import FrontMatterText

FEED = "feed.xml"  # in each language's folder


def whats_new_html(fragments: Fragments, text: FrontMatterText, changes: list[Change], lang: str, href: Href,
                   urls: SiteUrls) -> str:
    """The list on the "What's new" page of ``lang``: day, new or updated, the article and its description."""
    t = fragments.strings(lang)["whats_new"]
    entries = [{"time": time_element(change.day, lang), "kind": t["added" if change.added else "updated"],
                "title": text.title(change.document), "href": href(urls.page(change.document.key, lang)),
                "description": text.description(change.document, href, lang),
                "lang": change.document.lang if change.document.lang != lang else None} for change in changes]
    return fragments.render("whats_new.html", entries=entries, t=t, feed=href(feed_url(urls, lang)))


def feed_url(urls: SiteUrls, lang: str) -> str:
    """The feed's address from the site's root: ``feed.xml``, ``fr/feed.xml``."""
    return urls.page("index", lang) + FEED


def atom_feed(fragments: Fragments, text: FrontMatterText, changes: list[Change], lang: str, urls: SiteUrls,
              site_name: str, site_url: str | None) -> str:
    """``feed.xml`` of ``lang``: one entry per change of :func:`whats_new_html`'s list, in the same order."""
    base = site_url.rstrip("/") + "/" if site_url else None
    own = feed_url(urls, lang)

    def address(url: str) -> str:  # from the site's root: absolute with a site_url, else relative to the feed
        return base + url if base else url.removeprefix(own.removesuffix(FEED))

    page = urls.page("whats-new", lang)
    entries = [{
        "id": _urn(f"{urls.page(change.document.key, lang)}@{change.day.isoformat()}"),
        "title": text.plain_title(change.document), "href": address(urls.page(change.document.key, lang)),
        "updated": _timestamp(change.day), "summary": text.plain_description(change.document),
        "lang": change.document.lang,
    } for change in changes]
    title = fragments.strings(lang)["pages"]["whats-new"]["title"]
    return fragments.render(
        "feed.xml", lang=lang, id=_urn(base + own if base else own), title=f"{title} · {site_name}", author=site_name,
        self_href=address(own), page_href=address(page), entries=entries,
        updated=entries[0]["updated"] if entries else _timestamp(None))


def _urn(name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _timestamp(day) -> str:
    """RFC 3339 at midnight UTC of ``day`` (a feed with no change says 1970-01-01: there is no other date)."""
    moment = datetime.combine(day, time(), timezone.utc) if day else datetime.fromtimestamp(0, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
