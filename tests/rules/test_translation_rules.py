"""KB30x: pairing of translations with their English source."""

from helpers import article, check_project, write

OTHER_ID = "0e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"


def found(project):
    return [(d.path, d.code, str(d.severity)) for d in check_project(project)]


def test_english_without_french_is_a_warning(empty_project):
    write(empty_project, "articles/how-to/flush.en.md", article())
    assert found(empty_project) == [("articles/how-to/flush.en.md", "KB301", "warning")]


def test_french_without_english_is_an_error(empty_project):
    write(empty_project, "articles/how-to/flush.fr.md", article())
    assert found(empty_project) == [("articles/how-to/flush.fr.md", "KB302", "error")]


def test_exl_id_must_match_across_the_pair(empty_project):
    write(empty_project, "articles/how-to/flush.en.md", article())
    write(empty_project, "articles/how-to/flush.fr.md", article(exl_id=OTHER_ID))
    problems = check_project(empty_project)
    assert [(d.path, d.code, d.line) for d in problems] == [("articles/how-to/flush.fr.md", "KB303", 4)]
    assert "articles/how-to/flush.en.md" in problems[0].message


def test_unknown_language_suffix_is_not_published(empty_project):
    write(empty_project, "articles/how-to/flush.en.md", article())
    write(empty_project, "articles/how-to/flush.fr.md", article())
    write(empty_project, "articles/how-to/flush.de.md", article())
    write(empty_project, "articles/how-to/notes.md", article())
    assert sorted(found(empty_project)) == [
        ("articles/how-to/flush.de.md", "KB304", "error"),
        ("articles/how-to/notes.md", "KB304", "error"),
    ]


def test_sample_knowledge_base_is_paired_and_clean(sample_project):
    assert check_project(sample_project) == []
