"""Politeness: Retry-After, backoff with jitter, a host's turn."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import datetime, timezone
from email.utils import format_datetime

from kbsite.core.external_settings import HostLimits
from kbsite.external.hosts import BACKOFF_CAP, SLOWEST, HostGate, backoff, retry_after
from kbsite.external.run import run_to_end


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after("120") == 120.0
    when = datetime.fromtimestamp(1_000_030, tz=timezone.utc)
    assert retry_after(format_datetime(when, usegmt=True), now=1_000_000) == 30.0
    assert retry_after(format_datetime(when, usegmt=True), now=1_000_100) == 0.0  # in the past: now
    assert retry_after(None) is None and retry_after("soon") is None and retry_after("") is None


def test_backoff_grows_and_varies_within_bounds():
    rng = random.Random(7)
    for attempt in range(8):
        waits = {backoff(attempt, rng) for _ in range(20)}
        ceiling = min(BACKOFF_CAP, 0.5 * 2 ** attempt)
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits) and len(waits) > 1


def test_a_gate_keeps_its_limits_and_pauses():
    gate = HostGate(HostLimits(concurrency=2, interval=0.05))
    starts = []

    async def one():
        async with gate.turn():
            starts.append(time.monotonic())
            await asyncio.sleep(0.1)

    async def run():
        gate.pause(0.2)
        began = time.monotonic()
        await asyncio.gather(*(one() for _ in range(6)))
        return began

    began = run_to_end(run())
    assert gate.most_active == 2 and gate.active == 0
    assert starts[0] - began >= 0.19
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.045


def test_slowing_down_doubles_the_interval_up_to_a_limit():
    gate = HostGate(HostLimits(interval=0.1))
    gate.slow_down()
    assert gate.interval == 0.2
    for _ in range(10):
        gate.slow_down()
    assert gate.interval == SLOWEST


def test_answers_bring_the_interval_back_to_the_configured_one():
    gate = HostGate(HostLimits(interval=0.1))
    for _ in range(3):
        gate.slow_down()
    assert gate.interval == 0.8
    for _ in range(60):
        gate.speed_up()
    assert 0.1 <= gate.interval < 0.102
