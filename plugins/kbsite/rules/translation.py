"""KB30x: translations pair up with their source article."""

from __future__ import annotations

from ..core.diagnostics import diagnostic
from .base import RuleFamily


class TranslationRules(RuleFamily):
    """KB30x: translations pair up with their source article."""

    def check_corpus(self, context):
        kb = context.kb
        default = kb.settings.default_language
        for key, versions in kb.by_key.items():
            source = versions.get(default)
            if source is None:
                for document in versions.values():
                    if document.is_article:
                        yield diagnostic("KB302", document.path, message=(
                            f"no {default} source article (expected {key}.{default}.md next to it)"))
                continue
            if not source.is_article:
                continue
            for lang in kb.settings.languages:
                if lang not in versions:
                    yield diagnostic("KB301", source.path, message=(
                        f"no '{lang}' translation (expected {source.abs_path.name.replace(f'.{default}.md', f'.{lang}.md')})"))
            yield from _exl_id_mismatches(source, versions.values())


def _exl_id_mismatches(source, documents):
    expected = source.text("exl-id").lower()
    for document in documents:
        found = document.text("exl-id").lower()
        if document is not source and expected and found and found != expected:
            yield diagnostic("KB303", document.path, document.source.line_of("exl-id"), message=(
                f"exl-id {found} differs from {expected} in {source.path}"))
