"""Localized strings and localized structure (``data/i18n/<lang>.yml``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def messages(lang: str) -> dict:
    """All strings of ``lang``; languages without a file fall back to English."""
    folder = resources.files("kbsite.data").joinpath("i18n")
    file = folder.joinpath(f"{lang}.yml")
    if not file.is_file():
        file = folder.joinpath("en.yml")
    return yaml.safe_load(file.read_text("utf-8"))
