"""Which files of the docs and articles folders the knowledge base loads, and as what."""

from helpers import article, write
from kbsite.core.knowledge_base import load_knowledge_base
from kbsite.core.settings import load_settings


def test_the_folder_tree_is_loaded_as_documents_assets_sections_and_redirects(empty_project):
    write(empty_project, "articles/how-to/cache/flush.en.md", article())
    write(empty_project, "articles/how-to/cache/flush.fr.md", article(title="Vider le cache"))
    write(empty_project, "articles/how-to/cache/diagram.png", b"\x89PNG")
    write(empty_project, "articles/how-to/_section.yml", "title: {en: How-to}\norder: [cache]\n")
    write(empty_project, "articles/_redirects.yml", "old/flush: how-to/cache/flush\n")
    write(empty_project, "articles/how-to/_redirects.yml", "not/a: redirect here\n")  # only the root's is read
    write(empty_project, "articles/.drafts/secret.en.md", article(title="Hidden folder"))
    write(empty_project, "articles/how-to/.notes.en.md", article(title="Hidden file"))
    write(empty_project, "docs/index.md", "# Home\n")
    write(empty_project, "docs/overrides/kb/note.md", "# A theme file, not a page\n")

    kb = load_knowledge_base(load_settings(empty_project / "mkdocs.yml"))

    assert [(d.kind, d.path, d.site_path, d.key, d.lang) for d in kb.documents] == [
        ("article", "articles/how-to/cache/flush.en.md", "how-to/cache/flush.en.md", "how-to/cache/flush", "en"),
        ("article", "articles/how-to/cache/flush.fr.md", "how-to/cache/flush.fr.md", "how-to/cache/flush", "fr"),
        ("page", "docs/index.md", "index.md", "index", "en"),
    ]
    assert all(d.abs_path == empty_project / d.path for d in kb.documents)
    assert sorted(kb.assets) == ["how-to/_redirects.yml", "how-to/cache/diagram.png"]
    assert kb.redirects == {"old/flush": "how-to/cache/flush"}
    assert list(kb.sections) == ["how-to"]
    assert kb.diagnostics == []
