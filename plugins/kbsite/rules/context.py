"""What the rules may consult besides the knowledge base itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.knowledge_base import KnowledgeBase
from ..core.strings import Strings, strings
from ..core.vocabulary import Vocabulary, load_vocabulary
from ..qpt.articles import PatchIndex, build_patch_index
from ..qpt.metadata import load_qpt
from ..translations.history import ArticleHistory, article_history


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the knowledge base itself."""

    kb: KnowledgeBase
    features: Vocabulary
    roles: Vocabulary
    patches: PatchIndex
    languages: dict[str, Strings] = field(default_factory=dict)  # each site language's strings
    history: ArticleHistory | None = None  # when articles were updated and reviewed

    def __post_init__(self):
        settings = self.kb.settings
        for lang in settings.languages:
            self.languages.setdefault(lang, strings(lang, settings.strings_dir))

    def strings(self, lang: str) -> Strings:
        """How articles in ``lang`` are written (for a language the site does not build: English)."""
        return self.languages.get(lang) or strings(lang, self.kb.settings.strings_dir)

    @property
    def key(self) -> tuple:
        """What a document's findings depend on besides the document.

        Loaders return the same objects while their files are unchanged, so
        findings stay valid while these are the same objects (compared with
        ``is``: an ``id`` could be reused by a newer object).
        """
        return self.features, self.roles, self.patches.metadata, *self.languages.values()

    @classmethod
    def for_knowledge_base(cls, kb: KnowledgeBase, history: ArticleHistory | None = None) -> Context:
        """``history``: the knowledge base's, when the caller read it already (else read here)."""
        directory = kb.settings.vocabulary_dir
        return cls(
            kb,
            load_vocabulary("feature", directory),
            load_vocabulary("role", directory),
            build_patch_index(kb, load_qpt(kb.settings)),
            history=history if history is not None else article_history(kb),
        )
