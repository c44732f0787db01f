"""EXL Markdown rendered by our Python-Markdown extension."""

import markdown
import pytest
from kbsite.core.strings import strings
from kbsite.site.extensions.exl import ALERTS, ExlExtension


def render(text: str, lang: str = "en") -> str:
    return markdown.Markdown(extensions=[ExlExtension(strings(lang)["exl_alerts"]), "attr_list", "toc", "fenced_code", "tables"]).convert(text)


@pytest.mark.parametrize("kind", sorted(ALERTS))
def test_every_alert_becomes_a_titled_admonition(kind):
    html = render(f">[!{kind}]\n>\n>Body text.\n")
    assert html.startswith(f'<div class="admonition {ALERTS[kind]}">\n<p class="admonition-title">')
    assert "<p>Body text.</p>" in html and "[!" not in html


def test_alert_titles_follow_the_page_language():
    assert '<p class="admonition-title">Remarque</p>' in render(">[!NOTE]\n>Texte.\n", "fr")
    assert '<p class="admonition-title">Note</p>' in render(">[!NOTE]\n>Text.\n", "en")
    assert "Avertissement" in render(">[!WARNING]\n>\n>Texte.\n", "fr")


def test_alert_body_on_the_marker_line_and_inside_lists():
    assert "<p>Same line.</p>" in render(">[!TIP]\n>Same line.\n")
    html = render("1. Step\n\n    >[!NOTE]\n    >\n    >Nested.\n")
    assert '<div class="admonition note">' in html


def test_plain_quotes_and_unknown_markers_stay_quotes():
    assert "<blockquote>" in render("> Just a quote.\n")
    assert "<blockquote>" in render(">[!SOMETHING]\n>Text.\n")


def test_dnl_is_plain_text_even_inside_link_text():
    html = render("Use [[!DNL Quality Patches Tool]: Search for patches](https://x.example/q) and [!DNL Adobe Commerce].")
    assert '<a href="https://x.example/q">Quality Patches Tool: Search for patches</a>' in html
    assert "Adobe Commerce." in html and "[!DNL" not in html


def test_uicontrol_is_a_ui_label():
    assert '<strong><span class="uicontrol">Save Config</span></strong>' in render("Click **[!UICONTROL Save Config]**.")


def test_code_keeps_the_syntax_as_written():
    html = render("`[!DNL x]`\n\n```\n>[!NOTE]\n[!UICONTROL y]\n```\n")
    assert "<code>[!DNL x]</code>" in html
    assert "&gt;[!NOTE]" in html and "[!UICONTROL y]" in html


def test_heading_ids_and_raw_html():
    html = render("## Prerequisites {#prereq}\n\n<u>Steps</u>:<br/>\n\n| A | B |\n| - | - |\n| 1 | 2 |\n")
    assert '<h2 id="prereq">Prerequisites</h2>' in html
    assert "<u>Steps</u>" in html and "<table>" in html


def test_two_alerts_one_blank_line_apart_are_two_admonitions():
    """Python-Markdown joins the two quotes; CommonMark, and writers, see two."""
    html = render(">[!WARNING]\n>\n>Back up first.\n\n>[!NOTE]\n>\n>Then optimize.\n")
    assert html.count('<div class="admonition') == 2 and "[!" not in html
    assert html.index("Back up first.") < html.index('<div class="admonition note">') < html.index("Then optimize.")


def test_a_quote_that_turns_into_an_alert_keeps_its_quoted_part():
    html = render("> A snapshot holds every service.\n\n>[!NOTE]\n>\n>Volumes only.\n")
    assert html.index("<blockquote>") < html.index("A snapshot") < html.index('<div class="admonition note">')
    assert "Volumes only." in html.split('<div class="admonition note">')[1] and "[!NOTE]" not in html


def test_markers_inside_raw_html_blocks_are_their_words_and_code_stays_as_written():
    html = render('<table>\n<tr><td>Resolve [!DNL New Relic] issues in [!UICONTROL Hierarchy]</td>'
                  '<td><code>[!DNL kept]</code></td><td title="[!DNL x]">y</td></tr>\n</table>\n\n'
                  "<ul>\n<li>[!DNL PHP] 8.3</li>\n</ul>\n")
    assert "Resolve New Relic issues in <span class=\"uicontrol\">Hierarchy</span>" in html
    assert "<li>PHP 8.3</li>" in html and "<code>[!DNL kept]</code>" in html
    assert 'title="[!DNL x]"' in html  # attributes are left alone: no markup is put inside one
