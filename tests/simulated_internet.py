"""A simulated internet on 127.0.0.1: one HTTP server that plays many hosts, for the tests and the bench.

A request names its host in one of two ways:

- by remap: ``http://127.0.0.1:PORT/<host>/<path>`` (the kb plugin's ``remap``
  option maps ``https://`` there);
- as a proxy: ``GET http://<host>/<path>`` with ``Host: <host>`` (a client
  whose ``http_proxy`` is this server; the bench runs lychee and kbsite so, and
  each then limits each host by its real name).

What each address answers is a *world*'s choice (a :class:`Reply`: status,
headers, body, delay, or a dropped connection); each host may have a rate
limit (:class:`RateLimit`, a token bucket that answers 429 past it). The
server counts requests and the most requests each host had at once.
Redirect targets are written as the real web writes them (``https://host/path``
or ``/path``); to a proxy client they are sent as ``http://`` (the simulated
web has no TLS).

Run as a program (``python tests/simulated_internet.py WORLD.json``) it serves
the bench's world (:func:`hashed_world`) in a process of its own and prints
its port; ``GET /__stats`` on 127.0.0.1 returns the counts as JSON and
``POST /__reset`` clears them.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: str = ""
    content_type: str = "text/html"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


@dataclass(frozen=True)
class RateLimit:
    rate: float  # requests a second
    burst: float  # requests at once after a quiet time
    retry_after: int | None = None  # seconds said in Retry-After, or no header


@dataclass
class _Bucket:
    limit: RateLimit
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.limit.burst, self.tokens + (now - self.updated) * self.limit.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


World = Callable[[str, str, str], Reply]  # (host, method, path with query) -> what it answers


@dataclass
class Stats:
    requests: Counter = field(default_factory=Counter)  # host -> requests
    methods: Counter = field(default_factory=Counter)  # (host, method) -> requests
    active: Counter = field(default_factory=Counter)
    most_active: Counter = field(default_factory=Counter)  # host -> the most requests at once
    limited: Counter = field(default_factory=Counter)  # host -> 429 answers
    paths: Counter = field(default_factory=Counter)  # (host, method, path) -> requests
    arrivals: list = field(default_factory=list)  # (host, path, time.monotonic()) of each request, in order
    headers: list = field(default_factory=list)  # (host, request headers) of each request, in order

    def as_json(self) -> dict:
        return {"requests": dict(self.requests), "most_active": dict(self.most_active),
                "limited": dict(self.limited),
                "methods": {f"{host} {method}": n for (host, method), n in self.methods.items()}}


class SimulatedInternet:
    """The server; :meth:`start` runs it in a thread of its own (the tests), :func:`main` in a process."""

    def __init__(self, world: World, limits: Callable[[str], RateLimit | None] = lambda host: None):
        self.world = world
        self.limits = limits
        self.stats = Stats()
        self._buckets: dict[str, _Bucket] = {}
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    # -- addresses --------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/"

    def remap(self) -> dict[str, str]:
        """The kb plugin's ``remap`` that sends every https and http address here."""
        return {"https://": self.base, "http://": self.base}

    # -- serving ----------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    async def serve(self) -> None:
        self._runner = web.AppRunner(self.application(), handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, LOOPBACK, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def start(self) -> SimulatedInternet:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.serve())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    # -- answering --------------------------------------------------------------

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        host, path, proxied = _where(request)
        if host == "":
            return self._control(request)
        stats = self.stats
        stats.requests[host] += 1
        stats.methods[(host, request.method)] += 1
        stats.paths[(host, request.method, path)] += 1
        stats.arrivals.append((host, path, time.monotonic()))
        stats.headers.append((host, dict(request.headers)))
        stats.active[host] += 1
        stats.most_active[host] = max(stats.most_active[host], stats.active[host])
        try:
            if not self._allowed(host):
                stats.limited[host] += 1
                limit = self.limits(host)
                headers = {"Retry-After": str(limit.retry_after)} if limit.retry_after is not None else {}
                return web.Response(status=429, text="slow down", headers=headers)
            reply = self.world(host, request.method, path)
            if reply.delay:
                await asyncio.sleep(reply.delay)
            if reply.drop:
                request.transport.close()
                raise asyncio.CancelledError
            headers = {name: _for_client(value, proxied) if name == "Location" else value
                       for name, value in reply.headers}
            body = None if request.method == "HEAD" else reply.body
            return web.Response(status=reply.status, text=body, content_type=reply.content_type, headers=headers)
        finally:
            stats.active[host] -= 1

    def _allowed(self, host: str) -> bool:
        limit = self.limits(host)
        if limit is None:
            return True
        now = time.monotonic()
        bucket = self._buckets.setdefault(host, _Bucket(limit, limit.burst, now))
        return bucket.take(now)

    def _control(self, request: web.BaseRequest) -> web.Response:
        if request.path == "/__reset":
            self.stats = Stats()
            self._buckets.clear()
        return web.json_response(self.stats.as_json())


def _where(request: web.BaseRequest) -> tuple[str, str, bool]:
    """(host, path with query, whether it came as to a proxy); host '' for the server's own addresses."""
    host = (request.host or "").rsplit(":", 1)[0].lower()
    if host and host not in (LOOPBACK, "localhost"):
        return host, request.path_qs, True
    if request.path.startswith("/__"):
        return "", request.path, False
    named, _, rest = request.raw_path.lstrip("/").partition("/")
    return named.lower(), "/" + rest, False


def _for_client(location: str, proxied: bool) -> str:
    """A redirect target as the client can follow it: the simulated web has no TLS, so a proxy client gets http."""
    return "http://" + location[len("https://"):] if proxied and location.startswith("https://") else location


def routes_world(routes: dict[tuple[str, str], Reply]) -> World:
    """A world of listed pages: ``(host, path) -> Reply``; anything else is 404."""
    return lambda host, method, path: routes.get((host, path), Reply(404, "not here"))


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


# -- the bench's world: each address's fate decided by a hash of it ------------------------------------------------

FATES = (  # (fate, share of addresses): the bench reads the expected outcome from the fate
    ("ok", 0.64), ("not-html", 0.03), ("temporary", 0.04), ("moved", 0.07),
    ("moved-elsewhere", 0.02), ("chain", 0.01), ("not-found", 0.07), ("gone", 0.03), ("server-error", 0.02),
    ("loop", 0.01), ("slow", 0.02), ("moved-broken", 0.01), ("ok", 0.03),
)
BROKEN_FATES = frozenset({"not-found", "gone", "server-error", "loop", "moved-broken", "dead-host"})
UNVERIFIED_FATES = frozenset({"slow"})
SLOW_SECONDS = 15.0  # longer than the bench's time-out


def share(text: str) -> float:
    """A number in [0, 1) that a hash of ``text`` decides."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") / 2 ** 64


def fate_of(host: str, path: str, dead_hosts: frozenset[str]) -> str:
    if host in dead_hosts:
        return "dead-host"
    point, total = share(f"{host}{path}"), 0.0
    for fate, part in FATES:
        total += part
        if point < total:
            return fate
    return "ok"


def fragment_there(host: str, path: str, fragment: str) -> bool:
    return share(f"{host}{path}#{fragment}") >= 0.15  # 15% of the fragments asked are missing


def hashed_world(fragments: dict[str, list[str]], dead_hosts: frozenset[str]) -> World:
    """The bench's internet: ``fragments`` maps ``host/path`` to the fragments the knowledge base asks of it."""

    def answer(host: str, method: str, path: str) -> Reply:
        fate = fate_of(host, path, dead_hosts)
        latency = 0.005 + 0.145 * share(f"latency {host}{path}")
        if fate == "dead-host":
            return Reply(drop=True)
        if host.startswith("new.") or path.startswith("/__kb/"):  # where redirects lead: there
            fate = "ok"
        if method == "HEAD" and share(f"head {host}") < 0.1:  # a tenth of the hosts refuse HEAD
            return Reply(405, "", delay=latency)
        if fate in ("not-found", "gone", "server-error"):
            return Reply({"not-found": 404, "gone": 410, "server-error": 500}[fate], "no", delay=latency)
        if fate == "slow":
            return Reply(200, _page([], 0.5), delay=SLOW_SECONDS)
        if fate == "not-html":
            return Reply(200, "%PDF-1.4 ...", content_type="application/pdf", delay=latency)
        redirect = _redirect(fate, host, path)
        if redirect:
            return Reply(redirect[0], "", headers=(("Location", redirect[1]),), delay=latency)
        origin_host, origin_path = origin(host, path)
        ids = [f for f in fragments.get(f"{origin_host}{origin_path}", [])
               if fragment_there(origin_host, origin_path, f)]
        return Reply(200, _page(ids, share(f"where {host}{path}")), delay=latency)

    return answer


def origin(host: str, path: str) -> tuple[str, str]:
    """The address a redirect target stands for (its page has that address's fragments)."""
    if path.startswith("/__kb/"):
        path = "/" + path[len("/__kb/"):].partition("/")[2]
    return host.removeprefix("new."), path


def expected(host: str, path: str, asked: list[str], dead_hosts: frozenset[str]) -> tuple[str, set[str]]:
    """What a checker should find: ``ok``, ``broken``, ``unverified`` or ``moved``, and the fragments missing.

    Nobody can tell what the pages of a host that stays rate-limited hold: they are all ``unverified``.
    """
    if is_strict(host):
        return "unverified", set()
    fate = fate_of(host, path, dead_hosts)
    if fate in BROKEN_FATES:
        return "broken", set()
    if fate in UNVERIFIED_FATES:
        return "unverified", set()
    missing = set() if fate == "not-html" else {f for f in asked if not fragment_there(host, path, f)}
    return ("moved" if fate in ("moved", "moved-elsewhere", "chain") else "ok"), missing


def _redirect(fate: str, host: str, path: str) -> tuple[int, str] | None:
    if fate == "moved":
        return 301 if share(f"code {host}{path}") < 0.7 else 308, f"https://{host}/__kb/moved{path}"
    if fate == "moved-elsewhere":
        return 301, f"https://new.{host}{path}"
    if fate == "temporary":
        return 302 if share(f"code {host}{path}") < 0.5 else 307, f"/__kb/now{path}"
    if fate == "chain":
        return 301, f"https://{host}/chain/2{path}"
    if fate == "moved-broken":
        return 301, f"https://{host}/__gone{path}"
    if fate == "loop":
        return 301, f"https://{host}/loop/b{path}"
    return None


def _page(ids: list[str], where: float) -> str:
    """About 60 KB of HTML with the ``ids`` at ``where`` (0: the top, 1: the end) of it."""
    paragraphs = [f"<p>Paragraph {n} of the article, with words enough to weigh something.</p>\n" for n in range(800)]
    cut = int(len(paragraphs) * where)  # between two paragraphs: the page stays well-formed
    anchors = "".join(f'<h2 id="{html.escape(i)}">{html.escape(i)}</h2>\n' for i in ids)
    body = "".join(paragraphs[:cut]) + anchors + "".join(paragraphs[cut:])
    return f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>"


def is_strict(host: str) -> bool:
    """A few hosts stay rate-limited: one request a minute."""
    return share(f"strict {host}") < 0.05 and host != "experienceleague.adobe.com"


def bench_limits(host: str) -> RateLimit:
    """Each host's rate limit: 10 to 30 requests a second (a strict host: one a minute); half of them say how
    long to wait."""
    says = share(f"retry-after {host}") < 0.5
    if is_strict(host):
        return RateLimit(1 / 60, 1, 120 if says else None)
    rate = (10, 15, 20, 30)[int(share(f"rate {host}") * 4)]
    return RateLimit(rate, rate, 1 if says else None)


def main() -> None:  # pragma: no cover - the bench's server process
    spec = json.loads(open(sys.argv[1], encoding="utf-8").read())
    fragments, dead = spec["fragments"], frozenset(spec["dead_hosts"])
    world = hashed_world(fragments, dead)

    def with_special_paths(host: str, method: str, path: str) -> Reply:
        if path.startswith("/__gone"):
            return Reply(404, "gone")
        if path.startswith("/chain/2"):
            return Reply(302, "", headers=(("Location", "/__kb/chain" + path[len("/chain/2"):]),))
        if path.startswith("/loop/b"):
            return Reply(301, "", headers=(("Location", "https://" + host + path[len("/loop/b"):]),))
        return world(host, method, path)

    internet = SimulatedInternet(with_special_paths, bench_limits)

    async def run() -> None:
        await internet.serve()
        print(internet.port, flush=True)
        await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main()
