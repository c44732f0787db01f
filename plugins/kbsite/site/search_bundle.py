"""Pagefind's bundle made smaller to fetch: index chunks cut again, fragments named in sequence.

A reader's browser fetches, for each word of a query, the one index chunk
whose word range holds it. Pagefind 1.5 cuts its chunks by walking the
sorted words and closing a chunk once it holds 20,000 word positions; a
chunk therefore ends *after* the word that filled it. A word found on every
page (``module``, ``shipping``) fills a chunk alone, and every rarer word
sorted just before it is fetched with its whole page list: on 10,000
synthetic pages per language, a patch id or a section's own words cost
179–601 KB of index per search (``bench/search_browser.py``), growing with
every page added. Pagefind also counts only a word's pages, not its
variants (the unsegmented Japanese titles each add one), so hundreds of them
pile into one chunk. :func:`compact` cuts the same words again by their
encoded size: a chunk is closed *before* a word that would take it past
:data:`TARGET` bytes, so a frequent word is alone in its chunk and what a
rare word costs no longer grows with the knowledge base. Words, pages and
positions are moved unchanged (each word's entry is copied as Pagefind
encoded it); the chunks get new content-hashed names,
and the metadata file lists their word ranges (:func:`ranges`).

The metadata file, which every search fetches first, names each page's
fragment (its address, title and excerpt) by a hash of its content: seven
random hexadecimal digits per page, which do not compress (66.8 KB at
10,000 pages). Named by their number in a folder named by a hash of all of
them (``en_3fa91c2b/1f``), the file is 41.5 KB, and the names still
change whenever a page does (a browser never shows a stale excerpt); what
is lost is that a new build no longer reuses the fragments a browser cached
from the last one.

Pagefind writes each filter's values in an order that changes from one run
to the next, and names the filter files, the metadata and the entry file by
hashes of their content: two builds of the same pages differed there. The
filters are written again with their values sorted, so that the same pages
give the same bundle, byte for byte.

In Chinese, Japanese and Thai, the fragments' text is also written as
Pagefind's search script expects it of these languages
(:func:`~kbsite.site.word_breaks.join_words`).

A bundle whose layout is not the one this module knows raises
:class:`UnknownLayout` before anything is changed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os.path
from pathlib import Path

import cbor2

from .word_breaks import WORD_END, full_stops, join_words, needs_word_breaks

# Encoded bytes of a chunk's words, before compression (about 4 KB sent for a rare word). A query fetches a chunk
# for each of its words, and the metadata lists every chunk's range: on the corpus's judged queries (5 to 10 words),
# the index bytes of an English query fell from a median of 84 KB at 32 KB to 31 KB; on 10,000 synthetic pages, the
# metadata every search fetches grew from 45 to 55 KB (bench/search_relevance.py, bench/search_browser.py).
TARGET = 8_000
SIGNATURE = b"pagefind_dcd"  # what every decompressed Pagefind file starts with
# Where the metadata lists the pages, the index chunks and the filters: [version, pages, chunks, filters, sorts,
# meta fields].
PAGES, CHUNKS, FILTERS = 1, 2, 3
# A CBOR array's first byte when its length follows in 1, 2, 4 or 8 bytes (below 24 it is 0x80 + length).
ARRAY_LENGTH_BYTES = {0x98: 1, 0x99: 2, 0x9A: 4, 0x9B: 8}


class UnknownLayout(ValueError):
    """The bundle is not laid out as Pagefind 1.5 lays it out."""


def compact(bundle: Path, target: int = TARGET) -> tuple[int, int]:
    """Cut again the index chunks of the one-language bundle in ``bundle``, rename its fragments (and join the
    words of a language :mod:`~kbsite.site.word_breaks` cut, in them), write its filters in a fixed order.

    Returns the chunk counts before and after. Everything is read and checked before anything is written.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    if len(entry.get("languages", {})) != 1:
        raise UnknownLayout(f"{entry_path}: one language expected")
    code, language = next(iter(entry["languages"].items()))
    meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = _read(meta_path)
    listed, pages = _rows(meta, CHUNKS, 3, meta_path, "index chunks"), _page_list(meta, meta_path)
    old = [bundle / "index" / f"{name}.pf_index" for _, _, name in listed]
    words = [word for path in old for word in _words(path)]
    prefix = language["hash"].split("_")[0] + "_"
    fragments = fragment_names([name for name, _ in pages], prefix)
    _check_fragments(bundle / "fragment", fragments, meta_path)
    joined = _joined_fragments(bundle / "fragment", fragments, code) if needs_word_breaks(code) else {}
    filter_files = _rows(meta, FILTERS, 2, meta_path, "filters")
    filters = [_filter(bundle / "filter" / f"{name}.pf_filter") for _, name in filter_files]

    chunks = cut(words, target)
    meta[CHUNKS] = ranges([(group[0][0], group[-1][0], _write(bundle / "index", prefix, _chunk(group), "pf_index"))
                           for group in chunks])
    meta[FILTERS] = [[name, _write(bundle / "filter", prefix, cbor2.dumps([name, values]), "pf_filter")]
                     for _, name, values in sorted(filters, key=lambda found: found[1])]
    for path in [*old, *(path for path, _, _ in filters)]:
        path.unlink()
    _rename(bundle / "fragment", fragments, joined)
    meta[PAGES] = [[fragments[name], *rest] for name, *rest in pages]
    language["hash"] = _write(bundle, prefix, cbor2.dumps(meta), "pf_meta", stem="pagefind.")
    meta_path.unlink()
    entry_path.write_text(json.dumps(entry, ensure_ascii=False), "utf-8")
    return len(listed), len(chunks)


def _filter(path: Path) -> tuple[Path, str, list]:
    """A filter file's name and values, the values in order (Pagefind writes them in an order of its own, which
    changes from one run to the next: so did the files' names, and the metadata's)."""
    content = _read(path)
    if not (isinstance(content, list) and len(content) == 2 and isinstance(content[0], str)
            and isinstance(content[1], list) and all(isinstance(value, list) and len(value) == 2
                                                      and isinstance(value[0], str) for value in content[1])):
        raise UnknownLayout(f"{path}: not a filter's name and values")
    return path, content[0], sorted(content[1])


def fragment_names(names: list[str], prefix: str) -> dict[str, str]:
    """Each fragment's new name: its number (hexadecimal, in page order), in a folder named by all of them.

    Pages with the same content share a fragment, and keep sharing it.
    """
    folder = prefix + hashlib.blake2b("\n".join(names).encode("utf-8"), digest_size=5).hexdigest()
    renamed: dict[str, str] = {}
    for name in names:
        renamed.setdefault(name, f"{folder}/{len(renamed):x}")
    return renamed


def _check_fragments(folder: Path, names: dict[str, str], meta_path: Path) -> None:
    for name in names:
        if not (folder / f"{name}.pf_fragment").is_file():
            raise UnknownLayout(f"{meta_path}: no fragment file {name}.pf_fragment")


def _joined_fragments(folder: Path, names: dict[str, str], lang: str) -> dict[str, bytes]:
    """The fragments of a language cut by :func:`~kbsite.site.word_breaks.break_words`, its words joined again.

    A fragment Pagefind's extended build cut itself (it has word ends already) is left as it is.
    """
    joined = {}
    for name in names:
        path = folder / f"{name}.pf_fragment"
        try:
            fragment = json.loads(_payload(path))
            if WORD_END in fragment["content"]:
                continue
            fragment["content"] = full_stops(join_words(fragment["content"]), lang)
            for anchor in fragment.get("anchors", []):
                anchor["text"] = join_words(anchor["text"]).replace(WORD_END, "")
        except (ValueError, KeyError, TypeError) as error:
            raise UnknownLayout(f"{path}: {error!r}") from error
        joined[name] = _encoded(json.dumps(fragment, ensure_ascii=False).encode("utf-8"))
    return joined


def _rename(folder: Path, names: dict[str, str], replaced: dict[str, bytes]) -> None:
    """Each fragment under its new name; with the content ``replaced`` gives it, if any."""
    for old, new in names.items():
        target, source = folder / f"{new}.pf_fragment", folder / f"{old}.pf_fragment"
        target.parent.mkdir(exist_ok=True)
        if old in replaced:
            target.write_bytes(replaced[old])
            source.unlink()
        else:
            source.rename(target)


def cut(words: list[tuple[str, bytes]], target: int) -> list[list[tuple[str, bytes]]]:
    """Sorted ``words`` (each with its encoded entry) in runs of at most ``target`` bytes; a larger one alone."""
    chunks, current, size = [], [], 0
    for word in words:
        if current and size + len(word[1]) > target:
            chunks.append(current)
            current, size = [], 0
        current.append(word)
        size += len(word[1])
    if current:
        chunks.append(current)
    return chunks


def ranges(chunks: list[tuple[str, str, str]]) -> list[list[str]]:
    """Each chunk's (first word, last word, name), a chunk's first word cut to the prefix that tells it from the last.

    The browser fetches, for a query word, the first chunk with ``from <= word <= to``. A first word cut
    to a prefix lets a word typed in part (``apr`` for ``apricot``) find the chunk where its extensions
    start; the last word stays whole, so that every indexed word lies in its own chunk's range.
    """
    listed = [[first, last, name] for first, last, name in chunks]
    for left, right in zip(listed, listed[1:]):
        right[0] = right[0][: len(os.path.commonprefix([left[1], right[0]])) + 1]
    return listed


def _rows(meta, index: int, width: int, path: Path, what: str) -> list:
    """The metadata's list at ``index``, each row ``width`` strings: the chunks' [first word, last word, file
    name], the filters' [filter name, file name]."""
    rows = meta[index] if isinstance(meta, list) and len(meta) > index else None
    if not isinstance(rows, list) or not all(
            isinstance(row, list) and len(row) == width and all(isinstance(part, str) for part in row)
            for row in rows):
        raise UnknownLayout(f"{path}: no list of {what} where Pagefind 1.5 puts it")
    return rows


def _page_list(meta, path: Path) -> list:
    """The metadata's [fragment name, word count, ...] per page; names with a "/" are ours: compacted already."""
    pages = meta[PAGES]
    if not isinstance(pages, list) or not all(
            isinstance(page, list) and page and isinstance(page[0], str) and "/" not in page[0] for page in pages):
        raise UnknownLayout(f"{path}: no list of pages where Pagefind 1.5 puts it")
    return pages


def _words(path: Path) -> list[tuple[str, bytes]]:
    """The chunk's words, each with its entry as encoded (copied, not encoded again: faster, and unchanged)."""
    data = _payload(path)
    if data[:1] != b"\x81" or not (0x80 <= data[1] < 0x98 or data[1] in ARRAY_LENGTH_BYTES):  # [[word, ...]]
        raise UnknownLayout(f"{path}: not a list of words")
    stream = io.BytesIO(data)
    stream.seek(1)
    decoder = cbor2.CBORDecoder(stream)
    try:
        count = _array_length(data, stream)
        entries = []
        for _ in range(count):
            start = stream.tell()
            entry = decoder.decode()
            if not (isinstance(entry, list) and entry and isinstance(entry[0], str)):
                raise UnknownLayout(f"{path}: a word entry without its word")
            entries.append((entry[0], data[start:stream.tell()]))
    except (EOFError, ValueError) as error:
        raise UnknownLayout(f"{path}: {error}") from error
    if stream.tell() != len(data):
        raise UnknownLayout(f"{path}: bytes after the last word")
    return entries


def _array_length(data: bytes, stream: io.BytesIO) -> int:
    """The length in the array header at the stream's position, which is moved past it."""
    at = stream.tell()
    extra = ARRAY_LENGTH_BYTES.get(data[at], 0)
    stream.seek(at + 1 + extra)
    return int.from_bytes(data[at + 1:at + 1 + extra], "big") if extra else data[at] - 0x80


def _array_header(length: int) -> bytes:
    if length < 24:
        return bytes([0x80 + length])
    first, extra = next((first, size) for first, size in ARRAY_LENGTH_BYTES.items() if length < 256 ** size)
    return bytes([first]) + length.to_bytes(extra, "big")


def _chunk(words: list[tuple[str, bytes]]) -> bytes:
    """An index chunk's encoding: a list holding the list of word entries."""
    return b"\x81" + _array_header(len(words)) + b"".join(entry for _, entry in words)


def _payload(path: Path) -> bytes:
    """A Pagefind file's content after its signature."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as error:  # missing, not gzip, cut short
        raise UnknownLayout(f"{path}: {error}") from error
    if not data.startswith(SIGNATURE):
        raise UnknownLayout(f"{path}: not a Pagefind file")
    return data[len(SIGNATURE):]


def _read(path: Path):
    try:
        return cbor2.loads(_payload(path))
    except (EOFError, ValueError) as error:  # cut short, not CBOR
        raise UnknownLayout(f"{path}: {error}") from error


def _write(folder: Path, prefix: str, payload: bytes, suffix: str, stem: str = "") -> str:
    """Write ``payload`` as Pagefind does, named by a hash of its content; the name without stem and suffix."""
    name = prefix + hashlib.blake2b(SIGNATURE + payload, digest_size=5).hexdigest()
    (folder / f"{stem}{name}.{suffix}").write_bytes(_encoded(payload))
    return name


def _encoded(payload: bytes) -> bytes:
    """A Pagefind file's bytes: the signature and ``payload``, compressed (:func:`_payload` reads them back)."""
    return gzip.compress(SIGNATURE + payload, compresslevel=6, mtime=0)
