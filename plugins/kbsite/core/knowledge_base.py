"""The knowledge base as one data model: documents, sections and assets.

Articles (``articles/<section>/<slug>.<lang>.md``) and site pages (``docs/``)
share one *site tree*: a file's site path is its path below its own folder,
so ``articles/how-to/flush-cache.fr.md`` and ``docs/index.fr.md`` become
``how-to/flush-cache.fr.md`` and ``index.fr.md``. Links are resolved in that
tree, exactly as the MkDocs build will publish them.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .addresses import is_external, url_scheme
from .diagnostics import Diagnostic, diagnostic
from .outline import Outline, outline
from .settings import Settings
from .source import Source, file_stamp, read_source, yaml_error_position
from .text import exl_text, load_yaml, markup_in, short_digest
from .vocabulary import split_values

_SAFE_PATH = re.compile(r"^[\w.-]+(?:/[\w.-]+)*$")
SECTION_FILE = "_section.yml"
REDIRECTS_FILE = "_redirects.yml"
# A BCP 47 tag as the file's last suffix: ``.de``, ``.pt-BR``, ``.zh-Hans`` (a file is published only
# when the tag is one of the site's languages).
LANG_SUFFIX = re.compile(r"^(?P<stem>.+?)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$")


@dataclass(eq=False)  # identity: unchanged documents are reused across loads, and findings remembered
class Document:
    """One Markdown source in one language: an article or a site page."""

    kind: str  # "article" or "page"
    path: str  # project-relative, for people
    abs_path: Path
    site_path: str  # path in the site tree, with the language suffix
    key: str  # site path without language suffix and extension
    lang: str
    source: Source
    generated: bool = False  # written by the plugin (a site page docs/ does not have), not read from a file

    @cached_property
    def outline(self) -> Outline:
        return outline(self.source.body, self.source.body_line)

    @cached_property
    def digest(self) -> str:
        """What the document holds, as a short digest (what a build records of its sources)."""
        return short_digest(self.source.text)

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
        """The title readers see (EXL's markers in it are their words)."""
        title = exl_text(self.text("title"))
        if title:  # most have one: the outline (a parse of the whole body) is not needed then
            return title
        h1 = self.outline.h1
        return (h1.text if h1 else "") or self.key.rsplit("/", 1)[-1]

    @property
    def description(self) -> str:
        """The description readers see ('' when there is none)."""
        return exl_text(self.text("description"))

    @property
    def unlisted(self) -> bool:
        """Left out of the navigation (``unlisted: true``, or ``hidden: true``)."""
        return self.meta.get("unlisted") is True or self.hidden

    @property
    def hidden(self) -> bool:
        """Left out of the navigation and of search (``hidden: true``)."""
        return self.meta.get("hidden") is True

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
    descriptions: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str, default_lang: str) -> str:
        """The title for a reader of ``lang``, else in ``default_lang``, else the folder name as MkDocs shows it."""
        return self.titles.get(lang) or self.titles.get(default_lang) or _folder_title(self.path.rsplit("/", 1)[-1])


def _folder_title(name: str) -> str:
    """``how-to`` -> ``How to``: MkDocs' ``dirname_to_title``, so that our pages and its navigation agree."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


@dataclass(eq=False)
class KnowledgeBase:
    settings: Settings
    documents: list[Document] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)  # site path -> file
    sections: dict[str, Section] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old path -> article key or URL
    diagnostics: list[Diagnostic] = field(default_factory=list)  # found while loading
    _titles: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

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

    @cached_property
    def listed_folders(self) -> list[str]:
        """Every folder holding listed articles, directly or below (not the root)."""
        found = set()
        for document in self.articles:
            if document.unlisted:
                continue
            folder = posixpath.dirname(document.key)
            while folder:
                found.add(folder)
                folder = posixpath.dirname(folder)
        return sorted(found)

    @cached_property
    def keys_by_folder(self) -> dict[str, list[str]]:
        """The keys of the documents directly in each folder."""
        table: dict[str, list[str]] = {}
        for key in self.by_key:
            table.setdefault(posixpath.dirname(key), []).append(key)
        return table

    def add_documents(self, documents: list[Document]) -> None:
        """Documents that are not files (generated site pages), joined to the model."""
        if documents:
            self.documents = sorted([*self.documents, *documents], key=lambda d: d.path)
            for worked_out in ("by_key", "listed_folders", "keys_by_folder"):
                self.__dict__.pop(worked_out, None)
            self._titles.clear()

    @property
    def articles(self) -> list[Document]:
        return [d for d in self.documents if d.is_article]

    def titles(self, lang: str) -> dict[str, str]:
        """Source path -> the title a reader of ``lang`` sees (with the default-language fallback)."""
        if lang not in self._titles:
            self._titles[lang] = {
                document.site_path: document.title
                for key in self.by_key
                if (document := self.document(key, lang))
            }
        return self._titles[lang]

    def untranslated(self, lang: str) -> int:
        """How many searchable articles of the default language have no version in ``lang``."""
        default = self.settings.default_language
        return sum(1 for versions in self.by_key.values()
                   if default in versions and lang not in versions
                   and versions[default].is_article and not versions[default].hidden)

    def section_title(self, folder: str, lang: str) -> str:
        """The title of ``folder`` for a reader of ``lang``, from its ``_section.yml`` if it has one."""
        return (self.sections.get(folder) or Section(folder)).title(lang, self.settings.default_language)

    def document(self, key: str, lang: str) -> Document | None:
        """The page a reader of ``lang`` gets for ``key``, with the default-language fallback."""
        return for_reader(self.by_key.get(key, {}), lang, self.settings.default_language)


def for_reader(versions: dict[str, Document], lang: str, default: str) -> Document | None:
    """Of one article's versions by language, the one a reader of ``lang`` gets: theirs, else the default language's.

    The one rule of language fallback, as mkdocs-static-i18n applies it with ``fallback_to_default``.
    """
    return versions.get(lang) or versions.get(default)


def load_knowledge_base(settings: Settings, cache: dict | None = None) -> KnowledgeBase:
    """Every document, section and asset below the docs and articles folders.

    ``cache`` (path as text -> ((size, mtime), Document)) lets a long-running process
    skip re-reading files that did not change: it is given the documents read.
    """
    kb = KnowledgeBase(settings)
    cache = {} if cache is None else cache
    for directory, kind in ((settings.docs_dir, "page"), (settings.articles_dir, "article")):
        if directory.is_dir():
            _load_tree(kb, directory, kind, cache)
    kb.documents.sort(key=lambda d: d.path)
    return kb


def _load_tree(kb: KnowledgeBase, directory: Path, kind: str, cache: dict) -> None:
    settings = kb.settings
    excluded = {settings.theme_dir} if kind == "page" and settings.theme_dir is not None else set()
    shown = settings.relative(directory)  # what diagnostics call the folder
    _load_folder(kb, _Tree("" if shown == "." else f"{shown}/", kind, excluded, cache), directory, "")


@dataclass(frozen=True)
class _Tree:
    """One folder tree being loaded: what each of its folders needs."""

    shown: str  # how diagnostics name the root: "articles/" (project-relative)
    kind: str  # "article" or "page"
    excluded: set[Path]  # folders not loaded (the theme's, among the pages)
    cache: dict


def _load_folder(kb: KnowledgeBase, tree: _Tree, folder: Path, site_folder: str) -> None:
    """A folder's files in name order, then its folders; ``site_folder``: its path in the site ("" or ending in "/").

    Listed with ``os.scandir``, whose entries tell links and folders apart without a system call per file.
    Hidden files and folders are left out; links are reported, not followed.
    """
    try:
        with os.scandir(folder) as scanned:
            entries = sorted((entry for entry in scanned if not entry.name.startswith(".")), key=lambda e: e.name)
    except OSError:  # removed or unreadable since it was listed, as os.walk skips it
        return
    folders = [entry for entry in entries if entry.is_dir() and Path(entry.path) not in tree.excluded]
    for entry in folders:
        if entry.is_symlink():
            _report_symlink(kb, Path(entry.path))
    for entry in entries:
        if not entry.is_dir():
            _load_file(kb, tree, entry, site_folder + entry.name)
    for entry in folders:
        if not entry.is_symlink():
            _load_folder(kb, tree, Path(entry.path), f"{site_folder}{entry.name}/")


def _load_file(kb: KnowledgeBase, tree: _Tree, entry: os.DirEntry, site_path: str) -> None:
    if entry.is_symlink():
        _report_symlink(kb, Path(entry.path))
    elif entry.name == SECTION_FILE and tree.kind == "article":
        _load_section(kb, Path(entry.path), site_path.rpartition("/")[0])
    elif entry.name == REDIRECTS_FILE and tree.kind == "article" and site_path == entry.name:  # at the root
        _load_redirects(kb, Path(entry.path))
    elif entry.name.endswith(".md"):
        _load_document(kb, entry, site_path, tree.shown + site_path, tree.kind, tree.cache)
    else:
        kb.assets.setdefault(site_path, Path(entry.path))


def _report_symlink(kb: KnowledgeBase, path: Path) -> None:
    """Links are not followed: one could publish /etc/passwd, or the same article twice."""
    target = os.readlink(path)
    kb.diagnostics.append(diagnostic("KB410", kb.settings.relative(path), message=(
        f"symbolic link to {target[:80]} is not followed: what it points to is not published")))


def _load_document(kb: KnowledgeBase, entry: os.DirEntry, site_path: str, display: str, kind: str,
                   cache: dict) -> None:
    """The document of ``entry``: the one in ``cache`` (by its path, as text) while the file's size and time are
    the same, else read (a scan of the corpus's 4,000 files makes no ``Path`` for a file it does not read)."""
    settings = kb.settings
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
    stamp = file_stamp(entry)
    cached = cache.get(entry.path)
    if cached is not None and stamp is not None and cached[0] == stamp:
        kb.documents.append(cached[1])
        return
    file = Path(entry.path)
    source = read_source(file, display, front_matter=kind == "article")
    document = Document(kind, display, file, site_path, key, lang, source)
    cache[entry.path] = (stamp, document)
    kb.documents.append(document)


def _read_data_file(kb: KnowledgeBase, file: Path, code: str):
    """A YAML data file of the articles folder, or None (reported under ``code``)."""
    try:
        text = file.read_text("utf-8")
        return load_yaml(text) or {}
    except (OSError, UnicodeDecodeError) as error:
        kb.diagnostics.append(diagnostic(code, kb.settings.relative(file), message=f"cannot read: {error}"))
    except yaml.MarkedYAMLError as error:
        line, column, wording = yaml_error_position(error, text)
        kb.diagnostics.append(diagnostic(code, kb.settings.relative(file), line, column,
                                         f"YAML syntax error: {wording}"))
    except yaml.YAMLError as error:
        kb.diagnostics.append(diagnostic(code, kb.settings.relative(file), message=f"YAML error: {error}"))
    return None


def _load_section(kb: KnowledgeBase, file: Path, folder: str) -> None:
    display = kb.settings.relative(file)
    data = _read_data_file(kb, file, "KB205")
    if data is None:
        return
    if not isinstance(data, dict):
        kb.diagnostics.append(diagnostic("KB205", display, 1, message="expected a mapping with `title` and `order`"))
        return
    titles, order, descriptions = data.get("title") or {}, data.get("order") or [], data.get("description") or {}
    if not isinstance(titles, dict) or not isinstance(order, list) or not isinstance(descriptions, dict):
        kb.diagnostics.append(diagnostic("KB205", display, 1, message=(
            "expected `title: {en: ..., fr: ...}`, `order: [slug, ...]` and optionally `description: {en: ..., fr: ...}`")))
        return
    for lang, title in titles.items():
        markup = markup_in(title)
        if markup:
            kb.diagnostics.append(diagnostic("KB117", display, 1, message=(
                f"the {lang} title contains {markup}; it is shown as text")))
    kb.sections[folder] = Section(
        folder,
        {str(k): str(v) for k, v in titles.items()},
        [str(slug) for slug in order],
        {str(k): str(v) for k, v in descriptions.items()},
    )


def _load_redirects(kb: KnowledgeBase, file: Path) -> None:
    display = kb.settings.relative(file)
    data = _read_data_file(kb, file, "KB206")
    if data is None:
        return
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        kb.diagnostics.append(diagnostic("KB206", display, 1, message="expected `old/path: new/article/key` entries"))
        return
    unsafe = sorted(str(old) for old in data if not is_safe_path(str(old).strip("/")))
    for old in unsafe:
        kb.diagnostics.append(diagnostic("KB206", display, message=f"'{old}' is not a usable path; the redirect is ignored"))
    kb.redirects = {str(old).strip("/"): target for old, target in data.items() if str(old) not in unsafe}


def is_safe_path(path: str) -> bool:
    """Whether a redirect's old path can become a folder of the site: plain names, no ``..``."""
    return bool(_SAFE_PATH.match(path)) and ".." not in path.split("/")


def redirect_problem(kb: KnowledgeBase, old: str, target: str) -> str | None:
    """Why the redirect ``old`` -> ``target`` cannot be written (KB206), or None when it can."""
    if old in kb.by_key or f"{old}/index" in kb.by_key:
        return f"'{old}' is the path of a page; the redirect is ignored"
    external = is_external(target)
    if external and url_scheme(target) not in ("http", "https"):
        return f"'{old}' redirects to '{target[:60]}': only http(s) addresses"
    if not external and target.strip("/") not in kb.by_key:
        return f"'{old}' redirects to '{target}', which is not an article"
    return None
