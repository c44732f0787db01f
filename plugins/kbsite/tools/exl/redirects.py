"""``redirects.csv``: EXL's moved pages, turned into our redirect map.

Rows are ``source,dest`` Experience League addresses. A source below the
knowledge base (``.../commerce-knowledge-base/kb/<path>.html``) becomes the
old path ``<path>`` of this site; its destination becomes the key of one of
our articles when the knowledge base has it (same path, or a unique article
with the same file name), else stays a full address.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from urllib.parse import unquote

from ...core.knowledge_base import is_safe_path

KB_PREFIX = "/docs/commerce-knowledge-base/kb/"


def _kb_path(url: str) -> str | None:
    """``.../kb/how-to/x.html`` -> ``how-to/x``. EXL's file escapes some dots (``10\\.0``)."""
    if KB_PREFIX not in url:
        return None
    path = unquote(url.split(KB_PREFIX, 1)[1].split("#")[0].split("?")[0]).replace("\\.", ".")
    return path.removesuffix(".html").strip("/")


def redirect_map(text: str, keys: set[str]) -> tuple[dict[str, str], list[str]]:
    """Old path -> article key or URL, and the rows that could not be used (with why)."""
    by_slug = defaultdict(list)
    for key in keys:
        by_slug[key.rsplit("/", 1)[-1]].append(key)
    redirects, problems = {}, []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        source, dest = (row.get("source") or "").strip(), (row.get("dest") or "").strip()
        old = _kb_path(source)
        if not old or not dest:
            problems.append(f"redirects.csv:{number}: source is not a knowledge base address: {source!r}")
            continue
        if not is_safe_path(old):
            problems.append(f"redirects.csv:{number}: unusable path {old!r}")
            continue
        if old in keys:
            problems.append(f"redirects.csv:{number}: {old} is an existing article; redirect ignored")
            continue
        target = _kb_path(dest)
        if target is not None and target in keys:
            redirects[old] = target
        elif target is not None and len(by_slug.get(target.rsplit("/", 1)[-1], [])) == 1:
            redirects[old] = by_slug[target.rsplit("/", 1)[-1]][0]
        else:
            redirects[old] = dest
    return redirects, problems
