"""The cache kept between builds, in ``.cache/kbsite/`` at the project root (ignored by git).

Each command keeps its own (``build``, ``serve``: their pages differ), in
``.cache/kbsite/builds/``:

* ``<command>.json``: the records of the last build (:class:`Records`): for
  every file of the site, what it was made from (a fingerprint, see
  :mod:`.fingerprints`), its size, time and a digest of its bytes;
* ``<command>/site/``: the files themselves, as hard links to the site's
  where the file system allows (else copies), so that a build into an empty
  folder (``mkdocs serve`` starts in a new one; CI restores the cache folder
  alone) puts unchanged files back instead of making them again;
* ``<command>/search/<lang>/``: the pages each language's search index was
  made from, so that a language is indexed again without building all its
  pages;
* ``<command>/pages/<lang>.sqlite3``: what each page showed inside the theme
  (:mod:`.page_contents`), for a page built again for its navigation alone;
* ``<command>.lock``: held while a build uses the cache; a second build of the
  same project at the same time builds without it.

Beside them, for every command: ``findings.json`` (what the checks found,
:class:`FindingsCache`), ``sources.pickle`` (the sources as parsed,
:class:`SourcesCache`), ``outlines.pickle`` (their headings and links,
:class:`OutlinesCache`) and ``texts/`` (what related articles read of each
article and the lists they make, front-matter texts as HTML: :class:`TextsCache`).

The records carry a format number and the name of what wrote them: a file
that is not JSON, not ours, or of another format is discarded with one
warning, and the build starts from nothing (a clean build), never a
traceback. Writes are atomic (a temporary file renamed into place), and a
file is only put back when its size and time, or failing those its bytes,
are what the records say.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import pickle
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, Severity
from ..core.knowledge_base import Document
from ..core.source import data_digest as source_digest, file_stamp

FOLDER = Path(".cache") / "kbsite"  # below the project root
FORMAT = 1  # the version of the records' layout: a change discards older caches
WRITER = "kbsite build records"
FINDINGS_WRITER = "kbsite findings"
SOURCES_WRITER = "kbsite parsed sources"
TEXTS_WRITER = "kbsite article texts"
OUTLINES_WRITER = "kbsite outlines"

log = logging.getLogger("mkdocs.plugins.kb")


@dataclass
class Output:
    """A file of the site, as the build that wrote it (or kept it) recorded it."""

    producer: str  # what makes it: "page:<lang>", "static:<lang>", "search:<lang>", "site"
    fingerprint: str  # what it was made from
    size: int
    mtime_ns: int
    digest: str  # of its bytes


@dataclass
class Records:
    """What the last build made, and from what."""

    site_dir: str = ""  # where it wrote the site
    site: str = ""  # the fingerprint every output depends on (see fingerprints.Fingerprints.site)
    languages: dict[str, str] = field(default_factory=dict)  # language -> its fingerprint when last built
    outputs: dict[str, Output] = field(default_factory=dict)  # path in the site -> the file
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> page source -> its title
    staged: dict[str, dict[str, list]] = field(default_factory=dict)  # language -> page -> [digest, blocks]

    def copy(self) -> Records:
        """A copy whose tables can change without changing these."""
        return Records(self.site_dir, self.site, dict(self.languages), dict(self.outputs), dict(self.titles),
                       dict(self.staged))

    def built_language_of(self, other: Records, lang: str) -> None:
        """Take what ``other`` records of building ``lang`` (its fingerprint, page titles, staged pages)."""
        self.languages[lang] = other.languages[lang]
        self.titles[lang] = other.titles.get(lang, {})
        self.staged[lang] = other.staged.get(lang, {})

    def of(self, producer: str) -> dict[str, Output]:
        return {path: output for path, output in self.outputs.items() if output.producer == producer}

    def to_json(self) -> dict:
        outputs = {path: [o.producer, o.fingerprint, o.size, o.mtime_ns, o.digest] for path, o in self.outputs.items()}
        return {"format": FORMAT, "writer": WRITER, "site_dir": self.site_dir, "site": self.site,
                "languages": self.languages, "outputs": outputs, "titles": self.titles, "staged": self.staged}

    @classmethod
    def from_json(cls, data) -> Records:
        """Raises ValueError (or TypeError, KeyError) when ``data`` is not records of this format."""
        if not isinstance(data, dict) or data.get("writer") != WRITER:
            raise ValueError("not kbsite's build records")
        if data.get("format") != FORMAT:
            raise ValueError(f"records of format {data.get('format')!r}, this kbsite writes {FORMAT}")
        outputs = {_inside(path): Output(str(p), str(f), int(s), int(m), str(d))
                   for path, (p, f, s, m, d) in data["outputs"].items()}
        records = cls(str(data["site_dir"]), str(data["site"]), _texts(data["languages"]), outputs,
                      {str(lang): _texts(titles) for lang, titles in data["titles"].items()},
                      {str(lang): _staged(pages) for lang, pages in data["staged"].items()})
        return records


def _inside(path) -> str:
    """``path`` when it names a file inside the site (records restored from elsewhere could name any)."""
    if not isinstance(path, str) or not path or path.startswith("/") or ".." in path.split("/") or "\\" in path:
        raise ValueError(f"a file outside the site: {path!r}")
    return path


def _texts(table) -> dict[str, str]:
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ValueError("a table of the wrong shape")
    return {str(key): value for key, value in table.items()}


def _staged(pages) -> dict[str, list]:
    """Page -> [digest of what was staged, block digests]."""
    if not isinstance(pages, dict):
        raise ValueError("staged pages of the wrong shape")
    for page, entry in pages.items():
        _inside(page)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                and isinstance(entry[1], list) and all(isinstance(block, str) for block in entry[1])):
            raise ValueError(f"a staged page of the wrong shape: {page!r}")
    return pages


class BuildCache:
    """One command's cache folder: its records, the copy of its outputs, its staged search pages."""

    def __init__(self, root: Path, command: str):
        folder = root / FOLDER / "builds"
        self.records_file = folder / f"{command}.json"
        self.store = folder / command / "site"
        self.search = folder / command / "search"
        self.pages = folder / command / "pages"  # each language's page contents (:mod:`.page_contents`)
        self._lock_file = folder / f"{command}.lock"
        self._lock: int | None = None
        self._folders: set[str] = set()  # of the store, made by this process

    def open(self) -> Records | None:
        """Take the cache for this process; the last build's records (None: none usable, or the cache is busy).

        Raises :class:`CacheBusy` when another build holds it.
        """
        self._lock_file.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self._lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)
            raise CacheBusy(f"{self._lock_file.parent.parent} is in use by another build") from None
        self._lock = handle
        return self._read()

    def _read(self) -> Records | None:
        try:
            text = self.records_file.read_text("utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            return self._discard(f"cannot be read ({error})")
        try:
            return Records.from_json(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            return self._discard(str(error) or type(error).__name__)

    def _discard(self, why: str) -> None:
        discard(self.records_file, why, "this build starts from nothing")
        shutil.rmtree(self.store.parent, ignore_errors=True)
        self._folders.clear()
        return None

    def save(self, records: Records, part: str | None = None) -> None:
        """Write the records (atomically); ``part``: a language built by another process, for this one to
        merge (:meth:`take_part`)."""
        write_json(self._part_file(part) if part else self.records_file, records.to_json())

    def take_part(self, part: str) -> Records | None:
        """The records another process saved as ``part`` (removed once read); None when it saved none."""
        target = self._part_file(part)
        try:
            records = Records.from_json(json.loads(target.read_text("utf-8")))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        target.unlink()
        return records

    def _part_file(self, part: str) -> Path:
        return self.records_file.with_name(f"{self.records_file.stem}.{part}.part.json")

    def starting(self) -> None:
        """A build starts with the records it read: until it saves its own, the cache holds none (a build
        stopped half-way leaves files the records do not describe, so the next one starts from nothing)."""
        remove_file(str(self.records_file))

    def clear(self) -> None:
        """A clean build: nothing of the cache is reused, the copy of the outputs and the staged pages go."""
        self.starting()
        shutil.rmtree(self.store.parent, ignore_errors=True)
        self._folders.clear()

    def close(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    # -- the copy of the outputs ---------------------------------------------------------------------

    def keep(self, site_dir: str, path: str) -> None:
        """Put the site's file ``path`` in the store (replacing what the store had there)."""
        source, target = os.path.join(site_dir, path), os.path.join(self.store, path)
        made_folder(os.path.dirname(target), self._folders)
        temporary = f"{target}.{os.getpid()}.tmp"
        try:
            os.link(source, temporary)
        except OSError:  # another file system, or links not allowed: a copy, with the same time
            shutil.copy2(source, temporary)
        os.replace(temporary, target)

    def forget(self, path: str) -> None:
        try:
            os.remove(os.path.join(self.store, path))
        except OSError:
            pass

    def holds(self, site_dir: str, path: str, output: Output) -> bool:
        """Whether the site has ``path`` as recorded: as it was written, or put back now from the store.

        A file is taken as it was written when its size and time are the recorded ones; from the store
        when those are, or else when its bytes are (a cache restored by CI has other times).
        """
        site_file = os.path.join(site_dir, path)
        if stamp_of(site_file) == (output.size, output.mtime_ns):
            return True
        stored = os.path.join(self.store, path)
        stamp = stamp_of(stored)
        if stamp is None or (stamp != (output.size, output.mtime_ns) and file_digest(stored) != output.digest):
            return False
        remove_file(site_file)
        os.makedirs(os.path.dirname(site_file), exist_ok=True)
        try:
            os.link(stored, site_file)
        except OSError:
            shutil.copy2(stored, site_file)
        output.size, output.mtime_ns = stamp
        return True


class FindingsCache:
    """What the checks found, kept between processes in ``.cache/kbsite/findings.json``: each document's own
    findings (with the digest of the document they were found in) and the findings of the whole project (with
    the digest of the project), both valid for one ``context`` (the digest of what the checks consult besides
    the documents: their code, the vocabularies, the QPT metadata, the language files, the dates)."""

    def __init__(self, root: Path):
        self.file = root / FOLDER / "findings.json"

    def read(self, context: str) -> tuple[dict[str, tuple[str, list[Diagnostic]]], tuple[str, list[Diagnostic]]]:
        """(path -> (document digest, its findings), (project digest, every finding)) found with ``context``."""
        try:
            data = json.loads(self.file.read_text("utf-8"))
        except FileNotFoundError:
            return {}, ("", [])
        except (OSError, ValueError) as error:
            discard(self.file, str(error), "the checks run again")
            return {}, ("", [])
        try:
            if not isinstance(data, dict) or data.get("writer") != FINDINGS_WRITER or data.get("format") != FORMAT:
                raise ValueError("not kbsite's findings, or of another format")
            if data["context"] != context:
                return {}, ("", [])
            documents = {str(path): (str(digest), [_diagnostic(d) for d in found])
                         for path, (digest, found) in data["documents"].items()}
            project, found = data["project"]
            return documents, (str(project), [_diagnostic(d) for d in found])
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            discard(self.file, str(error) or type(error).__name__, "the checks run again")
            return {}, ("", [])

    def write(self, context: str, documents: dict[str, tuple[str, list[Diagnostic]]],
              project: tuple[str, list[Diagnostic]]) -> None:
        data = {"format": FORMAT, "writer": FINDINGS_WRITER, "context": context,
                "documents": {path: [digest, [_plain(d) for d in found]] for path, (digest, found) in documents.items()},
                "project": [project[0], [_plain(d) for d in project[1]]]}
        try:
            write_json(self.file, data)
        except OSError as error:  # a read-only project: the checks run again next time
            log.info(f"kb: findings not kept in {self.file}: {error}")


class Pickled:
    """A pickle in the cache folder, which names what wrote it, its format, and the key what it holds is valid
    for (kbsite's code, and whatever else it was worked out from).

    A pickle runs what it names when it is loaded: the file is the project's own, like its ``.git``; one that
    is not what kbsite writes is discarded with one warning.
    """

    def __init__(self, file: Path, writer: str, what: str):
        self.file, self.writer, self.what = file, writer, what  # what: "the parsed sources", for messages

    def read(self, key: str):
        """What was kept with ``key`` (None: nothing, or kept with another key, or discarded)."""
        try:
            with open(self.file, "rb") as handle:
                data = pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception as error:  # a damaged pickle raises any kind: UnpicklingError, EOFError, AttributeError...
            return self.discard(f"cannot be read ({type(error).__name__})")
        if not (isinstance(data, tuple) and len(data) == 4 and data[0] == self.writer and data[1] == FORMAT):
            return self.discard(f"not kbsite's {self.what}, or of another format")
        return data[3] if data[2] == key else None  # another key: worked out again, and replaced

    def table(self, key: str) -> dict:
        """What was kept with ``key``, a table (empty: nothing kept, or discarded)."""
        value = self.read(key)
        if value is not None and not isinstance(value, dict):
            self.discard("not a table")
            return {}
        return value or {}

    def discard(self, why: str) -> None:
        discard(self.file, why, f"{self.what} are worked out again")

    def write(self, key: str, value) -> None:
        try:
            with _atomically(self.file, "wb") as file:
                pickle.dump((self.writer, FORMAT, key, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError as error:  # a read-only project: worked out again next time
            log.info(f"kb: {self.what} not kept in {self.file}: {error}")


class SourcesCache:
    """The documents as the last process read them, in ``.cache/kbsite/sources.pickle``: a new process takes
    each one whose file has the bytes it had then, instead of reading and parsing the file again (the corpus's
    3,960 sources: 0.3 s to parse, 0.1 s to load from here). Valid for one ``key``: kbsite's code and the
    project's settings, which the documents' fields follow."""

    def __init__(self, root: Path):
        self.kept = Pickled(root / FOLDER / "sources.pickle", SOURCES_WRITER, "the parsed sources")

    def read(self, key: str) -> dict[str, tuple]:
        """File (as text) -> (stamp, Document) of the files whose bytes are those the last process parsed with ``key``.
        Bytes, not times: a file's time tells too little (a second, on some file systems; any change, in a
        cache CI restores into a fresh checkout)."""
        unchanged = {}
        for name, document in self.kept.table(key).items():
            if isinstance(document, Document):
                path = Path(name)
                stamp = file_stamp(path)  # before the bytes: a file changed meanwhile is read again next time
                try:
                    same = source_digest(path.read_bytes()) == document.source.data_digest
                except OSError:
                    continue
                if same:
                    unchanged[name] = (stamp, document)
        return unchanged

    def write(self, key: str, documents: list[Document]) -> None:
        self.kept.write(key, {str(d.abs_path): d for d in documents})


class OutlinesCache(Pickled):
    """Each document's outline (its headings, anchors and links) as the last process worked it out, in
    ``.cache/kbsite/outlines.pickle``: a table of document path -> (digest of its bytes, its outline). The
    corpus-wide checks read every document's (0.8 s to work out for the corpus, 0.15 s to load from here)."""

    def __init__(self, root: Path):
        super().__init__(root / FOLDER / "outlines.pickle", OUTLINES_WRITER, "the documents' outlines")


class TextsCache(Pickled):
    """A table of what a process worked out of texts alone, in ``.cache/kbsite/texts/<name>.pickle``: for a
    language it built, each article's words for its related articles (``<lang>.pickle``, by the document's
    digest and what the reading depends on; 0.2 s of a language's build) and the related articles themselves
    (``<lang>.related.pickle``, by what they are made of); front-matter texts as HTML (``html.pickle``, by the
    text; py-spy: 2.3 s of CPU over the four processes of a title edit's build). An entry is only ever found
    for what it was worked out from."""

    def __init__(self, root: Path, name: str, what: str):
        super().__init__(root / FOLDER / "texts" / f"{name}.pickle", TEXTS_WRITER, what)


def _plain(found: Diagnostic) -> list:
    return [found.path, found.line, found.column, found.code, found.message, int(found.severity), found.subject]


def _diagnostic(data: list) -> Diagnostic:
    path, line, column, code, message, severity, subject = data
    return Diagnostic(str(path), int(line), int(column), str(code), str(message), Severity(severity), str(subject))


def discard(file: Path, why: str, then: str) -> None:
    """The one warning for a cache file that is not what it should be, which is removed."""
    log.warning(f"kb: the cache file {file} is discarded: {why}; {then}")
    remove_file(str(file))


def write_json(path: Path, data) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file renamed into place)."""
    with _atomically(path, "w") as file:
        json.dump(data, file, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def _atomically(path: Path, mode: str):
    """A file to write in place of ``path``: a temporary file, renamed into place once written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        remove_file(temporary)
        raise


class CacheBusy(Exception):
    """Another build holds the cache."""


def file_digest(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def bytes_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def stamp_of(path: str) -> tuple[int, int] | None:
    """Size and modification time (ns) of the file at ``path``; None when there is none."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def made_folder(folder: str, made: set[str]) -> None:
    """Make ``folder`` unless ``made`` says it was: a build writes thousands of files into a few hundred
    folders, and ``os.makedirs`` on a folder that exists costs an exception (a tenth of what a page's
    records cost)."""
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def remove_file(path: str) -> None:
    """Remove the file at ``path`` (or a folder that stands where a file should be), if there is one."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path, ignore_errors=True)
