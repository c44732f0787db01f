"""A language's searched words, for "did you mean" and for ranking, written beside its search index.

Pagefind's index holds stems (``invoic``, ``catalogimagesres``): nothing a
reader can be offered in place of a misspelt word. So each page's words are
collected as written when its search body is staged (:func:`page_words`),
and once the language is indexed they are written into its bundle
(:func:`write_vocabulary`): ``kb-search.json``, which the search script
fetches with its first search (the number of pages, which ranking needs,
and where the words are), and the words themselves, sorted and cut into
files of at most :data:`SHARD` bytes. A word the index does not know sends
the script to the files holding the words that start with its first
letter: one or two small files, never the whole vocabulary.

A word is kept as Pagefind's search script compares it (lower case, marks
and punctuation removed: ``Général`` and ``general`` are one word) with the
way pages write it most often, when that differs (``catalog:images:resize``
for ``catalogimagesresize``), and the number of pages that have it. Words
with digits (versions, ids, hashes) and very short or very long ones are
left out: nobody misspells them in a way a spelling suggestion would mend.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .search_bundle import cut

INFO = "kb-search.json"  # in the language's bundle folder
FOLDER = "kb-vocabulary"  # the word files, in the bundle folder
SHARD = 24_000  # bytes of a word file, at most
SHORTEST, LONGEST = 3, 40  # characters of a kept word
# What Pagefind's search script removes from a query: dashes, brackets, quotes and other punctuation (its
# `\p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}`), and the combining marks its diacritics normalisation drops.
_REMOVED = frozenset({"Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Mn"})
_TAG = re.compile(r"<[^>]*>")
_EDGES = re.compile(r"^\W+|\W+$")


def normalized(word: str) -> str:
    """``word`` as Pagefind's search script compares it: ``Général`` -> ``general``, ``env.php`` -> ``envphp``."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) not in _REMOVED)


def page_words(markup: str) -> frozenset[str]:
    """The words of a page's indexed text (HTML), lower case, as written (``général``, ``catalog:images:resize``)."""
    text = html.unescape(_TAG.sub(" ", markup)).lower()
    words = set()
    for token in text.split():
        token = _EDGES.sub("", token)
        plain = normalized(token)
        if SHORTEST <= len(plain) <= LONGEST and plain.isalpha():
            words.add(token)
    return frozenset(words)


def vocabulary(pages: Iterable[frozenset[str]]) -> list[list]:
    """``[[word, pages], ...]`` sorted, each word as compared; ``[word, pages, written]`` where pages write it
    otherwise (its most frequent way, the first in sort order on a tie)."""
    counts: Counter[str] = Counter()
    written: dict[str, Counter[str]] = {}
    for words in pages:
        seen = set()
        for word in words:
            plain = normalized(word)
            written.setdefault(plain, Counter())[word] += 1
            if plain not in seen:
                seen.add(plain)
                counts[plain] += 1
    entries = []
    for plain in sorted(counts):
        form = min(written[plain].items(), key=lambda item: (-item[1], item[0]))[0]
        entries.append([plain, counts[plain]] if form == plain else [plain, counts[plain], form])
    return entries


def write_vocabulary(bundle: Path, pages: list[frozenset[str]]) -> None:
    """``kb-search.json`` and the word files, into the bundle folder ``bundle`` (written before it is served)."""
    folder = bundle / FOLDER
    folder.mkdir(exist_ok=True)
    shards = []
    entries = [(entry[0], json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b",")
               for entry in vocabulary(pages)]
    for run in cut(entries, SHARD - 1):  # each entry with its comma; the brackets in place of the last one
        payload = b"[" + b"".join(entry for _, entry in run)[:-1] + b"]"
        name = hashlib.blake2b(payload, digest_size=5).hexdigest()
        (folder / f"{name}.json").write_bytes(payload)
        shards.append([ord(run[0][0][0]), ord(run[-1][0][0]), f"{FOLDER}/{name}.json"])
    info = {"pages": len(pages), "vocabulary": shards}
    (bundle / INFO).write_text(json.dumps(info, separators=(",", ":")), "utf-8")
