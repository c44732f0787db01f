"""What a build reuses of the last one, and what it records for the next.

The MkDocs side of :mod:`kbsite.environment.cache` (the records and the copy
of the outputs) and :mod:`kbsite.environment.fingerprints` (what each output
is made from). One :class:`SiteReuse` per build decides, before anything is
written:

* whether the records can be used at all: the site fingerprint (code,
  packages, configuration, theme overrides, language files, vocabularies,
  QPT metadata) must be the one they were made with; otherwise the build is
  a clean one, as without a cache;
* which languages need building: a language whose fingerprint is the
  recorded one and whose files are all in the site folder, or can be put back
  from the cache, is not built at all;
* in a language that is built, which pages: a page whose fingerprint (its
  part from the environment, and the navigation around it) is the recorded
  one keeps its file. MkDocs still reads it (the tags plugin and the
  navigation need its title and metadata, in the order a clean build gives
  them) but does not convert or write it. A page whose fingerprint differs
  in its navigation alone is written again with the content its Markdown
  gave the last build (:mod:`kbsite.environment.page_contents`), not
  converted again.

Files are never written through a hard link into the cache: a file about to
be written again is removed first. Once written, each file's size, time and
digest are recorded and a link to it kept in the cache. Files the last build
made that this one did not are removed, so that the site folder holds what a
clean build would write. Nothing here changes what a page looks like.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import mkdocs.utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.source import file_stamp, tree_stamps
from ..core.text import plural, short_digest
from ..environment import Environment
from ..environment.cache import (FORMAT, BuildCache, Output, Records, bytes_digest, file_digest, remove_file,
                                 stamp_of)
from ..environment.page_contents import KeptContent, PageContents
from .search import StagedPages, index_fingerprint

log = logging.getLogger("mkdocs.plugins.kb")

# The packages whose code makes the pages (their versions are part of every page's fingerprint).
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "Markdown", "Jinja2",
            "nh3", "pagefind", "icu4py", "properdocs")
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")  # in a repr: differs from one run to the next
SITE = "site"  # the producer of the site-wide files: sitemap, redirect pages, patch export


def site_fingerprint(config: MkDocsConfig, env: Environment) -> str:
    """What every output depends on: call before the kb plugin changes the configuration (``on_config``)."""
    overrides = env.settings.theme_dir
    return short_digest([FORMAT, _versions(), env.code, tree_stamps(overrides) if overrides else [],
                         _configuration(config), sorted(env.languages.stamps().items()),
                         sorted((name, str(stamp)) for name, (stamp, _) in env.loaded.items())])


def _versions() -> list:
    found = []
    for name in PACKAGES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, None))
    return found


def _configuration(config: MkDocsConfig) -> str:
    """The configuration as the build uses it, but for where the site is written and how the configuration
    file was named (``mkdocs build -f mkdocs.yml`` names it and the theme's folders relative to the working
    folder, ``mkdocs build`` absolute: the same build)."""
    values = {key: _plain(value) for key, value in config.items()
              if key not in ("site_dir", "watch", "config_file_path")}
    values["plugins"] = {name: _plain(dict(plugin.config)) for name, plugin in config.plugins.items()}
    values["theme"] = {"name": config.theme.name, "dirs": [os.path.abspath(folder) for folder in config.theme.dirs],
                       **_plain(dict(config.theme.items()))}
    return short_digest(values)


def _plain(value):
    """``value`` as data (lists, dicts, text): for a digest that is the same from one run to the next."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return _ADDRESS.sub("", repr(value))


@dataclass
class _Written:
    """A file this build wrote or is writing, recorded once it is on disk."""

    producer: str
    fingerprint: str
    digest: str | None  # of its bytes, when known before it is written


@dataclass
class SiteReuse:
    """One build's use of the cache: made by the default language's build, inherited by the other languages'
    (forked processes send theirs back through the cache, :meth:`send_language` and :meth:`receive_language`)."""

    cache: BuildCache | None
    earlier: Records  # the last build's records, when usable (else empty)
    site: str  # this build's site fingerprint
    site_dir: str
    incremental: bool  # the records are usable: unchanged outputs are kept
    records: Records = field(init=False)  # this build's
    languages_kept: set[str] = field(default_factory=set)  # not built: their files are the last build's
    written: dict[str, _Written] = field(default_factory=dict)  # path -> what the file is, once on disk
    # Background indexing (mkdocs serve) records its files from its own thread, maybe after the build ended:
    # ``lock`` (the session's) guards every pass over the records, and a search index's files are known by
    # their producer without one.
    lock: threading.RLock = field(default_factory=threading.RLock)
    searched: dict[str, set[str]] = field(default_factory=dict)  # producer -> the files of a search index
    finished: bool = False
    saved: bool = False  # the records of this build are in the cache
    latest: bool = True  # no later build started: a background indexing may save the records
    # The records are this process's last build's, which finished into this site folder: its files are as it
    # wrote them, not checked again (``mkdocs serve``'s temporary folder, which no other process writes).
    own_site: bool = False

    def __post_init__(self):
        self.records = Records(self.site_dir, self.site)

    @classmethod
    def start(cls, cache: BuildCache | None, earlier: Records | None, site: str, site_dir: str,
              lock: threading.RLock, own: bool = False) -> SiteReuse:
        """``earlier``: the last build's records (copied: a background indexing may still record into them);
        ``own``: those of this process's last build, which finished."""
        with lock:
            incremental = cache is not None and earlier is not None and earlier.site == site
            if cache is not None:
                cache.starting() if incremental else cache.clear()
            copied = earlier.copy() if incremental else Records()
        own_site = incremental and own and copied.site_dir == site_dir
        return cls(cache, copied, site, site_dir, incremental, lock=lock, own_site=own_site)

    @property
    def cleans_site_dir(self) -> bool:
        """Whether MkDocs should empty the site folder first: a clean build, or one into another folder
        (whose files are then put back from the cache)."""
        return not self.incremental or self.earlier.site_dir != self.site_dir

    # -- languages -----------------------------------------------------------------------------------

    def keep_language(self, lang: str, fingerprint: str) -> bool:
        """Whether ``lang``'s files, recorded with ``fingerprint``, are all in the site (put back from the
        cache if need be); if so they are this build's, and the language is not built."""
        if not self.incremental or self.earlier.languages.get(lang) != fingerprint or not self._indexed(lang):
            return False
        owned = {path: output for path, output in self.earlier.outputs.items() if _language_of(output) == lang}
        if not all(self._holds(path, output) for path, output in owned.items()):
            return False
        self.records.outputs.update(owned)
        self.built_language(lang, fingerprint, self.earlier.titles.get(lang, {}), self.earlier.staged.get(lang, {}))
        self.languages_kept.add(lang)
        return True

    def _indexed(self, lang: str) -> bool:
        """Whether the language's search index is made of the pages the records say were staged: with
        ``mkdocs serve`` the last build's indexing may not have finished (its files are the index before)."""
        made_of = index_fingerprint(self.earlier.staged.get(lang, {}))
        return all(output.fingerprint == made_of for output in self.earlier.of(f"search:{lang}").values())

    def built_language(self, lang: str, fingerprint: str, titles: dict[str, str], staged: dict[str, list]) -> None:
        self.records.languages[lang] = fingerprint
        self.records.titles[lang] = titles
        self.records.staged[lang] = staged

    def staged(self, lang: str) -> dict[str, list] | None:
        """The pages the last build gave the language's search index, when they are all still in the cache (None:
        they are not, and no page of the language can keep its file: each must be staged again)."""
        pages = self.earlier.staged.get(lang) if self.incremental else None
        folder = self.search_folder(lang)
        if pages is None or folder is None or not all(os.path.exists(os.path.join(folder, p)) for p in pages):
            return None
        return pages

    def search_folder(self, lang: str) -> Path | None:
        return self.cache.search / lang if self.cache is not None else None

    def send_language(self, lang: str) -> None:
        """In a process that built ``lang`` for another: its part of the records, for that one to take."""
        if self.cache is None:
            return
        self.settle()
        part = Records(self.site_dir, self.site)
        part.outputs = {path: o for path, o in self.records.outputs.items() if _language_of(o) == lang}
        part.built_language_of(self.records, lang)
        self.cache.save(part, part=lang)

    def receive_language(self, lang: str) -> bool:
        """Take the records of ``lang`` that another process built; False when it sent none."""
        part = self.cache.take_part(lang) if self.cache is not None else None
        if part is None:
            return self.cache is None
        self.records.outputs.update(part.outputs)
        self.built_language(lang, part.languages[lang], part.titles[lang], part.staged[lang])
        return True

    # -- files of a language that is built ----------------------------------------------------------

    def keep(self, path: str, producer: str, fingerprint: str) -> bool:
        """Whether the file at ``path`` is the one recorded for ``fingerprint``; if so it is this build's."""
        output = self.earlier.outputs.get(path) if self.incremental else None
        if output is None or output.producer != producer or output.fingerprint != fingerprint:
            return False
        if not self._holds(path, output):
            return False
        self.records.outputs[path] = output
        return True

    def keep_all(self, producer: str, fingerprint: str) -> bool:
        """Whether every file ``producer`` made last time is the one recorded for ``fingerprint``, and in the
        site; if so they are this build's."""
        owned = self.earlier.of(producer) if self.incremental else {}
        if not owned or any(output.fingerprint != fingerprint or not self._holds(path, output)
                            for path, output in owned.items()):
            return False
        self.records.outputs.update(owned)
        self.searched[producer] = set(owned)
        return True

    def _holds(self, path: str, output: Output) -> bool:
        """Whether the site has the file at ``path`` as recorded (put back from the cache if need be)."""
        return self.own_site or self.cache.holds(self.site_dir, path, output)

    def carry(self, producer: str) -> None:
        """Keep the last build's files of ``producer`` in the records until they are replaced (the search
        index that ``mkdocs serve`` makes again in the background)."""
        owned = self.earlier.of(producer) if self.incremental else {}
        self.records.outputs.update(owned)
        self.searched[producer] = set(owned)

    def writing(self, path: str, producer: str, fingerprint: str, data: bytes | None = None) -> None:
        """The file at ``path`` is about to be written (by MkDocs or us): not through the cache's link, and
        recorded once written (:meth:`settle`)."""
        if self.incremental:  # else MkDocs emptied the site folder, and the store is new
            remove_file(os.path.join(self.site_dir, path))
        self.written[path] = _Written(producer, fingerprint, bytes_digest(data) if data is not None else None)

    def settle(self) -> None:
        """Record the files written since the last call, and keep a link to each in the cache."""
        for path, written in self.written.items():
            self._record(path, written.producer, written.fingerprint, written.digest)
        self.written = {}

    def _record(self, path: str, producer: str, fingerprint: str, digest: str | None) -> None:
        full = os.path.join(self.site_dir, path)
        stamp = stamp_of(full)
        if stamp is None:
            return  # not written after all (MkDocs skips an empty page)
        self.records.outputs[path] = Output(producer, fingerprint, *stamp, digest or file_digest(full))
        if self.cache is not None:
            self.cache.keep(self.site_dir, path)

    def indexed(self, producer: str, fingerprint: str, bundle: Path) -> None:
        """A search index is in place (``bundle``, a folder of the site), maybe after the build ended."""
        files = {file.relative_to(self.site_dir).as_posix() for file in bundle.rglob("*") if file.is_file()}
        with self.lock:
            for path in self.searched.pop(producer, set()):
                self.records.outputs.pop(path, None)
                if self.cache is not None and path not in files:
                    self.cache.forget(path)  # the index before: no build can reuse its files
            for path in sorted(files):
                self._record(path, producer, fingerprint, None)
            self.searched[producer] = files
            if self.finished and self.latest:
                self.saved = False  # with the index now in place
                self.save()

    # -- the end --------------------------------------------------------------------------------------

    def failed(self) -> Records:
        """What the next build can use of the last records after this one failed half-way: the last build's
        files, each still checked before it is kept, but no language or staged page of those this build was
        building (their pages, staged or not, may differ from what the records say)."""
        usable = Records(self.earlier.site_dir, self.earlier.site)
        usable.outputs = dict(self.earlier.outputs)
        for lang in self.languages_kept:
            usable.built_language_of(self.earlier, lang)
        if self.cache is not None:
            self.cache.save(usable)
        return usable

    def finish(self, background: bool = False) -> None:
        """Remove the files the last build made and this one did not; save the records, in a thread of their
        own when ``background`` (``mkdocs serve``: the records of 4,000 pages take a tenth of a second to write,
        which the edited page need not wait for)."""
        with self.lock:
            self.settle()
            for path in self.earlier.outputs.keys() - self.records.outputs.keys():
                remove_file(os.path.join(self.site_dir, path))
                if self.cache is not None:
                    self.cache.forget(path)
            self.finished = True
        if background:
            threading.Thread(target=self.save, daemon=True).start()
        else:
            self.save()

    def save(self) -> None:
        """Keep the records in the cache, unless they are saved already or a later build started (it
        removed the records from the cache: its site folder is not what they say until it saves its own)."""
        with self.lock:
            if self.cache is not None and self.latest and not self.saved:
                self.cache.save(self.records)
            self.saved = True


class LanguagePages:
    """One language build's pages: which keep their file from the last build, which keep their content (built
    again for their navigation alone), what the others are made from."""

    def __init__(self, reuse: SiteReuse, lang: str, staged: StagedPages, keeping: bool):
        """``staged``: the language's pages for its search index, as the last build staged them; ``keeping``:
        whether pages may keep their file or content (not when those are lost: a page's search copy is made
        with its content)."""
        self.reuse = reuse
        self.lang = lang
        self.staged = staged
        self.keeping = keeping
        self.producer = f"page:{lang}"
        self.kept: set[str] = set()  # source paths of the pages whose file is kept
        self.dests: set[str] = set()  # every page's file
        self.fingerprints: dict[str, str] = {}  # source path -> fingerprint of a page that is built
        self.titles: dict[str, str] = {}  # source path -> title, of every page
        self.reused: dict[str, KeptContent] = {}  # source path -> the content the last build made, still valid
        self.contents = PageContents(reuse.cache.pages, lang) if reuse.cache is not None else None
        self._made_of: dict[str, str] = {}  # source path -> what a page built is made of besides its navigation
        self._sources: set[str] = set()  # every page's source path
        self._made: dict[str, tuple[str, KeptContent]] = {}  # the contents this build made, to keep
        self._earlier_titles = reuse.earlier.titles.get(lang, {}) if reuse.incremental else {}

    def decide(self, file: File, fingerprint: str | None, made_of: str | None = None) -> None:
        """Keep the page's file if it was made from ``fingerprint`` (None: always built), else its content if
        it was made from ``made_of`` (what the page is made of besides its navigation)."""
        self.dests.add(file.dest_uri)
        self._sources.add(file.src_uri)
        title = self._earlier_titles.get(file.src_uri)
        if (self.keeping and fingerprint is not None and title is not None
                and self.reuse.keep(file.dest_uri, self.producer, fingerprint)):
            self.kept.add(file.src_uri)
            self.titles[file.src_uri] = title
            return
        self.fingerprints[file.src_uri] = fingerprint or ""
        if made_of and self.contents is not None:
            self._made_of[file.src_uri] = made_of
            found = self.contents.get(file.src_uri, made_of) if self.keeping else None
            if found is not None and found.staged == self._staged_digest(file):  # its search copy is in place
                self.reused[file.src_uri] = found

    def converts(self, file: File) -> bool:
        """Whether the page's Markdown is converted: not when the page keeps its file, or its content."""
        return file.src_uri not in self.kept and file.src_uri not in self.reused

    def content_kept(self, file: File) -> KeptContent | None:
        """The content the page of ``file`` keeps from the last build (None: it is made again)."""
        return self.reused.get(file.src_uri)

    def made(self, file: File, content: str, toc: list[dict], title: str | None) -> None:
        """The page of ``file`` was made of its Markdown: its content is kept for the next build."""
        made_of = self._made_of.get(file.src_uri)
        if made_of is not None and file.src_uri not in self.reused:
            self._made[file.src_uri] = (made_of, KeptContent(content, toc, title, self._staged_digest(file)))

    def keep_contents(self) -> None:
        """The language is built: keep the contents its pages were made with (and those of its other pages)."""
        if self.contents is not None:
            self.contents.store(self._made, only=self._sources)
            self.contents.close()
        self._made = {}

    def _staged_digest(self, file: File) -> str:
        """The digest of the page's search copy as staged now ("": none, the page is not searched)."""
        staged = self.staged.pages.get(file.dest_uri)
        return staged[0] if staged else ""

    def keep_every(self, files: list[File]) -> None:
        """A language kept as it is (:meth:`SiteReuse.keep_language`): every page keeps its file."""
        for file in files:
            self.dests.add(file.dest_uri)
            self.kept.add(file.src_uri)
            self.titles[file.src_uri] = self._earlier_titles.get(file.src_uri, "")

    def summary(self) -> str:
        """``12 pages built, 3,944 kept``: what the build did of the language's pages (and how many of those
        built were built for their navigation alone, with the content they had)."""
        again = f"; {len(self.reused):,} of those built for their navigation alone" if self.reused else ""
        return f"{plural(len(self.fingerprints), 'page')} built, {len(self.kept):,} kept{again}"

    def is_kept(self, file: File) -> bool:
        return file.src_uri in self.kept

    def written(self, file: File, title: str, data: bytes) -> None:
        """A page is about to be written with ``data``."""
        self.titles[file.src_uri] = title
        self.reuse.writing(file.dest_uri, self.producer, self.fingerprints.get(file.src_uri, ""), data)


def toc_tokens(toc) -> list[dict]:
    """A page's table of contents as MkDocs' ``get_toc`` makes it from the Markdown's toc tokens."""
    return [{"name": link.title, "id": link.id, "level": link.level, "children": toc_tokens(link.children)}
            for link in toc]


def _language_of(output: Output) -> str:
    return output.producer.partition(":")[2]


def static_fingerprint(file: File) -> str:
    """What a copied file is made from: its source file as it is now."""
    if file.abs_src_path is None:
        return short_digest(["content", file.content_string])
    return short_digest([file.abs_src_path, file_stamp(Path(file.abs_src_path))])


def copy_static_files(files: Files, reuse: SiteReuse, producer: str, mine) -> None:
    """MkDocs' ``Files.copy_static_files`` for one language's build: the files ``mine(file)`` accepts, each
    copied unless the site has it as recorded."""
    for file in files:
        if file.is_documentation_page() or not mine(file):
            continue
        fingerprint = static_fingerprint(file)
        if reuse.keep(file.dest_uri, producer, fingerprint):
            continue
        reuse.writing(file.dest_uri, producer, fingerprint)
        file.copy_file(False)


def without_cleaning():
    """Keep MkDocs from emptying the site folder (and from saying it does); what :func:`restore_cleaning`
    takes to undo it."""
    clean = mkdocs.utils.clean_directory
    mkdocs.utils.clean_directory = _no_cleaning
    logging.getLogger("mkdocs.commands.build").addFilter(_no_cleaning_message)
    return clean


def restore_cleaning(clean) -> None:
    mkdocs.utils.clean_directory = clean
    logging.getLogger("mkdocs.commands.build").removeFilter(_no_cleaning_message)


def _no_cleaning_message(record: logging.LogRecord) -> bool:
    return record.getMessage() != "Cleaning site directory"


def _no_cleaning(directory: str) -> None:
    """The site folder of an incremental build: its files are kept, or written again, or removed at the end."""
