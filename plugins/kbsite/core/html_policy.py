"""The HTML articles may contain, enforced at render and reported by the checks.

``data/html-policy.yml`` lists the allowed tags, attributes, URL schemes and
style properties. The same policy serves three places:

* :func:`escape_unknown_tags`: in the raw HTML Markdown sets aside (never
  code), tags that are neither allowed nor dangerous (``<project_id>`` in
  prose) become text, so readers see them;
* :func:`sanitize`: after Markdown, ``nh3`` (the Rust ``ammonia`` sanitizer)
  removes dangerous tags with their content, event handlers, other
  attributes and URLs the policy does not allow;
* :func:`html_findings`: the checks name, with its line, everything the
  sanitizer will remove.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import nh3

from .addresses import url_scheme
from .outline import prose_lines, without_code_spans
from .text import load_yaml, shorten

_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:_-]*)(?P<attrs>(?:\s+[^<>]*?)?)\s*(?P<self>/?)>")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
URL_ATTRIBUTES = {"href", "src"}


@dataclass(frozen=True)
class Policy:
    tags: frozenset[str]
    dangerous: frozenset[str]
    attributes: dict[str, frozenset[str]]
    url_schemes: frozenset[str]
    style_properties: frozenset[str]

    @cached_property
    def known(self) -> frozenset[str]:
        """Tags that stay tags: kept, or removed by the sanitizer."""
        return self.tags | self.dangerous

    def allows_attribute(self, tag: str, name: str) -> bool:
        return name in self.attributes.get(tag, ()) or name in self.attributes.get("*", ())

    def allows_url(self, value: str) -> bool:
        scheme = url_scheme(value)
        return scheme is None or scheme in self.url_schemes


@cache
def policy() -> Policy:
    data = load_yaml(resources.files("kbsite.data").joinpath("html-policy.yml").read_text("utf-8"))
    return Policy(
        tags=frozenset(data["tags"]),
        dangerous=frozenset(data["dangerous"]),
        attributes={tag: frozenset(names) for tag, names in data["attributes"].items()},
        url_schemes=frozenset(data["url_schemes"]),
        style_properties=frozenset(data["style_properties"]),
    )


@cache
def _cleaner() -> nh3.Cleaner:
    rules = policy()
    return nh3.Cleaner(
        tags=set(rules.tags),
        clean_content_tags=set(rules.dangerous),
        attributes={tag: set(names) for tag, names in rules.attributes.items()},
        url_schemes=set(rules.url_schemes),
        filter_style_properties=set(rules.style_properties),
        link_rel=None,
        strip_comments=True,
    )


def sanitize(html: str) -> str:
    """``html`` with only what the policy allows."""
    return _cleaner().clean(html)


def escape_unknown_tags(html: str) -> str:
    """Tags of ``html`` neither allowed nor dangerous, written as text (``&lt;project_id&gt;``)."""
    return _TAG.sub(_escape_unknown, html) if "<" in html else html


def _escape_unknown(match: re.Match) -> str:
    if match["name"].lower() in policy().known:
        return match.group(0)
    return match.group(0).replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based, in the body
    column: int
    kind: str  # "dangerous", "unknown", "attribute", "handler", "url"
    detail: str


def html_findings(body: str) -> list[Finding]:
    """Everything in the raw HTML of ``body`` that the render will remove or show as text.

    Read without rendering, as the outline reads links: fenced code and code
    spans are skipped; indented code blocks are not told apart from
    indented prose.
    """
    rules = policy()
    found: list[Finding] = []
    if "<" not in body:
        return found
    for number, prose in enumerate(prose_lines(body), start=1):
        line = without_code_spans(prose) if prose and "<" in prose else ""
        if "<" not in line:
            continue
        for tag in _TAG.finditer(line):
            name = tag["name"].lower()
            column = tag.start() + 1
            if name in rules.dangerous:
                if not tag["close"]:
                    found.append(Finding(number, column, "dangerous", f"<{name}>"))
            elif name not in rules.tags:
                if not tag["close"]:
                    found.append(Finding(number, column, "unknown", f"<{name}>"))
            else:
                found += _attribute_findings(rules, name, tag["attrs"], number, column)
    return found


def _attribute_findings(rules: Policy, tag: str, text: str, line: int, column: int) -> list[Finding]:
    found = []
    for attribute in _ATTRIBUTE.finditer(text or ""):
        name = attribute.group(1).lower()
        value = (attribute.group(2) or "").strip("\"'")
        if name.startswith("on"):
            found.append(Finding(line, column, "handler", f"{name} on <{tag}>"))
        elif not rules.allows_attribute(tag, name):
            found.append(Finding(line, column, "attribute", f"{name} on <{tag}>"))
        elif name in URL_ATTRIBUTES and not rules.allows_url(value):
            found.append(Finding(line, column, "url", f"{name}={shorten(value)} on <{tag}>"))
    return found
