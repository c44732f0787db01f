"""Building the other languages at the same time as the default one.

``mkdocs-static-i18n`` builds languages one after the other: French starts
when English has finished. They share nothing but the already-loaded
knowledge base, so with ``mkdocs build`` each other language is built by a
forked process (copy-on-write: the parsed articles and metadata come for
free) while this process builds the default language; a two-language site
takes about the time of one language on two cores.

What both processes would write is written by the default-language process
only, so that the output does not depend on timing: it copies the shared
files (theme assets, images); ``404.html`` and the sitemap are the plugin's
and come from the default language in every mode. A failed language build
(an error, or warnings under ``--strict``) fails the whole build.

Not used by ``mkdocs serve`` (its server threads and reloads do not mix with
``fork``), nor where ``os.fork`` does not exist: there the other languages
are built one after the other (:func:`build_in_turn`), those a rebuild
needs only.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

log = logging.getLogger("mkdocs.plugins.kb")


class LanguageWorkers:
    def __init__(self):
        self.is_worker = False
        self.children: dict[str, int] = {}  # language -> pid

    def start(self, config: MkDocsConfig, dirty: bool) -> None:
        """Fork one process per other language; call from the default language's on_files."""
        i18n = config.plugins.get("i18n")
        if i18n is None or not hasattr(os, "fork"):
            return
        others = [lang for lang in i18n.build_languages if lang != i18n.current_language]
        if others:
            _freeze_shared_objects()
        for lang in others:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                self._run_worker(config, i18n, lang, dirty)  # never returns
            self.children[lang] = pid

    def _run_worker(self, config: MkDocsConfig, i18n, lang: str, dirty: bool) -> None:
        from mkdocs import utils

        code = 1
        try:
            self.is_worker = True
            self.children = {}
            utils.clean_directory = lambda directory: None  # the parent cleaned the site already
            _build_language(config, i18n, lang, dirty)
            code = 0
        except SystemExit as exit_:  # mkdocs' Abort, e.g. warnings under --strict
            code = exit_.code if isinstance(exit_.code, int) else 1
            if not isinstance(exit_.code, int):
                log.error(f"building '{lang}': {exit_.code}")
        except BaseException as error:  # reported here, turned into the parent's failure
            log.error(f"building '{lang}' failed: {error}")
            if not _is_expected(error):
                traceback.print_exc()
        finally:
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def leave_shared_files(self, files: Files, prefix: str) -> None:
        """In a worker: copy only this language's files; the parent copies the shared ones."""

        def copy_own(dirty: bool = False, *, inclusion=InclusionLevel.is_included) -> None:
            for file in files:
                if not file.is_documentation_page() and inclusion(file.inclusion) and file.dest_uri.startswith(prefix):
                    file.copy_file(dirty)

        files.copy_static_files = copy_own

    def finish(self) -> list[str]:
        """Wait for the workers; the languages whose build failed."""
        failed = []
        for lang, pid in sorted(self.children.items()):
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                failed.append(lang)
        self.children = {}
        return failed


def _freeze_shared_objects() -> None:
    """Leave the objects every process inherits (the knowledge base, the metadata) out of garbage collection.

    A collection writes to every object it visits: in a forked process that
    copies the inherited memory page by page, and each full collection of
    each process walked the whole knowledge base again, to free nothing (it
    lives until the build ends). Measured on the 4-language corpus: the
    processes' collections took 2.7 s instead of 3.8 s.
    """
    gc.collect()
    gc.freeze()


def build_in_turn(config: MkDocsConfig, languages: list[str], dirty: bool) -> None:
    """Build ``languages`` one after the other in this process, as static-i18n builds every other language:
    ``mkdocs serve`` rebuilds only the languages an edit affects."""
    from mkdocs import utils

    i18n = config.plugins["i18n"]
    clean, current = utils.clean_directory, i18n.current_language
    utils.clean_directory = lambda directory: None  # the default language's build has just written the site
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(_one_build_message)
    try:
        for lang in languages:
            _build_language(config, i18n, lang, dirty)
    finally:
        utils.clean_directory, i18n.current_language = clean, current
        build_log.removeFilter(_one_build_message)


def _build_language(config: MkDocsConfig, i18n, lang: str, dirty: bool) -> None:
    from mkdocs.commands.build import build

    i18n.current_language = lang
    i18n.building = True  # static-i18n: a nested build, do not build the other languages
    build(config, dirty=dirty)


def _one_build_message(record: logging.LogRecord) -> bool:
    """MkDocs' messages of a language build inside another, left out as static-i18n leaves them out."""
    return not str(record.msg).startswith(("Documentation built in", "Building documentation to directory"))


def _is_expected(error: BaseException) -> bool:
    from mkdocs.exceptions import MkDocsException

    return isinstance(error, MkDocsException)
