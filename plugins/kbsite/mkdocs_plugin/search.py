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

The staging folders are in the site folder (``.kb-search-staging/<lang>``)
and removed once indexed. ``mkdocs serve`` keeps them (they go with its
temporary site folder): a rebuild re-stages the pages it rebuilt and re-indexes their language in the background, at
low priority, after the page is served (the edit-to-refresh loop does not
wait for it; search shows the edit a few seconds later). A fresh
``mkdocs build --dirty`` has no staging folder of the unchanged pages: it
keeps the index it finds.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..site.search_bundle import UnknownLayout, compact
from ..site.search_markup import repeated_blocks
from ..site.search_vocabulary import write_vocabulary

log = logging.getLogger("mkdocs.plugins.kb")

BUNDLE = "pagefind"  # the index's folder, in the language's folder of the site
EXCLUDED = ".headerlink"  # the heading permalinks ("¶") Material adds inside headings
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")  # Pagefind's own interfaces: search.js is ours
STAGING = ".kb-search-staging"  # in the site folder


@dataclass(eq=False)
class StagedPages:
    """A language's pages as Pagefind is given them, and the indexing of them that runs."""

    folder: Path
    complete: bool  # holds every indexed page of the language, not only those of a dirty build
    changed: bool = True  # since it was last indexed
    # page -> (hash, block digests, words as written)
    pages: dict[str, tuple[int, frozenset[str], frozenset[str]]] = field(default_factory=dict)
    run: threading.Thread | None = None
    process: subprocess.Popen | None = None

    def add(self, dest_uri: str, document: str, blocks: frozenset[str], words: frozenset[str]) -> None:
        """Stage ``document`` for the page; kept in memory what was staged, so that nothing is read back."""
        digest = hash(document)
        staged = self.pages.get(dest_uri)
        if staged is not None and staged[0] == digest:
            return  # a dirty build rebuilt the page, its search body is the same
        path = os.path.join(self.folder, dest_uri)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(document)
        self.pages[dest_uri] = (digest, blocks, words)
        self.changed = True

    def discard(self, dest_uri: str) -> None:
        """A page that is not (or no longer) searched."""
        if self.pages.pop(dest_uri, None) is not None:
            os.remove(os.path.join(self.folder, dest_uri))
            self.changed = True

    def excluded(self) -> list[str]:
        """What Pagefind leaves out: the heading permalinks, and the blocks repeated on many pages."""
        return [EXCLUDED, *repeated_blocks([blocks for _, blocks, _ in self.pages.values()], len(self.pages))]

    def words(self) -> list[frozenset[str]]:
        """Each staged page's words (read now: a rebuild of ``mkdocs serve`` may stage others meanwhile)."""
        return [words for _, _, words in self.pages.values()]


@dataclass
class SearchIndexes:
    """The search indexes of one process's language builds."""

    staged: dict[tuple[str, str], StagedPages]  # (site folder, language): the session's (see .sessions)
    keep: bool = False  # `mkdocs serve`: keep the staged pages for rebuilds, index in the background
    started: list[tuple[str, str]] = field(default_factory=list)

    def start(self, site_dir: str, lang: str, prefix: str, dirty: bool) -> StagedPages:
        """Where the language's pages are staged: for a dirty build, the last staging folder of this process.

        A dirty build into a site without this language's index (the first build of ``mkdocs serve``)
        builds every page.
        """
        if (site_dir, lang) in self.staged and not dirty:
            self._discard(site_dir, lang)
        if (site_dir, lang) not in self.staged:
            folder = Path(site_dir, STAGING, lang)
            shutil.rmtree(folder, ignore_errors=True)  # left by a build that failed
            complete = not dirty or not Path(site_dir, prefix, BUNDLE).exists()
            self.staged[(site_dir, lang)] = StagedPages(folder, complete)
        return self.staged[(site_dir, lang)]

    def index(self, site_dir: str, lang: str, prefix: str) -> None:
        """Index the language's staged pages into ``<prefix>pagefind/``, in a thread of its own."""
        staged = self.staged.get((site_dir, lang))
        if staged is None or not staged.changed:
            return
        if not staged.complete:
            log.info(f"kb: search index ({lang}) kept as it was: this build did not see every page")
            return
        _stop(staged)
        staged.changed = False
        target = Path(site_dir, prefix, BUNDLE)
        staged.run = threading.Thread(target=_run_pagefind, args=(staged, lang, target, self.keep, staged.words()),
                                      daemon=True)
        staged.run.start()
        self.started.append((site_dir, lang))

    def wait(self) -> None:
        """Wait for the indexing this process started (failures are logged as errors)."""
        for site_dir, lang in self.started:
            self.staged[(site_dir, lang)].run.join()
            if not self.keep:
                self._discard(site_dir, lang)
        self.started = []

    def _discard(self, site_dir: str, lang: str) -> None:
        staging = self.staged.pop((site_dir, lang))
        _stop(staging)
        shutil.rmtree(staging.folder, ignore_errors=True)
        try:
            Path(site_dir, STAGING).rmdir()  # once no language has pages staged
        except OSError:
            pass


def _run_pagefind(staging: StagedPages, lang: str, target: Path, background: bool,
                  words: list[frozenset[str]]) -> None:
    """Index ``staging`` into a new folder beside ``target``, with the pages' ``words`` for the search script
    (:func:`~kbsite.site.search_vocabulary.write_vocabulary`), then put it in ``target``'s place."""
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
    try:
        staging.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                           preexec_fn=(lambda: os.nice(10)) if background else None)
    except OSError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        log.error(f"kb: no search index ({lang}): cannot run Pagefind ({executable}): {error.strerror}")
        return
    output, _ = staging.process.communicate()
    code = staging.process.returncode
    if code != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        if code > 0:  # below 0: stopped for a newer run
            log.error(f"kb: no search index ({lang}): Pagefind failed (exit {code}): {output.strip()[-2000:]}")
        return
    for pattern in UNUSED:
        for path in fresh.glob(pattern):
            path.unlink()
    if not _complete(fresh, lang, words):
        return
    fresh.chmod(0o755)
    _replace(target, fresh)
    log.info(f"kb: search index ({lang}): {len(staging.pages)} pages in {time.perf_counter() - started:.2f} s")


def _complete(bundle: Path, lang: str, words: list[frozenset[str]]) -> bool:
    """Make the bundle smaller to fetch (:func:`~kbsite.site.search_bundle.compact`) and add the words the search
    script suggests and ranks with; False if the bundle is lost."""
    try:
        try:
            compact(bundle)
        except UnknownLayout as error:  # another Pagefind's files: nothing was changed
            log.warning(f"kb: search index ({lang}) left as Pagefind wrote it: {error}")
        write_vocabulary(bundle, words)
    except OSError as error:
        shutil.rmtree(bundle, ignore_errors=True)
        log.error(f"kb: no search index ({lang}): {error}")
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


def _stop(staging: StagedPages) -> None:
    """End the indexing of this staging folder that a newer one makes useless."""
    process = staging.process
    if process is not None and process.poll() is None:
        process.kill()
    if staging.run is not None:
        staging.run.join()

