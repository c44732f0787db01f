"""What the rules may consult besides the knowledge base itself."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.knowledge_base import KnowledgeBase
from ..core.vocabulary import Vocabulary, load_vocabulary
from ..qpt.articles import PatchIndex, build_patch_index
from ..qpt.metadata import load_qpt


@dataclass(frozen=True)
class Context:
    """What the rules may consult besides the knowledge base itself."""

    kb: KnowledgeBase
    features: Vocabulary
    roles: Vocabulary
    patches: PatchIndex

    @property
    def key(self) -> tuple:
        """What a document's findings depend on besides the document.

        Loaders return the same objects while their files are unchanged, so
        findings stay valid while these are the same objects (compared with
        ``is``: an ``id`` could be reused by a newer object).
        """
        return self.features, self.roles, self.patches.metadata

    @classmethod
    def for_knowledge_base(cls, kb: KnowledgeBase) -> Context:
        directory = kb.settings.vocabulary_dir
        return cls(
            kb,
            load_vocabulary("feature", directory),
            load_vocabulary("role", directory),
            build_patch_index(kb, load_qpt(kb.settings)),
        )
