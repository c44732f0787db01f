"""Browser tests: Playwright driving Debian's Chromium against a built site.

Chromium is installed by ``.ci/run`` (Debian package ``chromium``), axe-core
by ``make test`` (``npm ci``, at the version ``package-lock.json`` pins).
Without them the tests skip locally and fail in CI (``CI=true``).
Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil

import pytest
from browsing import serve
from helpers import REPO, unavailable
from playwright.sync_api import sync_playwright

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    return os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def site_url(sample_site):
    """The sample site served on localhost."""
    url, server = serve(sample_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core, to run in a page (see browsing.axe_failures)."""
    if not AXE.is_file():
        unavailable(f"axe-core is not installed at {AXE.relative_to(REPO)} (make test installs it with npm ci)")
    return AXE.read_text("utf-8")
