"""What readers and writers see of translations: the notices on pages, the writers' dashboard."""

from __future__ import annotations

from ..translations.status import COLUMNS, STATES, TRANSLATED, most_work
from ..translations.history import ArticleHistory
from .article_dates import in_words
from .fragments import Fragments
from .front_matter_text import FrontMatterText

NOTICE_KINDS = {"untranslated": "info", "draft": "info", "machine": "warning", "stale": "warning"}


def translation_notice(fragments: Fragments, kind: str, lang: str, href: str | None, source_lang: str) -> str:
    """The notice for ``kind`` (untranslated, draft, machine, stale), in the reader's language."""
    t = fragments.strings(lang)["translation"]
    return fragments.render("translation_notice.html", kind=NOTICE_KINDS[kind], text=t[kind], href=href,
                            link=t["original"], source_lang=source_lang)


def translation_dashboard(fragments: Fragments, text: FrontMatterText, report, lang: str, urls, href,
                          history: ArticleHistory | None = None) -> str:
    """The writers' translation page: counts per section, then what needs work, with links (article titles
    inside them, without links of their own)."""
    t = fragments.strings(lang)["translation"]["dashboard"]
    rows = [(t["total"], language, counts) for language, counts in sorted(report.totals().items())]
    rows += [(report.kb.section_title(section, lang) if section else "/", language, counts)
             for (section, language), counts in report.counts().items()]
    default = report.kb.settings.default_language
    lists = [(state, [{"lang": s.lang, "title": text.title(s.source), "detail": s.detail,
                       "source_href": href(urls.page(s.key, default)),
                       "translation_href": href(urls.page(s.key, s.lang)) if s.translation else None}
                      for s in listed])
             for state, listed in report.needing_work()]
    method = t["method_git"] if report.uses_git else t["method_hash"]
    return fragments.render("translation_dashboard.html", t=t, columns=COLUMNS, rows=rows, lists=lists, method=method,
                            matrix=_matrix(fragments, report, lang, t),
                            reviews=_reviews_due(fragments, text, history, lang, urls, href))


def _reviews_due(fragments: Fragments, text: FrontMatterText, history: ArticleHistory | None, lang: str, urls,
                 href) -> dict | None:
    """The articles past the review interval, in every language, with when they were last looked at."""
    if history is None or not history.review_interval:
        return None
    t = fragments.strings(lang)["article_dates"]
    entries = []
    for document in history_documents(text.kb):
        due = history.review_due(document)
        if due is not None:
            last = history.reviewed.get(document.path) or history.updated_on(document)
            entries.append({"lang": document.lang, "title": text.title(document),
                            "href": href(urls.page(document.key, document.lang)),
                            "detail": in_words(t["review_detail"], lang, date=last, due=due)})
    return {"title": t["review_due"], "entries": entries}


def history_documents(kb) -> list:
    """The articles a review list names: every language's, by key then language."""
    return sorted(kb.articles, key=lambda d: (d.key, d.lang))


def _name(language) -> str:
    """A language's name in itself; its tag (``nl``) where it has no strings, rather than English's "English"."""
    return language["name"] if language.writes("name") else language.lang


def _matrix(fragments: Fragments, report, lang: str, t: dict) -> dict:
    """Sections x languages: each cell the translated count, the work left per state, and the state of most work."""
    languages = [(code, _name(fragments.strings(code))) for code in report.languages]
    rows = []
    for section, by_lang in report.matrix():
        name = t["total"] if section is None else report.kb.section_title(section, lang) if section else "/"
        cells = []
        for code, _ in languages:
            counts = by_lang.get(code)
            total = sum(counts[state] for state in STATES) if counts else 0
            work = [(state, counts[state]) for state in STATES if state != TRANSLATED and counts[state]] if counts else []
            cells.append({"state": most_work(counts) if counts else TRANSLATED, "done": counts[TRANSLATED] if counts else 0,
                          "total": total, "work": work})
        rows.append((name, cells))
    return {"languages": languages, "rows": rows}
