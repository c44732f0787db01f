"""KB2xx: the shape of an article's body."""

from __future__ import annotations

from ..core.diagnostics import diagnostic
from ..core.knowledge_base import REDIRECTS_FILE, redirect_problem
from ..core.outline import heading_text
from ..core.text import comparable, unwrapped
from .base import RuleFamily


class StructureRules(RuleFamily):
    """KB2xx: an article's headings, patch sections, addresses and redirects."""

    def check_document(self, context, article):
        if article.is_article:
            yield from _title_heading(article)
            language = context.strings(article.lang)
            if context.patches.reference(article) and language.writes("patch_sections"):
                yield from _patch_sections(article, language["patch_sections"])

    def check_corpus(self, context):
        yield from _url_collisions(context.kb)
        yield from _redirects(context.kb)


def _title_heading(article):
    h1 = article.outline.h1
    title = article.text("title")
    if h1 is None:
        yield diagnostic("KB201", article.path, article.source.body_line)
    elif title and comparable(h1.text) not in {comparable(shown := heading_text(title)), comparable(unwrapped(shown))}:
        yield diagnostic("KB202", article.path, h1.line,
                         message=f"heading '{h1.text}' differs from title '{title}'")


def _patch_sections(article, sections):
    """The patch template's sections, as articles in the article's language title them."""
    present = {comparable(h.text) for h in article.outline.headings if h.level > 1}
    for section in sections:
        if comparable(section) not in present:
            line = article.outline.h1.line if article.outline.h1 else article.source.body_line
            yield diagnostic("KB203", article.path, line,
                             message=f"patch article has no '{section}' section")


def _url_collisions(kb):
    """Same key and language, up to letter case: one file would hide the other."""
    seen = {}
    for document in sorted(kb.documents, key=lambda d: (d.is_article, d.path)):
        slot = (document.key.casefold(), document.lang)
        if slot in seen:
            yield diagnostic("KB204", document.path, message=(
                f"published at the same address as {seen[slot].path}; rename one of them"))
        else:
            seen[slot] = document


def _redirects(kb):
    path = kb.settings.relative(kb.settings.articles_dir / REDIRECTS_FILE)
    for old, target in sorted(kb.redirects.items()):
        problem = redirect_problem(kb, old, target)
        if problem:
            yield diagnostic("KB206", path, message=problem)
