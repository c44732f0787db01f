"""Benchmark: search in Chromium, from page load to the first result, per language and query.

    .venv/bin/python bench/search_browser.py [--corpus ../shared/corpus] [--sizes 1000 10000]
        [--languages en fr de ja] [--runs 5] [--code DIR] [--site NAME=DIR ...] [--keep DIR]
        [--skip-corpus] [--skip-synthetic]

Builds the sites it measures (unless given with --site): the real knowledge
base imported in ``--languages`` (``kb import-exl``), and synthetic knowledge
bases of ``--sizes`` articles per language (``bench/synthetic.py``); ``--code``
builds them with another checkout's ``plugins/``, ``mkdocs.yml`` and
``docs/`` (the search before this one, say). Prints the build time and, per
language, the search index's build time (from the build log, when the
build reports it) and size on disk.

Then, for each language and query, in a fresh browser context (nothing
cached: every page view of the old search paid its whole index): load the
language's home page from 127.0.0.1, open the search, type the query, and
take the time from the page's load event to the first result link to the
expected article, its rank among the results, and the bytes sent for the
page view until the results settle, counted as a gzip-serving server would
send them (each response gzip-compressed at level 6 unless that makes it
larger, as for Pagefind's already compressed files). Medians of ``--runs``.
Works with our search (Pagefind) and with Material's (lunr).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from synthetic import make_corpus, patch_of, topic  # noqa: E402

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "ja": "日本語"}
MDVA = "mdva-40399"
CORPUS_QUERIES = {
    "en": ["partial invoices", "MDVA-40399", "mdva 40399", "40399"],
    "fr": ["factures partielles", "facture", "MDVA-40399", "mdva 40399", "40399"],
    "de": ["Teilrechnungen", "MDVA-40399", "mdva 40399", "40399"],
    "ja": ["部分請求書", "MDVA-40399", "mdva 40399", "40399"],
}
INDEX_LOG = re.compile(r"kb: search index \((?P<lang>[^)]+)\): (?P<pages>\d+) pages in (?P<seconds>[\d.]+) s")
# What the two search interfaces look like: how to open them, where their result links are.
UIS = {
    "pagefind": {"present": "[data-kb-search]", "open": lambda page: page.keyboard.press("/"),
                 "links": ".kb-search__results a", "bundle": "pagefind/"},
    "lunr": {"present": "[data-md-component=search]", "open": lambda page: page.click("input.md-search__input"),
             "links": ".md-search-result__link", "bundle": "search/"},
}


@dataclass
class Query:
    lang: str
    text: str
    target: str  # regular expression an expected result's address matches


# -- serving and counting ---------------------------------------------------------


class CountingHandler(SimpleHTTPRequestHandler):
    """Serves files and adds what a gzip-serving server would have sent for each to ``counter``."""

    counter: dict = {}
    sizes: dict = {}

    def log_message(self, format, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        sent = self._sent(data)
        self.counter["bytes"] = self.counter.get("bytes", 0) + sent
        self.counter["search"] = self.counter.get("search", 0) + (sent if self._is_index() else 0)
        self.counter["last"] = time.monotonic()

    def _sent(self, data: bytes) -> int:
        key = (self.path, len(data))
        if key not in self.sizes:
            self.sizes[key] = min(len(data), len(gzip.compress(data, compresslevel=6)))
        return self.sizes[key]

    def _is_index(self) -> bool:
        path = self.path.split("?")[0]
        return "/pagefind/" in path or "/search/" in path or "/workers/search" in path or "lunr" in path


def serve(folder: Path):
    counter: dict = {}
    handler = type("Handler", (CountingHandler,), {"counter": counter, "sizes": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server, counter


# -- measuring in the browser -----------------------------------------------------


FIND_TARGET = """([selector, pattern]) => {
    const links = [...document.querySelectorAll(selector)];
    const at = links.findIndex(link => new RegExp(pattern).test(link.href));
    return at < 0 ? null : {at: performance.now(), rank: at + 1};
}"""


def measure(browser, base: str, counter: dict, query: Query, timeout: float = 30) -> dict:
    """One page view: seconds from load to the first expected result, its rank, bytes sent until settled."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        counter.clear()
        prefix = "" if query.lang == "en" else f"{query.lang}/"
        page.goto(f"{base}{prefix}", wait_until="load")
        ui = next(ui for ui in UIS.values() if page.locator(ui["present"]).count())
        loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        ui["open"](page)
        page.keyboard.type(query.text)
        found = page.wait_for_function(FIND_TARGET, arg=[ui["links"], query.target], polling="raf",
                                       timeout=timeout * 1000).json_value()
        _settle(counter)
        return {"seconds": (found["at"] - loaded) / 1000, "rank": found["rank"],
                "bytes": counter.get("bytes", 0), "search": counter.get("search", 0)}
    except Exception as error:  # a query that finds nothing is a result too
        return {"seconds": None, "rank": None, "bytes": counter.get("bytes", 0), "search": counter.get("search", 0),
                "error": type(error).__name__}
    finally:
        context.close()


def _settle(counter: dict, quiet: float = 0.4, limit: float = 10) -> None:
    """Wait until no response was sent for ``quiet`` seconds (the result list is complete)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and time.monotonic() - counter.get("last", 0) < quiet:
        time.sleep(0.05)


def measure_site(name: str, site: Path, queries: list[Query], runs: int) -> list[tuple[Query, dict]]:
    from playwright.sync_api import sync_playwright

    base, server, counter = serve(site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS)
            measure(browser, base, counter, queries[0])  # warm the server's file cache and compressed sizes
            for query in queries:
                rows.append((query, _median([measure(browser, base, counter, query) for _ in range(runs)])))
            browser.close()
    finally:
        server.shutdown()
    print_rows(name, rows)
    return rows


def _median(results: list[dict]) -> dict:
    found = [r for r in results if r["seconds"] is not None]
    if not found:
        return {**results[0], "runs": len(results), "found": 0}
    return {"seconds": statistics.median(r["seconds"] for r in found),
            "spread": (min(r["seconds"] for r in found), max(r["seconds"] for r in found)),
            "rank": statistics.median(r["rank"] for r in found),
            "bytes": statistics.median(r["bytes"] for r in found),
            "search": statistics.median(r["search"] for r in found),
            "runs": len(results), "found": len(found)}


def print_rows(name: str, rows: list[tuple[Query, dict]]) -> None:
    print(f"\n{name}: page load -> first expected result (median), bytes sent for the page view (gzip-equivalent)")
    print(f"  {'lang':4} {'query':22} {'first result':>13} {'range':>13} {'rank':>5} {'sent':>9} {'of it search':>13}")
    for query, result in rows:
        if not result["found"]:
            print(f"  {query.lang:4} {query.text:22} {'not found':>13} {'':>13} {'':>5} "
                  f"{result['bytes'] / 1000:7.0f} KB {result['search'] / 1000:10.0f} KB")
            continue
        low, high = result["spread"]
        print(f"  {query.lang:4} {query.text:22} {result['seconds']:11.2f} s {low:5.2f}-{high:5.2f} s "
              f"{result['rank']:5.0f} {result['bytes'] / 1000:7.0f} KB {result['search'] / 1000:10.0f} KB")


def _chromium() -> str:
    return os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


# -- building the sites -----------------------------------------------------------


def project(code: Path, root: Path, languages: list[str]) -> Path:
    """A project with ``code``'s mkdocs.yml (its languages completed with ``languages``) and site pages."""
    root.mkdir(parents=True, exist_ok=True)
    config = (code / "mkdocs.yml").read_text("utf-8")
    for lang in languages:
        if not re.search(rf"^\s*- locale: {re.escape(lang)}\s*$", config, re.M):
            config = config.rstrip("\n") + (f"\n        - locale: {lang}\n          name: {LANGUAGE_NAMES.get(lang, lang)}"
                                             "\n          build: true\n")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(code / "docs", root / "docs", dirs_exist_ok=True)
    (root / "articles").mkdir(exist_ok=True)
    return root


def run(command: list, cwd: Path, code: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(code / "plugins")}
    started = time.perf_counter()
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode > 1:  # kb import-exl and a non-strict build exit 0 (or 1 for findings)
        sys.exit(f"{command[2:4]} failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    return seconds, result


def build(root: Path, site: Path, code: Path, languages: list[str]) -> None:
    seconds, result = run([sys.executable, "-m", "mkdocs", "build", "--site-dir", site], root, code)
    logged = {m["lang"]: m for m in INDEX_LOG.finditer(result.stderr)}
    print(f"\n{root.name}: build {seconds:.1f} s (every language, search index included)")
    for lang in languages:
        prefix = "" if lang == languages[0] else f"{lang}/"
        size = index_size(site / prefix)
        entry = logged.get(lang)
        timing = f"{entry['pages']:>6} pages in {float(entry['seconds']):5.2f} s" if entry else "built with the pages"
        print(f"  search index {lang:6} {timing:>26}   {size / 1e6:6.1f} MB on disk{first_fetches(site / prefix)}")


def first_fetches(folder: Path) -> str:
    """What of a Pagefind bundle grows with the pages: its metadata (every search fetches it), its chunks.

    A chunk of one word is fetched for that word only; a chunk of several, for any of them.
    """
    bundle = folder / UIS["pagefind"]["bundle"]
    metadata = [f.stat().st_size for f in bundle.glob("*.pf_meta")]
    chunks = {f: f.stat().st_size for f in bundle.glob("index/*.pf_index")}
    if not metadata or not chunks:
        return ""
    several = [size for f, size in chunks.items() if len(_cbor(f)[0]) > 1]
    return (f"   metadata {sum(metadata) / 1000:5.1f} KB, largest index chunk {max(chunks.values()) / 1000:6.1f} KB"
            f" (of several words {max(several, default=0) / 1000:5.1f} KB)")


def _cbor(path: Path):
    """A Pagefind file holding CBOR: gzip-compressed, after the signature ``pagefind_dcd``."""
    import cbor2

    return cbor2.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))


def index_size(folder: Path) -> int:
    """Bytes of the language's search index: its Pagefind bundle, else its lunr index."""
    bundle = folder / UIS["pagefind"]["bundle"]
    if bundle.is_dir():
        return sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    lunr = folder / UIS["lunr"]["bundle"] / "search_index.json"
    return lunr.stat().st_size if lunr.exists() else 0


def corpus_site(work: Path, corpus: Path, code: Path, languages: list[str]) -> Path:
    root = project(code, work / "corpus", languages)
    exl = corpus / "exl-kb"
    command = [sys.executable, "-m", "kbsite.tools.cli", "import-exl"]
    for lang in languages:
        command += ["--lang", f"{lang}={exl / lang}"]
    run(command, root, code)
    build(root, work / "site-corpus", code, languages)
    return work / "site-corpus"


def synthetic_site(work: Path, count: int, code: Path, languages: list[str]) -> Path:
    root = project(code, work / f"synthetic-{count}", languages)
    make_corpus(root / "articles", count, tuple(languages))
    build(root, work / f"site-synthetic-{count}", code, languages)
    return work / f"site-synthetic-{count}"


def synthetic_queries(languages: list[str]) -> list[Query]:
    """A patch id (one article in 1,000, three in 10,000) and a section's own words (40 articles), per language."""
    from kbsite.qpt.metadata import bundled_directory, load_metadata

    patches = sorted(load_metadata(bundled_directory(), "qpt").patches.values(), key=lambda p: p.id)
    patch = patch_of(3, patches)
    section = 5
    about_patch = "|".join(f"article-{n:05d}" for n in range(0, 100_000, 3) if patch_of(n, patches) is patch)
    queries = []
    for lang in languages:
        queries.append(Query(lang, patch.id, rf"/({about_patch})/"))
        queries.append(Query(lang, topic(section, lang), rf"/section-{section:04d}/article-\d+/"))
    return queries


def corpus_queries(languages: list[str]) -> list[Query]:
    return [Query(lang, text, MDVA) for lang in languages for text in CORPUS_QUERIES.get(lang, ["MDVA-40399"])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--languages", nargs="+", default=["en", "fr", "de", "ja"])
    parser.add_argument("--sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose plugins build the sites")
    parser.add_argument("--site", action="append", default=[], metavar="NAME=DIR",
                        help="measure this built site (NAME: corpus or synthetic-<size>) instead of building it")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-search-bench-"))
    given = dict(item.split("=", 1) for item in args.site)
    print(f"machine: {os.cpu_count()} cores; code {args.code}; work folder {work}; {args.runs} runs per query")
    if not args.skip_corpus:
        site = Path(given["corpus"]) if "corpus" in given else corpus_site(work, args.corpus, args.code, args.languages)
        measure_site("real corpus", site, corpus_queries(args.languages), args.runs)
    if not args.skip_synthetic:
        for count in args.sizes:
            name = f"synthetic-{count}"
            site = Path(given[name]) if name in given else synthetic_site(work, count, args.code, args.languages)
            measure_site(f"synthetic, {count} articles per language", site, synthetic_queries(args.languages),
                         args.runs)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
