"""Building the other languages at the same time as the default one.

``mkdocs-static-i18n`` builds languages one after the other: French starts
when English has finished. They share nothing but the already-loaded
knowledge base, so with ``mkdocs build`` each other language is built by a
forked process (copy-on-write: the parsed articles and metadata come for
free) while this process builds the default language; a two-language site
takes about the time of one language on two cores.

What both processes would write is written by the default-language process
only, so that the output does not depend on timing: it copies the shared
files (theme assets, images), each other language's build only its own;
``404.html`` and the sitemap are the plugin's and come from the default
language in every mode. The languages a build keeps as they are
(:mod:`.reuse`) are not built at all. A failed language build
(an error, or warnings under ``--strict``) fails the whole build.

``mkdocs serve`` does the same for its first build, before its server
starts; its rebuilds do not (a language's build logs and writes files, which
the server's threads may be doing when it forks: only a copy that computes
and sends back a value is forked beside them, :mod:`kbsite.core.forked_work`),
nor does a build where ``os.fork`` does not exist: there the other
languages are built one after the other (:func:`build_in_turn`).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import traceback

from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.kb")


class LanguageWorkers:
    def __init__(self):
        self.is_worker = False
        self.children: dict[str, int] = {}  # language -> pid

    def start(self, config: MkDocsConfig, languages: list[str]) -> None:
        """Fork one process per language of ``languages``; call from the default language's on_files."""
        i18n = config.plugins.get("i18n")
        if i18n is None or not hasattr(os, "fork"):
            return
        if languages:
            _freeze_shared_objects()
        for lang in languages:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                self._run_worker(config, i18n, lang)  # never returns
            self.children[lang] = pid

    def _run_worker(self, config: MkDocsConfig, i18n, lang: str) -> None:
        from mkdocs import utils

        code = 1
        try:
            self.is_worker = True
            self.children = {}
            utils.clean_directory = lambda directory: None  # the parent cleaned the site already
            _build_language(config, i18n, lang)
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


def build_in_turn(config: MkDocsConfig, languages: list[str]) -> None:
    """Build ``languages`` one after the other in this process, as static-i18n builds every other language."""
    from mkdocs import utils

    i18n = config.plugins["i18n"]
    clean, current = utils.clean_directory, i18n.current_language
    utils.clean_directory = lambda directory: None  # the default language's build has just written the site
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(_one_build_message)
    try:
        for lang in languages:
            _build_language(config, i18n, lang)
    finally:
        utils.clean_directory, i18n.current_language = clean, current
        build_log.removeFilter(_one_build_message)


def _build_language(config: MkDocsConfig, i18n, lang: str) -> None:
    from mkdocs.commands.build import build

    i18n.current_language = lang
    i18n.building = True  # static-i18n: a nested build, do not build the other languages
    build(config)


def _one_build_message(record: logging.LogRecord) -> bool:
    """MkDocs' messages of a language build inside another, left out as static-i18n leaves them out."""
    return not str(record.msg).startswith(("Documentation built in", "Building documentation to directory"))


def _is_expected(error: BaseException) -> bool:
    from mkdocs.exceptions import MkDocsException

    return isinstance(error, MkDocsException)
