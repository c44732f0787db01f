"""kb-ignore: a suppression with a reason sets a finding aside; without one, or unused, it is a finding itself."""

import pytest
from helpers import rewrite_body
from kbsite.core.settings import load_settings
from kbsite.environment import open_environment

PATH = "articles/how-to/flush-the-cache.en.md"
LINK = "See [the guide](missing-guide.md)."


def outcome(project, body, extra=""):
    rewrite_body(project, PATH, body, extra)
    return open_environment(load_settings(project / "mkdocs.yml")).check()


def codes(found):
    return [(d.code, d.line) for d in found]


@pytest.mark.parametrize("body", [
    f"<!-- kb-ignore KB401: the guide is published by the help centre -->\n{LINK}\n",
    f"<!-- kb-ignore KB401: the guide is published by the help centre -->\n\n{LINK}\n",
    f"<!-- kb-ignore KB402, KB401: two codes, one reason -->\n{LINK}\n",
    f"{LINK} <!-- kb-ignore KB401: at the end of its own line -->\n",
])
def test_a_suppression_with_a_reason_covers_the_next_line(sample_project, body):
    found = outcome(sample_project, body)
    assert [d.code for d in found.suppressed] == ["KB401"]
    assert [d for d in found.reported if d.code != "KB902"] == []


def test_the_front_matter_key_covers_the_whole_file(sample_project):
    found = outcome(sample_project, f"{LINK}\n\n{LINK}\n", extra="kb-ignore: {KB401: links to the old help centre}\n")
    assert codes(found.suppressed) == [("KB401", 12), ("KB401", 14)] and found.reported == []


@pytest.mark.parametrize("comment, message", [
    ("<!-- kb-ignore KB401 -->", "the reason is missing"),
    ("<!-- kb-ignore KB401:   -->", "the reason is missing"),
    ("<!-- kb-ignore KB999: no such rule -->", "KB999 is not a rule code"),
    ("<!-- kb-ignore: forgot the code -->", "expected <!-- kb-ignore KB402"),
])
def test_an_invalid_suppression_suppresses_nothing_and_says_why(sample_project, comment, message):
    found = outcome(sample_project, f"{comment}\n{LINK}\n")
    assert codes(found.reported) == [("KB901", 11), ("KB401", 12)]
    assert message in found.reported[0].message and found.suppressed == []


def test_a_front_matter_suppression_needs_a_reason(sample_project):
    found = outcome(sample_project, f"{LINK}\n", extra="kb-ignore: {KB401: ''}\n")
    assert codes(found.reported) == [("KB901", 7), ("KB401", 12)]


def test_an_unused_suppression_is_a_warning(sample_project):
    found = outcome(sample_project, "<!-- kb-ignore KB402: nothing to cover -->\nAll fine.\n")
    assert codes(found.reported) == [("KB902", 11)]
    assert "covers no finding on line 12" in found.reported[0].message


def test_a_suppression_in_code_is_an_example(sample_project):
    body = f"```\n<!-- kb-ignore KB401: an example -->\n```\n\n`<!-- kb-ignore KB401: inline -->`\n{LINK}\n"
    found = outcome(sample_project, body)
    assert codes(found.reported) == [("KB401", 16)] and found.suppressed == []


def test_the_comment_is_not_in_the_page(sample_project):
    from helpers import mkdocs_build, page
    outcome(sample_project, f"<!-- kb-ignore KB401: accepted -->\n{LINK}\n")
    site = sample_project.parent / "site"
    result = mkdocs_build(sample_project, site)
    assert result.returncode == 0, result.stderr
    assert "kb-ignore" not in str(page(site, "how-to/flush-the-cache"))
    assert "1 finding suppressed by kb-ignore" in result.stderr
