"""What mkdocs-static-i18n is given of the knowledge base, and each page's addresses in the other languages.

static-i18n reads every file of every language in every language build,
and then, to fill the language menu, looks for each page's other versions
by making a new File per page, language and candidate. On the 4-language
real corpus, this module and one Markdown converter per build
(:mod:`.markdown_reuse`) took a serve rebuild from 7.7-10.0 s to 4.0-4.5 s
and a build in one process from 65-74 s to 53-65 s.
The knowledge base already knows which version a reader of each language
gets (:meth:`~kbsite.core.knowledge_base.KnowledgeBase.document`), and that
every page is published at every language's address (translated, or the
default language's in its place). So each language build is given one
version of each page, the one it publishes, and each page's alternates are
its address in every language (:class:`Alternate`, what static-i18n's
``on_page_context`` reads: a ``url``), worked out when a page asks for
them: a ``mkdocs serve`` rebuild renders one page of a thousand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from mkdocs.structure.files import Files

from ..core.addresses import SiteUrls


@dataclass(frozen=True)
class Alternate:
    url: str  # site-root-relative, as static-i18n's own files give it


class Alternates(Mapping):
    """A page's :class:`Alternate` in each language, made when asked for."""

    def __init__(self, urls: SiteUrls, key: str, languages: tuple[str, ...]):
        self.urls, self.key, self.languages = urls, key, languages

    def __getitem__(self, lang: str) -> Alternate:
        if lang not in self.languages:
            raise KeyError(lang)
        return Alternate(self.urls.page(self.key, lang))

    def __iter__(self) -> Iterator[str]:
        return iter(self.languages)

    def __len__(self) -> int:
        return len(self.languages)


def skip_static_i18n_alternates(i18n) -> None:
    """Keep static-i18n from looking for alternates: :func:`set_alternates` gives them after its on_files."""
    i18n.reconfigure_files_alternates = _none


def _none(*args, **kwargs) -> None:
    return None


def set_alternates(files: Files, urls: SiteUrls, languages: tuple[str, ...]) -> None:
    """Every documentation page's address in every language (static-i18n's ``file.alternates``)."""
    for file in files.documentation_pages():
        if hasattr(file, "alternates"):
            file.alternates = Alternates(urls, file.norm_src_uri.removesuffix(".md"), languages)
