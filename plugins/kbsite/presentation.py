"""What a reader's page shows of an article, independent of the site generator."""

from __future__ import annotations

from .diagnostics import catalogue
from .knowledge_base import Document
from .messages import messages
from .rendering import render
from .vocabulary import Vocabulary


def page_meta(document: Document, lang: str, features: Vocabulary) -> dict:
    """Page metadata in the reader's language ``lang``.

    Only keys the theme understands reach it: ``title``, ``description`` and
    ``tags`` (feature labels). The article's own front matter stays
    available under ``kb`` for templates, but never as theme switches such as
    Material's ``hide``.
    """
    meta = {
        "title": document.title,
        "tags": [features.label(value, lang) for value in document.features],
        "kb": dict(document.meta),
    }
    if document.text("description"):
        meta["description"] = document.text("description")
    return meta


def rules_markdown(lang: str) -> str:
    """The rule catalogue for the site's rules page, in ``lang``."""
    return render("rules.md.j2", rules=catalogue().values(), lang=lang, t=messages(lang)["rules_page"])
