"""The site's rules page: the rule catalogue in the reader's language."""

from __future__ import annotations

from ..core.diagnostics import catalogue
from ..core.strings import messages
from .fragments import Fragments


def rules_markdown(fragments: Fragments, lang: str) -> str:
    """The rule catalogue for the site's rules page, in ``lang``."""
    return fragments.render("rules.md.j2", rules=catalogue().values(), lang=lang, t=messages(lang)["rules_page"])
