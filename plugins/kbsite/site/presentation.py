"""What a reader's page shows of an article, independent of the site generator."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..core.diagnostics import catalogue
from ..core.knowledge_base import Document
from ..core.outline import MAX_NESTING
from ..core.strings import messages
from .fragments import render
from ..translations.status import COLUMNS
from ..core.tree import listing
from ..core.vocabulary import Vocabulary


def page_meta(document: Document, lang: str, features: Vocabulary) -> dict:
    """Page metadata in the reader's language ``lang``.

    Only keys the theme understands reach it: ``title``, ``description`` and
    ``tags`` (labels of the known features; unknown ones are reported by
    KB114, never shown). The article's own front matter stays available under
    ``kb`` for templates, but never as theme switches such as Material's
    ``hide``. Title and description are escaped (:func:`escaped_meta`).
    """
    meta = {
        "title": document.title,
        "tags": [features.label(value, lang) for value in document.features if value in features],
        "kb": dict(document.meta),
        "kb_hidden": document.hidden,
    }
    if document.text("description"):
        meta["description"] = document.text("description")
    return escaped_meta(meta)


def escaped_meta(meta: dict) -> dict:
    """``title`` and ``description`` as escaped Markup.

    Material inserts them without escaping (``<title>``, the header, the
    description meta tag) and the theme environment does not autoescape;
    Markup is shown as text there and is not escaped twice where a template
    does escape.
    """
    return {key: Markup(escape(value)) if key in ("title", "description") and isinstance(value, str) else value
            for key, value in meta.items()}


def rules_markdown(lang: str) -> str:
    """The rule catalogue for the site's rules page, in ``lang``."""
    return render("rules.md.j2", rules=catalogue().values(), lang=lang, t=messages(lang)["rules_page"])


def redirect_page(href: str, lang: str) -> str:
    """The page left at an old address, forwarding to ``href``."""
    return render("redirect.html", href=href, lang=lang, t=messages(lang)["redirect"])


def section_index_html(kb, folder: str, lang: str, urls, href) -> str:
    """The HTML of the generated landing page of ``folder`` for a reader of ``lang``."""
    section = kb.sections.get(folder)
    folders, articles = [], []
    for entry in listing(kb, folder, lang):
        target = urls.page(f"{entry.key}/index" if entry.is_folder else entry.key, lang)
        item = {"title": entry.title, "description": entry.description, "href": href(target)}
        (folders if entry.is_folder else articles).append(item)
    html = render(
        "section_index.html", title=kb.section_title(folder, lang), description=section.descriptions.get(lang, "") if section else "",
        anchor="kb-section", folders=folders, articles=articles, t=messages(lang)["section_index"],
    )
    return html


def sitemap_xml(kb, urls, site_url: str, extra_keys: list[str] = ()) -> str:
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
    return render("sitemap.xml", entries=entries)


NOTICE_KINDS = {"untranslated": "info", "draft": "info", "machine": "warning", "stale": "warning"}


def translation_notice(kind: str, lang: str, href: str | None, source_lang: str) -> str:
    """The notice for ``kind`` (untranslated, draft, machine, stale), in the reader's language."""
    t = messages(lang)["translation"]
    return render("translation_notice.html", kind=NOTICE_KINDS[kind], text=t[kind], href=href,
                  link=t["original"], source_lang=source_lang)


def translation_dashboard(report, lang: str, urls, href) -> str:
    """The writers' translation page: counts per section, then what needs work, with links."""
    t = messages(lang)["translation"]["dashboard"]
    rows = [(t["total"], language, counts) for language, counts in sorted(report.totals().items())]
    rows += [(report.kb.section_title(section, lang) if section else "/", language, counts)
             for (section, language), counts in report.counts().items()]
    default = report.kb.settings.default_language
    lists = [(state, [{"lang": s.lang, "title": s.source.title, "detail": s.detail,
                       "source_href": href(urls.page(s.key, default)),
                       "translation_href": href(urls.page(s.key, s.lang)) if s.translation else None}
                      for s in listed])
             for state, listed in report.needing_work()]
    method = t["method_git"] if report.uses_git else t["method_hash"]
    return render("translation_dashboard.html", t=t, columns=COLUMNS, rows=rows, lists=lists, method=method)


def renderable_body(document: Document) -> str:
    """The Markdown the site renders: the body, or, nested too deeply to render, the body as plain text."""
    if document.outline.deepest[0] <= MAX_NESTING:
        return document.source.body
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", document.source.body)), default=0) + 1)
    return f"{fence}text\n{document.source.body}\n{fence}\n"
