"""Looking for #fragment targets in HTML as it arrives."""

from __future__ import annotations

from kbsite.external.anchors import fragments_found
from kbsite.external.run import run_to_end


def _found(chunks: list[bytes], wanted: set[str], limit: int = 10_000_000, charset: str | None = "utf-8"):
    read = []

    async def stream():
        for chunk in chunks:
            read.append(chunk)
            yield chunk

    return run_to_end(fragments_found(stream(), wanted, charset, limit)), len(read)


def test_ids_anywhere_and_names_of_links_only():
    page = [b"<html><body><section id='intro'>", b"<div name='not-a-link'></div><a name='old'>x</a>",
            b"<img id='pic'/></body></html>"]
    found, _ = _found(page, {"intro", "old", "pic", "not-a-link", "top"})
    assert found == {"intro": True, "old": True, "pic": True, "not-a-link": False, "top": True}


def test_reading_stops_once_every_fragment_is_found():
    chunks = [b"<h2 id='a'>A</h2>", b"<h2 id='b'>B</h2>"] + [b"<p>filler</p>" * 100] * 50
    found, read = _found(chunks, {"a", "b"})
    assert found == {"a": True, "b": True} and read == 2


def test_reading_stops_at_the_limit():
    chunks = [b"<p>filler</p>" * 100] * 50 + [b"<h2 id='late'>x</h2>"]
    found, read = _found(chunks, {"late"}, limit=5_000)
    assert found == {"late": False} and read == 4


def test_ids_cut_between_chunks_and_characters_split_between_them():
    text = "<h2 id='café'>x</h2>".encode("utf-8")
    chunks = [text[:8], text[8:10], text[10:]]  # the é's two bytes in two chunks
    found, _ = _found(chunks, {"café"})
    assert found == {"café": True}


def test_another_charset_and_an_unknown_one():
    assert _found(["<a id='façade'>".encode("latin-1")], {"façade"}, charset="iso-8859-1")[0] == {"façade": True}
    assert _found([b"<a id='x'>"], {"x"}, charset="no-such-charset")[0] == {"x": True}
