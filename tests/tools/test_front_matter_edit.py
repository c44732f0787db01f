"""Editing front matter keys in place (what kb translations --stamp writes)."""

import pytest
from kbsite.core.source import parse_source
from kbsite.tools.front_matter_edit import UnreadableFrontMatter, set_keys

ARTICLE = "---\ntitle: Vider le cache\ndescription: >\n  Comment vider\n  le cache.\n\nht-degree: 0%\n---\n\n# Vider le cache\n"


def test_replaces_a_value_with_its_continuation_lines_and_adds_new_keys(tmp_path):
    file = tmp_path / "a.fr.md"
    file.write_text(ARTICLE, "utf-8")
    assert set_keys(file, {"description": "Court.", "source-hash": "sha256:00"}) is True
    text = file.read_text("utf-8")
    assert text == "---\ntitle: Vider le cache\ndescription: Court.\n\nht-degree: 0%\nsource-hash: sha256:00\n---\n\n# Vider le cache\n"
    assert parse_source(text.encode(), "a.fr.md").meta["description"] == "Court."
    assert set_keys(file, {"source-hash": "sha256:00"}) is False  # already so: the file is not rewritten


def test_keeps_a_byte_order_mark_and_windows_line_ends(tmp_path):
    file = tmp_path / "a.fr.md"
    file.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert set_keys(file, {"source-hash": "sha256:00"}) is True
    data = file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n") and b"\r\nsource-hash: sha256:00\r\n---\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")


@pytest.mark.parametrize("content", [
    b"# No front matter\n",
    b"---\ntitle: [broken\n---\n\n# Broken\n",
    b"---\ntitle: Caf\xe9\n---\n\n# Not UTF-8\n",
])
def test_refuses_a_block_it_cannot_read_and_leaves_the_file_alone(tmp_path, content):
    file = tmp_path / "a.fr.md"
    file.write_bytes(content)
    with pytest.raises(UnreadableFrontMatter):
        set_keys(file, {"source-hash": "sha256:00"})
    assert file.read_bytes() == content
