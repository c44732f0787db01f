"""KB11x: the declared schema, the vocabularies and exl-id uniqueness."""

import pytest
from helpers import article, check_project, write

FR_FIELDS = "source-git-commit: 2aeb2355b74d1cdfc62b5e7c5aa04fcd0a654733\nworkflow-type: tm+mt\nsource-wordcount: '444'\nht-degree: 0%\n"


def project_with(empty_project, en_text, fr_text=None):
    write(empty_project, "articles/how-to/flush.en.md", en_text)
    write(empty_project, "articles/how-to/flush.fr.md", fr_text if fr_text is not None else article(extra=FR_FIELDS))
    return check_project(empty_project)


def test_valid_pair_has_no_diagnostics(empty_project):
    assert project_with(empty_project, article()) == []


def test_the_mdva_40399_front_matter_is_valid(empty_project):
    fr = article(title='"MDVA-40399 : factures"', extra=FR_FIELDS,
                 body="# MDVA-40399 : factures\n\n## Produits et versions concernés\n\n## Problème\n\n"
                      "## Appliquer le correctif\n\n## Lecture connexe\n")
    en = article(title='"MDVA-40399: invoices"', feature="REST, Invoices, Orders",
                 body="# MDVA-40399: invoices\n\n## Affected products and versions\n\n## Issue\n\n"
                      "## Apply the patch\n\n## Related reading\n")
    assert project_with(empty_project, en, fr.replace("feature: Cache", "feature: REST, Invoices, Orders")) == []


@pytest.mark.parametrize("replace, code, line", [
    ("title: Flush the cache\n", "KB110", 1),  # removed
    ("exl-id: 8f1c2b7e-5d4a-4c3b-9e2f-1a0b9c8d7e6f\n", "KB110", 1),
])
def test_missing_required_key(empty_project, replace, code, line):
    found = project_with(empty_project, article().replace(replace, ""))
    problem = next(d for d in found if d.path.endswith("flush.en.md") and d.code == code)
    assert problem.line == line
    assert problem.message.startswith("required key")


@pytest.mark.parametrize("value, code", [
    ("title: [a, b]", "KB111"),
    ("title: 2024", "KB111"),
    ("title:", "KB111"),
    ("title: ''", "KB112"),
    ("title: yes", "KB111"),
])
def test_title_types(empty_project, value, code):
    found = project_with(empty_project, article().replace("title: Flush the cache", value, 1))
    problem = next(d for d in found if d.path.endswith("flush.en.md") and d.code.startswith("KB11"))
    assert (problem.code, problem.line) == (code, 2)
    assert "'title' must be" in problem.message


@pytest.mark.parametrize("field, value, code", [
    ("source-git-commit", "abc123", "KB112"),
    ("workflow-type", "robot", "KB112"),
    ("ht-degree", "50", "KB111"),  # a number, not a percentage
    ("ht-degree", "50 percent", "KB112"),
    ("ht-degree", "101%", "KB112"),
    ("source-wordcount", "many", "KB112"),
    ("source-wordcount", "[1]", "KB111"),
])
def test_translation_field_values(empty_project, field, value, code):
    fields = {"source-git-commit": "2aeb2355b74d1cdfc62b5e7c5aa04fcd0a654733", "workflow-type": "tm+mt",
              "source-wordcount": "444", "ht-degree": "0%", field: value}
    extra = "".join(f"{k}: {v}\n" for k, v in fields.items())
    found = project_with(empty_project, article(), article(extra=extra))
    assert [(d.code, d.line) for d in found] == [(code, 7 + list(fields).index(field))]


def test_quoted_and_plain_word_counts_are_both_accepted(empty_project):
    assert project_with(empty_project, article(), article(extra="source-wordcount: 444\n")) == []
    assert project_with(empty_project, article(), article(extra="source-wordcount: '444'\n")) == []


def test_bad_exl_id(empty_project):
    found = project_with(empty_project, article(exl_id="not-a-uuid"), article(exl_id="not-a-uuid"))
    assert {(d.code, d.line) for d in found} == {("KB112", 4)}
    assert "UUID" in found[0].message


def test_unknown_key_is_a_warning_and_kept(empty_project):
    found = project_with(empty_project, article(extra="colour: blue\n"))
    assert [(d.code, str(d.severity), d.line) for d in found] == [("KB113", "warning", 7)]


def test_unknown_feature_and_role(empty_project):
    found = project_with(empty_project, article(feature="Cache, Teleportation", role="Admin, Wizard"))
    assert sorted((d.code, d.line) for d in found) == [("KB114", 5), ("KB115", 6)]
    assert "Teleportation" in next(d.message for d in found if d.code == "KB114")


def test_duplicate_exl_id_across_articles(empty_project):
    write(empty_project, "articles/how-to/other.en.md", article(title="Other"))
    write(empty_project, "articles/how-to/other.fr.md", article(title="Other", extra=FR_FIELDS))
    found = project_with(empty_project, article())
    duplicates = [(d.path, d.line, d.message) for d in found if d.code == "KB116"]
    assert duplicates == [("articles/how-to/other.en.md", 4,
                           "exl-id 8f1c2b7e-5d4a-4c3b-9e2f-1a0b9c8d7e6f is already used by articles/how-to/flush.en.md")]
