"""The Jinja2 templates of the fragments we generate (``kbsite/site/templates``), and their strings.

A project overrides a template by putting a file of the same name in
``<custom_dir>/kb/`` (Material's ``custom_dir`` in ``mkdocs.yml``), as it
overrides Material's partials: ``docs/overrides/kb/patch_card.html``. The
strings come from :func:`kbsite.core.strings.strings`, with the project's
own language files; they are read once per :class:`Fragments` (one per
build), so a long ``mkdocs serve`` sees a translator's edits.

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
    Template,
    select_autoescape,
)

from ..core.settings import Settings
from ..core.strings import Strings, strings


class Fragments:
    """Renders fragment templates, the project's own first, with the strings of each language."""

    def __init__(self, overrides: Path | None = None, strings_dir: Path | None = None):
        self.strings_dir = strings_dir
        self._strings: dict[str, Strings] = {}
        self._templates: dict[str, Template] = {}
        self.environment = _environment(overrides)

    def strings(self, lang: str) -> Strings:
        if lang not in self._strings:
            self._strings[lang] = strings(lang, self.strings_dir)
        return self._strings[lang]

    def render(self, template: str, **context) -> str:
        """``template`` rendered with ``context``.

        Each template is looked up once per :class:`Fragments`: Jinja's own lookup checks the file's
        modification time on every call (a patch card per patch article). The next build's
        :class:`Fragments` looks again, so ``mkdocs serve`` shows an edited override.
        """
        if template not in self._templates:
            self._templates[template] = self.environment.get_template(template)
        return self._templates[template].render(**context)


@cache
def _environment(overrides: Path | None) -> Environment:
    """One environment per override folder: compiled templates are kept."""
    loaders = [FileSystemLoader(str(overrides))] if overrides is not None else []
    return Environment(
        loader=ChoiceLoader([*loaders, PackageLoader("kbsite.site", "templates")]),
        autoescape=select_autoescape(["html", "html.j2", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def fragments_for(settings: Settings) -> Fragments:
    """The fragments of a project: its template overrides and its language files."""
    return Fragments(settings.fragment_overrides, settings.strings_dir)
