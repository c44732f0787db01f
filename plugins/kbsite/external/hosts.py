"""Politeness towards each host: how many requests at once, how often, and when to wait.

A :class:`HostGate` lets a request start when the host has a free slot
(``concurrency``), at least ``interval`` after the previous start, and not
before a pause the host asked for (``Retry-After``). Each 429 doubles the
host's interval (up to :data:`SLOWEST`), each other answer takes a tenth of
the extra off again, down to the configured interval: a rate limiter is
met at the pace it accepts, and a page that answers 429 on its own does not
slow the host for the rest of the run. Everything runs on one event loop, so no lock is needed
between reading and taking a start time.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from ..core.external_settings import HostLimits

SLOWEST = 2.0  # seconds: the longest interval backoff makes between two starts on one host
LONGEST_WAIT = 60.0  # seconds: a host that asks to wait longer (Retry-After) is not waited for in this run
BACKOFF_BASE = 0.5  # seconds before the first retry, doubled at each
BACKOFF_CAP = 30.0


class HostGate:
    """The turn-taking of the requests to one host."""

    def __init__(self, limits: HostLimits, clock=time.monotonic):
        self.limits = limits
        self.interval = limits.interval
        self._slots = asyncio.Semaphore(limits.concurrency)
        self._clock = clock
        self._next_start = 0.0
        self._paused_until = 0.0
        self.head_refused = False  # the host answered HEAD with 405 or 501: ask it with GET from now on
        self.active = 0
        self.most_active = 0  # the most requests this host had at once, for the report
        # A host that fails to connect before it ever answered is probed with one address: the others wait
        # for its verdict (answered: go on; failed every retry: the host is down, they are not tried).
        self.answered = False
        self.prober: str | None = None
        self.verdict = asyncio.Event()
        self.down = ""  # why the host is taken as down

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[bool]:
        """Hold one of the host's slots, from the start allowed by its interval and pauses; False (at once) when
        the host asks to wait longer than :data:`LONGEST_WAIT`: nothing is to be sent."""
        async with self._slots:
            if not await self._wait_for_start():
                yield False
                return
            self.active += 1
            self.most_active = max(self.most_active, self.active)
            try:
                yield True
            finally:
                self.active -= 1

    async def _wait_for_start(self) -> bool:
        while True:
            now = self._clock()
            if self._paused_until - now > LONGEST_WAIT:
                return False
            start = max(now, self._next_start, self._paused_until)
            if start <= now:
                self._next_start = now + self.interval
                return True
            await asyncio.sleep(start - now)

    def pause(self, seconds: float) -> None:
        """No request to this host starts for ``seconds``."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    @property
    def paused_for(self) -> float:
        """Seconds left of the host's pause."""
        return max(0.0, self._paused_until - self._clock())

    async def wait_for_verdict(self, url: str) -> None:
        """While another address probes this host, wait for what it finds."""
        if self.prober not in (None, url):
            await self.verdict.wait()

    def connect_failed(self, url: str) -> None:
        """``url`` failed to connect: if the host never answered, ``url`` probes it for the others."""
        if not self.answered and self.prober is None:
            self.prober = url

    def probed(self, url: str, down: str) -> None:
        """The probe ``url`` is over: ``down`` says why the host is down ('' when it is not)."""
        if self.prober == url:
            self.down = down
            self.prober = None
            self.verdict.set()

    def slow_down(self) -> None:
        """The host rate-limited us: twice the interval from now on (at most :data:`SLOWEST`)."""
        self.interval = min(SLOWEST, max(self.interval * 2, 0.05))

    def speed_up(self) -> None:
        """The host answered: a tenth of the interval's extra off, back towards the configured one."""
        self.interval = max(self.limits.interval, self.interval - (self.interval - self.limits.interval) * 0.1)


def backoff(attempt: int, rng: random.Random) -> float:
    """Seconds to wait before try ``attempt + 1``: exponential, with jitter so that retries do not align."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt)
    return rng.uniform(ceiling / 2, ceiling)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number of seconds or an HTTP date), None if none or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
