"""Material's interface strings, looked up once per language build instead of by Material's macro."""

from importlib import resources

from jinja2 import Environment, FileSystemLoader
from kbsite.mkdocs_plugin.theme_strings import ThemeStrings

MATERIAL = str(resources.files("material").joinpath("templates"))


def strings(language: str, *folders: str) -> ThemeStrings:
    return ThemeStrings(Environment(loader=FileSystemLoader([*folders, MATERIAL])), language)


def test_the_languages_own_string():
    assert strings("de")("action.skip") == "Zum Inhalt"
    assert strings("ja")("toc") == "目次"


def test_a_key_the_language_lacks_is_english_and_an_unknown_key_is_itself():
    assert strings("de")("direction") == "ltr"  # not in Material's German file
    assert strings("de")("no.such.key") == "no.such.key"


def test_a_language_file_of_the_project_wins(tmp_path):
    (tmp_path / "partials" / "languages").mkdir(parents=True)
    (tmp_path / "partials" / "languages" / "de.html").write_text(
        '{% macro t(key) %}{{ {"action.skip": "Weiter zum Text"}[key] }}{% endmacro %}', "utf-8")
    german = strings("de", str(tmp_path))
    assert german("action.skip") == "Weiter zum Text"
    assert german("toc") == "Table of contents"  # English: the project's file has no other key


def test_strings_are_markup_as_the_macro_made_them():
    skip = strings("fr")("action.skip")
    assert skip == "Aller au contenu" and hasattr(skip, "__html__")


def test_material_plugins_reading_the_partial_in_their_own_environment_get_materials_macro():
    """Material's blog and search plugins import ``partials/language.html`` from ``config.theme.get_env()``."""
    theme = str(resources.files("kbsite.site").joinpath("templates", "theme"))
    env = Environment(loader=FileSystemLoader([theme, MATERIAL]))
    config = {"theme": {"language": "fr"}}
    t = env.get_template("partials/language.html", globals={"config": config}).module.t
    assert t("action.skip") == "Aller au contenu" and t("direction") == "ltr"
