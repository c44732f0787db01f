"""What the rules may consult besides the knowledge base itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.external_links import ExternalReport
from ..core.knowledge_base import KnowledgeBase
from ..core.strings import Strings, strings
from ..core.vocabulary import Vocabulary
from ..qpt.articles import PatchIndex
from ..translations.history import ArticleHistory


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the knowledge base itself (made by the build environment,
    :class:`kbsite.environment.Environment`)."""

    kb: KnowledgeBase
    features: Vocabulary
    roles: Vocabulary
    patches: PatchIndex
    languages: dict[str, Strings] = field(default_factory=dict)  # each site language's strings
    history: ArticleHistory | None = None  # when articles were updated and reviewed
    external: ExternalReport | None = None  # what the external link check found, when it ran
    # Each document's link findings as the last check found them, and what they were found from (rules/links.py):
    # carried from one environment to the next.
    link_checks: dict = field(default_factory=dict, compare=False, repr=False)

    def strings(self, lang: str) -> Strings:
        """How articles in ``lang`` are written (for a language the site does not build: English)."""
        return self.languages.get(lang) or strings(lang, self.kb.settings.strings_dir)
