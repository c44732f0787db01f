"""Material's interface strings ("Skip to content", "Table of contents"), looked up once per language build.

Material's ``partials/language.html`` macro ``t(key)`` builds the whole
table of its language (about 70 entries), and English's when the key is
missing, on each call: dozens of calls per page. Our override of that
partial (``site/templates/theme/partials/language.html``) calls this
instead, which asks Material's own macros once per key and keeps the answer:
the same strings, and a ``custom_dir`` that overrides a language file is
still read.
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup


class ThemeStrings:
    def __init__(self, env: Environment, language: str):
        self._env = env
        self._language = language
        self._known: dict[str, Markup] = {}

    def __call__(self, key: str) -> Markup:
        value = self._known.get(key)
        if value is None:
            value = self._known[key] = Markup(self._table(self._language)(key) or self._table("en")(key) or key)
        return value

    def _table(self, language: str):
        return self._env.get_template(f"partials/languages/{language}.html").module.t
