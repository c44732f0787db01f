"""KB11x: front matter against the declared schema and the vocabularies."""

from __future__ import annotations

from collections import defaultdict

from ..core.diagnostics import diagnostic
from ..core.schema import load_schema
from ..core.text import shorten
from ..core.vocabulary import split_values
from ..translations.history import REVIEWED, UPDATED, front_matter_date
from .base import RuleFamily

DATE_KEYS = (UPDATED, REVIEWED)  # checked here: YAML reads 2024-12-05 as a date, which JSON Schema cannot type

_TYPE_NAMES = {
    str: "text", int: "a number", float: "a number", bool: "true/false",
    list: "a list", dict: "a mapping", type(None): "empty (null)",
}


def front_matter_schema():
    return load_schema("frontmatter.schema.json")


class FrontMatterRules(RuleFamily):
    """KB11x: front matter against the schema and the vocabularies; duplicate exl-ids."""

    def check_document(self, context, article):
        if article.is_article and article.source.meta_readable:
            yield from _schema_problems(article)
            yield from _vocabulary_problems(article, "feature", context.features, "KB114")
            yield from _vocabulary_problems(article, "role", context.roles, "KB115")

    def check_corpus(self, context):
        yield from _duplicate_ids(context.kb)
        yield from _reviews_due(context)


def _schema_problems(article):
    source = article.source
    known = front_matter_schema().schema["properties"]
    for error in front_matter_schema().errors(source.meta):
        if error.validator == "required":
            missing = error.message.split("'")[1]
            yield diagnostic("KB110", source.path, source.front_matter_line,
                             message=f"required key '{missing}' is missing")
        elif error.validator == "additionalProperties":
            for key in sorted(set(error.instance) - set(known)):
                yield diagnostic("KB113", source.path, source.line_of(key),
                                 message=f"unknown key '{key}' (kept, but not used by the site)")
        else:
            yield _value_problem(source, error)
    for key in DATE_KEYS:
        value = source.meta.get(key)
        if value is not None and front_matter_date(value) is None:
            yield diagnostic("KB112", source.path, source.line_of(key),
                             message=f"'{key}' must be {known_expectation(key)}, found {shorten(repr(value), 80)}")


def _value_problem(source, error):
    key = str(error.path[0]) if error.path else ""
    expected = error.schema.get("x-expected") or known_expectation(key)
    value = source.meta.get(key)
    if error.validator in ("type", "anyOf") and not isinstance(value, str):
        code, found = "KB111", _TYPE_NAMES.get(type(value), type(value).__name__)
    else:
        code, found = "KB112", shorten(repr(value), 80)
    return diagnostic(code, source.path, source.line_of(key),
                      message=f"'{key}' must be {expected}, found {found}")


def known_expectation(key: str) -> str:
    entry = front_matter_schema().schema["properties"].get(key, {})
    return entry.get("x-expected", "a valid value")


def _vocabulary_problems(article, key, vocabulary, code):
    value = article.meta.get(key)
    if not isinstance(value, str):
        return
    for item in split_values(value):
        if item not in vocabulary:
            yield diagnostic(code, article.path, article.source.line_of(key),
                             message=f"'{shorten(item, 80)}' is not in the {key} vocabulary")


def _reviews_due(context):
    history = context.history
    if history is None or not history.review_interval:
        return
    for article in context.kb.articles:
        due = history.review_due(article)
        if due is not None:
            line = article.source.line_of(REVIEWED) if REVIEWED in article.meta else article.source.front_matter_line
            yield diagnostic("KB118", article.path, line, message=(
                f"due for review since {due.isoformat()} ({history.review_interval} days after "
                f"{'its last review' if REVIEWED in article.meta else 'its last update'}; today is "
                f"{history.today.isoformat()}, the newest date the knowledge base records)"))


def _duplicate_ids(kb):
    keys_by_id = defaultdict(dict)
    for article in kb.articles:
        exl_id = article.text("exl-id").lower()
        if exl_id:
            keys_by_id[exl_id].setdefault(article.key, article)
    for exl_id, owners in keys_by_id.items():
        first, *others = owners.values()
        for article in others:
            yield diagnostic("KB116", article.path, article.source.line_of("exl-id"),
                             message=f"exl-id {exl_id} is already used by {first.path}")
