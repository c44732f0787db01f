"""Benchmark: load the QPT metadata and render the patch grid (both languages).

    .venv/bin/python bench/qpt_grid.py [QPT_DIR]

QPT_DIR defaults to ../shared/corpus/qpt when present, else the bundled
snapshot. Each run does what one build does, from scratch: load the
metadata, render the English grid, then the French one (which reuses what
the English one computed, as in a build), then patches.json. Prints the
median of the runs, then facts about the metadata that the closing notes
quote.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from kbsite.core.addresses import SiteUrls
from kbsite.core.knowledge_base import load_knowledge_base
from kbsite.core.settings import load_settings
from kbsite.core.strings import LanguageFiles
from kbsite.qpt.articles import build_patch_index
from kbsite.qpt.metadata import bundled_directory, load_metadata
from kbsite.qpt.versions import parse_version
from kbsite.site.fragments import Fragments
from kbsite.site.front_matter_text import FrontMatterText
from kbsite.site.patch_views import PatchLinks, patch_grid, patches_export

REPO = Path(__file__).resolve().parent.parent
RUNS = 7


def timed(step):
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def one_build(directory: Path, kb) -> tuple[dict[str, float], dict[str, int], object]:
    """Seconds per step and output sizes in bytes, from freshly loaded metadata."""
    seconds, sizes = {}, {}
    seconds["load"], metadata = timed(lambda: load_metadata(directory, "qpt"))
    links = PatchLinks(build_patch_index(kb, metadata, LanguageFiles()), SiteUrls("en"), "patches")
    fragments = Fragments(kb.settings.fragment_overrides, LanguageFiles(kb.settings.strings_dir))
    text = FrontMatterText(kb, SiteUrls("en"))
    for lang in ("en", "fr"):
        seconds[lang], html = timed(lambda: patch_grid(fragments, text, links, lang, lambda url: url, "patches.json"))
        sizes[lang] = len(html.encode("utf-8"))
    seconds["export"], export = timed(lambda: json.dumps(patches_export(links, ("en", "fr"))))
    sizes["export"] = len(export.encode("utf-8"))
    return seconds, sizes, metadata


def main() -> None:
    shared = REPO.parent / "shared" / "corpus" / "qpt"
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else (shared if shared.is_dir() else bundled_directory())
    kb = load_knowledge_base(load_settings(REPO / "mkdocs.yml"))  # the sample articles: some grid rows link
    runs = [one_build(directory, kb) for _ in range(RUNS)]
    median = {step: statistics.median(seconds[step] for seconds, _, _ in runs) * 1000 for step in runs[0][0]}
    _, sizes, metadata = runs[-1]
    print(f"metadata folder      {directory}")
    print(f"patches              {len(metadata.patches)} (metadata {metadata.version}), "
          f"{len(metadata.catalog.releases)} releases")
    print(f"load + validate      {median['load']:8.1f} ms (median of {RUNS} builds)")
    print(f"render grid (en)     {median['en']:8.1f} ms, {sizes['en'] / 1024:7.0f} KiB of HTML")
    print(f"render grid (fr)     {median['fr']:8.1f} ms, {sizes['fr'] / 1024:7.0f} KiB of HTML")
    print(f"patches.json         {median['export']:8.1f} ms, {sizes['export'] / 1024:7.0f} KiB")
    release = parse_version("2.4.3-p1")
    print(f"grid rows for 2.4.3-p1 {sum(release in p.releases for p in metadata.patches.values()):6d}")


if __name__ == "__main__":
    main()
