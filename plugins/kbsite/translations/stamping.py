"""``kb translations --stamp``: record that translations match their English source as it is now."""

from __future__ import annotations

from ..core.knowledge_base import Document
from ..tools.front_matter_edit import UnreadableFrontMatter, set_keys
from .status import TranslationReport, source_hash


def stamp(report: TranslationReport, translations: list[Document]) -> tuple[list[Document], list[str]]:
    """Record in each translation that it matches its English source as it is now.

    Sets ``source-hash`` and, in a git checkout where the source has no
    uncommitted change, ``source-git-commit`` (the last commit of the source).
    Returns the translations whose file changed, and why others could not be stamped.
    """
    changed, refused = [], []
    for translation in translations:
        status = report.of(translation)
        if status is None:
            refused.append(f"{translation.path}: no {report.kb.settings.default_language} source to match")
            continue
        values = {"source-hash": source_hash(status.source)}
        source = status.source.abs_path
        history = report.git.commits(source) if report.git else []
        if history and not report.git.is_modified(source):
            values["source-git-commit"] = history[0]
        try:
            if set_keys(translation.abs_path, values):
                changed.append(translation)
        except UnreadableFrontMatter:
            refused.append(f"{translation.path}: its front matter cannot be read (see kb check)")
    return changed, refused
