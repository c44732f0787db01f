"""Titles and descriptions as readers see them: inline Markdown as HTML, or its plain text."""

from pathlib import Path

import pytest
from kbsite.core.addresses import SiteUrls
from kbsite.core.knowledge_base import Document, KnowledgeBase
from kbsite.core.settings import Settings
from kbsite.core.source import parse_source
from kbsite.site.front_matter_text import FrontMatterText

ROOT = Path("/project")


def document(key: str, lang: str, title: str, description: str = "") -> Document:
    text = f"---\ntitle: {title!r}\ndescription: {description!r}\n---\n\n# x\n"
    site_path = f"{key}.{lang}.md"
    return Document("article", f"articles/{site_path}", ROOT / "articles" / site_path, site_path, key, lang,
                    parse_source(text.encode("utf-8"), site_path))


@pytest.fixture
def kb():
    settings = Settings(ROOT, ROOT / "articles", ROOT / "docs", ("en", "fr"), "en")
    return KnowledgeBase(settings, [
        document("qpt/mdva-1", "en", "MDVA-1: **Continue** button greyed out",
                 "Available when the [QPT](../announcements/qpt-released.md#tool) 1.1.4 is installed; "
                 "see [docs](https://experienceleague.adobe.com/x) and [!UICONTROL Save]."),
        document("announcements/qpt-released", "en", "QPT released"),
        document("announcements/qpt-released", "fr", "QPT publié"),
    ])


@pytest.fixture
def text(kb):
    return FrontMatterText(kb, SiteUrls("en"))


def test_a_title_is_inline_html_and_plain_text(kb, text):
    article = kb.documents[0]
    assert text.title(article) == "MDVA-1: <strong>Continue</strong> button greyed out"
    assert text.plain_title(article) == "MDVA-1: Continue button greyed out"


def test_links_lead_to_the_document_in_the_readers_language_relative_to_the_page(kb, text):
    article = kb.documents[0]
    html = text.description(article, href=lambda url: f"../../{url}", lang="fr")
    assert '<a href="../../fr/announcements/qpt-released/#tool">QPT</a>' in html
    assert '<a href="https://experienceleague.adobe.com/x">docs</a>' in html
    assert '<span class="uicontrol">Save</span>' in html and "[!" not in html


def test_inside_a_link_a_text_keeps_no_link_of_its_own(kb, text):
    html = text.description(kb.documents[0])
    assert "<a " not in html and "Available when the QPT 1.1.4" in html


def test_plain_text_has_no_markup_and_no_exl_marker(kb, text):
    assert text.plain_description(kb.documents[0]) == (
        "Available when the QPT 1.1.4 is installed; see docs and Save.")
    assert text.plain("Error- `[!DNL opensearch] engine`") == "Error- opensearch engine"


@pytest.mark.parametrize("written, shown", [
    ("<b>bold</b> & <script>alert(1)</script>", "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"),
    ("[run](javascript:alert(1))", "run"),
    ("# 1. Not a heading", "# 1. Not a heading"),
    ("- not a list", "- not a list"),
    ("** Purchase Order** stays as written", "** Purchase Order** stays as written"),
    ("![image](x.png) alt", "![image](x.png) alt"),
])
def test_only_inline_markdown_and_nothing_unsafe(text, written, shown):
    assert text.html(written, href=lambda url: url) == shown


def test_a_link_to_a_missing_document_is_its_text(kb, text):
    assert text.html("see [gone](../nowhere.md)", kb.documents[0], "en", lambda url: url) == "see gone"
