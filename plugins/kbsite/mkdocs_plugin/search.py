"""One Pagefind index per language, made when the language's pages are built.

Pagefind (the ``pagefind`` package and the binary its ``bin`` extra
ships) splits an index into chunks
that a reader's browser fetches a few at a time, so what a search costs
does not grow with the knowledge base. Each language gets its own bundle in
its own folder (``pagefind/``, ``fr/pagefind/``): a reader searches their
language only, with its stemmer.

While a language builds, each indexed page's search body is written as a
small HTML file to a staging folder (:func:`~kbsite.site.search_markup.index_document`);
when the language's pages are done, Pagefind indexes that folder, in a
process of its own, while the other languages are still building. The
bundle is written beside the site's and swapped in whole, so a served site
never shows half an index.

The staged pages are kept in the build cache (``.cache/kbsite/builds/<command>/search/<lang>``,
see :mod:`kbsite.environment.cache`) with what each holds: a language is
indexed again, from all its pages, when one of them changed, without
building the others; a language whose pages are unchanged keeps its index.
Without a cache they are staged in the site folder (``.kb-search-staging/<lang>``)
and removed once indexed. ``mkdocs serve`` indexes in the background, at
low priority, after the page is served (the edit-to-refresh loop does not
wait for it; search shows the edit a few seconds later).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.text import short_digest
from ..environment.cache import made_folder
from ..site.search_bundle import UnknownLayout, compact
from ..site.search_markup import repeated_blocks, staged_words
from ..site.search_vocabulary import VocabularyFiles

log = logging.getLogger("mkdocs.plugins.kb")

BUNDLE = "pagefind"  # the index's folder, in the language's folder of the site
EXCLUDED = ".headerlink"  # the heading permalinks ("¶") Material adds inside headings
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")  # Pagefind's own interfaces: search.js is ours
STAGING = ".kb-search-staging"  # in the site folder


@dataclass(eq=False)
class StagedPages:
    """A language's pages as Pagefind is given them, and the indexing of them that runs."""

    folder: Path
    pages: dict[str, list] = field(default_factory=dict)  # page -> [digest of what was staged, block digests]
    changed: bool = False  # since the pages were last indexed
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # page -> its words as written, once known
    run: threading.Thread | None = None
    process: subprocess.Popen | None = None
    stopped: threading.Event = field(default_factory=threading.Event)  # a newer build makes the indexing useless
    folders: set[str] = field(default_factory=set, repr=False)  # made in ``folder``

    def add(self, dest_uri: str, document: str, blocks: frozenset[str]) -> None:
        """Stage ``document`` for the page; kept in memory what was staged, so that nothing is read back.
        A page built again with the same document (its navigation changed) is left as it was staged."""
        digest = short_digest(document)
        staged = self.pages.get(dest_uri)
        if staged is not None and staged[0] == digest:
            return  # the page was built again, its search body is the same
        path = os.path.join(self.folder, dest_uri)
        made_folder(os.path.dirname(path), self.folders)
        with open(path, "w", encoding="utf-8") as file:
            file.write(document)
        self.pages[dest_uri] = [digest, sorted(blocks)]
        self.words[dest_uri] = staged_words(document)
        self.changed = True

    def discard(self, dest_uri: str) -> None:
        """A page that is not (or no longer) searched."""
        self.words.pop(dest_uri, None)
        if self.pages.pop(dest_uri, None) is not None:
            try:
                os.remove(os.path.join(self.folder, dest_uri))
            except FileNotFoundError:
                pass
            self.changed = True

    def keep_only(self, dest_uris: set[str]) -> None:
        """Discard the pages the language no longer has (an article deleted or renamed)."""
        for dest_uri in self.pages.keys() - dest_uris:
            self.discard(dest_uri)

    @property
    def fingerprint(self) -> str:
        return index_fingerprint(self.pages)

    def excluded(self) -> list[str]:
        """What Pagefind leaves out: the heading permalinks, and the blocks repeated on many pages."""
        return [EXCLUDED, *repeated_blocks([frozenset(blocks) for _, blocks in self.pages.values()], len(self.pages))]

    def page_words(self) -> list[frozenset[str]]:
        """Each staged page's words. Those of the pages an earlier build staged come from the words it kept
        beside them (``<folder>.words.json``), else from their files; all are kept there for the next build."""
        missing = self.pages.keys() - self.words.keys()
        if missing:
            kept = self._kept_words()
            for dest_uri in missing:
                entry = kept.get(dest_uri)
                if isinstance(entry, list) and len(entry) == 2 and entry[0] == self.pages[dest_uri][0]:
                    self.words[dest_uri] = frozenset(map(str, entry[1]))
                else:
                    with open(os.path.join(self.folder, dest_uri), encoding="utf-8") as file:
                        self.words[dest_uri] = staged_words(file.read())
        words = [self.words[dest_uri] for dest_uri in self.pages]
        self._keep_words()
        return words

    @property
    def _words_file(self) -> Path:
        return self.folder.with_name(f"{self.folder.name}.words.json")

    def _kept_words(self) -> dict[str, list]:
        try:
            kept = json.loads(self._words_file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}  # none kept, or not readable: read from the pages
        return kept if isinstance(kept, dict) else {}

    def _keep_words(self) -> None:
        kept = {page: [self.pages[page][0], sorted(words)] for page, words in self.words.items() if page in self.pages}
        try:
            self._words_file.write_text(json.dumps(kept, ensure_ascii=False, separators=(",", ":")), "utf-8")
        except OSError:
            pass  # read from the pages next time


def index_fingerprint(pages: dict[str, list]) -> str:
    """What an index of the staged ``pages`` (page -> [digest of what was staged, block digests]) is made from."""
    return short_digest(sorted((page, digest) for page, (digest, _) in pages.items()))


@dataclass
class SearchIndexes:
    """The indexing of each language's staged pages by Pagefind, in threads of this process."""

    running: dict[str, StagedPages]  # language -> its last staged pages, whose indexing may still run (the session's)
    background: bool = False  # `mkdocs serve`: index at low priority after the pages are served
    started: list[StagedPages] = field(default_factory=list)

    def stage(self, lang: str, folder: Path, pages: dict[str, list] | None) -> StagedPages:
        """The language's pages for its index: ``pages`` (as staged in ``folder`` by the last build), or none."""
        earlier = self.running.get(lang)
        if earlier is not None:
            stop_indexing(earlier)  # its pages are about to change
        if pages is None:
            shutil.rmtree(folder, ignore_errors=True)  # left by a build that failed, or a clean build's
        staged = StagedPages(folder, dict(pages or {}), changed=pages is None)
        if earlier is not None:  # mkdocs serve: the words of the pages staged as they are now, not read again
            staged.words = {page: words for page, words in earlier.words.items()
                            if page in staged.pages and earlier.pages.get(page, [None])[0] == staged.pages[page][0]}
        self.running[lang] = staged
        return staged

    def index(self, staged: StagedPages, lang: str, target: Path, done: Callable[[Path], None]) -> None:
        """Index the staged pages into ``target`` (a language's ``pagefind/``) in a thread of its own; ``done``
        is told the bundle once it is in place."""
        staged.changed = False
        staged.run = threading.Thread(target=_run_pagefind, daemon=True,
                                      args=(staged, lang, target, self.background, done))
        staged.run.start()
        self.started.append(staged)

    def wait(self) -> None:
        """Wait for the indexing this process started (failures are logged as errors)."""
        for staged in self.started:
            staged.run.join()
        self.started = []


def _run_pagefind(staging: StagedPages, lang: str, target: Path, background: bool,
                  done: Callable[[Path], None]) -> None:
    """Index ``staging`` into a new folder beside ``target``, with the pages' words for the search script
    (:class:`~kbsite.site.search_vocabulary.VocabularyFiles`, worked out while Pagefind runs), then put it in
    ``target``'s place."""
    executable = _executable()
    if executable is None:
        log.error(f"kb: no search index ({lang}): Pagefind is not installed (pip install 'pagefind[bin]')")
        return
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-", dir=target.parent))
    command = [str(executable), "--site", str(staging.folder), "--output-path", str(fresh),
               "--force-language", lang.lower(), "--silent"]
    for selector in staging.excluded():
        command += ["--exclude-selectors", selector]
    if staging.stopped.is_set():
        shutil.rmtree(fresh, ignore_errors=True)
        return
    try:
        staging.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                           preexec_fn=(lambda: os.nice(10)) if background else None)
    except OSError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        log.error(f"kb: no search index ({lang}): cannot run Pagefind ({executable}): {error.strerror}")
        return
    try:
        vocabulary = _vocabulary(staging)  # while Pagefind indexes
    except Exception as error:  # a staged page gone or damaged (its words are read from it), or a fault of ours
        vocabulary = None
        log.error(f"kb: no search index ({lang}): {error if isinstance(error, OSError) else repr(error)}")
    if vocabulary is None:  # the indexing ends here: no Pagefind left running, no folder left behind
        staging.process.kill()
        staging.process.communicate()
        shutil.rmtree(fresh, ignore_errors=True)
        return
    output, _ = staging.process.communicate()
    code = staging.process.returncode
    if code != 0 or staging.stopped.is_set():
        shutil.rmtree(fresh, ignore_errors=True)
        if code > 0:  # below 0: stopped for a newer run
            log.error(f"kb: no search index ({lang}): Pagefind failed (exit {code}): {output.strip()[-2000:]}")
        return
    for pattern in UNUSED:
        for path in fresh.glob(pattern):
            path.unlink()
    if not _complete(fresh, lang, vocabulary, staging.stopped):
        return
    fresh.chmod(0o755)
    _replace(target, fresh)
    done(target)
    log.info(f"kb: search index ({lang}): {len(staging.pages)} pages in {time.perf_counter() - started:.2f} s")


def _vocabulary(staging: StagedPages) -> VocabularyFiles | None:
    """The staged pages' vocabulary files; None when the indexing is stopped meanwhile (a newer build does not
    wait for the vocabulary of pages about to change)."""
    if staging.stopped.is_set():
        return None
    words = staging.page_words()
    return None if staging.stopped.is_set() else VocabularyFiles.of(words)


def _complete(bundle: Path, lang: str, vocabulary: VocabularyFiles, stopped: threading.Event) -> bool:
    """Make the bundle smaller to fetch (:func:`~kbsite.site.search_bundle.compact`) and add the words the search
    script suggests and ranks with; False if the bundle is lost, or the indexing ``stopped`` (each step holds
    the interpreter a few tenths of a second: a build that stops the indexing waits for no more than one)."""
    try:
        try:
            compact(bundle)
        except UnknownLayout as error:  # another Pagefind's files: nothing was changed
            log.warning(f"kb: search index ({lang}) left as Pagefind wrote it: {error}")
        if not stopped.is_set():
            vocabulary.write(bundle)
    except OSError as error:
        shutil.rmtree(bundle, ignore_errors=True)
        log.error(f"kb: no search index ({lang}): {error}")
        return False
    if stopped.is_set():
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def _executable() -> Path | None:
    """Pagefind's binary: $PAGEFIND_BINARY_PATH, else the one in the ``pagefind[bin]`` (or ``[extended]``) wheel."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


def _replace(target: Path, fresh: Path) -> None:
    """``fresh`` in ``target``'s place: two renames, so that readers never see half an index."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-old-", dir=target.parent))
        target.rename(old / BUNDLE)
    fresh.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def stop_indexing(staging: StagedPages) -> None:
    """End the indexing of these pages: a newer one makes it useless, or `mkdocs serve` stops."""
    staging.stopped.set()
    process = staging.process
    if process is not None and process.poll() is None:
        process.kill()
    if staging.run is not None:
        staging.run.join()

