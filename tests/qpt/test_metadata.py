"""Reading the QPT metadata, and what broken metadata produces."""

import json
import shutil

import pytest
from kbsite.qpt.metadata import bundled_directory, load_metadata


@pytest.fixture
def qpt(tmp_path):
    folder = tmp_path / "qpt"
    shutil.copytree(bundled_directory(), folder)
    return folder


def edit(folder, name, change):
    path = folder / name
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data), "utf-8")


def test_bundled_snapshot(qpt):
    metadata = load_metadata(qpt, "qpt")
    assert metadata.diagnostics == []
    assert metadata.version == "1.1.82" and len(metadata.patches) == 1149
    patch = metadata.patches["MDVA-40399"]
    assert patch.status == "active" and patch.categories == ("Web API",)
    assert metadata.catalog.summary(patch.releases) == "2.4.2 – 2.4.3-p3"
    assert patch.title.startswith("Fixes the issue where partial invoices")
    assert [(p, str(c)) for p, c in patch.constraints] == [("magento/magento2-base", ">=2.4.2 <2.4.4")]


def test_real_corpus_metadata(corpus):
    metadata = load_metadata(corpus / "qpt", "qpt")
    assert metadata.diagnostics == [] and len(metadata.patches) == 1149


def test_statuses_and_replacements(qpt):
    patches = load_metadata(qpt, "qpt").patches
    assert patches["AC-15210"].status == "replaced" and patches["AC-15210"].replacements == ("ACP2E-4813",)
    deprecated = patches["MDVA-39305-V2"]
    assert deprecated.status == "deprecated" and deprecated.replacements == ("MDVA-39305-V3",)
    assert patches["ACSD-59280"].require[0][0] == "ACSD-55031"


def test_missing_file(qpt):
    (qpt / "patches-info.json").unlink()
    metadata = load_metadata(qpt, "qpt")
    assert [(d.code, d.path, d.message) for d in metadata.diagnostics] == [
        ("KB501", "qpt/patches-info.json", "file not found")
    ]
    assert not metadata.available


def test_optional_files_may_be_missing(qpt):
    (qpt / "community-patches.json").unlink()
    assert load_metadata(qpt, "qpt").diagnostics == []


def test_invalid_json_names_line_and_column(qpt):
    (qpt / "support-patches.json").write_text('{\n  "A-1": {\n    "title": "x",,\n', "utf-8")
    metadata = load_metadata(qpt, "qpt")
    [problem] = metadata.diagnostics
    assert (problem.code, problem.path, problem.line, problem.column) == ("KB501", "qpt/support-patches.json", 3, 18)
    assert metadata.available  # patches-info.json is fine


def test_wrong_type_drops_only_that_patch_and_names_it(qpt):
    edit(qpt, "patches-info.json", lambda d: d["patches"][1].__setitem__("releases", "2.4.8"))
    metadata = load_metadata(qpt, "qpt")
    [problem] = metadata.diagnostics
    assert problem.code == "KB502"
    assert problem.message.startswith("patches[1] (AC-15223).releases: expected array, found str")
    text = (qpt / "patches-info.json").read_text("utf-8")
    key = text.index('"releases"', text.index('"AC-15223"'))
    assert (problem.line, problem.column) == (1, key + 1)
    assert "AC-15223" not in metadata.patches and len(metadata.patches) == 1148


def test_missing_key(qpt):
    edit(qpt, "patches-info.json", lambda d: d["patches"][0].pop("description"))
    [problem] = load_metadata(qpt, "qpt").diagnostics
    assert problem.code == "KB502" and "'description' is missing" in problem.message


def test_unknown_key_is_a_warning_and_keeps_the_patch(qpt):
    edit(qpt, "patches-info.json", lambda d: d["patches"][0].__setitem__("colour", "blue"))
    metadata = load_metadata(qpt, "qpt")
    [problem] = metadata.diagnostics
    assert (problem.code, str(problem.severity)) == ("KB503", "warning")
    assert "patches[0] (AC-14985).colour" in problem.message
    assert "AC-14985" in metadata.patches


def test_bad_constraint(qpt):
    edit(qpt, "support-patches.json",
         lambda d: d["MDVA-40399"]["packages"]["magento/magento2-base"].__setitem__(">=2.4.x <", {"file": "x"}))
    [problem] = load_metadata(qpt, "qpt").diagnostics
    assert problem.code == "KB504" and "MDVA-40399" in problem.message and problem.path == "qpt/support-patches.json"


def test_top_level_of_the_wrong_shape(qpt):
    (qpt / "patches-info.json").write_text('["not", "an", "object"]', "utf-8")
    metadata = load_metadata(qpt, "qpt")
    assert [d.code for d in metadata.diagnostics] == ["KB502"]
    assert not metadata.available
