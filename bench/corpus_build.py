"""Benchmark: the real knowledge base, imported and built, against a plain build.

    .venv/bin/python bench/corpus_build.py [--corpus ../shared/corpus] [--langs en,fr,de,ja] [--keep DIR]
                                           [--runs 3] [--skip-plain] [--skip-serve] [--skip-scaling] [--extras-cost]
                                           [--skip-nine]

1. imports ../shared/corpus/exl-kb (every language it has, or --langs) into a
   temporary project whose mkdocs.yml lists exactly those languages, and commits it to git (articles get
   their dates from its history, as in a team's repository);
2. times `kb check` (without, then with the findings the cache keeps), our full build (every check
   on, without a cache: a clean build) and a plain mkdocs-material + mkdocs-static-i18n build of the
   same files with navigation.prune, in turn, ``--runs`` times each, and compares the medians;
3. prints what `kb check` found, per rule and per language;
4. prints both builds, their ratio, output sizes, search index sizes, peak memory, and the
   CPU seconds each used (every process, Pagefind's too) with their ratio; and, measured before
   each run, how much more two processes at once get done than one on the machine at that moment;
5. prints `kb translations` totals for the imported corpus;
6. after each clean build, times the builds that reuse it: nothing changed, one article's body edited,
   one title edited (bench/incremental.py); then `mkdocs serve` (plain, as `make serve` runs it but
   on a free address): its start without a cache, its start from the cache (three times), and five
   saves of an edited article to the page served; all as ratios to the clean build of the same run;
7. the same on a synthetic knowledge base of 1,000 articles in each of the nine languages, against a
   plain build of it (``--skip-nine`` leaves it out);
8. builds synthetic corpora of 1,000 and 10,000 articles and compares times;
9. with ``--extras-cost``, also builds the project without dates and related articles at each run, in
   turn with the others, and prints what they cost: the difference over our build, per run and median.

Each command runs in its own process. "peak" is the largest resident set, over the runs, of
one process among it and those it started, and each program's own (``mkdocs``,
Pagefind's ``pagefind``), read from /proc: our build runs each other
language in a process of its own at the same time, so together they use more.
Sizes are decimal megabytes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Every command runs as on a writer's machine, where Python keeps the modules it compiled: a sandbox's
# PYTHONDONTWRITEBYTECODE would have each process compile kbsite's again (0.1 s; pip compiled the others').
ENV = {**{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1"}
sys.path.insert(0, str(REPO / "bench"))

from incremental import Series, build_series, print_series, serve_series  # noqa: E402
from search_browser import index_size  # noqa: E402
from synthetic import NINE, make_corpus  # noqa: E402


def run(args, cwd) -> tuple[float, dict[str, int], subprocess.CompletedProcess]:
    """Wall seconds, the peak resident set of each program in the process tree (bytes), and the result.

    Peaks are read from /proc while the command runs (each process's high-water mark, VmHWM), so a
    build's own processes and the Pagefind processes it starts are told apart.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(map(str, args)), cwd=cwd, stdout=out, stderr=err, text=True, env=ENV)
        peaks: dict[str, int] = {}
        while process.poll() is None:
            _sample_peaks(process.pid, peaks)
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return seconds, peaks, subprocess.CompletedProcess(args, process.returncode, out.read(), err.read()[-4000:])


def _sample_peaks(root: int, peaks: dict[str, int]) -> None:
    """Record the high-water mark of ``root`` and its descendants, per program name."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path("/proc", entry, "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    todo = [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            name = Path("/proc", str(pid), "comm").read_text().strip()
            status = Path("/proc", str(pid), "status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        if found:
            peaks[name] = max(peaks.get(name, 0), int(found.group(1)) * 1024)


def peak_text(peaks: dict[str, int]) -> str:
    """The largest process, and the peak of each program: ``peak 185.1 MB (mkdocs 185.1 MB, pagefind 440.4 MB)``."""
    each = ", ".join(f"{name} {mb(size).strip()}" for name, size in sorted(peaks.items()))
    return f"peak {mb(max(peaks.values(), default=0))} per process ({each})"


def largest(*peaks: dict[str, int]) -> dict[str, int]:
    """Each program's largest peak over several runs."""
    return {name: max(peak.get(name, 0) for peak in peaks) for name in set().union(*peaks)}


def checked(what: str, timing: tuple[float, int, subprocess.CompletedProcess], worst: int = 0):
    """``timing`` unless its command failed with an exit code above ``worst``: then stop, saying why."""
    if timing[2].returncode > worst:
        sys.exit(f"{what} failed (exit {timing[2].returncode}):\n{timing[2].stderr}")
    return timing


def project(root: Path, languages: list[str] | None = None) -> Path:
    """A project with this repository's mkdocs.yml (its languages set to ``languages``) and site pages, no articles."""
    root.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    if languages:
        i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin)
        known = {entry["locale"]: entry for entry in i18n["languages"]}
        i18n["languages"] = [known.get(lang, {"locale": lang, "name": lang, "build": True}) for lang in languages]
        for entry in i18n["languages"]:
            entry["default"] = entry["locale"] == languages[0]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    (root / "articles").mkdir(exist_ok=True)
    return root


def plain_project(ours: Path, root: Path) -> Path:
    """The same pages for a plain Material + static-i18n build: articles copied into docs/."""
    shutil.copytree(ours / "docs", root / "docs", ignore=shutil.ignore_patterns("overrides"))
    shutil.copytree(ours / "articles", root / "docs", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("_section.yml", "_redirects.yml", ".kb-import.json"))
    config = yaml.safe_load((ours / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = [plugin for plugin in config["plugins"] if not (isinstance(plugin, dict) and "kb" in plugin)]
    config["plugins"].insert(0, "search")  # Material's search, as a plain site has it (ours is the kb plugin's)
    config["theme"].pop("custom_dir", None)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"].pop("reconfigure_search", None)
            for entry in plugin["i18n"]["languages"]:  # Material has no zh-Hans: zh, as our plugin picks it
                if not (MATERIAL_LANGUAGES / f"{entry['locale']}.html").exists():
                    entry["theme"] = {"language": entry["locale"].split("-")[0]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return root


def sizes(site: Path, languages: list[str]) -> dict:
    generated = assets = 0
    for file in site.rglob("*"):
        if file.is_file():
            if file.suffix in (".html", ".json", ".xml", ".gz"):
                generated += file.stat().st_size
            else:
                assets += file.stat().st_size
    prefixes = {lang: "" if index == 0 else lang for index, lang in enumerate(languages)}
    index = {lang: index_size(site / prefix) for lang, prefix in prefixes.items() if index_size(site / prefix)}
    return {"generated": generated, "assets": assets, "search": index}


def mb(value: int) -> str:
    return f"{value / 1e6:6.1f} MB"


def spread(seconds: list[float]) -> str:
    """``(median of 3: 27.9-36.7 s)``: how far the runs of a noisy machine lie apart."""
    return f"(median of {len(seconds)}: {min(seconds):.1f}-{max(seconds):.1f} s)"


@dataclass
class Runs:
    """The builds of one project: wall seconds, CPU seconds and each program's largest peak."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: dict[str, int] = field(default_factory=dict)

    def add(self, root: Path, site: Path, config: str = "mkdocs.yml") -> None:
        seconds, peak, cpu = build(root, site, config)
        self.times.append(seconds)
        self.cpu.append(cpu)
        self.peak = largest(self.peak, peak)

    def compared(self, other: Runs, what: str) -> tuple[float, str]:
        """The medians of ``what`` (times or cpu) divided, and each run's quotient (``0.36, 0.41, 0.36``)."""
        mine, theirs = getattr(self, what), getattr(other, what)
        return statistics.median(mine) / statistics.median(theirs), each_run(m / t for m, t in zip(mine, theirs))


def each_run(values) -> str:
    """``0.36, 0.41, 0.36``: a figure per run, beside the median printed."""
    return ", ".join(f"{value:.2f}" for value in values)


def build(root: Path, site: Path, config: str = "mkdocs.yml"):
    """Wall seconds, peaks, and the CPU seconds (user and system) of the build's processes, Pagefind's included."""
    before = _children_cpu()
    seconds, peak, _ = checked(f"the build in {root}", run(
        [BIN / "mkdocs", "build", "-q", "-f", config, "--site-dir", site], root))
    return seconds, peak, _children_cpu() - before


WITHOUT_PAGE_EXTRAS = "mkdocs-without-extras.yml"
MATERIAL_LANGUAGES = Path(importlib.util.find_spec("material").origin).parent / "templates/partials/languages"


def in_git(root: Path) -> None:
    """The imported knowledge base committed, as a team keeps it: articles get their dates from git."""
    env = {**ENV, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_AUTHOR_DATE": "2024-12-05T12:00:00+00:00", "GIT_COMMITTER_DATE": "2024-12-05T12:00:00+00:00"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Import the knowledge base"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def without_page_extras(root: Path) -> str:
    """A second configuration of the project with no dates and no related articles (the kb plugin's
    ``last_updated: false`` and ``related_articles: 0``): what they cost is our build's time less its time."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "kb" in plugin:
            plugin["kb"] = {**(plugin["kb"] or {}), "last_updated": False, "related_articles": 0}
    (root / WITHOUT_PAGE_EXTRAS).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return WITHOUT_PAGE_EXTRAS


def _children_cpu() -> float:
    """CPU seconds of every process this one has waited for, and of those they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parallel_speedup(work: int = 4_000_000, rounds: int = 5) -> float:
    """How much more two processes at once get done than one alone: 2.0 on two free cores, less when the
    machine's cores are shared (another machine's load, two threads of one physical core).

    Our build spreads its work over both cores, the plain build runs on one: the less two processes get
    done at once, the closer our build's time comes to its CPU seconds, whatever the code. One process
    and two alternate ``rounds`` times and the medians are compared, as the machine's speed changes
    from one second to the next.
    """
    code = f"total = 0\nfor number in range({work}):\n    total += number"

    def seconds(count: int) -> float:
        started = time.perf_counter()
        for process in [subprocess.Popen([sys.executable, "-c", code]) for _ in range(count)]:
            process.wait()
        return time.perf_counter() - started

    one, two = zip(*((seconds(1), seconds(2)) for _ in range(rounds)))
    return 2 * statistics.median(one) / statistics.median(two)


def print_extras_cost(ours: Runs, bare: Runs) -> None:
    """What dates and related articles cost: our build's wall and CPU seconds less those of the same build
    without them, run by run, over our build's."""
    for what in ("times", "cpu"):
        mine, theirs = getattr(ours, what), getattr(bare, what)
        shares = [(m - t) / m for m, t in zip(mine, theirs)]
        print(f"without extras ({what:<5}) {statistics.median(theirs):6.2f} s   (dates and related articles off; "
              f"ours {statistics.median(mine):.2f} s)   cost {statistics.median(shares):+.1%} of our build "
              f"(goal <= 5 %; per run: {', '.join(f'{share:+.1%}' for share in shares)}; "
              f"medians compared: {1 - statistics.median(theirs) / statistics.median(mine):+.1%})")


def print_check_summary(report: str, languages: list[str]) -> None:
    """What ``kb check --format json`` found: totals, the count of each rule, then each rule per language."""
    data = json.loads(report)
    totals = data["summary"]
    print(f"  found               {totals['errors']} errors, {totals['warnings']} warnings "
          f"in {totals['files_with_problems']} of {totals['files_checked']} files")
    print("  by rule             " + ", ".join(f"{code} {entry['count']}" for code, entry in totals["by_rule"].items()))
    per_language = Counter()
    for found in data["diagnostics"]:
        match = re.search(r"\.([^./]+)\.md$", found["path"])
        per_language[found["code"], match.group(1) if match else "-"] += 1
    print("  rule per language   " + "".join(f"{lang:>8}" for lang in languages))
    for code in sorted({code for code, _ in per_language}):
        print(f"    {code} {totals['by_rule'][code]['name']:<14.14}" + "".join(f"{per_language[code, lang]:>8}" for lang in languages))


def print_translation_totals(root: Path) -> None:
    result = subprocess.run([BIN / "kb", "translations", "--format", "json"], cwd=root, capture_output=True,
                            text=True, env=ENV)
    if result.returncode != 0:
        sys.exit(f"kb translations failed:\n{result.stderr}")
    report = json.loads(result.stdout)
    for lang, counts in report["totals"].items():
        print(f"kb translations {lang}    " + ", ".join(f"{state} {count}" for state, count in counts.items())
              + f"   ({report['method']})")


def page_url(port: int, article: Path) -> str:
    """The address of ``article`` (a default-language file) on ``mkdocs serve`` at ``port``."""
    key = article.as_posix().split("/articles/", 1)[1].rsplit(".", 2)[0]
    return f"http://127.0.0.1:{port}/{key}/"


def clean_build(runs: Runs, series: Series, root: Path, site: Path) -> None:
    """Our build without a cache (``.cache/`` removed first): timed with its CPU seconds, and for the series."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    runs.add(root, site)
    series.add("clean build", runs.times[-1], runs.peak)


def edited_articles(root: Path) -> list[Path]:
    """English articles of the largest folder, to edit in turn (a writer's folder of the real knowledge base)."""
    folders = Counter(path.parent for path in (root / "articles").rglob("*.en.md"))
    return sorted(folders.most_common(1)[0][0].glob("*.en.md"))


def nine_languages(work: Path, runs: int, count: int = 1000) -> None:
    """Issue 26's figures on a synthetic knowledge base of ``count`` articles in each of the nine languages, with
    a plain Material + static-i18n build of it for the clean build's ratio."""
    root = project(work / "nine", list(NINE))
    make_corpus(root / "articles", count, NINE)
    in_git(root)
    plain = plain_project(root, work / "nine-plain")
    ours, theirs, series, edited = Runs(), Runs(), Series(), edited_articles(root)
    for _ in range(runs):
        clean_build(ours, series, root, work / "site-nine")
        build_series(series, root, work / "site-nine", run, [BIN / "mkdocs", "build", "-q"], edited)
        theirs.add(plain, work / "site-nine-plain")
    serve_series(series, root, BIN / "mkdocs", ENV, edited[0], page_url, sample_peaks=_sample_peaks)
    ratio, each = ours.compared(theirs, "times")
    cpu = ", ".join(f"{c / t:.2f}" for c, t in zip(ours.cpu, theirs.cpu))
    print(f"nine languages x {count} articles: plain build {statistics.median(theirs.times):.2f} s "
          f"{spread(theirs.times)}; clean build / plain {ratio:.2f} (goal <= 0.30; per run: {each}; cpu: {cpu})")
    print_series(f"nine languages x {count} articles", series, peak_text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--langs", help="languages to import, the default first (default: every one the corpus has)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--runs", type=int, default=3, help="times kb check and the builds run (medians are printed)")
    parser.add_argument("--skip-plain", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-nine", action="store_true", help="leave out the nine-language synthetic project")
    parser.add_argument("--extras-cost", action="store_true",
                        help="also build without dates and related articles at each run, and print what they cost")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    print(f"machine: {os.cpu_count()} cores; work folder {work}")

    exl = args.corpus / "exl-kb"
    languages = args.langs.split(",") if args.langs else sorted(
        (path.name for path in exl.iterdir() if (path / "help").is_dir()), key=lambda lang: lang != "en")
    ours = project(work / "ours", languages)
    import_command = [BIN / "kb", "import-exl", *(arg for lang in languages for arg in ("--lang", f"{lang}={exl / lang}"))]
    seconds, _, _ = checked("kb import-exl", run(import_command, ours))
    in_git(ours)
    files = {lang: len(list((ours / "articles").rglob(f"*.{lang}.md"))) for lang in languages}
    print(f"import-exl            {seconds:6.2f} s   articles: " + ", ".join(f"{lang} {n}" for lang, n in files.items()))

    # kb check, our build and the plain build in turn, so that all three meet the same moments of a noisy
    # machine (kb check's share of our build and the ratio are quotients of them).
    plain = None if args.skip_plain else plain_project(ours, work / "plain")
    extras = without_page_extras(ours) if args.extras_cost else None
    checks, our_runs, plain_runs, bare_runs, speedups = [], Runs(), Runs(), Runs(), []
    series, edited, warm_checks = Series(), edited_articles(ours), []
    for _ in range(args.runs):
        speedups.append(parallel_speedup())
        shutil.rmtree(ours / ".cache", ignore_errors=True)  # the checks' findings too: kb check checks all
        checks.append(checked("kb check", run([BIN / "kb", "check", "--format", "json"], ours), worst=1))
        warm_checks.append(checked("kb check", run([BIN / "kb", "check", "--format", "json"], ours), worst=1)[0])
        clean_build(our_runs, series, ours, work / "site-ours")
        build_series(series, ours, work / "site-ours", run, [BIN / "mkdocs", "build", "-q"], edited)
        if extras is not None:
            bare_runs.add(ours, work / "site-bare", extras)
        if plain is not None:
            plain_runs.add(plain, work / "site-plain")
    check_time = statistics.median(seconds for seconds, _, _ in checks)
    peak, result = largest(*(peak for _, peak, _ in checks)), checks[-1][2]
    print(f"kb check              {check_time:6.2f} s   {spread([seconds for seconds, _, _ in checks])}   "
          f"{peak_text(peak)}")
    print(f"kb check again        {statistics.median(warm_checks):6.2f} s   {spread(warm_checks)}   "
          f"(nothing changed: the findings kept in .cache/kbsite/)")
    print_check_summary(result.stdout, languages)
    print_translation_totals(ours)

    ours_time = statistics.median(our_runs.times)
    ours_sizes = sizes(work / "site-ours", languages)
    print(f"our build             {ours_time:6.2f} s   {spread(our_runs.times)}   {peak_text(our_runs.peak)}   "
          f"output {mb(ours_sizes['generated'])} + assets {mb(ours_sizes['assets'])}   "
          f"cpu {statistics.median(our_runs.cpu):.1f} s")
    print("  search index        " + ", ".join(f"{lang} {mb(size).strip()}" for lang, size in ours_sizes["search"].items()))
    print(f"kb check / our build  {check_time / ours_time:6.2f}  (goal <= 0.12)")
    if extras is not None:
        print_extras_cost(our_runs, bare_runs)
    if plain is not None:
        plain_sizes = sizes(work / "site-plain", languages)
        print(f"plain build (prune)   {statistics.median(plain_runs.times):6.2f} s   {spread(plain_runs.times)}   "
              f"{peak_text(plain_runs.peak)}   "
              f"output {mb(plain_sizes['generated'])} + assets {mb(plain_sizes['assets'])}   "
              f"search index (all languages) {mb(plain_sizes['search'].get(languages[0], 0))}   "
              f"cpu {statistics.median(plain_runs.cpu):.1f} s")
        ratio, each = our_runs.compared(plain_runs, "times")
        print(f"ratio ours / plain    {ratio:6.2f}  (goal <= 0.30; per run: {each})")
        # The work itself, whatever the machine's moment and however many cores it was spread over.
        ratio, each = our_runs.compared(plain_runs, "cpu")
        print(f"cpu ours / plain      {ratio:6.2f}  (per run: {each})")
    print(f"two processes / one   {statistics.median(speedups):6.2f}  (the machine at each run: work done by two "
          f"processes at once over one alone, 2.00 on two free cores; per run: {each_run(speedups)})")
    if not args.skip_serve:
        serve_series(series, ours, BIN / "mkdocs", ENV, edited[0], page_url, sample_peaks=_sample_peaks)
    print_series("the knowledge base, built again", series, peak_text)
    if not args.skip_nine:
        nine_languages(work, args.runs)
    if not args.skip_scaling:
        times = {}
        for count in (1000, 10000):
            root = project(work / f"synthetic-{count}")
            make_corpus(root / "articles", count)
            times[count], peak, _ = build(root, work / f"site-synthetic-{count}")
            print(f"synthetic {count:>6} articles x 2 languages: build {times[count]:6.2f} s   {peak_text(peak)}")
        print(f"scaling 10k / 1k      {times[10000] / times[1000]:6.2f}  (linear would be 10)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
