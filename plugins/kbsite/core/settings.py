"""Project settings shared by the CLI and the MkDocs plugin.

The single source of truth is ``mkdocs.yml``: the ``kb`` plugin's options,
``docs_dir`` and the languages of the ``i18n`` plugin. The CLI reads that file
without importing MkDocs, so the core stays independent of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml


class ConfigurationError(Exception):
    """The project configuration cannot be used (CLI exit code 2)."""


@dataclass(frozen=True)
class Settings:
    root: Path
    articles_dir: Path
    docs_dir: Path
    languages: tuple[str, ...] = ("en", "fr")
    default_language: str = "en"
    vocabulary_dir: Path | None = None
    qpt_dir: Path | None = None  # None: the bundled QPT metadata snapshot
    grid_page: str = "patches.md"  # site path of the patch grid page
    exclude_docs: tuple[str, ...] = field(default=("overrides",))

    def relative(self, path: Path) -> str:
        """Project-relative, ``/``-separated path for diagnostics."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, turning tags like ``!!python/name:`` or ``!ENV`` into None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_settings(config_file: Path) -> Settings:
    """Settings from a ``mkdocs.yml``; raises :class:`ConfigurationError`."""
    try:
        config = yaml.load(config_file.read_text("utf-8"), Loader=_TolerantLoader) or {}
    except OSError as error:
        raise ConfigurationError(f"{config_file}: cannot read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise ConfigurationError(f"{config_file}: invalid YAML: {error}") from error
    if not isinstance(config, dict):
        raise ConfigurationError(f"{config_file}: expected a mapping of settings")
    plugins = _plugin_options(config.get("plugins") or [])
    docs_dir = config_file.resolve().parent / str(config.get("docs_dir", "docs"))
    return settings_for(plugins.get("kb") or {}, str(docs_dir), str(config_file), plugins.get("i18n") or {})


def settings_for(plugin_options: dict, docs_dir: str, config_file: str, i18n_options: dict) -> Settings:
    """Settings from configuration values: MkDocs' validated ones, or mkdocs.yml's as read by load_settings."""
    root = Path(config_file).resolve().parent
    languages, default = _languages(i18n_options)
    vocabulary = plugin_options.get("vocabulary_dir")
    qpt = plugin_options.get("qpt_dir")
    return Settings(
        root=root,
        articles_dir=root / plugin_options.get("articles_dir", "articles"),
        docs_dir=Path(docs_dir),
        languages=languages,
        default_language=default,
        vocabulary_dir=(root / vocabulary) if vocabulary else None,
        qpt_dir=(root / qpt) if qpt else None,
        grid_page=plugin_options.get("grid_page") or "patches.md",
    )


def _plugin_options(plugins) -> dict[str, dict]:
    """``plugins:`` may be a list of names / one-key mappings, or a mapping."""
    items = plugins.items() if isinstance(plugins, Mapping) else (
        next(iter(p.items())) if isinstance(p, Mapping) else (p, {}) for p in plugins
    )
    return {name: (options or {}) for name, options in items}


def _languages(i18n: dict) -> tuple[tuple[str, ...], str]:
    entries = [lang for lang in i18n.get("languages") or [] if isinstance(lang, Mapping)]
    if not entries:
        return ("en", "fr"), "en"
    languages = tuple(str(lang["locale"]) for lang in entries if lang.get("build", True))
    default = next((str(lang["locale"]) for lang in entries if lang.get("default")), languages[0])
    return languages, default
