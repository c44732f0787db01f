"""Helpers shared by the tests: paths, writing articles, checking and building projects."""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import cbor2
import frontmatter
import pytest
import yaml
from bs4 import BeautifulSoup
from kbsite.core.settings import load_settings
from kbsite.qpt.metadata import QptMetadata, bundled_directory, load_metadata
from kbsite.environment import open_environment
from kbsite.rules import run_checks
from kbsite.site.search_markup import Facets, index_document, search_body

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
# The sample's languages, default first; they grow with the bundled knowledge base.
SAMPLE_LANGUAGES = load_settings(REPO / "mkdocs.yml").languages
# What a copy of the sample project leaves out: git, code, tests, caches and build outputs.
NOT_SAMPLE = shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", ".hypothesis", ".pytest_cache",
                                    "tests", "plugins", "test-artifacts", "bench", "node_modules")


def unavailable(reason: str):
    """A test needs what this machine lacks: a failure under CI=true (CI installs everything), else a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@functools.cache
def bundled_metadata() -> QptMetadata:
    """The QPT metadata snapshot shipped with kbsite, loaded once per session."""
    return load_metadata(bundled_directory(), "qpt")


def write(root: Path, relative: str, content: str | bytes) -> Path:
    """Write a file below ``root``; str content is dedented."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def article(title="Flush the cache", exl_id="8f1c2b7e-5d4a-4c3b-9e2f-1a0b9c8d7e6f", extra="", body=None,
            feature="Cache", role="Admin") -> str:
    """A valid English article, adjustable piece by piece."""
    body = body if body is not None else f"# {title}\n\nSome text.\n"
    return f"---\ntitle: {title}\ndescription: A short summary.\nexl-id: {exl_id}\nfeature: {feature}\nrole: {role}\n{extra}---\n\n{body}"


def git_commit(project: Path, message: str, day: str) -> None:
    """Commit everything in ``project`` (a git repository) as made on ``day`` (2024-06-15), by a writer."""
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00",
           "GIT_AUTHOR_NAME": "Writer", "GIT_AUTHOR_EMAIL": "w@example.org",
           "GIT_COMMITTER_NAME": "Writer", "GIT_COMMITTER_EMAIL": "w@example.org"}
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=project, check=True, env=env)


def sample_without_dates(root: Path) -> Path:
    """A copy of the sample whose articles give no date of their own (its MDVA-40399 has a last-update)."""
    copy_sample(root)
    for path in (root / "articles").rglob("*.md"):
        text = path.read_text("utf-8")
        if "\nlast-update:" in text:
            path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("last-update:")), "utf-8")
    return root


def copy_sample(dest: Path) -> Path:
    """A private copy of the sample project (mkdocs.yml, docs, articles) at ``dest``, outside git."""
    shutil.copytree(REPO, dest, ignore=NOT_SAMPLE)
    return dest


def write_config(project: Path, languages: list[str], **changes) -> Path:
    """The sample's mkdocs.yml at ``project``, building exactly ``languages`` (the first is the default).

    A language the sample configures keeps its entry (name, site_name); ``changes`` replace top-level keys.
    """
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin)
    known = {entry["locale"]: entry for entry in i18n["languages"]}
    i18n["languages"] = [{**known.get(lang, {"locale": lang, "name": lang}), "build": True,
                          "default": index == 0} for index, lang in enumerate(languages)]
    config.update(changes)
    (project / config["theme"]["custom_dir"]).mkdir(parents=True, exist_ok=True)
    path = project / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def set_plugin_option(project: Path, key: str, value) -> None:
    """Set ``key: value`` in the kb plugin's options of the project's mkdocs.yml (a string is YAML: ``"false"``)."""
    path = project / "mkdocs.yml"
    config = yaml.safe_load(path.read_text("utf-8"))
    kb = next(plugin for plugin in config["plugins"] if isinstance(plugin, dict) and "kb" in plugin)
    value = str(value) if isinstance(value, Path) else yaml.safe_load(value) if isinstance(value, str) else value
    kb["kb"] = {**(kb["kb"] or {}), key: value}
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def check_project(root: Path):
    """All diagnostics of the project at ``root``."""
    settings = load_settings(root / "mkdocs.yml")
    return run_checks(open_environment(settings).context)


def page(site: Path, url: str) -> BeautifulSoup:
    """The built page at ``url`` (a folder below ``site``), parsed."""
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def corpus_bodies(corpus: Path, lang: str) -> list[tuple[Path, str]]:
    """Every article of the real corpus in ``lang`` (more than 900), with its Markdown body."""
    paths = sorted((corpus / "exl-kb" / lang / "help").rglob("*.md"))
    assert len(paths) > 900
    return [(path, frontmatter.loads(path.read_text("utf-8")).content) for path in paths]


def run_kb(*args, cwd):
    """The ``kb`` command in a subprocess, as users run it."""
    return subprocess.run([sys.executable, "-m", "kbsite.tools.cli", *map(str, args)], cwd=cwd, capture_output=True, text=True)


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path below ``site``, to compare two builds."""
    files = (p for p in sorted(site.rglob("*")) if p.is_file())
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in files}


def mkdocs_build(project: Path, site: Path, strict=True):
    """``mkdocs build`` in a subprocess, as CI runs it."""
    args = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)] + (["--strict"] if strict else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, cwd=project, capture_output=True, text=True, env=env)


def rewrite_body(project: Path, relative: str, body: str, extra: str = "") -> Path:
    """Give the article at ``relative`` a new body after its heading, keeping its front matter (plus ``extra`` keys)."""
    path = project / relative
    text = path.read_text("utf-8")
    end = text.index("\n---\n", 3)
    title = next(line for line in text[end + 5:].splitlines() if line.startswith("# "))
    path.write_text(f"{text[:end + 1]}{extra}---\n\n{title}\n\n{body}", "utf-8")
    return path


def search_index(site: Path, prefix: str = "") -> dict[str, dict]:
    """The pages of a language's Pagefind index: address -> what it keeps of the page (content, meta, filters).

    The metadata file (gzip-compressed ``pagefind_dcd`` and CBOR) names each page's fragment file
    (gzip-compressed ``pagefind_dcd`` and a JSON object).
    """
    bundle = site / prefix / "pagefind"
    pages = {}
    for name, _ in pagefind_metadata(bundle)[1]:
        data = json.loads(pagefind_payload(bundle / "fragment" / f"{name}.pf_fragment"))
        pages[data["url"]] = data
    return pages


def pagefind_payload(path: Path) -> bytes:
    """A Pagefind file's content: gzip-compressed, after the signature ``pagefind_dcd``."""
    return gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")


def pagefind_cbor(path: Path):
    """A Pagefind file holding CBOR (metadata, index chunk), decoded."""
    return cbor2.loads(pagefind_payload(path))


def pagefind_metadata(bundle: Path) -> list:
    """The metadata of a one-language bundle, from the file its entry file names."""
    language = next(iter(json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["languages"].values()))
    return pagefind_cbor(bundle / f"pagefind.{language['hash']}.pf_meta")


def search_languages(site: Path, prefix: str = "") -> list[str]:
    """The languages of the Pagefind bundle in ``<prefix>pagefind/``."""
    return sorted(json.loads((site / prefix / "pagefind" / "pagefind-entry.json").read_text("utf-8"))["languages"])


# Sixty pages that share three frequent words and each have rare ones (a topic, a patch id).
RARE_AND_FREQUENT = {f"page-{n}": "<p>" + " ".join(["module cache invoice"] * 20)
                     + f" topic{n:03d} rare{n % 7} MDVA-{40000 + n}</p>" for n in range(60)}


def pagefind_bundle(folder: Path, pages: dict[str, str], lang: str = "en", facets: Facets | None = None) -> Path:
    """A Pagefind bundle (``folder/pagefind``) of ``pages`` (folder name: HTML content), made by its binary
    from the copies of the pages the plugin gives it (title: the folder's name)."""
    from pagefind.service import get_executable

    for name, content in pages.items():
        (folder / name).mkdir(parents=True)
        document, _ = index_document(lang, search_body(content, name, facets or Facets()))
        (folder / name / "index.html").write_text(document, "utf-8")
    subprocess.run([str(get_executable()), "--site", str(folder), "--output-path", str(folder / "pagefind"),
                    "--force-language", lang.lower(), "--silent"], check=True)
    return folder / "pagefind"


def external_project(root: Path, internet, body: str, languages=("en",), **options) -> Path:
    """A one-article project (its English version) whose external links go to ``internet`` (quick time-outs,
    no pauses)."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    write_config(root, list(languages))
    settings = {"remap": internet.remap(), "per_host": {"timeout": 1, "interval": 0}, "retries": 1, **options}
    set_plugin_option(root, "external_links", settings)
    write(root, "articles/how-to/flush-the-cache.en.md", article(body=f"# Flush the cache\n\n{body}"))
    return root


def external_check(root: Path, refresh: bool = False, **arguments):
    """The external check of the project at ``root``: (knowledge base, report)."""
    from kbsite.external.run import check_external

    kb = open_environment(load_settings(root / "mkdocs.yml")).kb
    return kb, check_external(kb, refresh, **arguments)
