"""KB51x: patch articles agree with the QPT metadata."""

from __future__ import annotations

from ..core.diagnostics import diagnostic
from ..core.text import comparable
from .base import RuleFamily


class PatchRules(RuleFamily):
    """KB51x: patch articles agree with the QPT metadata."""

    def check_document(self, context, article):
        index = context.patches
        if not index.metadata.available or not article.is_article:
            return  # without metadata KB501 says why; every id would look unknown
        reference = index.reference(article)
        if reference is None:
            return
        if reference.origin != "title":
            yield diagnostic("KB513", article.path, article.source.line_of("title"), message=(
                f"the title does not start with {reference.id} (read from the {reference.origin})"))
        patch = index.metadata.patches.get(reference.id)
        if patch is None:
            yield diagnostic("KB510", article.path, _id_line(article, reference),
                             message=index.metadata.unknown_patch(reference.id))
            return
        yield from _compatibility(article, index.drift(article), patch, index.metadata.catalog)
        yield from _status(context, article, patch)


def _id_line(article, reference) -> int:
    if reference.origin == "front matter":
        return article.source.line_of("patch")
    return article.source.line_of("title")


def _compatibility(article, found, patch, catalog):
    """What the article says the patch is compatible with (in any language's words) against the metadata."""
    if found is None:
        return
    statement = found.statement
    if found.unlisted:
        yield diagnostic("KB514", article.path, statement.line, message=(
            f"the article names {catalog.summary(found.unlisted)}, which the QPT metadata does not list for "
            f"{patch.id} (it lists {catalog.summary(patch.releases)})"))
    if found.newer:
        yield diagnostic("KB511", article.path, statement.line, message=(
            f"the article says {catalog.summary(statement.releases)}; "
            f"the QPT metadata now lists {catalog.summary(patch.releases)}"))


def _status(context, article, patch):
    if patch.status == "active":
        return
    text = comparable(" ".join((article.text("title"), article.text("description"), article.source.body)))
    words = context.strings(article.lang)["status_words"]
    said = any(comparable(word) in text for word in words[patch.status])
    if patch.status == "replaced":
        said = said or any(comparable(replacement) in text for replacement in patch.replacements)
    if not said:
        detail = f"replaced ({patch.replaced_with})" if patch.status == "replaced" else "deprecated"
        yield diagnostic("KB512", article.path, article.source.line_of("title"), message=(
            f"{patch.id} is {detail} in the QPT metadata, but the article does not say so"))
