"""Benchmark: load the QPT metadata and render the patch grid (both languages).

    .venv/bin/python bench/qpt_grid.py [QPT_DIR]

QPT_DIR defaults to ../shared/corpus/qpt when present, else the bundled
snapshot. Prints the median of several runs of each step.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from kbsite.knowledge_base import KnowledgeBase
from kbsite.patch_index import build_patch_index
from kbsite.patch_views import PatchLinks, SiteUrls, patch_grid, patches_export
from kbsite.qpt.metadata import bundled_directory, load_metadata
from kbsite.settings import Settings

REPO = Path(__file__).resolve().parent.parent
RUNS = 7


def median_seconds(step, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    shared = REPO.parent / "shared" / "corpus" / "qpt"
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else (shared if shared.is_dir() else bundled_directory())
    load_time, metadata = median_seconds(lambda: load_metadata(directory, "qpt"))
    settings = Settings(root=REPO, articles_dir=REPO / "articles", docs_dir=REPO / "docs")
    kb = KnowledgeBase(settings)
    links = PatchLinks(kb, build_patch_index(kb, metadata), SiteUrls("en"), "patches")
    href = lambda url: url  # noqa: E731 - identity: URLs stay site-relative
    grid_times = {}
    for lang in ("en", "fr"):
        grid_times[lang], html = median_seconds(lambda: patch_grid(links, lang, href, "patches.json"))
        grid_times[f"{lang}_bytes"] = len(html.encode("utf-8"))
    export_time, export = median_seconds(lambda: json.dumps(patches_export(links, ("en", "fr"))))
    print(f"metadata folder      {directory}")
    print(f"patches              {len(metadata.patches)} (metadata {metadata.version}), {len(metadata.catalog.releases)} releases")
    print(f"load + validate      {load_time * 1000:8.1f} ms (median of {RUNS})")
    for lang in ("en", "fr"):
        print(f"render grid ({lang})     {grid_times[lang] * 1000:8.1f} ms, {grid_times[lang + '_bytes'] / 1024:7.0f} KiB of HTML")
    print(f"patches.json         {export_time * 1000:8.1f} ms, {len(export) / 1024:7.0f} KiB")


if __name__ == "__main__":
    main()
