"""Project settings shared by the CLI and the MkDocs plugin.

The single source of truth is ``mkdocs.yml``: the ``kb`` plugin's options,
``docs_dir``, the theme's ``custom_dir`` and the languages of the ``i18n``
plugin. The CLI reads that file without importing MkDocs, so the core stays
independent of it. :data:`DEFAULTS` holds the defaults of the plugin's
options that the core reads; the plugin's typed config takes them from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .external_settings import ExternalSettings, ExternalSettingsError, external_settings

DEFAULTS = {
    "articles_dir": "articles",  # folder of articles, relative to mkdocs.yml
    "grid_page": "patches.md",  # site path of the page holding the patch grid
    "baseline": "kb-baseline.json",  # findings accepted for now (kb check --write-baseline), relative to mkdocs.yml
}


class ConfigurationError(Exception):
    """The project configuration cannot be used (CLI exit code 2)."""


@dataclass(frozen=True)
class Settings:
    root: Path
    articles_dir: Path
    docs_dir: Path
    languages: tuple[str, ...] = ("en",)  # the i18n plugin's `languages` that are built, in its order
    default_language: str = "en"
    vocabulary_dir: Path | None = None
    strings_dir: Path | None = None  # the project's own language files (<tag>.yml), over the bundled ones
    qpt_dir: Path | None = None  # None: the bundled QPT metadata snapshot
    grid_page: str = DEFAULTS["grid_page"]
    theme_dir: Path | None = None  # the theme's custom_dir: not site pages; holds fragment overrides in kb/
    baseline: str = DEFAULTS["baseline"]  # relative to the root
    site_url: str | None = None  # mkdocs.yml's: where the site is published, when it says
    directory_urls: bool = True  # mkdocs.yml's use_directory_urls
    site_plugins: tuple[str, ...] = ()  # the names of mkdocs.yml's plugins (the tags page needs Material's)
    review_interval: int | None = None  # days after an article's last review (else update) that it is due again
    external: ExternalSettings = ExternalSettings()  # the external link check (`external_links` option)

    @property
    def baseline_file(self) -> Path:
        return self.root / self.baseline

    @property
    def cache_dir(self) -> Path:
        """Where the external link check keeps what it found (git-ignored)."""
        return self.root / self.external.cache_dir

    @property
    def fragment_overrides(self) -> Path | None:
        """Where the project's own versions of our fragment templates live (``<custom_dir>/kb/``)."""
        return self.theme_dir / "kb" if self.theme_dir is not None else None

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
    theme = config.get("theme") if isinstance(config.get("theme"), Mapping) else {}
    return settings_for(plugins.get("kb") or {}, str(docs_dir), str(config_file), plugins.get("i18n") or {},
                        theme.get("custom_dir"), tuple(plugins), config.get("site_url") or None,
                        config.get("use_directory_urls") is not False)


def settings_for(plugin_options: dict, docs_dir: str, config_file: str, i18n_options: dict,
                 custom_dir: str | None = None, site_plugins: tuple[str, ...] = (), site_url: str | None = None,
                 directory_urls: bool = True) -> Settings:
    """Settings from configuration values: MkDocs' validated ones, or mkdocs.yml's as read by load_settings."""
    root = Path(config_file).resolve().parent
    languages, default = _languages(i18n_options)
    vocabulary = plugin_options.get("vocabulary_dir")
    own_strings = plugin_options.get("strings_dir")
    qpt = plugin_options.get("qpt_dir")
    try:
        external = external_settings(plugin_options.get("external_links"))
    except ExternalSettingsError as error:
        raise ConfigurationError(f"kb plugin option {error}") from None
    return Settings(
        root=root,
        articles_dir=root / plugin_options.get("articles_dir", DEFAULTS["articles_dir"]),
        docs_dir=Path(docs_dir),
        languages=languages,
        default_language=default,
        vocabulary_dir=(root / vocabulary) if vocabulary else None,
        strings_dir=(root / own_strings) if own_strings else None,
        qpt_dir=(root / qpt) if qpt else None,
        grid_page=plugin_options.get("grid_page") or DEFAULTS["grid_page"],
        theme_dir=(root / custom_dir) if custom_dir else None,
        baseline=plugin_options.get("baseline") or DEFAULTS["baseline"],
        site_url=str(site_url) if site_url else None,
        directory_urls=directory_urls,
        site_plugins=site_plugins,
        review_interval=_positive(plugin_options.get("review_interval")),
        external=external,
    )


def _positive(value) -> int | None:
    """A number of days, or None when it is not a positive whole number (the plugin's typed config says so)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _plugin_options(plugins) -> dict[str, dict]:
    """``plugins:`` may be a list of names / one-key mappings, or a mapping."""
    items = plugins.items() if isinstance(plugins, Mapping) else (
        next(iter(p.items())) if isinstance(p, Mapping) else (p, {}) for p in plugins
    )
    return {name: (options or {}) for name, options in items}


def _languages(i18n: dict) -> tuple[tuple[str, ...], str]:
    """The one list of site languages: the i18n plugin's (English alone without it)."""
    entries = [lang for lang in i18n.get("languages") or [] if isinstance(lang, Mapping) and lang.get("locale")]
    if not entries:
        return ("en",), "en"
    languages = tuple(str(lang["locale"]) for lang in entries if lang.get("build", True))
    default = next((str(lang["locale"]) for lang in entries if lang.get("default")), languages[0])
    return languages, default
