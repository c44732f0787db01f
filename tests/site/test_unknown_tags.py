"""Placeholders like <project_id> are shown as text, exactly once escaped, and never touched in code."""

import markdown
import pytest
from kbsite.site.extensions.safety import SafetyExtension


def render(text: str) -> str:
    return markdown.Markdown(extensions=[SafetyExtension(), "fenced_code", "md_in_html"]).convert(text)


@pytest.mark.parametrize("source, shown", [
    ("Replace <project_id> here.\n", "<p>Replace &lt;project_id&gt; here.</p>"),
    ("<project_id>\n", "<p>&lt;project_id&gt;</p>"),
    ("<table><tr><td><tenant></td></tr></table>\n", "<table><tr><td>&lt;tenant&gt;</td></tr></table>"),
    ("    curl <project_id>/x\n", "<pre><code>curl &lt;project_id&gt;/x\n</code></pre>"),
    ("```\ncurl <project_id>/x\n```\n", "<pre><code>curl &lt;project_id&gt;/x\n</code></pre>"),
    ("Run `<project_id>`.\n", "<p>Run <code>&lt;project_id&gt;</code>.</p>"),
])
def test_unknown_tags_become_text_and_code_stays_as_written(source, shown):
    assert render(source) == shown


def test_allowed_and_dangerous_tags_stay_tags_for_the_sanitizer():
    html = render("<u>under</u> <script>alert(1)</script>\n")
    assert "<u>under</u>" in html and "<script>" in html
