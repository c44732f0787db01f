"""External links: where the knowledge base links to other sites, and what a check found about each address.

Every occurrence of an ``http``/``https`` link outside code (Markdown links,
reference definitions, autolinks, ``<a href>`` and ``<img src>``) is kept
with its file, line and column. Occurrences are grouped by the address
without its ``#fragment``: each distinct address is fetched once, however
many articles and languages use it, and the fragments asked of it are
looked for in that one answer. The network side is :mod:`kbsite.external`;
this module is what the rules and tools read.
"""

from __future__ import annotations

import html
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from .addresses import url_scheme
from .external_settings import ExternalSettings

OK, BROKEN, UNVERIFIED = "ok", "broken", "unverified"
HTML, OTHER = "html", "other"
CHECKED_SCHEMES = frozenset({"http", "https"})
# Hosts that are examples or this machine (RFC 2606, RFC 6761): a support article shows them, nobody visits them.
_EXAMPLE_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local")
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org", "localhost")
_TEXT_DIRECTIVE = ":~:"


@dataclass(frozen=True)
class Occurrence:
    """One link to another site, where it is written."""

    path: str
    line: int
    column: int
    target: str  # as written
    fragment: str = ""  # decoded, without '#'; '' when the link asks for none, or none can be checked


@dataclass
class ExternalLinks:
    """The external links of a knowledge base, grouped by address (without fragment)."""

    by_url: dict[str, list[Occurrence]] = field(default_factory=dict)
    invalid: list[tuple[Occurrence, str]] = field(default_factory=list)  # an address that cannot be fetched, why
    excluded: set[str] = field(default_factory=set)  # addresses left out by pattern or as examples

    @property
    def hosts(self) -> set[str]:
        return {host_of(url) for url in self.by_url}

    def fragments(self, url: str) -> frozenset[str]:
        """The fragments the links to ``url`` ask for."""
        return frozenset(o.fragment for o in self.by_url[url] if o.fragment)

    @property
    def files(self) -> set[str]:
        return {o.path for found in self.by_url.values() for o in found} | {o.path for o, _ in self.invalid}


@dataclass(frozen=True)
class UrlResult:
    """What fetching one address found.

    ``outcome`` is :data:`OK`, :data:`BROKEN` or :data:`UNVERIFIED` (rate-limited,
    timed out, refused to robots: nobody knows). ``moved_to`` is where the
    leading permanent redirects (301, 308) lead, when the address has one;
    ``fragments`` tells, for each fragment looked for, whether the page has it
    (a fragment that cannot be looked for, in a PDF say, is not listed).
    """

    url: str
    outcome: str
    status: int = 0
    detail: str = ""
    final_url: str = ""
    moved_to: str = ""
    moved_status: int = 0
    fragments: tuple[tuple[str, bool], ...] = ()
    content: str = ""  # HTML, OTHER (its fragments cannot be looked for), or '' when the body was not read
    checked_at: float = 0.0
    cached: bool = False

    @property
    def missing_fragments(self) -> set[str]:
        return {fragment for fragment, found in self.fragments if not found}

    def knows(self, fragments: Iterable[str]) -> bool:
        """Whether this result answers for each of ``fragments`` (a cached one may have looked for fewer)."""
        if self.outcome != OK or self.content == OTHER:
            return True
        return set(fragments) <= {fragment for fragment, _ in self.fragments}


@dataclass
class ExternalReport:
    """A run of the external check: a result per address, and what it cost."""

    links: ExternalLinks
    results: dict[str, UrlResult] = field(default_factory=dict)
    fetched: int = 0  # addresses fetched in this run (the others came from the cache)
    requests: int = 0
    busiest: int = 0  # the most requests one host had at once
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # for the person running it: cache rebuilt, token unset

    def count(self, outcome: str) -> int:
        return sum(1 for result in self.results.values() if result.outcome == outcome)

    @property
    def cached(self) -> int:
        return sum(1 for result in self.results.values() if result.cached)

    @property
    def redirected(self) -> int:
        return sum(1 for result in self.results.values() if result.moved_to and result.outcome == OK)

    @property
    def fragments_missing(self) -> int:
        return sum(len(self.links_missing(url)) for url in self.results)

    def links_missing(self, url: str) -> set[str]:
        result = self.results[url]
        return result.missing_fragments & self.links.fragments(url) if result.outcome == OK else set()

    def summary(self) -> str:
        """One line: what was checked, what was found, how long it took."""
        links = self.links
        return (f"external links: {len(links.by_url):,} distinct URLs on {len(links.hosts):,} hosts "
                f"({len(links.excluded):,} excluded): {self.cached:,} cached, {self.fetched:,} fetched "
                f"({self.requests:,} requests); {self.count(BROKEN) + len({o.target for o, _ in links.invalid}):,} broken, "
                f"{self.redirected:,} redirected, {self.fragments_missing:,} fragments missing, "
                f"{self.count(UNVERIFIED):,} unverified; {self.seconds:.1f} s")


def collect_external_links(documents, settings: ExternalSettings) -> ExternalLinks:
    """Every external link of ``documents`` outside code, grouped by address."""
    found = ExternalLinks()
    include = [re.compile(pattern) for pattern in settings.include]
    exclude = [re.compile(pattern) for pattern in settings.exclude]
    no_fragments = [re.compile(pattern) for pattern in settings.fragments_exclude]
    for document in documents:
        if document.generated:
            continue
        for link in document.outline.links:
            if url_scheme(link.target) not in CHECKED_SCHEMES:
                continue
            target = html.unescape(link.target) if link.html else link.target
            url, fragment = split_fragment(target)
            problem = address_problem(url)
            if problem:
                found.invalid.append((Occurrence(document.path, link.line, link.column, link.target), problem))
            elif (include and not any(p.search(target) for p in include)) or any(p.search(target) for p in exclude) \
                    or is_example(host_of(url)):
                found.excluded.add(url)
            else:
                checked = fragment if fragment and not any(p.search(target) for p in no_fragments) else ""
                found.by_url.setdefault(url, []).append(
                    Occurrence(document.path, link.line, link.column, link.target, checked))
    return found


def split_fragment(target: str) -> tuple[str, str]:
    """``(address without fragment, decoded fragment)``; the scheme and host lowercased, a text directive
    (``#:~:text=``) dropped: it names words, not an element."""
    address, _, fragment = target.strip().partition("#")
    try:
        parts = urlsplit(address)
    except ValueError:  # address_problem tells why
        return address, unquote(fragment)
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    url = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    fragment = fragment.split(_TEXT_DIRECTIVE, 1)[0]
    return url, unquote(fragment)


def host_of(url: str) -> str:
    """The host name of ``url``, lowercased, without port."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def address_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched at all (no host, a placeholder, spaces), or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as error:
        return f"not a valid address ({error})"
    if not host:
        return "the address has no host"
    if not re.fullmatch(r"[a-z0-9.\-\[\]:]+", host) and not _is_unicode_name(host):
        return f"'{host}' is not a host name"
    if any(ch.isspace() for ch in url):
        return "the address contains spaces"
    return None


def _is_unicode_name(host: str) -> bool:
    """An internationalized host name (``bücher.de``): letters beyond ASCII, and nothing IDNA refuses."""
    if host.isascii() or any(ch in host for ch in "<>{}|\\^`\"' "):
        return False
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


def is_example(host: str) -> bool:
    """Example and local hosts: ``example.com``, ``*.test``, ``localhost``, loopback and private addresses."""
    if host in _EXAMPLE_DOMAINS or host.endswith(_EXAMPLE_SUFFIXES) or any(
            host.endswith("." + domain) for domain in _EXAMPLE_DOMAINS):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


def remapped(url: str, remap: tuple[tuple[str, str], ...]) -> str:
    """The address to fetch for ``url``: the first remap whose prefix it starts with, applied."""
    for old, new in remap:
        if url.startswith(old):
            return new + url[len(old):]
    return url


def unmapped(url: str, remap: tuple[tuple[str, str], ...]) -> str:
    """The address ``url`` stands for, when it is a remapped one (a mirror's own absolute redirect)."""
    for old, new in remap:
        if url.startswith(new):
            return old + url[len(new):]
    return url
