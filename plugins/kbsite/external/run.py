"""One run of the external link check over a knowledge base: cache first, then the network, within a budget.

Each distinct address is looked up in the cache; those without a fresh
result that answers for the fragments asked are fetched, all hosts at once
but each at its own pace (:mod:`.hosts`), at most ``concurrency`` requests
in all. What is not done when the time budget runs out is *unverified*.
Results are stored as they come, so that an interrupted run is not lost,
and the digest of each file with external links is recorded for
``kb fix-redirects``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import replace

import aiohttp

from ..core.external_links import UNVERIFIED, ExternalReport, UrlResult, collect_external_links, host_of
from ..core.external_settings import ExternalSettings, request_headers
from ..core.text import digest
from .cache import LinkCache
from .fetch import Fetcher

Progress = Callable[[int, int], None]
_STORE_EVERY = 200  # results kept in memory before they are written to the cache


def check_external(kb, refresh: bool = False, progress: Progress | None = None,
                   environ: Mapping[str, str] = os.environ, seed: int | None = None,
                   documents=None) -> ExternalReport:
    """The external links of ``kb`` (or of its ``documents``) and what each address leads to (``refresh``: ignore
    the cache)."""
    started = time.monotonic()
    settings = kb.settings.external
    documents = kb.documents if documents is None else documents
    links = collect_external_links(documents, settings)
    report = ExternalReport(links)
    cache = LinkCache.open(kb.settings.cache_dir)
    try:
        now = time.time()
        todo = []
        for url in sorted(links.by_url):
            found = None if refresh else cache.fresh(url, settings, now)
            if found is not None and found.knows(links.fragments(url)):
                report.results[url] = found
            else:
                todo.append(url)
        if progress:
            progress(len(report.results), len(links.by_url))
        if todo:
            run_to_end(_fetch(report, todo, settings, cache, progress, environ, random.Random(seed), started))
        cache.record_files({d.path: digest(d.source.text.encode("utf-8")) for d in documents
                            if d.path in links.files})
        report.warnings.extend(cache.warnings)
    finally:
        cache.close()
    report.seconds = time.monotonic() - started
    return report


async def _fetch(report: ExternalReport, todo: list[str], settings: ExternalSettings, cache: LinkCache,
                 progress: Progress | None, environ: Mapping[str, str], rng: random.Random, started: float) -> None:
    links = report.links
    deadline = started + settings.time_budget
    connector = aiohttp.TCPConnector(limit=settings.concurrency, limit_per_host=0, ttl_dns_cache=300)
    async with aiohttp.ClientSession(connector=connector, trust_env=True) as session:
        fetcher = Fetcher(session, settings, _headers(settings, {host_of(url) for url in todo}, environ, report),
                          deadline, rng)
        pending: list[UrlResult] = []

        async def one(url: str) -> None:
            result = replace(await fetcher.check(url, links.fragments(url)), checked_at=time.time())
            _keep(report, result, pending)
            if len(pending) >= _STORE_EVERY:
                cache.store(pending)
                pending.clear()
            if progress:
                progress(len(report.results), len(links.by_url))

        tasks = [asyncio.create_task(one(url)) for url in todo]
        await asyncio.wait(tasks, timeout=max(0.0, deadline - time.monotonic()))
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        report.requests = fetcher.requests
        report.busiest = max((gate.most_active for gate in fetcher.gates.values()), default=0)
    report.fetched = len(todo)
    for url in todo:
        if url not in report.results:
            _keep(report, UrlResult(url, UNVERIFIED, detail=f"the time budget of {settings.time_budget:g} s "
                                                            "ran out before it was checked", checked_at=time.time()),
                  pending)
    cache.store(pending)
    if progress:
        progress(len(report.results), len(links.by_url))


def run_to_end(coroutine):
    """Run ``coroutine`` on an event loop of its own: in this thread, or in another when this one already runs
    a loop (a notebook, a test session driving a browser)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _keep(report: ExternalReport, result: UrlResult, pending: list[UrlResult]) -> None:
    """Record ``result``; when permanent redirects lead to a page that is there, that address is known too
    (``kb fix-redirects`` points the links at it: the next check finds it in the cache)."""
    report.results[result.url] = result
    pending.append(result)
    if result.moved_to and result.outcome != UNVERIFIED and result.moved_to not in report.results:
        pending.append(replace(result, url=result.moved_to, moved_to="", moved_status=0))


def _headers(settings: ExternalSettings, hosts: set[str], environ: Mapping[str, str],
             report: ExternalReport) -> dict[str, dict[str, str]]:
    """The request headers of each host; each unset variable a header names is said once."""
    headers, unset = {}, set()
    for host in hosts:
        headers[host], missing = request_headers(settings, settings.limits(host), environ)
        unset.update(missing)
    report.warnings.extend(f"the environment variable {name} is not set: the headers that use it are not sent"
                           for name in sorted(unset))
    return headers

