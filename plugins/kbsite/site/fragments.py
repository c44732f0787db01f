"""The Jinja2 templates of the fragments we generate (``kbsite/site/templates``).

A project overrides one by putting a file of the same name in
``<custom_dir>/kb/`` (Material's ``custom_dir`` in ``mkdocs.yml``), as it
overrides Material's partials: ``docs/overrides/kb/patch_card.html``.

HTML templates are autoescaped; Markdown templates are not (their input is
our own data, and the Markdown renderer escapes text).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

OVERRIDES_FOLDER = "kb"  # below the theme's custom_dir


class Fragments:
    """Renders fragment templates, the project's own first."""

    def __init__(self, overrides: Path | None = None):
        loaders = [FileSystemLoader(str(overrides))] if overrides is not None else []
        self.environment = Environment(
            loader=ChoiceLoader([*loaders, PackageLoader("kbsite.site", "templates")]),
            autoescape=select_autoescape(["html", "html.j2", "xml"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def render(self, template: str, **context) -> str:
        return self.environment.get_template(template).render(**context)


@cache
def fragments(overrides: Path | None = None) -> Fragments:
    """One renderer per override folder (compiled templates are kept)."""
    return Fragments(overrides)
