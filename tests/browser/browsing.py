"""Serving a built site, saving screenshots, searching and running axe-core for the browser tests."""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from helpers import REPO, SAMPLE_LANGUAGES, article, copy_sample, mkdocs_build, write

ARTIFACTS = REPO / "test-artifacts"
MDVA = "qpt-patches/mdva-40399-partial-invoices-created-simultaneously-via-api/"
# The impacts of axe violations that fail a page (axe's are minor, moderate, serious, critical).
FAILING_IMPACTS = ("serious", "critical")


def prefix(lang: str) -> str:
    """The folder of a sample language's pages ("" for the default language)."""
    return "" if lang == SAMPLE_LANGUAGES[0] else f"{lang}/"


def serve(folder: Path):
    """Serve ``folder`` on a free localhost port; returns (base_url, server)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site as static hosts do: for an address with no file, its 404.html (status 404)."""

    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory, "404.html")
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def sample_with_english_only(root: Path, title: str, body: str):
    """The sample plus an article in English only (``how-to/english-only``), built and served: its url."""
    project = copy_sample(root / "project")
    write(project, "articles/how-to/english-only.en.md",
          article(title=title, exl_id="0e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", body=f"# {title}\n\n{body}"))
    result = mkdocs_build(project, root / "site", strict=False)  # a missing translation is a warning
    assert result.returncode == 0, result.stderr
    url, server = serve(root / "site")
    try:
        yield url
    finally:
        server.shutdown()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def search(page, url: str, query: str, key: str = "/") -> list[dict]:
    """Open the search with ``key`` on ``url``, type ``query``; the results, in order."""
    page.goto(url)
    page.locator("[data-kb-search]:not([hidden])").wait_for()
    page.keyboard.press(key)
    page.keyboard.type(query)
    page.locator(".kb-search__results a").first.wait_for(timeout=15000)
    settled(page)
    return page.locator(".kb-search__results a").evaluate_all(
        "links => links.map(a => ({title: a.querySelector('.kb-search__title').textContent, href: a.href}))")


def settled(page) -> None:
    """Wait for the search to end: its list no longer busy, its status no longer "Searching…"."""
    page.wait_for_function("""() => {
        const status = document.querySelector('.kb-search__status').textContent;
        return document.querySelector('.kb-search__results').getAttribute('aria-busy') !== 'true'
            && status !== '' && !status.endsWith('…');
    }""", timeout=15000)


def answers(page, url: str, query: str) -> list[dict]:
    """The results of ``query`` typed on ``url``, as a reader sees each: address, title (and its language),
    section, notes."""
    page.goto(url)
    page.locator("[data-kb-search]:not([hidden])").wait_for()
    page.keyboard.press("/")
    page.keyboard.type(query)
    settled(page)
    return page.locator(".kb-search__result").evaluate_all("""items => items.map(item => ({
        href: item.querySelector('a').href,
        title: item.querySelector('.kb-search__title').textContent,
        lang: item.querySelector('.kb-search__title').lang,
        section: item.querySelector('.kb-search__section')?.textContent || null,
        notes: [...item.querySelectorAll('.kb-search__note')].map(note => note.textContent)}))""")


def axe_failures(page, axe_script: str) -> str:
    """The page's serious and critical axe violations, one line each (rule, impact, help, elements); "" if none."""
    page.evaluate(axe_script)
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}: " + ", ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in violations if v["impact"] in FAILING_IMPACTS)
