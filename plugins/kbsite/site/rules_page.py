"""The site's rules page: the rule catalogue in the reader's language."""

from __future__ import annotations

from ..core.diagnostics import catalogue
from .fragments import Fragments


def rules_markdown(fragments: Fragments, lang: str) -> str:
    """The rule catalogue for the site's rules page, in ``lang``."""
    t = fragments.strings(lang)
    return fragments.render("rules.md.j2", rules=catalogue().values(), texts=t["rules"], t=t["rules_page"])
