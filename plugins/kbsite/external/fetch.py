"""Fetching one address: HEAD first, GET when needed, redirects followed by hand, politely.

HEAD tells whether a page is there without its body. GET is sent instead
when a fragment must be looked for, and after a HEAD the server refuses
(405, 501: then for the rest of the run on that host; 403: for that
address). Redirects are followed one hop at a time, each hop waiting for
its own host's turn, so that loops are seen and permanent redirects (301,
308) told from temporary ones. A 429, 503, 502 or 504, or a failed
connection, is tried again after the host's ``Retry-After`` or an
exponential backoff with jitter; what stays rate-limited, or times out, is
*unverified*, never *broken*.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import aiohttp

from ..core.external_links import BROKEN, HTML, OK, OTHER, UNVERIFIED, UrlResult, host_of, remapped, unmapped
from ..core.external_settings import ExternalSettings
from .anchors import fragments_found
from .hosts import LONGEST_WAIT, HostGate, backoff, retry_after

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
HEAD_REFUSED = frozenset({405, 501})  # the server does not do HEAD at all
HEAD_DENIED = frozenset({403})  # this answer to HEAD may not be the answer to GET
BUSY = frozenset({429, 502, 503, 504})  # try again later
DENIED = frozenset({401, 403, 407, 451, 999})  # a login or a wall against robots: nobody knows if the page is there
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class Answer:
    """A server's answer to one request (``status`` 0: no answer, ``outcome`` says why)."""

    status: int = 0
    reason: str = ""
    location: str = ""
    fragments: dict[str, bool] = field(default_factory=dict)
    content: str = ""
    outcome: str = ""  # for a failed request: BROKEN or UNVERIFIED
    detail: str = ""
    retry_after: float | None = None  # seconds a busy host asked for
    method: str = ""  # of the request answered


@dataclass
class Fetcher:
    """Fetches addresses for one run: one HTTP session, one gate per host, one deadline."""

    session: aiohttp.ClientSession
    settings: ExternalSettings
    headers: dict[str, dict[str, str]]  # host -> its request headers
    deadline: float  # time.monotonic() after which nothing more is sent
    rng: random.Random
    gates: dict[str, HostGate] = field(default_factory=dict)
    requests: int = 0
    slots: asyncio.Semaphore | None = None  # requests at once, all hosts together

    def __post_init__(self):
        self.slots = asyncio.Semaphore(self.settings.concurrency)

    def gate(self, host: str) -> HostGate:
        if host not in self.gates:
            self.gates[host] = HostGate(self.settings.limits(host))
        return self.gates[host]

    async def check(self, url: str, fragments: frozenset[str]) -> UrlResult:
        """What ``url`` leads to, and whether its page has each of ``fragments``."""
        hops: list[tuple[str, int]] = []
        current, seen = url, {url}
        while True:
            answer = await self._ask(current, fragments)
            if answer.status not in REDIRECTS or not answer.location:
                return self._result(url, hops, current, answer)
            hops.append((current, answer.status))
            # A relative Location is relative to the address the server answers for (not to a mirror's);
            # an absolute one may name the mirror itself.
            following = unmapped(urljoin(current, answer.location), self.settings.remap).split("#", 1)[0]
            if following in seen:
                chain = " -> ".join([*(hop for hop, _ in hops), following])
                return UrlResult(url, BROKEN, answer.status, f"redirect loop: {chain}", following)
            if len(hops) > self.settings.max_redirects:
                return UrlResult(url, BROKEN, answer.status, f"more than {self.settings.max_redirects} redirects",
                                 following)
            seen.add(following)
            current = following

    async def _ask(self, url: str, fragments: frozenset[str]) -> Answer:
        """One hop: HEAD, or GET when a fragment is looked for or HEAD is refused."""
        gate = self.gate(host_of(url))
        if fragments or gate.head_refused:
            return await self._tries(gate, "GET", url, fragments)
        answer = await self._tries(gate, "HEAD", url, fragments)
        if answer.method == "HEAD" and answer.status in HEAD_REFUSED | HEAD_DENIED:
            gate.head_refused = gate.head_refused or answer.status in HEAD_REFUSED
            return await self._tries(gate, "GET", url, fragments)
        return answer

    async def _tries(self, gate: HostGate, method: str, url: str, fragments: frozenset[str]) -> Answer:
        """The request, tried again while the host is busy or unreachable, within the retries and the deadline;
        a host that cannot be reached is tried with one address, not all of them (:class:`HostGate`)."""
        answer = Answer()
        try:
            answer = await self._tries_within_budget(gate, method, url, fragments)
        finally:
            down = answer.detail if answer.outcome == BROKEN and not answer.status and not gate.answered else ""
            gate.probed(url, f"{down} (the host is unreachable)" if down else "")
        return answer

    async def _tries_within_budget(self, gate: HostGate, method: str, url: str, fragments: frozenset[str]) -> Answer:
        answer, attempt = Answer(), 0
        while True:
            await gate.wait_for_verdict(url)
            if gate.down:
                return Answer(outcome=BROKEN, detail=gate.down)
            if time.monotonic() >= self.deadline:
                return Answer(outcome=UNVERIFIED, detail="the time budget ran out before it was checked"
                              if attempt == 0 else f"{_said(answer)}; then the time budget ran out")
            if gate.paused_for > LONGEST_WAIT or time.monotonic() + gate.paused_for >= self.deadline:
                return Answer(429, "Too Many Requests", outcome=UNVERIFIED,
                              detail=f"rate-limited: the host asks to wait {gate.paused_for:.0f} s more")
            sent = await self._request(gate, method, url, fragments)
            if sent is None:  # the host came into doubt while this waited for its turn
                continue
            answer = sent
            if answer.status:
                gate.answered = True
                if answer.status == 429:
                    gate.slow_down()
                else:
                    gate.speed_up()
            elif answer.outcome == BROKEN:
                gate.connect_failed(url)
            if answer.status not in BUSY and answer.outcome != BROKEN:
                return answer
            wait = answer.retry_after if answer.retry_after is not None else backoff(attempt, self.rng)
            if answer.retry_after is not None:  # the host said how long to wait: nothing goes to it until then
                gate.pause(wait)
            if attempt == self.settings.retries or wait > LONGEST_WAIT or time.monotonic() + wait >= self.deadline:
                break
            attempt += 1
            await asyncio.sleep(wait)
        if answer.status in BUSY:
            tries = f"{attempt + 1} {'try' if attempt == 0 else 'tries'}"
            return Answer(answer.status, answer.reason, outcome=UNVERIFIED, detail=f"{_said(answer)} after {tries}")
        return answer

    async def _request(self, gate: HostGate, method: str, url: str, fragments: frozenset[str]) -> Answer | None:
        """The answer to one request; None, without sending it, when another address now probes the host or the
        host now asks for a long wait."""
        async with gate.turn() as started:
            if not started or gate.prober not in (None, url):
                return None
            if method == "HEAD" and gate.head_refused:  # learnt while this waited for its turn
                method = "GET"
            async with self.slots:  # taken once the host's turn has come: waiting for a host holds no slot
                return await self._send(gate, method, url, fragments)

    async def _send(self, gate: HostGate, method: str, url: str, fragments: frozenset[str]) -> Answer:
        timeout = gate.limits.timeout
        self.requests += 1
        try:
            async with self.session.request(
                    method, remapped(url, self.settings.remap), allow_redirects=False,
                    headers=self.headers.get(host_of(url), {}),
                    timeout=aiohttp.ClientTimeout(total=timeout)) as response:
                return await self._read(response, fragments)
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError):
            return Answer(outcome=UNVERIFIED, detail=f"timed out after {timeout:g} s")
        except aiohttp.ClientConnectorDNSError:
            return Answer(outcome=BROKEN, detail="host not found")
        except aiohttp.ClientConnectorError as error:
            return Answer(outcome=BROKEN, detail=f"cannot connect: {error.os_error.strerror or error}")
        except (aiohttp.ClientError, OSError, ValueError) as error:
            return Answer(outcome=BROKEN, detail=f"connection failed: {type(error).__name__} {error}".strip())

    async def _read(self, response: aiohttp.ClientResponse, fragments: frozenset[str]) -> Answer:
        status, reason = response.status, response.reason or ""
        location = response.headers.get("Location", "") if status in REDIRECTS else ""
        wait = retry_after(response.headers.get("Retry-After")) if status in BUSY else None
        method = response.method
        if not self.settings.accepts(status) or method == "HEAD" or not fragments:
            return Answer(status, reason, location, retry_after=wait, method=method)
        if response.content_type not in HTML_TYPES:
            return Answer(status, reason, location, content=OTHER, method=method)
        found = await fragments_found(response.content.iter_chunked(65536), set(fragments), response.charset,
                                      self.settings.fragment_bytes)
        return Answer(status, reason, location, found, HTML, method=method)

    def _result(self, url: str, hops: list[tuple[str, int]], final: str, answer: Answer) -> UrlResult:
        """The result for ``url`` from the last hop's answer and the redirects before it."""
        moved_to, moved_status = _moved(hops, final)
        common = dict(final_url=final if hops else "", moved_to=moved_to, moved_status=moved_status)
        said = _said(answer)
        if answer.outcome:
            return UrlResult(url, answer.outcome, answer.status, answer.detail, **common)
        if self.settings.accepts(answer.status):
            return UrlResult(url, OK, answer.status, said, fragments=tuple(sorted(answer.fragments.items())),
                             content=answer.content, **common)
        if answer.status in DENIED:
            return UrlResult(url, UNVERIFIED, answer.status, f"{said}: a login or a wall against robots", **common)
        if answer.status in REDIRECTS:
            return UrlResult(url, BROKEN, answer.status, f"{said} without a Location", **common)
        return UrlResult(url, BROKEN, answer.status, said, **common)


def _said(answer: Answer) -> str:
    return f"{answer.status} {answer.reason}".strip() if answer.status else answer.detail


def _moved(hops: list[tuple[str, int]], final: str) -> tuple[str, int]:
    """Where the leading permanent redirects lead, and the first one's status; ('', 0) without any."""
    if not hops or hops[0][1] not in PERMANENT:
        return "", 0
    for index, (_, status) in enumerate(hops):
        if status not in PERMANENT:
            return hops[index][0], hops[0][1]
    return final, hops[0][1]
