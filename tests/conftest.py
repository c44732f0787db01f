"""Fixtures: copies of the sample project and the real corpus (``../shared/corpus``),
which must be present in CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CORPUS, REPO, copy_sample, mkdocs_build, unavailable, write_config
from hypothesis import settings
from simulated_internet import SimulatedInternet, routes_world

# No per-example deadline: a slow or busy CI machine must not turn into a failure.
settings.register_profile("kb", deadline=None)
settings.load_profile("kb")


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge base project."""
    return copy_sample(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """A project with the sample's configuration in English and French, and no content."""
    target = tmp_path / "empty"
    (target / "articles").mkdir(parents=True)
    (target / "docs").mkdir()
    write_config(target, ["en", "fr"])
    return target


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real Experience League + QPT corpus; a failure in CI if missing."""
    if not CORPUS.is_dir():
        unavailable(f"the shared corpus is not at {CORPUS} (only CI and the team's machines have it)")
    return CORPUS


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The bundled knowledge base, built once with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(REPO, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def internet():
    """A simulated internet on 127.0.0.1: ``internet.routes[(host, path)] = Reply(...)`` says what a page answers,
    ``internet.rate_limits[host] = RateLimit(...)`` limits a host."""
    routes, rate_limits = {}, {}
    server = SimulatedInternet(routes_world(routes), rate_limits.get).start()
    server.routes, server.rate_limits = routes, rate_limits
    yield server
    server.stop()
