"""Controlled vocabularies for list-valued front matter keys (``feature``, ``role``).

A vocabulary file lists the values writers may use, either as a list or as
a mapping that also gives labels per language::

    - Orders                        Orders:
    - Invoices                        en: Orders
                                      de: Bestellungen

Labels a vocabulary file does not give come from the language files
(``vocabulary:`` in ``data/languages/<tag>.yml``), else the value is shown
as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from .settings import ConfigurationError
from .strings import Strings
from .text import load_yaml


@dataclass(frozen=True)
class Vocabulary:
    name: str
    labels: dict[str, dict[str, str]]

    def __contains__(self, value: str) -> bool:
        return value in self.labels

    def label(self, value: str, strings: Strings) -> str:
        """The label readers of ``strings``' language see; values without one show as written."""
        own = self.labels.get(value, {}).get(strings.lang)
        return own or strings["vocabulary"].get(self.name, {}).get(value) or value


def split_values(value) -> list[str]:
    """``"REST, Invoices,Orders"`` -> ``["REST", "Invoices", "Orders"]``."""
    if not isinstance(value, str):
        return []
    return [item.strip() for item in value.split(",") if item.strip()]


def vocabulary_file(name: str, directory: Path | None) -> Path | None:
    """The project's file of the ``name`` vocabulary (None: the bundled one is used)."""
    return directory / f"{name}.yml" if directory is not None else None


def load_vocabulary(name: str, directory: Path | None = None) -> Vocabulary:
    """The ``name`` vocabulary from ``directory``, else the bundled default."""
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
        data = load_yaml(text) or {}
    except yaml.YAMLError as error:
        raise ConfigurationError(f"{file}: invalid YAML: {error}") from error
    if isinstance(data, list) and all(isinstance(v, (str, int, float)) for v in data):
        return Vocabulary(name, {str(value): {} for value in data})
    if not isinstance(data, dict) or not all(isinstance(v, dict) or v is None for v in data.values()):
        raise ConfigurationError(f"{file}: expected a list of values, or `value: {{en: label, de: label}}` entries")
    return Vocabulary(name, {str(k): {str(l): str(t) for l, t in (v or {}).items()} for k, v in data.items()})
