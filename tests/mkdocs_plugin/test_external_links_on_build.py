"""``check_on_build``: one CI step, ``mkdocs build --strict``, checks the external links too; off by default."""

from __future__ import annotations

from helpers import external_project, mkdocs_build, set_plugin_option, write
from simulated_internet import Reply


def test_off_by_default_and_on_when_asked(tmp_path, internet):
    internet.routes[("docs.sim-a.net", "/gone")] = Reply(410)
    project = external_project(tmp_path / "p", internet, "[gone](https://docs.sim-a.net/gone)\n")
    write(project, "docs/index.en.md", "# Home\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert internet.stats.requests["docs.sim-a.net"] == 0 and "KB411" not in result.stderr
    set_plugin_option(project, "external_links", {**_options(internet), "check_on_build": True})
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert ("articles/how-to/flush-the-cache.en.md:11:1: KB411 'https://docs.sim-a.net/gone': 410 Gone"
            in result.stderr)
    assert "external links: 1 distinct URLs on 1 hosts (0 excluded): 0 cached, 1 fetched" in result.stderr
    assert internet.stats.requests["docs.sim-a.net"] == 1


def _options(internet) -> dict:
    return {"remap": internet.remap(), "per_host": {"timeout": 1, "interval": 0}, "retries": 1}
