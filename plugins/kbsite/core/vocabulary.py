"""Controlled vocabularies for list-valued front matter keys (``feature``, ``role``).

A vocabulary file maps each value writers use to its label per language::

    Orders:
      en: Orders
      fr: Commandes
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from .settings import ConfigurationError
from .source import file_stamp


@dataclass(frozen=True)
class Vocabulary:
    name: str
    labels: dict[str, dict[str, str]]

    def __contains__(self, value: str) -> bool:
        return value in self.labels

    def label(self, value: str, lang: str) -> str:
        """The reader-facing label; unknown values and languages show as written."""
        return self.labels.get(value, {}).get(lang, value)


def split_values(value) -> list[str]:
    """``"REST, Invoices,Orders"`` -> ``["REST", "Invoices", "Orders"]``."""
    if not isinstance(value, str):
        return []
    return [item.strip() for item in value.split(",") if item.strip()]


_LOADED: dict[tuple, Vocabulary] = {}


def load_vocabulary(name: str, directory: Path | None = None) -> Vocabulary:
    """The ``name`` vocabulary from ``directory``, else the bundled default.

    The same object again while the file is unchanged (checks remember their
    findings per vocabulary object).
    """
    stamp = file_stamp(directory / f"{name}.yml") if directory is not None else None
    key = (name, str(directory), stamp)
    if key not in _LOADED:
        _LOADED[key] = _read_vocabulary(name, directory)
    return _LOADED[key]


def _read_vocabulary(name: str, directory: Path | None) -> Vocabulary:
    if directory is not None:
        file = directory / f"{name}.yml"
        try:
            text = file.read_text("utf-8")
        except OSError as error:
            raise ConfigurationError(f"{file}: cannot read the {name} vocabulary: {error.strerror}") from error
    else:
        file = f"kbsite/data/vocabulary/{name}.yml"
        text = resources.files("kbsite.data").joinpath("vocabulary", f"{name}.yml").read_text("utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise ConfigurationError(f"{file}: invalid YAML: {error}") from error
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ConfigurationError(f"{file}: expected `value: {{en: label, fr: label}}` entries")
    return Vocabulary(name, {str(k): {str(l): str(t) for l, t in v.items()} for k, v in data.items()})
