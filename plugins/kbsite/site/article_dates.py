"""Dates as readers read them: in their language's long format, marked up with ``<time datetime>``."""

from __future__ import annotations

from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup, escape

from .fragments import Fragments


def local_date(day: date, lang: str) -> str:
    """``5 décembre 2024``, ``2024年12月5日``: CLDR's long date (Babel); ISO 8601 for a language CLDR lacks."""
    try:
        return format_date(day, "long", locale=Locale.parse(lang, sep="-"))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def time_element(day: date, lang: str) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), local_date(day, lang))


def updated_line(fragments: Fragments, day: date, lang: str) -> str:
    """"Last updated: <time …>" under an article's title, in the reader's language; search leaves it out."""
    sentence = fragments.strings(lang)["article_dates"]["updated"]
    before, _, after = sentence.partition("{date}")
    return fragments.render("article_date.html", before=before, time=time_element(day, lang), after=after, lang=lang)


def in_words(template: str, lang: str, **days: date) -> Markup:
    """A sentence of the language files with ``<time>`` elements for its dates, the rest escaped."""
    return escape(template).format(**{name: time_element(day, lang) for name, day in days.items()})
