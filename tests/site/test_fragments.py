"""Fragment templates: ours by default, a project's own from <custom_dir>/kb/ first."""

from helpers import REPO, write
from kbsite.core.settings import load_settings
from kbsite.site.fragments import Fragments
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
