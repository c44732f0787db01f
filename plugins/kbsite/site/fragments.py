"""Jinja2 templates of the site fragments we generate (``kbsite/templates``).

HTML templates are autoescaped; Markdown templates are not (their input is
our own data, and the Markdown renderer escapes text).
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("kbsite.site", "templates"),
        autoescape=select_autoescape(["html", "html.j2", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
