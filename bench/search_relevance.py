"""Benchmark: does search find the answer? The judged query set, our search against Material's.

    .venv/bin/python bench/search_relevance.py [--corpus ../shared/corpus] [--languages en fr de ja]
        [--site ours=DIR] [--site material=DIR] [--keep DIR] [--only ours|material] [--show-misses]

Builds the four-language corpus twice, unless given built sites: with our
code (``search_browser.corpus_site``) and as a plain Material +
static-i18n site with Material's own search (``corpus_build.plain_project``).
Then, for every query of ``bench/relevance/queries.<lang>.yml`` (a seeded
random sample of the corpus, judged from the files: see
``bench/relevance/README.md``), it types the query into each site's search
box on the language's home page, in Chromium, and reads the results as a
reader sees them: the articles their links lead to, in order.

Printed per language and engine: success@1 and success@5 (a relevant article
among the first 1 or 5 results), MRR@10 (the mean of 1/rank of the first
relevant article within 10, else 0) and the zero-result rate; per query
style too. For our search, each query runs in a fresh browser context, as a
reader's first search of a page view: the seconds from the page's load
event to the first result link, and the bytes sent for the page view until
the results settle (gzip-equivalent, as ``bench/search_browser.py`` counts
them). Material's search loads its whole index into a worker on every page
view and reacts to key events: its ranking is read once its index is
loaded, one page view per language, the time that load took printed once.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from corpus_build import plain_project  # noqa: E402
from search_browser import CHROMIUM_FLAGS, _chromium, _settle, corpus_site, serve  # noqa: E402

QUERIES = REPO / "bench" / "relevance"
DEPTH = 10  # results read per query (MRR@10)
STYLES = ("symptom", "error", "feature", "patch-id")

# Our search: the list is busy while any of its passes runs; the status says how it ended.
OURS_SETTLED = """() => {
    const list = document.querySelector('.kb-search__results');
    const status = document.querySelector('.kb-search__status');
    const strings = JSON.parse(document.querySelector('[data-kb-search]').getAttribute('data-strings'));
    return list && list.getAttribute('aria-busy') !== 'true' && status.textContent.trim() !== ''
        && status.textContent !== strings.loading;
}"""
OURS_LINKS = """() => [...document.querySelectorAll('.kb-search__results .kb-search__link')].map(a => a.href)"""
# Material: ready once its worker answered the index's load (the placeholder replaces "Initializing search").
MATERIAL_READY = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const config = JSON.parse(document.getElementById('__config').textContent);
    return meta && meta.textContent.trim() === config.translations['search.result.placeholder'];
}"""
MATERIAL_LINKS = """() => [...document.querySelectorAll('.md-search-result__item > .md-search-result__link')]
    .map(a => a.href)"""


@dataclass(frozen=True)
class Query:
    id: str
    lang: str
    style: str
    text: str
    relevant: frozenset[str]


@dataclass
class Answer:
    keys: list[str]  # the articles of the results, in order
    seconds: float | None = None  # page load -> first result link (ours)
    sent: int | None = None  # bytes sent for the page view (ours)

    def rank(self, query: Query) -> int | None:
        return next((at for at, key in enumerate(self.keys[:DEPTH], 1) if key in query.relevant), None)


@dataclass
class Scores:
    answers: list[tuple[Query, Answer]] = field(default_factory=list)

    def success(self, k: int) -> float:
        return _mean([(a.rank(q) or DEPTH + 1) <= k for q, a in self.answers])

    def mrr(self) -> float:
        return _mean([1 / a.rank(q) if a.rank(q) else 0.0 for q, a in self.answers])

    def zero(self) -> float:
        return _mean([not a.keys for _, a in self.answers])

    def of(self, style: str) -> Scores:
        return Scores([(q, a) for q, a in self.answers if q.style == style])


def _mean(values: list) -> float:
    return sum(values) / len(values) if values else float("nan")


def load_queries(languages: list[str]) -> list[Query]:
    queries = []
    for lang in languages:
        path = QUERIES / f"queries.{lang}.yml"
        entries = yaml.safe_load(path.read_text("utf-8"))
        entries = entries["queries"] if isinstance(entries, dict) else entries
        for entry in entries:
            queries.append(Query(entry["id"], lang, entry["style"], str(entry["query"]), frozenset(entry["relevant"])))
    return queries


def article_key(href: str, languages: list[str]) -> str:
    """The article a result link leads to, whatever its language: ``/fr/a/b/#cause`` -> ``a/b``."""
    parts = [unquote(part) for part in urlparse(href).path.split("/") if part]
    if parts and parts[0] in languages[1:]:
        parts = parts[1:]
    if parts and parts[-1] == "index.html":
        parts = parts[:-1]
    return "/".join(parts)


def distinct(keys: list[str]) -> list[str]:
    """Each article once, at its first place (Material lists a page's sections after it)."""
    return list(dict.fromkeys(keys))


# -- our search ------------------------------------------------------------------


def ask_ours(browser, base: str, counter: dict, query: Query, languages: list[str], timeout: float = 30) -> Answer:
    """One page view, one query, as a reader types it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        counter.clear()
        page.goto(base + ("" if query.lang == languages[0] else f"{query.lang}/"), wait_until="load")
        loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        page.keyboard.press("/")
        page.keyboard.type(query.text)
        page.evaluate("""() => { window.__kbFirst = null; new MutationObserver(() => {
            if (window.__kbFirst === null && document.querySelector('.kb-search__results a'))
                window.__kbFirst = performance.now(); }).observe(document.querySelector('.kb-search__results'),
            {childList: true, subtree: true}); }""")
        page.wait_for_function(OURS_SETTLED, timeout=timeout * 1000, polling=50)
        _settle(counter)
        page.wait_for_function(OURS_SETTLED, timeout=timeout * 1000, polling=50)
        keys = distinct([article_key(href, languages) for href in page.evaluate(OURS_LINKS)])
        first = page.evaluate("window.__kbFirst")
        seconds = (first - loaded) / 1000 if first is not None else None
        return Answer(keys, seconds, counter.get("bytes", 0))
    except Exception as error:  # a query that never settles counts as no result, and is said
        print(f"  {query.id}: no answer ({type(error).__name__})", file=sys.stderr)
        return Answer([], None, counter.get("bytes", 0))
    finally:
        context.close()


def run_ours(site: Path, queries: list[Query], languages: list[str]) -> Scores:
    from playwright.sync_api import sync_playwright

    base, server, counter = serve(site)
    scores = Scores()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS)
            ask_ours(browser, base, counter, queries[0], languages)  # the server's file cache, warmed
            for query in queries:
                scores.answers.append((query, ask_ours(browser, base, counter, query, languages)))
            browser.close()
    finally:
        server.shutdown()
    return scores


# -- Material's search ------------------------------------------------------------


def run_material(site: Path, queries: list[Query], languages: list[str]) -> tuple[Scores, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    base, server, _ = serve(site)
    scores, loading = Scores(), {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_FLAGS)
            for lang in languages:
                mine = [query for query in queries if query.lang == lang]
                if mine:
                    loading[lang], answers = _material_language(browser, base, lang, mine, languages)
                    scores.answers += answers
            browser.close()
    finally:
        server.shutdown()
    return scores, loading


def _material_language(browser, base: str, lang: str, queries: list[Query], languages: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + ("" if lang == languages[0] else f"{lang}/"), wait_until="load")
    started = time.perf_counter()
    page.click("label.md-search__icon, .md-search__input", timeout=10_000)
    page.wait_for_function(MATERIAL_READY, timeout=180_000, polling=100)
    loading = time.perf_counter() - started
    answers = []
    for query in queries:
        # One key event after the field is filled: typed key by key, each key queues a search of the prefix in its
        # worker, and the list settles on the last one long after.
        page.fill("input.md-search__input", query.text)
        page.keyboard.press("End")
        links = _stable(page, MATERIAL_LINKS, quiet=2.0)
        answers.append((query, Answer(distinct([article_key(href, languages) for href in links]))))
    context.close()
    return loading, answers


def _stable(page, script: str, quiet: float = 0.5, limit: float = 15) -> list[str]:
    """The links once they stopped changing for ``quiet`` seconds."""
    deadline = time.monotonic() + limit
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = page.evaluate(script)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
        time.sleep(0.05)
    return last or []


# -- building and printing ---------------------------------------------------------


def material_site(work: Path, ours: Path) -> Path:
    root = plain_project(ours, work / "plain")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(work / "site-plain")],
                            cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the plain build failed:\n{result.stderr[-4000:]}")
    print(f"plain Material + static-i18n build: {time.perf_counter() - started:.1f} s")
    return work / "site-plain"


def print_table(name: str, scores: Scores, languages: list[str], styles: tuple[str, ...] = STYLES) -> None:
    print(f"\n{name}")
    print(f"  {'lang':8} {'queries':>7} {'success@1':>9} {'success@5':>9} {'MRR@10':>7} {'zero':>6}")
    rows = [(lang, Scores([(q, a) for q, a in scores.answers if q.lang == lang])) for lang in languages]
    for label, part in [*rows, ("all", scores)]:
        if part.answers:
            print(f"  {label:8} {len(part.answers):7} {part.success(1):9.2f} {part.success(5):9.2f} "
                  f"{part.mrr():7.2f} {part.zero():6.2f}")
    print(f"  {'style':8} {'queries':>7} {'success@1':>9} {'success@5':>9} {'MRR@10':>7} {'zero':>6}")
    for style in styles:
        part = scores.of(style)
        if part.answers:
            print(f"  {style:8} {len(part.answers):7} {part.success(1):9.2f} {part.success(5):9.2f} "
                  f"{part.mrr():7.2f} {part.zero():6.2f}")


def print_costs(scores: Scores, languages: list[str]) -> None:
    """Per language: seconds to the first result and bytes sent per query, medians and worst."""
    print("\nour search, per query: page load -> first result, bytes sent for the page view (gzip-equivalent)")
    for lang in languages:
        answers = [a for q, a in scores.answers if q.lang == lang]
        seconds = [a.seconds for a in answers if a.seconds is not None]
        sent = [a.sent for a in answers if a.sent is not None]
        if seconds and sent:
            print(f"  {lang:8} first result median {statistics.median(seconds):5.2f} s, worst {max(seconds):5.2f} s;"
                  f"   sent median {statistics.median(sent) / 1000:6.0f} KB, worst {max(sent) / 1000:6.0f} KB")


def print_misses(name: str, scores: Scores) -> None:
    print(f"\n{name}: queries whose answer is not in the first 5")
    for query, answer in scores.answers:
        rank = answer.rank(query)
        if not rank or rank > 5:
            print(f"  {query.id:8} {query.style:8} {'none' if not answer.keys else f'rank {rank}':>8}  {query.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--languages", nargs="+", default=["en", "fr", "de", "ja"])
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose plugins build our site")
    parser.add_argument("--site", action="append", default=[], metavar="NAME=DIR",
                        help="a built site to measure (NAME: ours or material) instead of building it")
    parser.add_argument("--only", choices=["ours", "material"])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-relevance-"))
    given = dict(item.split("=", 1) for item in args.site)
    queries = load_queries(args.languages)
    print(f"{len(queries)} judged queries: " + ", ".join(
        f"{lang} {sum(q.lang == lang for q in queries)}" for lang in args.languages))
    engines = [args.only] if args.only else ["ours", "material"]
    ours_site = Path(given["ours"]) if "ours" in given else None
    if ours_site is None and ("ours" in engines or "material" not in given):
        ours_site = corpus_site(work, args.corpus, args.code, args.languages)
    if "ours" in engines:
        scores = run_ours(ours_site, queries, args.languages)
        print_table("our search (Pagefind and search.js)", scores, args.languages)
        print_costs(scores, args.languages)
        if args.show_misses:
            print_misses("our search", scores)
    if "material" in engines:
        site = Path(given["material"]) if "material" in given else material_site(work, work / "corpus")
        scores, loading = run_material(site, queries, args.languages)
        print_table("Material's search (lunr), plain Material + static-i18n build", scores, args.languages)
        print("  index loaded after " + ", ".join(f"{lang} {seconds:.1f} s" for lang, seconds in loading.items())
              + " (every page view)")
        if args.show_misses:
            print_misses("Material's search", scores)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
