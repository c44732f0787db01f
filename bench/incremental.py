"""What a build reuses of the last one, timed: the figures issue 26 sets goals for, on any project.

Used by ``bench/corpus_build.py`` (the real knowledge base, and a synthetic one in nine languages). For one
project:

* :func:`build_series`: after a clean build (no cache: ``.cache/`` removed, the caller's), the same build
  again with nothing changed, after one article's body is edited, and after one article's title is edited
  (both in English, the default language: the article's navigation, its translations and the pages that
  list it follow);
* :func:`serve_series`: ``mkdocs serve`` (plain, no flags) started without a cache of its own, then started
  again from the cache the first left (on the same address: the served pages name it), and the time from
  saving an edited article to the page served with the edit, several saves.

Each is timed in its own process, with the peak resident set of each program, as ``corpus_build.run`` does.
The goals are ratios to the clean build of the same run; :func:`print_series` prints them with the medians
and the spread of the runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# Goals (issue 26), as a share of the clean build of the same run, but the save, in seconds.
GOALS = {"nothing changed": 0.05, "one body edited": 0.10, "one title edited": 0.20, "serve, warm start": 0.15}
SAVE_GOAL = 1.5  # seconds from saving an article to the page served


@dataclass
class Series:
    """Seconds per figure over the runs, and each program's largest resident set."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)

    def add(self, figure: str, seconds: float, peak: dict[str, int] | None = None) -> None:
        self.seconds.setdefault(figure, []).append(seconds)
        self.peaks(peak or {})

    def peaks(self, peak: dict[str, int]) -> None:
        for name, size in peak.items():
            self.peak[name] = max(self.peak.get(name, 0), size)

    def median(self, figure: str) -> float:
        return statistics.median(self.seconds[figure])


def build_series(series: Series, root: Path, site: Path, run, build_command: list, edited: list[Path]) -> None:
    """One run of the builds that follow a clean build into ``site`` (the caller's, timed with its CPU seconds:
    ``series`` must have it): nothing changed, a body edited, a title edited. ``edited``: the articles to edit
    (the first two are used, and rotated, so that each run edits others). ``run``: corpus_build.run."""
    steps = [("nothing changed", None), ("one body edited", lambda: edit_body(edited[0])),
             ("one title edited", lambda: edit_title(edited[1]))]
    for figure, change in steps:
        if change is not None:
            change()
        seconds, peak, result = run([*build_command, "--site-dir", site], root)
        if result.returncode != 0:
            raise SystemExit(f"{figure}: the build failed:\n{result.stderr}")
        series.add(figure, seconds, peak)
    edited.append(edited.pop(0))
    edited.append(edited.pop(0))


def edit_body(article: Path) -> str:
    """A paragraph added before the article's second section; the marker it holds."""
    marker = f"bench-edit-{time.time_ns()}"
    text = article.read_text("utf-8")
    at = text.find("\n## ")
    at = at if at >= 0 else len(text)
    article.write_text(f"{text[:at]}\n\n{marker}\n{text[at:]}", "utf-8")
    return marker


def edit_title(article: Path) -> str:
    """The article's title (front matter and first heading) with a word added; the new title."""
    lines = article.read_text("utf-8").split("\n")
    word = f"bench{time.time_ns() % 100000}"
    title = ""
    for number, line in enumerate(lines):
        if line.startswith("title:"):
            value = line[len("title:"):].strip()
            quote = value[0] if value[:1] in "'\"" else ""
            title = value.strip("'\"") + " " + word
            lines[number] = f"title: {quote}{title}{quote}"
        elif line.startswith("# ") and title:
            lines[number] = line + " " + word
            break
    article.write_text("\n".join(lines), "utf-8")
    return title


def serve_series(series: Series, root: Path, mkdocs: Path, env: dict, article: Path, url_of, starts: int = 3,
                 saves: int = 5, sample_peaks=None) -> None:
    """Serve without a cache of its own, then ``starts`` times from the cache; in the last, ``saves`` saves.

    ``url_of(port, article)``: the page of ``article``; ``sample_peaks(pid, peaks)``: corpus_build's sampler.
    """
    shutil.rmtree(root / ".cache" / "kbsite" / "builds" / "serve", ignore_errors=True)
    (root / ".cache" / "kbsite" / "builds" / "serve.json").unlink(missing_ok=True)
    with socket.socket() as probe:  # one free address for every start: the served pages name it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for number in range(starts + 1):
        figure = "serve, cold start" if number == 0 else "serve, warm start"
        last = number == starts
        with _Server(root, mkdocs, env, port, sample_peaks) as server:
            series.add(figure, server.started, server.peaks)
            if not last:
                continue
            for _ in range(saves):
                time.sleep(1.0)  # MkDocs waits for the files to settle before it builds
                started = time.perf_counter()
                marker = edit_body(article)
                _wait_for(lambda: marker in _get(url_of(port, article)), 600)
                series.add("save to page served", time.perf_counter() - started)
            series.peaks(server.sample())


class _Server:
    """``mkdocs serve`` running: ``started`` is the seconds until its first page was served."""

    def __init__(self, root: Path, mkdocs: Path, env: dict, port: int, sample_peaks):
        self.root, self.mkdocs, self.env, self.port, self.sample_peaks = root, mkdocs, env, port, sample_peaks
        self.peaks: dict[str, int] = {}

    def __enter__(self):
        self.log = open(self.root / "serve.log", "w")
        start = time.perf_counter()
        self.process = subprocess.Popen([self.mkdocs, "serve", "-a", f"127.0.0.1:{self.port}"], cwd=self.root,
                                        env=self.env, stdout=subprocess.DEVNULL, stderr=self.log,
                                        start_new_session=True)
        home = f"http://127.0.0.1:{self.port}/"

        def served() -> bool:
            self.sample()
            return _get(home) != ""

        _wait_for(served, 1800)
        self.started = time.perf_counter() - start
        return self

    def sample(self) -> dict[str, int]:
        if self.sample_peaks is not None:
            self.sample_peaks(self.process.pid, self.peaks)
        return self.peaks

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def print_series(name: str, series: Series, peak_text) -> None:
    """The figures of one project: medians, spread, and the goals' ratios to the clean build."""
    clean = series.median("clean build")
    print(f"{name}:")
    for figure, seconds in series.seconds.items():
        median = statistics.median(seconds)
        spread = f"{min(seconds):.2f}-{max(seconds):.2f}" if len(seconds) > 1 else "one run"
        line = f"  {figure:<22}{median:8.2f} s  ({len(seconds)} {'runs' if figure != 'save to page served' else 'saves'}: {spread})"
        if figure in GOALS:
            ratios = ", ".join(f"{s / c:.3f}" for s, c in zip(seconds, series.seconds["clean build"]))
            line += f"   / clean build {median / clean:.3f} (goal <= {GOALS[figure]:.2f}; per run: {ratios})"
        elif figure == "save to page served":
            line += f"   (goal <= {SAVE_GOAL} s)"
        print(line)
    print(f"  {peak_text(series.peak)}")


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise TimeoutError("timed out")
