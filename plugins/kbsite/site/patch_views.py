"""Patch facts as readers see them: the card on a patch article, the grid rows, the compatibility note.

Facts come from the QPT metadata; words come from the articles where they
exist in the reader's language (titles and descriptions), else from the
metadata, marked as English. Links are site-root-relative
(``fr/qpt-patches/x/``); the caller turns them into links relative to the
page being rendered (``href``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.addresses import Href, SiteUrls
from ..core.knowledge_base import Document, for_reader
from ..core.strings import Strings
from ..core.text import comparable
from ..qpt.articles import PatchIndex
from ..qpt.compatibility import Drift
from ..qpt.metadata import Patch
from .fragments import Fragments
from .front_matter_text import FrontMatterText
from .word_breaks import UNSPACED_LETTERS

METADATA_LANGUAGE = "en"  # the QPT metadata's descriptions are English


@dataclass(frozen=True)
class PatchLinks:
    """Where a patch id leads a reader of ``lang``: its article, else its grid row."""

    index: PatchIndex
    urls: SiteUrls
    grid_key: str | None  # None: the site has no grid page

    def article_url(self, patch_id: str, lang: str) -> str | None:
        """The patch's article for a reader of ``lang``; the default language's at the localized URL."""
        document = for_reader(self.index.articles.get(patch_id, {}), lang, self.urls.default_language)
        return self.urls.page(document.key, lang) if document is not None else None

    def grid_url(self, patch_id: str, lang: str) -> str | None:
        if self.grid_key is None or patch_id not in self.index.metadata.patches:
            return None
        return f"{self.urls.page(self.grid_key, lang)}#{patch_id}"

    def url(self, patch_id: str, lang: str) -> str | None:
        return self.article_url(patch_id, lang) or self.grid_url(patch_id, lang)


def patch_card(fragments: Fragments, text: FrontMatterText, patch: Patch, links: PatchLinks, lang: str, href: Href,
               article: Document, qpt_release: str | None = None, body_start: str = "") -> str:
    """The card's HTML on ``article``; ``qpt_release``: the QPT release the article names.

    The description is the article's own (inline Markdown, its links leading where the article's do);
    the metadata's (English) only when the article has none. None when ``body_start``, the text the
    article's body starts with, starts with it (spaces aside): the card would say it twice, one line apart.
    """
    metadata = links.index.metadata
    catalog = metadata.catalog
    strings = fragments.strings(lang)
    description, described_in = text.description(article, href, lang), article.lang
    if not description:
        description, described_in = text.html(patch.description), METADATA_LANGUAGE
    if body_start and starts_with_words(body_start, description.striptags()):
        description = None
    return fragments.render(
        "patch_card.html",
        patch=patch,
        t=strings["patch_card"],
        description=description,
        description_lang=described_in if described_in != lang else None,
        metadata_lang=METADATA_LANGUAGE if lang != METADATA_LANGUAGE else None,
        status_label=strings["patch_status"][patch.status],
        categories=[category_label(c, strings) for c in patch.categories],
        release_summary=catalog.summary(patch.releases),
        replacements=[(pid, _maybe(href, links.url(pid, lang))) for pid in patch.replacements],
        replaces=[(pid, _maybe(href, links.url(pid, lang))) for pid in metadata.replacing.get(patch.id, ())],
        requires=[(pid, _maybe(href, links.url(pid, lang)), catalog.summary(releases))
                  for pid, releases in patch.require],
        grid_href=_maybe(href, links.grid_url(patch.id, lang)),
        metadata_version=links.index.metadata.version,
        qpt_release=qpt_release,
    )


def compatibility_note(fragments: Fragments, found: Drift, catalog, lang: str) -> str:
    """Under an article's own "compatible with" line: what the metadata lists beyond it, and what it does not list."""
    t = fragments.strings(lang)["patch_card"]
    return fragments.render("compatibility_note.html",
                            newer=t["newer_releases"].format(releases=catalog.summary(found.newer)) if found.newer else "",
                            unlisted=(t["unlisted_releases"].format(releases=catalog.summary(found.unlisted))
                                      if found.unlisted else ""))


def unknown_patch_notice(fragments: Fragments, patch_id: str, lang: str) -> str:
    message = fragments.strings(lang)["patch_card"]["unknown"].format(id=patch_id)
    return fragments.render("patch_unknown.html", message=message)


def patch_grid(fragments: Fragments, text: FrontMatterText, links: PatchLinks, lang: str, href: Href,
               export_href: str) -> str:
    """The grid page's table of every patch, with the filter form for JavaScript."""
    metadata = links.index.metadata
    strings = fragments.strings(lang)
    t = strings["patch_grid"]
    if not metadata.available:
        return fragments.render("patch_grid_unavailable.html", t=t)
    catalog = metadata.catalog
    rows = []
    for patch in sorted(metadata.patches.values(), key=lambda p: _natural(p.id)):
        rows.append({
            "patch": patch,
            "article": _grid_article(text, links, patch.id, lang, href),
            "description": text.html(patch.description),
            "status_label": strings["patch_status"][patch.status],
            "categories": [category_label(c, strings) for c in patch.categories],
            "summary": catalog.summary(patch.releases),
            "positions": _positions(catalog, patch.releases),
        })
    categories = sorted({c for p in metadata.patches.values() for c in p.categories} | set(metadata.categories))
    return fragments.render(
        "patch_grid.html",
        t=t,
        metadata_lang=METADATA_LANGUAGE if lang != METADATA_LANGUAGE else None,
        rows=rows,
        total=len(rows),
        releases=[(str(r), str(r)) for r in reversed(catalog.releases)],
        categories=[(c, category_label(c, strings)) for c in categories],
        statuses=[(s, strings["patch_status"][s]) for s in ("active", "replaced", "deprecated")],
        export_href=export_href,
        metadata_version=metadata.version,
    )


def _grid_article(text: FrontMatterText, links: PatchLinks, patch_id: str, lang: str, href: Href) -> dict | None:
    """A grid row's article: in the reader's language (its title and description searchable), else the
    default language's, said to be in another language and linked where it is published. The title is
    shown inside its link: without links of its own."""
    own = links.index.article(patch_id, lang)
    if own is not None:
        return {"title": text.title(own), "href": href(links.urls.page(own.key, lang)), "lang": None,
                "search": text.plain_description(own)}
    default = links.urls.default_language
    source = links.index.article(patch_id, default)
    if source is None:
        return None
    return {"title": text.title(source), "href": href(links.urls.page(source.key, default)), "lang": default,
            "search": ""}


def _positions(catalog, releases) -> str:
    """``"12-19 40-41"``: the runs of ``releases`` as indexes into the catalogue, for the grid's release filter."""
    runs = [(catalog.position(low), catalog.position(high)) for low, high in catalog.runs(releases)]
    return " ".join(f"{low}-{high}" for low, high in runs if low is not None and high is not None)


def category_label(category: str, strings: Strings) -> str:
    return strings["qpt_categories"].get(category, category)


def patches_export(links: PatchLinks, languages: tuple[str, ...]) -> dict:
    """``patches.json``: the metadata joined with article URLs per language."""
    metadata = links.index.metadata
    catalog = metadata.catalog
    return {
        "metadata_version": metadata.version,
        "releases": [str(r) for r in catalog.releases],
        "patches": [
            {
                "id": patch.id,
                "title": patch.title,
                "description": patch.description,
                "status": patch.status,
                "replaced_with": patch.replaced_with,
                "replacements": list(patch.replacements),
                "deprecated": patch.deprecated,
                "categories": list(patch.categories),
                "origin": patch.origin,
                "components": list(patch.components),
                "releases": [str(r) for r in patch.releases],
                "release_ranges": catalog.summary(patch.releases),
                "require": {pid: [str(r) for r in releases] for pid, releases in patch.require},
                "requirements": patch.requirements,
                "constraints": [{"package": package, "constraint": str(c)} for package, c in patch.constraints],
                "articles": {
                    lang: links.urls.page(document.key, lang)
                    for lang in languages
                    if (document := links.index.article(patch.id, lang)) is not None
                },
            }
            for patch in sorted(metadata.patches.values(), key=lambda p: _natural(p.id))
        ],
    }


def starts_with_words(text: str, start: str) -> bool:
    """Whether ``text`` starts with ``start``'s words, spaces aside (a machine translation writes "l’ outil" in
    the body where the description has "l’outil") but not inside a word: "Fixes the issue" does not start
    with "Fix" (in scripts written without spaces any character may end a word)."""
    wanted = "".join(comparable(start).split())
    if not wanted:
        return False
    body, at = comparable(text), 0
    for number, char in enumerate(wanted):  # compared in turn, not as a pattern: each article's would be compiled
        while number and at < len(body) and body[at].isspace():
            at += 1
        if at == len(body) or body[at] != char:
            return False
        at += 1
    return _SPACED_WORD.match(wanted[-1]) is None or at == len(body) or _SPACED_WORD.match(body[at]) is None


_SPACED_WORD = re.compile(f"[^\\W{UNSPACED_LETTERS}]")  # a letter or digit of a script that spaces its words


def _maybe(href: Href, url: str | None) -> str | None:
    return href(url) if url else None


def _natural(patch_id: str):
    """``ACSD-9 < ACSD-10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", patch_id)]
