"""KB411-KB414 from the external check, as first-class findings: places, suppressions, the baseline, every format."""

from __future__ import annotations

import json

import pytest
from helpers import article, external_project, write
from kbsite.tools.cli import main
from simulated_internet import RateLimit, Reply

ARTICLE = "articles/how-to/flush-the-cache.en.md"
BODY = """Read [the guide](https://docs.sim-a.net/guide#nothere) and [the old one](https://docs.sim-a.net/old).
Broken: [gone](https://docs.sim-a.net/gone), busy: [busy](https://busy.sim-b.net/x).
<!-- kb-ignore KB411: the vendor brings it back next month -->
Again: [gone](https://docs.sim-a.net/gone) and `[in code](https://docs.sim-a.net/gone)`.
"""


@pytest.fixture
def project(tmp_path, internet, monkeypatch):
    internet.routes[("docs.sim-a.net", "/guide")] = Reply(200, "<html><h2 id='install'>x</h2></html>")
    internet.routes[("docs.sim-a.net", "/old")] = Reply(308, headers=(("Location", "https://docs.sim-a.net/new"),))
    internet.routes[("docs.sim-a.net", "/new")] = Reply(200, "<html></html>")
    internet.routes[("docs.sim-a.net", "/gone")] = Reply(410)
    internet.routes[("busy.sim-b.net", "/x")] = Reply(200)
    internet.rate_limits["busy.sim-b.net"] = RateLimit(0.01, 0, retry_after=0)
    root = external_project(tmp_path / "p", internet, BODY)
    monkeypatch.chdir(root)
    return root


def _check(capsys, *arguments):
    status = main(["check", *arguments])
    out, err = capsys.readouterr()
    return status, out, err


def test_findings_with_file_line_and_column_in_gcc(project, capsys):
    status, out, err = _check(capsys, "--external", "--format", "gcc")
    assert status == 1
    assert out.splitlines() == [
        f"{ARTICLE}:11:6: warning: KB413 external-anchor-missing: 'https://docs.sim-a.net/guide#nothere': "
        "https://docs.sim-a.net/guide has no element with id or name 'nothere'",
        f"{ARTICLE}:11:60: warning: KB412 external-link-moved: 'https://docs.sim-a.net/old': moved permanently (308) "
        "to https://docs.sim-a.net/new; kb fix-redirects rewrites the link",
        f"{ARTICLE}:12:9: error: KB411 external-link-broken: 'https://docs.sim-a.net/gone': 410 Gone",
        f"{ARTICLE}:12:52: note: KB414 external-link-unverified: 'https://busy.sim-b.net/x': not verified: "
        "429 Too Many Requests after 2 tries",
    ]
    assert "kb check: 1 finding suppressed by kb-ignore" in err
    assert "external links: 4 distinct URLs on 2 hosts (0 excluded): 0 cached, 4 fetched" in err


def test_json_github_and_sarif(project, capsys):
    _, out, _ = _check(capsys, "--external", "--format", "json")
    codes = [(d["code"], d["rule"], d["severity"], d["line"], d["column"]) for d in json.loads(out)["diagnostics"]]
    assert codes == [("KB413", "external-anchor-missing", "warning", 11, 6),
                     ("KB412", "external-link-moved", "warning", 11, 60),
                     ("KB411", "external-link-broken", "error", 12, 9),
                     ("KB414", "external-link-unverified", "info", 12, 52)]
    _, out, _ = _check(capsys, "--external", "--format", "github")
    assert f"::error file={ARTICLE},line=12,col=9,title=KB411 external-link-broken::'https%3A" not in out
    assert f"::error file={ARTICLE},line=12,col=9,title=KB411 external-link-broken::'https://docs.sim-a.net/gone'" in out
    assert f"::notice file={ARTICLE},line=12,col=52,title=KB414 external-link-unverified::" in out
    _, out, _ = _check(capsys, "--external", "--format", "sarif")
    run = json.loads(out)["runs"][0]
    assert {"KB411", "KB412", "KB413", "KB414"} <= {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    result = next(r for r in run["results"] if r["ruleId"] == "KB411")
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 9}
    assert result["level"] == "error"


def test_the_baseline_knows_external_findings_and_keeps_them_when_they_are_not_checked(project, capsys):
    assert _check(capsys, "--external", "--write-baseline")[0] == 0
    recorded = json.loads((project / "kb-baseline.json").read_text())["findings"]
    assert sorted(entry["code"] for entry in recorded) == ["KB411", "KB412", "KB413", "KB414"]
    status, out, err = _check(capsys, "--external")
    assert status == 0 and "4 findings recorded in kb-baseline.json not shown" in out
    # without --external: nothing is "fixed", no suppression is "unused", and a new baseline keeps the entries
    status, out, _ = _check(capsys)
    assert status == 0 and "fixed" not in out and "KB902" not in out
    assert _check(capsys, "--write-baseline")[0] == 0
    assert json.loads((project / "kb-baseline.json").read_text())["findings"] == recorded


def test_an_unused_suppression_of_an_external_rule_is_reported_only_when_it_was_checked(project, capsys, internet):
    internet.routes[("docs.sim-a.net", "/gone")] = Reply(200)
    _, out, _ = _check(capsys, "--external", "--refresh", "--format", "gcc")
    assert f"{ARTICLE}:13:1: warning: KB902 unused-suppression" in out
    _, out, _ = _check(capsys, "--format", "gcc")
    assert "KB902" not in out


def test_refresh_without_external_is_a_usage_error(project, capsys):
    status, _, err = _check(capsys, "--refresh")
    assert status == 2 and "--refresh goes with --external" in err


def test_a_path_checks_the_links_of_that_part_only(project, capsys, internet):
    write(project, "articles/how-to/other.en.md", article(title="Other", exl_id="1f1c2b7e-5d4a-4c3b-9e2f-1a0b9c8d7e6f",
                                                          body="# Other\n\n[x](https://elsewhere.sim-c.net/x)\n"))
    status, out, _ = _check(capsys, "--external", "--format", "gcc", "articles/how-to/other.en.md")
    assert internet.stats.requests["elsewhere.sim-c.net"] == 1 and internet.stats.requests["docs.sim-a.net"] == 0
    assert "other.en.md:11:1: error: KB411 external-link-broken: 'https://elsewhere.sim-c.net/x': 404 Not Found" in out


def test_a_move_names_where_the_permanent_redirects_lead_and_where_the_chain_ends(tmp_path, internet, capsys,
                                                                                 monkeypatch):
    internet.routes[("docs.sim-a.net", "/chain")] = Reply(301, headers=(("Location", "/step"),))
    internet.routes[("docs.sim-a.net", "/step")] = Reply(302, headers=(("Location", "/today"),))
    internet.routes[("docs.sim-a.net", "/today")] = Reply(200)
    monkeypatch.chdir(external_project(tmp_path / "q", internet, "[c](https://docs.sim-a.net/chain)\n"))
    _, out, _ = _check(capsys, "--external", "--format", "gcc")
    assert out.strip().endswith("'https://docs.sim-a.net/chain': moved permanently (301) to "
                                "https://docs.sim-a.net/step (which now leads on to https://docs.sim-a.net/today); "
                                "kb fix-redirects rewrites the link")
