"""Page metadata as the theme receives it: title, description and tags in the reader's language, escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..core.knowledge_base import Document
from ..core.strings import Strings
from ..core.vocabulary import Vocabulary
from .front_matter_text import FrontMatterText


def page_meta(document: Document, strings: Strings, features: Vocabulary, text: FrontMatterText) -> dict:
    """Page metadata in the reader's language (that of ``strings``).

    Only keys the theme understands reach it: ``title``, ``description`` and
    ``tags`` (labels of the known features; unknown ones are reported by
    KB114, never shown). The article's own front matter stays available under
    ``kb`` for templates, but never as theme switches such as Material's
    ``hide``. Title and description are plain text (the theme puts them in
    ``<title>`` and the meta description), escaped (:func:`escaped_meta`);
    ``kb_title_html`` is the title as HTML, for lists of pages (the tags page).
    ``kb_lang`` is the article's language where it is not the reader's (an
    English article at a French address): the theme marks its title with it.
    """
    meta = {
        "title": text.plain_title(document),
        "kb_title_html": text.title(document),
        "tags": [features.label(value, strings) for value in document.features if value in features],
        "kb": dict(document.meta),
        "kb_hidden": document.hidden,
    }
    if document.lang != strings.lang:
        meta["kb_lang"] = document.lang
    if document.description:
        meta["description"] = text.plain_description(document)
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
