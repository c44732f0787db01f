"""Fragment templates: ours by default, a project's own from <custom_dir>/kb/ first."""

import os

from helpers import REPO, write
from kbsite.core.settings import load_settings
import pytest
from kbsite.site.fragments import Fragments, TemplateFault
from kbsite.site.redirect_pages import redirect_page


def test_settings_name_the_override_folder_below_the_theme_custom_dir():
    settings = load_settings(REPO / "mkdocs.yml")
    assert settings.fragment_overrides == REPO / "docs" / "overrides" / "kb"


def test_a_project_template_wins_over_ours(tmp_path):
    write(tmp_path, "redirect.html", "<p>{{ t.text }} → {{ href }}</p>")
    assert redirect_page(Fragments(tmp_path), "../new/", "fr") == "<p>Cette page a été déplacée vers → ../new/</p>"


def test_without_override_ours_is_used(tmp_path):
    html = redirect_page(Fragments(tmp_path), "../new/", "en")
    assert '<meta http-equiv="refresh" content="0; url=../new/">' in html


def test_the_next_build_renders_an_edited_override(tmp_path):
    """Each build's Fragments looks its templates up once; the next one (a serve rebuild) finds the edit."""
    template = write(tmp_path, "redirect.html", "<p>old {{ href }}</p>")
    fragments = Fragments(tmp_path)
    assert redirect_page(fragments, "x/", "en") == "<p>old x/</p>"
    template.write_text("<p>new {{ href }}</p>", "utf-8")
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert redirect_page(fragments, "x/", "en") == "<p>old x/</p>"  # the same build: looked up once
    assert redirect_page(Fragments(tmp_path), "x/", "en") == "<p>new x/</p>"


def test_an_override_that_does_not_compile_is_named_with_its_line_when_checked(tmp_path):
    write(tmp_path, "kb/patch_card.html", "<div>\n{% for %}\n")
    with pytest.raises(TemplateFault, match=r"kb/patch_card\.html:2: "):
        Fragments(tmp_path / "kb").check_overrides()
    Fragments(tmp_path / "elsewhere").check_overrides()  # no override folder: nothing to check


def test_an_override_that_fails_to_render_is_named_with_its_line(tmp_path):
    write(tmp_path, "kb/redirect.html", "<p>\n{{ no_such_value }}</p>\n")
    fragments = Fragments(tmp_path / "kb")
    fragments.check_overrides()  # it compiles
    with pytest.raises(TemplateFault, match=r"kb/redirect\.html:2: 'no_such_value' is undefined"):
        fragments.render("redirect.html", target="x")
