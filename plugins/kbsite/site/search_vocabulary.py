"""A language's searched words, for telling a misspelt word and what was meant, written beside its index.

Pagefind cannot say that it does not know a word: when no indexed word
starts with a query's word, it searches a shorter beginning of it (its
issue 599: ``opensaerch`` finds the 263 pages with a word in ``open``). And
its index holds stems (``invoic``, ``catalogimagesres``): nothing a reader
can be offered in place of a misspelt word. So each page's words are
collected as written when its search body is staged (:func:`page_words`),
and once the language is indexed they are written into its bundle
(:class:`VocabularyFiles`): ``kb-search.json``, which the search script
fetches with its first search (the number of pages, which ranking needs,
and the word range of each word file), and the words themselves, sorted
and cut into files of at most :data:`SHARD` bytes. The script fetches the
file whose range holds a query's word (a gzipped kilobyte or two) to learn
whether pages have it, and for a word they do not, the files of the words
with its first letter, to find the closest one.

A word is kept as Pagefind's search script compares it (lower case, marks
and punctuation removed: ``Général`` and ``general`` are one word) with the
way pages write it most often, when that differs (``catalog:images:resize``
for ``catalogimagesresize``, ``Wartungsmodus`` for ``wartungsmodus``), and
the number of pages that have it. Words
with digits (versions, ids, hashes), words of fewer than four letters and
very long ones are left out: the script neither checks nor suggests them.
The parts of code words are words too (Pagefind indexes ``resize`` of
``catalog:images:resize``), and a code word's ends lead to it (:func:`vocabulary`).
"""

from __future__ import annotations

import hashlib
import html
import json
import os.path
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .search_bundle import cut

INFO = "kb-search.json"  # in the language's bundle folder
FOLDER = "kb-vocabulary"  # the word files, in the bundle folder
SHARD = 6_000  # bytes of a word file, at most (about 2 KB gzipped)
# Characters of a kept word: the search script checks and suggests words of four letters or more (shorter ones
# are Pagefind's to match: one letter away from most other short words).
SHORTEST, LONGEST = 4, 40
# What Pagefind's search script removes from a query: dashes, brackets, quotes and other punctuation (its
# `\p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}`), and the combining marks its diacritics normalisation drops.
_REMOVED = frozenset({"Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Mn"})
_TAG = re.compile(r"<[^>]*>")
_LETTERS = re.compile(r"[^\W\d]+")  # letters and the underscore of names (install_upgrade.log), no digits
# What joins the parts of a code word (``var/log/system.log``, ``Magento\\Framework``, ``a->b``), in a split that
# keeps it.
_JOINS = re.compile(r"(->|::|[:/.\\\[\]@#])")
WHOLES = 5  # code words listed for the end they share, at most
_EDGES = re.compile(r"^\W+|\W+$")


def normalized(word: str) -> str:
    """``word`` as Pagefind's search script compares it: ``Général`` -> ``general``, ``env.php`` -> ``envphp``."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) not in _REMOVED)


def page_words(markup: str) -> frozenset[str]:
    """The words of a page's indexed text (HTML), as written (``Général``, ``catalog:images:resize``), and the
    parts of its code words, which Pagefind indexes too (``resize``)."""
    text = html.unescape(_TAG.sub(" ", markup))
    words = set()
    for token in set(text.split()):  # a page repeats most of its words
        token = _EDGES.sub("", token)
        words.update(part for part in {token, *_JOINS.split(token)[::2]} if _kept(part))
    return frozenset(words)


@lru_cache(maxsize=1 << 16)  # pages share most of their words: each is normalized once (a pure function)
def _kept(word: str) -> bool:
    plain = normalized(word)
    return SHORTEST <= len(plain) <= LONGEST and _LETTERS.fullmatch(plain) is not None


def vocabulary(pages: Sequence[frozenset[str]]) -> list[list]:
    """``[[word, pages], ...]`` sorted, each word as compared; ``[word, pages, written]`` where pages write it
    otherwise (its most frequent way, the first in sort order on a tie); ``[word, pages, written, [whole, ...]]``
    for the end of code words (``system.log``: ``var/log/system.log``, on no page alone: 0 pages), with the
    code words it ends (:data:`WHOLES` at most, the most frequent first)."""
    on_pages = Counter(chain.from_iterable(pages))  # each way of writing a word -> the pages that write it so
    plains = {word: normalized(word) for word in on_pages}  # once a word: the pages share most of theirs
    counts = Counter(chain.from_iterable({plains[word] for word in words} for words in pages))
    written: dict[str, dict[str, int]] = {}
    for word, found in on_pages.items():
        written.setdefault(plains[word], {})[word] = found
    forms = {plain: min(ways.items(), key=lambda item: (-item[1], item[0]))[0] for plain, ways in written.items()}
    wholes = _wholes(forms, counts)
    entries = []
    for plain in sorted(counts.keys() | wholes.keys()):
        form = forms.get(plain) or next(iter(wholes[plain].values()))
        entry = [plain, counts[plain]] if form == plain else [plain, counts[plain], form]
        if plain in wholes:
            ending = sorted(wholes[plain], key=lambda whole: (-counts[whole], whole))[:WHOLES]
            entry[2:] = [form, [forms[whole] for whole in ending]]
        entries.append(entry)
    return entries


def _wholes(forms: dict[str, str], counts: Counter) -> dict[str, dict[str, str]]:
    """The end of each code word of three parts or more, from its second part on: normalized end -> {normalized
    code word: the end as written}."""
    wholes: dict[str, dict[str, str]] = {}
    for plain, form in forms.items():
        parts = _JOINS.split(form)
        for start in range(2, len(parts) - 2, 2):  # parts[::2] are the words, parts[1::2] what joins them
            end = "".join(parts[start:])
            if len(normalized(end)) >= SHORTEST:
                wholes.setdefault(normalized(end), {})[plain] = end
    return wholes


@dataclass(frozen=True)
class VocabularyFiles:
    """``kb-search.json`` and the word files of a language's pages, worked out before they are written: the
    plugin works them out while Pagefind indexes the pages, and writes them into the bundle Pagefind made.

    The files are numbered in a folder named by a hash of them all (``kb-vocabulary/3fa91c2b04/0.json``);
    ``kb-search.json`` gives the folder and, for each file, the shortest beginning of its first word that tells
    it from the word before (the first file's is ""): the file that may hold a word is the last whose
    beginning sorts before it.
    """

    pages: int
    payloads: tuple[bytes, ...]  # the word files' contents, in order
    starts: tuple[str, ...]  # the beginning of each file's first word that tells it from the file before

    @classmethod
    def of(cls, pages: list[frozenset[str]]) -> VocabularyFiles:
        entries = [(entry[0], json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b",")
                   for entry in vocabulary(pages)]
        runs = cut(entries, SHARD - 1)  # each entry with its comma; the brackets in place of the last one
        payloads = tuple(b"[" + b"".join(entry for _, entry in run)[:-1] + b"]" for run in runs)
        starts = ("", *(following[0][0][: len(os.path.commonprefix([previous[-1][0], following[0][0]])) + 1]
                        for previous, following in zip(runs, runs[1:])))
        return cls(len(pages), payloads, starts)

    def write(self, bundle: Path) -> None:
        """Into the bundle folder ``bundle`` (before it is served)."""
        folder = bundle / FOLDER / hashlib.blake2b(b"\n".join(self.payloads), digest_size=5).hexdigest()
        folder.mkdir(parents=True)
        for number, payload in enumerate(self.payloads):
            (folder / f"{number}.json").write_bytes(payload)
        info = {"pages": self.pages, "vocabulary": {"folder": folder.relative_to(bundle).as_posix(),
                                                    "starts": list(self.starts)}}
        (bundle / INFO).write_text(json.dumps(info, ensure_ascii=False, separators=(",", ":")), "utf-8")
