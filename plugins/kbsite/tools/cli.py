"""The ``kb`` command line: the same core as the MkDocs plugin, no MkDocs."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

from ..core.addresses import SiteUrls
from ..core.baseline import baseline_json, fingerprint
from ..core.collector import set_for_builds
from ..core.diagnostics import Severity, worst
from ..core.settings import ConfigurationError, Settings, load_settings
from ..core.text import plural
from ..environment import open_environment
from ..external.cache import LinkCache
from ..qpt.ids import PATCH_ID_TEXT
from ..rules import Outcome
from ..translations.stamping import stamp
from .exl.importer import import_exl
from .files import atomic_write
from .fix_redirects import apply_redirect_fixes, plan_redirect_fixes
from .link_targets import CannotRewrite
from .move import MoveError, apply_move, article_key, plan_move
from .reporting import (
    FORMATS,
    ReportDetails,
    format_outcome,
    import_summary,
    progress_bar,
    render_translations,
)
from .scaffold import ScaffoldError, new_article, new_patch_article

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def run() -> None:
    """The console script: like other commands, end quietly when the reader goes (``kb ... | head``)."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    set_for_builds()  # kb check loads and checks the whole project, as a build does
    sys.exit(main())


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ConfigurationError as error:
        print(f"kb: configuration error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Knowledge base tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    project = argparse.ArgumentParser(add_help=False)  # what every command accepts
    project.add_argument("--config", type=Path, help="mkdocs.yml to read (default: ./mkdocs.yml)")
    check = commands.add_parser(
        "check", parents=[project], help="validate articles and site pages",
        description="Validate front matter, structure, translations and links. "
                    "Exit status: 0 clean or warnings only, 1 errors (or warnings with --strict), "
                    "2 usage or configuration error.",
    )
    check.add_argument("path", nargs="?", type=Path,
                       help="project folder (with mkdocs.yml), articles folder or file to report on")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--strict", action="store_true", help="exit with status 1 on warnings too (as mkdocs build --strict)")
    check.add_argument("--write-baseline", action="store_true",
                       help="record every current finding in the baseline file (kb-baseline.json, or the kb plugin's "
                            "`baseline` option); later checks report those as a count and fail only on new ones")
    check.add_argument("--external", action="store_true",
                       help="also check links to other sites (KB411-KB414): each address once, politely, with the "
                            "results kept in .cache/kbsite/ (the kb plugin's `external_links` options)")
    check.add_argument("--refresh", action="store_true",
                       help="with --external: fetch every address again, whatever the cache holds")
    check.set_defaults(handler=_check)

    fix = commands.add_parser(
        "fix-redirects", parents=[project], help="point permanently redirected links at their new address",
        description="Rewrite every link that the last `kb check --external` found permanently redirected (301, 308) "
                    "to the address it leads to, in every language, never inside code. A file changed since that "
                    "check is left alone (exit status 1): check again first.",
    )
    fix.add_argument("--dry-run", action="store_true", help="list what would change, write nothing")
    fix.set_defaults(handler=_fix_redirects)

    translations = commands.add_parser(
        "translations", parents=[project], help="translation status of every article",
        description="For every article and language: translated, missing, stale, machine-translated, draft, "
                    "or unknown source. --stamp records that translations match their English source now.",
    )
    translations.add_argument("--format", choices=("text", "json"), default="text")
    translations.add_argument("--stamp", nargs="+", type=Path, metavar="TRANSLATION",
                              help="translation files to mark as up to date with their source")
    translations.set_defaults(handler=_translations)

    new = commands.add_parser(
        "new", parents=[project], help="scaffold an article in every language",
        description="kb new PATCH-ID: a patch article from the QPT metadata. "
                    "kb new --section SECTION SLUG: an article with the troubleshooting template. "
                    "Never overwrites: exit status 1 when the article exists or the patch is unknown.",
    )
    new.add_argument("name", metavar="PATCH-ID|SLUG")
    new.add_argument("--section", help="folder below the articles folder (default for patches: qpt-patches)")
    new.add_argument("--qpt-version", help="the QPT release that ships the patch, such as 1.1.4")
    new.set_defaults(handler=_new)

    move = commands.add_parser(
        "mv", parents=[project], help="rename an article in every language, with the links to it",
        description="Move every language version of an article (keeping its exl-id), rewrite every link to it in "
                    "every language, and redirect its old address to the new one. Never overwrites: exit status 1 "
                    "when the new address is taken or the article does not exist.",
    )
    move.add_argument("old", metavar="OLD", help="the article: its key (how-to/x) or one of its files")
    move.add_argument("new", metavar="NEW", help="its new key (how-to/y) or file name")
    move.add_argument("--dry-run", action="store_true", help="list what would change, write nothing")
    move.set_defaults(handler=_move)

    exl = commands.add_parser(
        "import-exl", parents=[project], help="import Experience League repositories (one per language)",
        description="Turn per-language Experience League trees (help/**/*.md) into articles/<path>.<lang>.md. "
                    "Safe to re-run: files changed since the last import are kept unless --force; articles "
                    "gone from the source are reported, and removed with --prune unless changed locally.",
    )
    exl.add_argument("--lang", action="append", required=True, metavar="LANG=PATH", type=_lang_path,
                     help="a language and its EXL repository (or its help/ folder); repeat per language")
    exl.add_argument("--out", type=Path, help="articles folder to write (default: the project's articles_dir)")
    exl.add_argument("--force", action="store_true", help="overwrite files changed since the last import")
    exl.add_argument("--prune", action="store_true",
                     help="remove imported articles that are gone from the source (never ones changed since)")
    exl.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    exl.set_defaults(handler=_import_exl)
    return parser


def _check(args) -> int:
    settings, scope = project_settings(args.path, args.config)
    if args.write_baseline and scope is not None:
        raise ConfigurationError("--write-baseline records the whole project: give no PATH inside it")
    if args.refresh and not args.external:
        raise ConfigurationError("--refresh goes with --external")
    env = open_environment(settings, remember=args.config is not None or (settings.root / "mkdocs.yml").is_file())
    kb = env.kb
    external = None
    if args.external:
        from ..external.run import check_external  # aiohttp: a tenth of a second to import, for --external only
        external = check_external(kb, args.refresh, progress_bar(sys.stderr), documents=[
            d for d in kb.documents if scope is None or _within(d.abs_path, scope)])
    outcome = env.check(two_processes=True, external=external)
    if args.write_baseline:
        return _write_baseline(settings, outcome)
    if scope is not None:
        outcome = outcome.within(lambda path: _within(settings.root / path, scope))
    checked = sum(1 for d in kb.documents if not d.generated and (scope is None or _within(d.abs_path, scope)))
    notes = outcome.notes(settings) + ([external.summary()] if external else [])
    for warning in external.warnings if external else ():
        print(f"kb check: warning: {warning}", file=sys.stderr)
    report = ReportDetails(notes, rules_url(settings), lambda found: fingerprint(found, outcome.texts))
    output = format_outcome(outcome, checked, args.format, report)
    if output:
        print(output)
    if args.format != "text":  # the output is for a program; the notes are for the person running it
        for note in notes:
            print(f"kb check: {note}", file=sys.stderr)
    failing = Severity.WARNING if args.strict else Severity.ERROR
    return EXIT_ERRORS if (worst(outcome.reported) or 0) >= failing else EXIT_OK


def _write_baseline(settings: Settings, outcome: Outcome) -> int:
    findings = outcome.current
    atomic_write(settings.baseline_file, baseline_json(findings, outcome.texts, outcome.carried).encode("utf-8"))
    files = len({d.path for d in findings})
    print(f"wrote {settings.relative(settings.baseline_file)}: {plural(len(findings), 'finding')} "
          f"in {plural(files, 'file')}; kb check now fails only on new ones")
    return EXIT_OK


def rules_url(settings: Settings) -> str | None:
    """The absolute address of the site's rules page, when mkdocs.yml says where the site is published."""
    if not settings.site_url:
        return None
    urls = SiteUrls(settings.default_language, settings.directory_urls)
    return settings.site_url.rstrip("/") + "/" + urls.page("rules", settings.default_language)


def _translations(args) -> int:
    settings, _ = project_settings(None, args.config)
    env = open_environment(settings)
    kb, report = env.kb, env.translations
    if args.stamp:
        wanted = {path.resolve() for path in args.stamp}
        chosen = [d for d in kb.articles if d.abs_path.resolve() in wanted and d.lang != settings.default_language]
        unknown = wanted - {d.abs_path.resolve() for d in chosen}
        if unknown:
            raise ConfigurationError(f"not a translation of this project: {', '.join(sorted(map(str, unknown)))}")
        changed, refused = stamp(report, chosen)
        for document in changed:
            print(f"stamped {document.path}")
        for reason in refused:
            print(f"kb: not stamped: {reason}", file=sys.stderr)
        return EXIT_ERRORS if refused else EXIT_OK
    print(render_translations(report, args.format))
    return EXIT_OK


def _new(args) -> int:
    settings, _ = project_settings(None, args.config)
    env = open_environment(settings)
    try:
        if PATCH_ID_TEXT.fullmatch(args.name):
            if not env.metadata.available:
                raise ConfigurationError("the QPT metadata cannot be read (kb check names the problem)")
            written = new_patch_article(env.kb, env.fragments, env.context.patches, args.name,
                                        args.section or "qpt-patches", args.qpt_version)
        elif args.section:
            written = new_article(env.kb, env.fragments, args.section, args.name)
        else:
            raise ConfigurationError(f"'{args.name}' is not a patch id; for another article give --section")
    except ScaffoldError as error:
        print(f"kb new: {error}", file=sys.stderr)
        return EXIT_ERRORS
    for path in written:
        print(f"created {settings.relative(path)}")
    return EXIT_OK


def _move(args) -> int:
    settings, _ = project_settings(None, args.config)
    old, new = article_key(settings, args.old), article_key(settings, args.new)
    try:
        plan = plan_move(open_environment(settings).kb, old, new)
    except (MoveError, CannotRewrite) as error:
        print(f"kb mv: {error}", file=sys.stderr)
        return EXIT_ERRORS
    if not args.dry_run:
        apply_move(plan)
    verb = "would " if args.dry_run else ""
    for source, target, _ in plan.moves:
        print(f"{verb}move {settings.relative(source)} -> {settings.relative(target)}")
    for file, _, links in plan.edits:
        if links:
            print(f"{verb}rewrite {plural(links, 'link')} in {settings.relative(file)}")
    for note in plan.notes:
        print(f"{verb}{note}")
    for hint in plan.hints:
        print(f"kb mv: {hint}", file=sys.stderr)
    return EXIT_OK


def _fix_redirects(args) -> int:
    settings, _ = project_settings(None, args.config)
    kb = open_environment(settings).kb
    cache = LinkCache.open(settings.cache_dir)
    try:
        fixes = plan_redirect_fixes(kb, cache)
        if not fixes.checked:
            print("kb fix-redirects: no external check is recorded here; run kb check --external first",
                  file=sys.stderr)
            return EXIT_ERRORS
        if not args.dry_run:
            apply_redirect_fixes(fixes, cache)
    except CannotRewrite as error:
        print(f"kb fix-redirects: {error}", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        cache.close()
    verb = "would rewrite" if args.dry_run else "rewrote"
    for document, _, links in fixes.edits:
        print(f"{verb} {plural(links, 'link')} in {document.path}")
    for path in fixes.refused:
        print(f"kb fix-redirects: {path} changed since the last kb check --external; check again to fix it",
              file=sys.stderr)
    total = sum(links for _, _, links in fixes.edits)
    print(f"{verb} {plural(total, 'permanently redirected link')} in {plural(len(fixes.edits), 'file')}"
          + (f"; {plural(len(fixes.refused), 'file')} changed since the check left alone" if fixes.refused else ""))
    return EXIT_ERRORS if fixes.refused else EXIT_OK


def _lang_path(text: str) -> tuple[str, Path]:
    lang, separator, path = text.partition("=")
    if not separator or not lang or not path:
        raise argparse.ArgumentTypeError(f"expected LANG=PATH, got {text!r}")
    return lang, Path(path)


def _import_exl(args) -> int:
    settings, _ = project_settings(None, args.config)
    sources = dict(args.lang)
    unknown = [lang for lang in sources if lang not in settings.languages]
    if unknown:
        raise ConfigurationError(f"{', '.join(unknown)}: not a site language ({', '.join(settings.languages)})")
    out = args.out or settings.articles_dir
    report = import_exl(sources, out, settings.default_language, force=args.force, dry_run=args.dry_run,
                        prune=args.prune, progress=progress_bar(sys.stderr))
    print(import_summary(report, out, args.dry_run))
    return EXIT_OK


def project_settings(path: Path | None, config: Path | None) -> tuple[Settings, Path | None]:
    """Settings for ``kb check [PATH]`` and the part of the project to report on.

    A PATH holding a ``mkdocs.yml`` is a project; a PATH inside the configured
    articles or docs folder narrows the report; any other folder is checked
    as a folder of articles with default settings.
    """
    if path is not None and not path.exists():
        raise ConfigurationError(f"{path}: no such file or directory")
    if config is None and path is not None and (path / "mkdocs.yml").is_file():
        return load_settings(path / "mkdocs.yml"), None
    config = config or (Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else None)
    if config is not None:
        settings = load_settings(config)
    else:
        root = Path.cwd().resolve()
        settings = Settings(root=root, articles_dir=root / "articles", docs_dir=root / "docs")
    if path is None:
        return settings, None
    path = path.resolve()
    if any(_within(path, folder) for folder in (settings.articles_dir, settings.docs_dir)):
        return settings, path
    if path.is_dir():
        return replace(settings, root=path.parent, articles_dir=path, docs_dir=path.parent / "docs"), None
    raise ConfigurationError(f"{path}: not inside the articles folder {settings.articles_dir}")


def _within(path: Path, folder: Path) -> bool:
    """Without following symbolic links: a link is where it lies, not where it points."""
    return Path(os.path.abspath(path)).is_relative_to(Path(os.path.abspath(folder)))


if __name__ == "__main__":  # pragma: no cover
    run()
