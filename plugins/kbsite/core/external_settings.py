"""Options of the external link check: the ``external_links`` mapping of the kb plugin in ``mkdocs.yml``.

Defaults are polite enough for a CDN: per host at most 4 requests at once and
one every 100 ms, 64 at once in all. Durations are seconds, or text such as
``500ms``, ``10s``, ``2m``, ``1h``, ``7d``. Header values may name
environment variables (``Bearer ${GITHUB_TOKEN}``): they are read when the
check runs, never stored, and a header whose variable is unset is not sent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .. import __version__

DEFAULT_CACHE_DIR = ".cache/kbsite"  # relative to the project root; .gitignore lists it
USER_AGENT = f"kbsite-link-check/{__version__}"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}
_STATUS_RANGE = re.compile(r"^\s*(\d{3})\s*(?:(?:-|\.\.=?)\s*(\d{3}))?\s*$")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_PREFIX = "external_links"


class ExternalSettingsError(ValueError):
    """An option of ``external_links`` cannot be used (a configuration error)."""


@dataclass(frozen=True)
class HostLimits:
    """How one host is treated: requests at once, the least time between two starts, the time-out of one."""

    concurrency: int = 4
    interval: float = 0.1
    timeout: float = 10.0
    headers: tuple[tuple[str, str], ...] = ()  # values may hold ${VARIABLE}


@dataclass(frozen=True)
class ExternalSettings:
    check_on_build: bool = False  # `mkdocs build` checks external links too (`kb check --external` always does)
    include: tuple[str, ...] = ()  # regular expressions: when given, only matching URLs are checked
    exclude: tuple[str, ...] = ()  # regular expressions: matching URLs are not checked
    fragments_exclude: tuple[str, ...] = ()  # URLs whose anchors a script builds: their #fragment is not checked
    accept: tuple[tuple[int, int], ...] = ((200, 299),)  # status ranges that mean "the page is there"
    concurrency: int = 64  # requests at once, every host together
    per_host: HostLimits = HostLimits()
    hosts: tuple[tuple[str, HostLimits], ...] = ()  # host name -> its own limits
    headers: tuple[tuple[str, str], ...] = (("User-Agent", USER_AGENT),)
    remap: tuple[tuple[str, str], ...] = ()  # URL prefix -> prefix fetched instead, first match wins
    cache_dir: str = DEFAULT_CACHE_DIR
    ttl_success: float = 7 * 86400
    ttl_failure: float = 86400
    ttl_unverified: float = 3600
    time_budget: float = 600.0  # seconds for the whole run; what is left then is unverified
    retries: int = 3  # further tries after a 429, 503 or connection error
    max_redirects: int = 10
    fragment_bytes: int = 5_000_000  # read at most this much of a page to find a #fragment

    def limits(self, host: str) -> HostLimits:
        """The limits of ``host`` (a name listed in ``hosts``, else ``per_host``)."""
        return dict(self.hosts).get(host, self.per_host)

    def accepts(self, status: int) -> bool:
        return any(low <= status <= high for low, high in self.accept)


def request_headers(settings: ExternalSettings, limits: HostLimits, environ: Mapping[str, str] = os.environ
                    ) -> tuple[dict[str, str], list[str]]:
    """The headers for a host, with ``${VARIABLE}`` read from ``environ``, and the names of unset variables
    (a header that names one is left out)."""
    headers: dict[str, str] = {}
    unset: list[str] = []
    for name, template in (*settings.headers, *limits.headers):
        missing = [v for v in _VARIABLE.findall(template) if not environ.get(v)]
        if missing:
            unset.extend(missing)
            headers.pop(name, None)
            continue
        headers[name] = _VARIABLE.sub(lambda m: environ[m.group(1)], template)
    return headers, unset


def external_settings(options) -> ExternalSettings:
    """Settings from the ``external_links`` mapping; raises :class:`ExternalSettingsError`."""
    if options is None:
        return ExternalSettings()
    data = _mapping(options, _PREFIX)
    known = {"check_on_build", "include", "exclude", "fragments_exclude", "accept", "concurrency", "per_host",
             "hosts", "headers", "remap", "cache_dir", "ttl", "time_budget", "retries", "max_redirects"}
    _no_unknown(data, known, _PREFIX)
    defaults = ExternalSettings()
    ttl = _mapping(data.get("ttl") or {}, f"{_PREFIX}.ttl")
    _no_unknown(ttl, {"success", "failure", "unverified"}, f"{_PREFIX}.ttl")
    per_host = _host_limits(data.get("per_host") or {}, f"{_PREFIX}.per_host", defaults.per_host)
    hosts = _mapping(data.get("hosts") or {}, f"{_PREFIX}.hosts")
    return ExternalSettings(
        check_on_build=_boolean(data.get("check_on_build", False), f"{_PREFIX}.check_on_build"),
        include=_patterns(data.get("include"), f"{_PREFIX}.include"),
        exclude=_patterns(data.get("exclude"), f"{_PREFIX}.exclude"),
        fragments_exclude=_patterns(data.get("fragments_exclude"), f"{_PREFIX}.fragments_exclude"),
        accept=_statuses(data["accept"], f"{_PREFIX}.accept") if "accept" in data else defaults.accept,
        concurrency=_count(data.get("concurrency", defaults.concurrency), f"{_PREFIX}.concurrency"),
        per_host=per_host,
        hosts=tuple(sorted((str(host).lower(), _host_limits(value or {}, f"{_PREFIX}.hosts.{host}", per_host))
                           for host, value in hosts.items())),
        headers=_merged_headers(defaults.headers, _headers(data.get("headers") or {}, f"{_PREFIX}.headers")),
        remap=_remap(data.get("remap") or {}),
        cache_dir=str(data.get("cache_dir") or defaults.cache_dir),
        ttl_success=_duration(ttl.get("success", defaults.ttl_success), f"{_PREFIX}.ttl.success"),
        ttl_failure=_duration(ttl.get("failure", defaults.ttl_failure), f"{_PREFIX}.ttl.failure"),
        ttl_unverified=_duration(ttl.get("unverified", defaults.ttl_unverified), f"{_PREFIX}.ttl.unverified"),
        time_budget=_duration(data.get("time_budget", defaults.time_budget), f"{_PREFIX}.time_budget"),
        retries=_count(data.get("retries", defaults.retries), f"{_PREFIX}.retries", minimum=0),
        max_redirects=_count(data.get("max_redirects", defaults.max_redirects), f"{_PREFIX}.max_redirects"),
    )


def parse_duration(value, where: str = "duration") -> float:
    """Seconds from ``2``, ``1.5``, ``500ms``, ``10s``, ``2m``, ``1h`` or ``7d``."""
    return _duration(value, where)


def _mapping(value, where: str) -> dict:
    if not isinstance(value, Mapping):
        raise ExternalSettingsError(f"{where}: expected a mapping of options, got {_shown(value)}")
    return dict(value)


def _no_unknown(data: dict, known: set[str], where: str) -> None:
    unknown = sorted(str(key) for key in data if key not in known)
    if unknown:
        raise ExternalSettingsError(f"{where}: unknown option {', '.join(unknown)} (known: {', '.join(sorted(known))})")


def _host_limits(value, where: str, base: HostLimits) -> HostLimits:
    data = _mapping(value, where)
    _no_unknown(data, {"concurrency", "interval", "timeout", "headers"}, where)
    return HostLimits(
        concurrency=_count(data.get("concurrency", base.concurrency), f"{where}.concurrency"),
        interval=_duration(data.get("interval", base.interval), f"{where}.interval"),
        timeout=_duration(data.get("timeout", base.timeout), f"{where}.timeout", positive=True),
        headers=_headers(data.get("headers") or {}, f"{where}.headers"),
    )


def _boolean(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise ExternalSettingsError(f"{where}: expected true or false, got {_shown(value)}")
    return value


def _count(value, where: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ExternalSettingsError(f"{where}: expected a whole number of at least {minimum}, got {_shown(value)}")
    return value


def _duration(value, where: str, positive: bool = False) -> float:
    seconds = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds is None or seconds < 0 or (positive and seconds == 0):
        raise ExternalSettingsError(f"{where}: expected a duration such as 10, 500ms, 30s, 2m, 1h or 7d, "
                                    f"got {_shown(value)}")
    return seconds


def _patterns(value, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value or []
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ExternalSettingsError(f"{where}: expected a list of regular expressions, got {_shown(value)}")
    for item in items:
        try:
            re.compile(item)
        except re.error as error:
            raise ExternalSettingsError(f"{where}: {item!r} is not a regular expression: {error}") from None
    return tuple(items)


def _statuses(value, where: str) -> tuple[tuple[int, int], ...]:
    items = value if isinstance(value, list) else [value]
    ranges = []
    for item in items:
        match = _STATUS_RANGE.match(str(item)) if isinstance(item, (int, str)) and not isinstance(item, bool) else None
        low, high = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (0, 0)
        if not match or not 100 <= low <= high <= 599:
            raise ExternalSettingsError(f"{where}: expected status codes such as 200, '200-299' or '403', "
                                        f"got {_shown(item)}")
        ranges.append((low, high))
    return tuple(ranges)


def _headers(value, where: str) -> tuple[tuple[str, str], ...]:
    data = _mapping(value, where)
    for name, header in data.items():
        if not isinstance(name, str) or not isinstance(header, (str, int)) or isinstance(header, bool):
            raise ExternalSettingsError(f"{where}: expected `Name: value` pairs, got {_shown(name)}: {_shown(header)}")
    return tuple((name, str(header)) for name, header in data.items())


def _merged_headers(defaults, own) -> tuple[tuple[str, str], ...]:
    names = {name.lower() for name, _ in own}
    return tuple((name, value) for name, value in defaults if name.lower() not in names) + own


def _remap(value) -> tuple[tuple[str, str], ...]:
    data = _mapping(value, f"{_PREFIX}.remap")
    pairs = []
    for old, new in data.items():
        if not isinstance(old, str) or not isinstance(new, str) or not old or not new:
            raise ExternalSettingsError(f"{_PREFIX}.remap: expected `https://old.prefix/: http://new.prefix/` "
                                        f"pairs, got {_shown(old)}: {_shown(new)}")
        pairs.append((old, new))
    return tuple(pairs)


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
