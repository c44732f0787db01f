"""The knowledge base as one data model: documents, sections and assets.

Articles (``articles/<section>/<slug>.<lang>.md``) and site pages (``docs/``)
share one *site tree*: a file's site path is its path below its own folder,
so ``articles/how-to/flush-cache.fr.md`` and ``docs/index.fr.md`` become
``how-to/flush-cache.fr.md`` and ``index.fr.md``. Links are resolved in that
tree, exactly as the MkDocs build will publish them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, diagnostic
from .outline import Outline, outline
from .settings import Settings
from .source import Source, read_source
from .vocabulary import split_values

SECTION_FILE = "_section.yml"
LANG_SUFFIX = re.compile(r"^(?P<stem>.+?)\.(?P<lang>[a-z]{2}(?:[-_][A-Za-z]{2,4})?)$")


@dataclass
class Document:
    """One Markdown source in one language: an article or a site page."""

    kind: str  # "article" or "page"
    path: str  # project-relative, for people
    abs_path: Path
    site_path: str  # path in the site tree, with the language suffix
    key: str  # site path without language suffix and extension
    lang: str
    source: Source

    @cached_property
    def outline(self) -> Outline:
        return outline(self.source.body, self.source.body_line)

    @property
    def meta(self) -> dict:
        return self.source.meta

    @property
    def is_article(self) -> bool:
        return self.kind == "article"

    def text(self, key: str) -> str:
        """A front matter value as text ('' when absent or not a string)."""
        value = self.meta.get(key)
        return value.strip() if isinstance(value, str) else ""

    @property
    def title(self) -> str:
        h1 = self.outline.h1
        return self.text("title") or (h1.text if h1 else "") or self.key.rsplit("/", 1)[-1]

    @property
    def features(self) -> list[str]:
        return split_values(self.meta.get("feature"))

    @property
    def roles(self) -> list[str]:
        return split_values(self.meta.get("role"))


@dataclass
class Section:
    """A folder of articles: localized titles and an optional reading order."""

    path: str  # site-tree folder, "" for the root
    titles: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def title(self, lang: str, default_lang: str) -> str:
        fallback = self.path.rsplit("/", 1)[-1].replace("-", " ").capitalize()
        return self.titles.get(lang) or self.titles.get(default_lang) or fallback


@dataclass
class KnowledgeBase:
    settings: Settings
    documents: list[Document] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)  # site path -> file
    sections: dict[str, Section] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # found while loading

    @cached_property
    def by_key(self) -> dict[str, dict[str, Document]]:
        """Every document by key, then language.

        On a clash a site page wins over an article, as in the build (the
        clash itself is reported by KB204).
        """
        table: dict[str, dict[str, Document]] = {}
        for document in sorted(self.documents, key=lambda d: d.is_article):
            table.setdefault(document.key, {}).setdefault(document.lang, document)
        return table

    @property
    def articles(self) -> list[Document]:
        return [d for d in self.documents if d.is_article]

    def document(self, key: str, lang: str) -> Document | None:
        """The page a reader of ``lang`` gets for ``key``, with the default-language fallback."""
        versions = self.by_key.get(key, {})
        return versions.get(lang) or versions.get(self.settings.default_language)


def load_knowledge_base(settings: Settings) -> KnowledgeBase:
    kb = KnowledgeBase(settings)
    for directory, kind in ((settings.docs_dir, "page"), (settings.articles_dir, "article")):
        if directory.is_dir():
            _load_tree(kb, directory, kind)
    kb.documents.sort(key=lambda d: d.path)
    return kb


def _load_tree(kb: KnowledgeBase, directory: Path, kind: str) -> None:
    settings = kb.settings
    excluded = {directory / name for name in settings.exclude_docs} if kind == "page" else set()
    for folder, subfolders, files in os.walk(directory):
        folder_path = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and folder_path / d not in excluded)
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = folder_path / name
            site_path = file.relative_to(directory).as_posix()
            if name == SECTION_FILE and kind == "article":
                _load_section(kb, file, site_path.rpartition("/")[0])
            elif name.endswith(".md"):
                _load_document(kb, file, site_path, kind)
            else:
                kb.assets.setdefault(site_path, file)


def _load_document(kb: KnowledgeBase, file: Path, site_path: str, kind: str) -> None:
    settings = kb.settings
    display = settings.relative(file)
    match = LANG_SUFFIX.match(site_path[: -len(".md")])
    if match and match["lang"] in settings.languages:
        key, lang = match["stem"], match["lang"]
    elif kind == "page" and not match:
        key, lang = site_path[: -len(".md")], settings.default_language
    else:
        found = f"'.{match['lang']}'" if match else "no language suffix"
        kb.diagnostics.append(
            diagnostic(
                "KB304", display,
                message=f"{found} is not a site language ({', '.join(settings.languages)}); the file is not published",
            )
        )
        return
    source = read_source(file, display, front_matter=kind == "article")
    kb.documents.append(Document(kind, display, file, site_path, key, lang, source))


def _load_section(kb: KnowledgeBase, file: Path, folder: str) -> None:
    display = kb.settings.relative(file)
    try:
        data = yaml.safe_load(file.read_text("utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        kb.diagnostics.append(diagnostic("KB205", display, _error_line(error), message=f"cannot read: {error}"))
        return
    titles, order = (data.get("title"), data.get("order")) if isinstance(data, dict) else (None, None)
    if not isinstance(titles or {}, dict) or not isinstance(order or [], list):
        kb.diagnostics.append(
            diagnostic("KB205", display, 1, message="expected `title: {en: ..., fr: ...}` and `order: [slug, ...]`")
        )
        return
    kb.sections[folder] = Section(
        folder,
        {str(k): str(v) for k, v in (titles or {}).items()},
        [str(slug) for slug in order or []],
    )


def _error_line(error: Exception) -> int:
    mark = getattr(error, "problem_mark", None)
    return mark.line + 1 if mark else 0
