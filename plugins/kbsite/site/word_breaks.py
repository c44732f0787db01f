"""Words of the languages written without spaces between them (Chinese, Japanese, Thai), for search.

Pagefind finds words by the spaces between them. Its ``extended`` build
cuts Chinese and Japanese with dictionaries of its own (IPADIC for
Japanese: 450 MB of memory for the corpus's 989 Japanese pages, where the
plain build needs 156 MB), and a reader's browser cuts the query with
``Intl.Segmenter``, which is ICU: index and query did not always agree.
Here the copy of each page that Pagefind indexes is cut with ICU's word
breaks (``icu4py``, the same rules and dictionary as the browser's), a space
between each two words, so that the plain Pagefind build indexes the words a
reader's query is cut into (:func:`break_words`).

Pagefind keeps those spaces in the text it shows as a result's excerpt; its
own extended build writes a zero-width space after each word instead, which
its search script splits on and removes before showing the text.
:func:`join_words` turns the first into the second: a space between two
characters of these scripts, or next to their punctuation (``、`` ``。``
``（``), was put there to cut the words and is dropped; a space next to a
Latin word (``Adobe Commerce で``) is kept, as most written ones are.
"""

from __future__ import annotations

import html
import re

from icu4py.breakers import WordBreaker
from markupsafe import escape

# Languages whose queries Pagefind's search script cuts with Intl.Segmenter (its `needsWordSegmentation`).
BROKEN_LANGUAGES = ("zh", "ja", "th")
WORD_END = "\u200b"  # what Pagefind's search script splits a text on, when the text has it

_PUNCTUATION = "\u3001-\u303f\uff00-\uffef"  # CJK symbols and punctuation (not the ideographic space), full-width forms
# Letters of the scripts written without spaces between words (Thai, Japanese kana, CJK ideographs).
UNSPACED_LETTERS = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SCRIPTS = _PUNCTUATION + UNSPACED_LETTERS
_UNSPACED = re.compile(f"[{_SCRIPTS}]")


def _where_words_meet(marker: str) -> re.Pattern:
    """``marker`` between a character of these scripts and any other word character, either way round.

    The marker first, its neighbours after: a pattern that starts with a character is searched for much faster.
    """
    return re.compile(f"{marker}(?:(?<=[{_SCRIPTS}]{marker})(?=\\S)|(?<=\\S{marker})(?=[{_SCRIPTS}]))")


_CUT = "\x00"  # between ICU's segments, before the spaces are placed
_BREAK = _where_words_meet(_CUT)
_TEXT = re.compile(r"(?<=>)[^<]+")  # the text between two tags
_RUN_END = "\ue000"  # between the texts of two elements (a private-use character: ICU breaks on each side)
_MEETING = _where_words_meet(_RUN_END)
# Spaces between two words: those break_words may have put (next to these scripts' punctuation, or between two of
# their characters), and the others.
_DROPPED = re.compile(f"(?<=[{_PUNCTUATION}])\\s+(?=\\S)|(?<=\\S)\\s+(?=[{_PUNCTUATION}])"
                      f"|(?<=[{_SCRIPTS}])\\s+(?=[{_SCRIPTS}])")
_KEPT = re.compile(r"(?<=\S)\s+(?=\S)")
# The full stop Pagefind writes after a block of text that has none (the last one too), when the block ends in
# these scripts' letters.
_ADDED_STOP = re.compile(f"(?<=[{UNSPACED_LETTERS}])\\.(?: (?={WORD_END})|$)")
_FULL_STOPS = {"zh": "\u3002", "ja": "\u3002", "th": " "}  # 。, and Thai ends a sentence with a space


def needs_word_breaks(lang: str) -> bool:
    return lang.split("-")[0].lower() in BROKEN_LANGUAGES


def break_words(markup: str, lang: str) -> str:
    """``markup`` (HTML) with a space between each two words of its text in these scripts.

    A space is put only where a word of these scripts meets another word
    (``部分請求書`` → ``部分 請求 書``), not inside a Latin one (``MDVA-40399``
    stays whole); where the text of two elements meets too (``<b>部分</b>請求``).
    The texts of the elements are cut at once, a :data:`_RUN_END` between two
    (ICU breaks on each side of it): a thousand times fewer calls into ICU.
    """
    runs = _TEXT.findall(markup)
    texts = [html.unescape(run) for run in runs]
    whole = _RUN_END.join(texts)
    if not _UNSPACED.search(whole):
        return markup
    if _CUT in whole or whole.count(_RUN_END) != len(texts) - 1:  # hostile text: our markers out of it
        texts = [text.replace(_CUT, "").replace(_RUN_END, "") for text in texts]
        whole = _RUN_END.join(texts)
    cut = _CUT.join(WordBreaker(whole, lang)).replace(f"{_CUT}{_RUN_END}{_CUT}", _RUN_END)
    cut = _BREAK.sub(" ", _MEETING.sub(_RUN_END + " ", cut)).replace(_CUT, "")
    words = iter(raw if new == text else str(escape(new)) for raw, text, new in zip(runs, texts, cut.split(_RUN_END)))
    return _TEXT.sub(lambda run: next(words), markup)


def join_words(text: str) -> str:
    """A text Pagefind read from :func:`break_words`' markup, as Pagefind's search script reads it.

    Each space between two words becomes a :data:`WORD_END` (the search
    script counts words by them, as Pagefind counted them by the spaces) and
    goes away where :func:`break_words` may have put it; elsewhere it stays.
    Two passes with fixed replacements: a function called per space was most
    of the time.
    """
    return _KEPT.sub(f"\\g<0>{WORD_END}", _DROPPED.sub(WORD_END, text))


def full_stops(text: str, lang: str) -> str:
    """The full stops Pagefind adds between blocks (``できない. インテ``), in :func:`join_words`' output, as
    ``lang`` writes them (``できない。インテ``): after a letter of these scripts only, the words where they were."""
    stop = _FULL_STOPS.get(lang.split("-")[0].lower())
    return _ADDED_STOP.sub(lambda added: stop if added.end() < len(text) else stop.strip(), text) if stop else text
