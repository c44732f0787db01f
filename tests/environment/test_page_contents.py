"""What each page showed inside the theme, kept for the pages built again for their navigation alone."""

from __future__ import annotations

import logging
import sqlite3

from kbsite.environment.page_contents import KeptContent, PageContents

TOC = [{"name": "Cause", "id": "cause", "level": 2,
        "children": [{"name": "Détails", "id": "details", "level": 3, "children": []}]}]


A = KeptContent("<h1>Vider le cache</h1>", TOC, "Vider le cache", "s1")
B = KeptContent("<p>b</p>", [], None, "")  # a page not searched


def kept(folder, lang="fr") -> PageContents:
    contents = PageContents(folder, lang)
    contents.store({"how-to/a.fr.md": ("made-of-1", A), "how-to/b.fr.md": ("made-of-2", B)})
    contents.close()
    return PageContents(folder, lang)


def test_a_page_gets_its_content_back_only_for_what_it_was_made_of(tmp_path):
    contents = kept(tmp_path)
    assert contents.get("how-to/a.fr.md", "made-of-1") == A
    assert contents.get("how-to/b.fr.md", "made-of-2") == B
    assert contents.get("how-to/a.fr.md", "made-of-2") is None  # made of something else since
    assert contents.get("how-to/c.fr.md", "made-of-1") is None
    assert PageContents(tmp_path, "ja").get("how-to/a.fr.md", "made-of-1") is None  # each language its own


def test_a_page_stored_again_replaces_what_it_had(tmp_path):
    contents = kept(tmp_path)
    contents.store({"how-to/a.fr.md": ("made-of-3", KeptContent("<p>new</p>", [], "new", "s3"))})
    assert contents.get("how-to/a.fr.md", "made-of-1") is None
    assert contents.get("how-to/a.fr.md", "made-of-3") == KeptContent("<p>new</p>", [], "new", "s3")


def test_a_file_that_is_not_the_database_is_replaced_with_one_warning(tmp_path, caplog):
    (tmp_path / "fr.sqlite3").write_bytes(b"not a database at all, but something else" * 100)
    contents = PageContents(tmp_path, "fr")
    with caplog.at_level(logging.INFO):
        assert contents.get("how-to/a.fr.md", "made-of-1") is None
        contents.store({"how-to/a.fr.md": ("made-of-1", KeptContent("<p>a</p>", [], None, "sa"))})
    warnings = [record.message for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1 and "fr.sqlite3 is discarded" in warnings[0]
    assert contents.get("how-to/a.fr.md", "made-of-1") == KeptContent("<p>a</p>", [], None, "sa")


def test_a_database_of_another_layout_is_replaced(tmp_path, caplog):
    with sqlite3.connect(tmp_path / "fr.sqlite3") as db:
        db.execute("CREATE TABLE pages (path TEXT)")
    assert PageContents(tmp_path, "fr").get("how-to/a.fr.md", "made-of-1") is None
    assert [record.message for record in caplog.records if "of another layout" in record.message]
    assert kept(tmp_path).get("how-to/b.fr.md", "made-of-2") is not None


def test_a_folder_that_cannot_hold_it_means_pages_are_converted_again(tmp_path, caplog):
    (tmp_path / "pages").write_text("a file where the folder should be", "utf-8")
    contents = PageContents(tmp_path / "pages", "fr")
    with caplog.at_level(logging.INFO):
        contents.store({"how-to/a.fr.md": ("made-of-1", KeptContent("<p>a</p>", [], None, "sa"))})
        assert contents.get("how-to/a.fr.md", "made-of-1") is None
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record for record in caplog.records if "pages are converted again" in record.message]


def test_the_rows_of_pages_the_language_no_longer_has_are_removed(tmp_path):
    contents = kept(tmp_path)
    contents.store({}, only={"how-to/b.fr.md", "how-to/c.fr.md"})  # a.fr.md deleted or renamed
    assert contents.get("how-to/a.fr.md", "made-of-1") is None
    assert contents.get("how-to/b.fr.md", "made-of-2") is not None


def test_a_row_that_is_not_what_was_stored_is_not_used(tmp_path):
    kept(tmp_path).close()
    with sqlite3.connect(tmp_path / "fr.sqlite3") as db:
        db.execute("UPDATE pages SET toc = '[{\"name\": 1}]' WHERE path = 'how-to/a.fr.md'")
        db.execute("UPDATE pages SET content = x'00' WHERE path = 'how-to/b.fr.md'")
    contents = PageContents(tmp_path, "fr")
    assert contents.get("how-to/a.fr.md", "made-of-1") is None
    assert contents.get("how-to/b.fr.md", "made-of-2") is None
