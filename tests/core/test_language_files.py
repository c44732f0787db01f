"""The bundled language files: each one a translation of en.yml that the code can use as it is."""

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml
from kbsite.core.diagnostics import catalogue
from kbsite.core.strings import bundled_languages, strings
from kbsite.core.vocabulary import load_vocabulary

FOLDER = Path(str(resources.files("kbsite.data").joinpath("languages")))
ENGLISH = yaml.safe_load((FOLDER / "en.yml").read_text("utf-8"))
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Lists whose length is the language's own (words a language uses), not a translation item by item.
OWN_LISTS = {"compatible_markers", "range_words", "replaced", "deprecated", "synonyms", "related_reading"}
TRANSLATIONS = [lang for lang in bundled_languages() if lang != "en"]


def leaves(data, path=()):
    """(path, value) of every string or list of strings below ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    else:
        yield path, data


def test_english_has_every_rule_and_vocabulary_value():
    assert set(ENGLISH["rules"]) == set(catalogue())
    for name in ("feature", "role"):
        assert set(ENGLISH["vocabulary"][name]) == set(load_vocabulary(name).labels)


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_a_translation_has_the_keys_of_english_and_no_others(lang):
    data = yaml.safe_load((FOLDER / f"{lang}.yml").read_text("utf-8"))
    english = dict(leaves(ENGLISH))
    own = dict(leaves(data))
    assert sorted(set(english) - set(own)) == [], f"{lang}.yml lacks these keys"
    assert sorted(set(own) - set(english)) == [], f"{lang}.yml has keys English does not"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_a_translation_keeps_placeholders_and_list_lengths(lang):
    english = dict(leaves(ENGLISH))
    for path, value in leaves(yaml.safe_load((FOLDER / f"{lang}.yml").read_text("utf-8"))):
        source = english[path]
        if isinstance(source, list):
            assert isinstance(value, list) and value, path
            if path[-1] not in OWN_LISTS:
                assert len(value) == len(source), path
            continue
        assert isinstance(value, str) and value.strip(), (path, value)
        assert sorted(PLACEHOLDER.findall(value)) == sorted(PLACEHOLDER.findall(source)), (path, value)


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_a_translation_is_a_language_of_its_own(lang):
    language = strings(lang)
    assert language.known and language.writes("patch_sections")
    assert language["name"] != ENGLISH["name"]
    assert language["patch_card"]["releases"] != ENGLISH["patch_card"]["releases"]


def test_an_unknown_language_falls_back_to_english_and_says_so():
    dutch = strings("nl")
    assert not dutch.known and not dutch.writes("patch_sections")
    assert dutch["patch_card"] == ENGLISH["patch_card"] and dutch.lang_of("patch_card") == "en"


def test_a_region_subtag_falls_back_through_its_language(tmp_path):
    (tmp_path / "nl.yml").write_text("name: Nederlands\npatch_status: {active: Actief}\n", "utf-8")
    (tmp_path / "nl-BE.yml").write_text("name: Nederlands (België)\n", "utf-8")
    flemish = strings("nl-BE", tmp_path)
    assert flemish.known and not flemish.writes("patch_sections")
    assert flemish["name"] == "Nederlands (België)"
    assert flemish["patch_status"]["active"] == "Actief"
    assert flemish["patch_status"]["replaced"] == ENGLISH["patch_status"]["replaced"]
    assert flemish.lang_of("name") == "nl-BE" and flemish.lang_of("not_found") == "en"
