"""``kb import-exl``: per-language EXL trees -> ``articles/<path>.<lang>.md``.

One EXL repository per language, each with ``help/**/*.md``, ``help/TOC.md``,
assets and (English only) ``redirects.csv``. The import:

* writes every article to ``<out>/<path>.<lang>.md``, with /help/ links made
  relative and EXL's ``hide`` / ``hidefromtoc`` turned into our ``hidden``
  / ``unlisted`` (Material reads ``hide`` as a list of page parts); every
  other front matter line is kept as written;
* copies each asset once when the languages have the same bytes, else adds
  ``<name>.<lang>.<ext>`` for the language that differs;
* turns each language's TOC into ``_section.yml`` files (titles, order) and
  ``redirects.csv`` into ``_redirects.yml``;
* is safe to re-run: a manifest (``.kb-import.json``) remembers what was
  written, files changed since are kept unless ``force``, writes are atomic;
  articles the import wrote before whose source is gone are reported, and
  removed only with ``prune`` and only when nobody changed them since.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...core.settings import ConfigurationError
from ...core.text import digest
from ..files import KEPT, Manifest, plan_write, write_planned
from .links import rewrite_links
from .redirects import redirect_map
from .toc import folders, parse_toc

MANIFEST = ".kb-import.json"
NOT_ARTICLES = {"TOC.md", "toc-backup.md"}
_EXL_FLAGS = re.compile(r"^(?P<key>hide|hidefromtoc):[ \t]*(?P<value>\S+)[ \t]*$", re.MULTILINE)
_OUR_KEY = {"hide": "hidden", "hidefromtoc": "unlisted"}
_TRUE = {"yes", "true", "on", "y"}
_ARTICLE_LANG = re.compile(r"\.(?P<lang>[^./]+)\.md$")

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    articles: Counter = field(default_factory=Counter)  # per language
    pairs: int = 0
    assets: Counter = field(default_factory=Counter)  # files, shared, localized
    links_rewritten: int = 0
    sections: int = 0
    redirects: int = 0
    actions: Counter = field(default_factory=Counter)  # created / updated / unchanged / kept local change
    kept: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # imported before, gone from the source, still here
    removed: list[str] = field(default_factory=list)  # of those, removed (prune, unchanged since the import)
    problems: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    """Everything the import would write: relative path -> bytes."""

    files: dict[str, bytes] = field(default_factory=dict)


def import_exl(sources: dict[str, Path], out: Path, default_lang: str, *, force: bool = False,
               dry_run: bool = False, prune: bool = False, progress: Progress | None = None) -> ImportReport:
    helps = {lang: _help_folder(path) for lang, path in sources.items()}
    report = ImportReport()
    plan = _Plan()
    _plan_articles(helps, plan, report)
    _plan_assets(helps, default_lang, plan, report)
    _plan_sections(helps, default_lang, plan, report)
    _plan_redirects(sources, helps, default_lang, plan, report)
    manifest = Manifest.load(out / MANIFEST)
    _apply(plan, out, manifest, report, force=force, dry_run=dry_run, progress=progress)
    _gone_from_source(plan, out, manifest, report, set(sources), prune=prune, dry_run=dry_run)
    if not dry_run:
        manifest.save()
    return report


def _help_folder(path: Path) -> Path:
    folder = path / "help" if (path / "help").is_dir() else path
    if not folder.is_dir():
        raise ConfigurationError(f"{path}: no such folder")
    if not any(folder.rglob("*.md")):
        raise ConfigurationError(f"{path}: no Markdown files (expected an EXL repository with help/)")
    return folder


def _articles(help_folder: Path):
    for file in sorted(help_folder.rglob("*.md")):
        relative = file.relative_to(help_folder).as_posix()
        if relative not in NOT_ARTICLES:
            yield relative, file


def _plan_articles(helps: dict[str, Path], plan: _Plan, report: ImportReport) -> None:
    seen: dict[str, set[str]] = {}
    for lang, folder in helps.items():
        for relative, file in _articles(folder):
            text = file.read_bytes().decode("utf-8", errors="surrogateescape")
            text, rewritten = rewrite_links(text, relative.rpartition("/")[0])
            text = _map_flags(text)
            plan.files[f"{relative[:-3]}.{lang}.md"] = text.encode("utf-8", errors="surrogateescape")
            report.articles[lang] += 1
            report.links_rewritten += rewritten
            seen.setdefault(relative, set()).add(lang)
    report.pairs = sum(1 for langs in seen.values() if len(langs) == len(helps))


def _map_flags(text: str) -> str:
    """EXL's hide/hidefromtoc -> our hidden/unlisted, in the front matter only."""
    if not text.startswith("---"):
        return text
    end = text.find("\n---", 3)
    if end < 0:
        return text
    return _EXL_FLAGS.sub(_our_flag, text[:end]) + text[end:]


def _our_flag(match: re.Match) -> str:
    value = "true" if match["value"].strip("'\"").lower() in _TRUE else "false"
    return f"{_OUR_KEY[match['key']]}: {value}"


def _plan_assets(helps: dict[str, Path], default_lang: str, plan: _Plan, report: ImportReport) -> None:
    first: dict[str, str] = {}  # relative path -> digest of the version written as <name>
    for lang in sorted(helps, key=lambda lang: lang != default_lang):
        for file in sorted(helps[lang].rglob("*")):
            if not file.is_file() or file.suffix == ".md" or file.name.startswith("."):
                continue
            relative = file.relative_to(helps[lang]).as_posix()
            data = file.read_bytes()
            if relative not in first:
                first[relative] = digest(data)
                plan.files[relative] = data
                report.assets["files"] += 1
            elif first[relative] == digest(data):
                report.assets["shared"] += 1
            else:
                stem, dot, extension = relative.rpartition(".")
                plan.files[f"{stem}.{lang}.{extension}" if dot else f"{relative}.{lang}"] = data
                report.assets["localized"] += 1


def _plan_sections(helps: dict[str, Path], default_lang: str, plan: _Plan, report: ImportReport) -> None:
    tocs = {}
    for lang, folder in helps.items():
        toc = folder / "TOC.md"
        if toc.is_file():
            tocs[lang] = parse_toc(toc.read_text("utf-8", errors="replace"))
        else:
            report.problems.append(f"{toc}: no TOC, sections keep their folder names")
    for folder, info in sorted(folders(tocs, default_lang).items()):
        content = {}
        if info.titles:
            content["title"] = dict(sorted(info.titles.items(), key=lambda item: item[0] != default_lang))
        if info.order:
            content["order"] = info.order
        if content:
            header = "# From help/TOC.md by kb import-exl: titles per language and reading order.\n"
            text = header + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000)
            plan.files[f"{folder}/_section.yml" if folder else "_section.yml"] = text.encode("utf-8")
            report.sections += 1


def _plan_redirects(sources, helps, default_lang: str, plan: _Plan, report: ImportReport) -> None:
    for lang in sorted(sources, key=lambda lang: lang != default_lang):
        csv_file = sources[lang] / "redirects.csv"
        if csv_file.is_file():
            keys = {relative[:-3] for relative, _ in _articles(helps[lang])}
            redirects, problems = redirect_map(csv_file.read_text("utf-8", errors="replace"), keys)
            report.problems += problems
            report.redirects = len(redirects)
            header = "# From redirects.csv by kb import-exl: old path -> article key or full address.\n"
            text = header + yaml.safe_dump(redirects, allow_unicode=True, sort_keys=True, width=1000)
            plan.files["_redirects.yml"] = text.encode("utf-8")
            return


def _apply(plan: _Plan, out: Path, manifest: Manifest, report: ImportReport, *, force: bool, dry_run: bool,
           progress) -> None:
    total = len(plan.files)
    for done, (relative, data) in enumerate(sorted(plan.files.items()), start=1):
        path = out / relative
        action = plan_write(path, data, manifest, relative, force)
        report.actions[action] += 1
        if action == KEPT:
            report.kept.append(relative)
        if not dry_run:
            write_planned(path, data, manifest, relative, action)
        if progress:
            progress(done, total)


def _gone_from_source(plan: _Plan, out: Path, manifest: Manifest, report: ImportReport, languages: set[str], *,
                      prune: bool, dry_run: bool) -> None:
    """Articles of the imported languages that an earlier import wrote and this source no longer has.

    Each is reported; with ``prune`` it is deleted (or, in a dry run, said to
    be) unless someone changed it since the import wrote it: a local edit is
    never deleted.
    """
    for relative in sorted(set(manifest.written) - set(plan.files)):
        match = _ARTICLE_LANG.search(relative)
        if match is None or match["lang"] not in languages:
            continue
        path = out / relative
        if not path.is_file():
            del manifest.written[relative]
            continue
        report.left.append(relative)
        if prune and manifest.written[relative] == digest(path.read_bytes()):
            report.removed.append(relative)
            if not dry_run:
                path.unlink()
                del manifest.written[relative]
