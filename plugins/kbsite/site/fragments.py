"""The Jinja2 templates of the fragments we generate (``kbsite/site/templates``), and their strings.

A project overrides a template by putting a file of the same name in
``<custom_dir>/kb/`` (Material's ``custom_dir`` in ``mkdocs.yml``), as it
overrides Material's partials: ``docs/overrides/kb/patch_card.html``. The
strings come from :func:`kbsite.core.strings.strings`, with the project's
own language files (:class:`~kbsite.core.strings.LanguageFiles`, read again
when they change, so a long ``mkdocs serve`` sees a translator's edits).

HTML templates are autoescaped; Markdown templates are not (their input is
our own data, and the Markdown renderer escapes text).

An override that does not compile, or fails to render (a name it uses that
the template is not given), raises :class:`TemplateFault`, naming its file
and line: the project's own templates are checked when the project is
loaded (:meth:`Fragments.check_overrides`), a failing render where it runs.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)

from ..core.strings import LanguageFiles, Strings


class TemplateFault(Exception):
    """A template that does not compile or render: ``file:line: why``."""


class Fragments:
    """Renders fragment templates, the project's own first, with the strings of each language."""

    def __init__(self, overrides: Path | None = None, languages: LanguageFiles | None = None,
                 previous: Fragments | None = None):
        """``languages``: the project's language files; ``previous``: the fragments of an earlier load of the
        project, whose compiled templates are kept (Jinja compiles a template again when its file changed)."""
        self.overrides = overrides
        self.languages = languages or LanguageFiles()
        self._templates: dict[str, Template] = {}
        kept = previous is not None and previous.overrides == overrides
        self.environment = previous.environment if kept else _environment(overrides)

    def strings(self, lang: str) -> Strings:
        return self.languages.strings(lang)

    def render(self, template: str, **context) -> str:
        """``template`` rendered with ``context``.

        Each template is looked up once per :class:`Fragments`: Jinja's own lookup checks the file's
        modification time on every call (a patch card per patch article). The next load's
        :class:`Fragments` looks again, so ``mkdocs serve`` shows an edited override.
        """
        try:
            if template not in self._templates:
                self._templates[template] = self.environment.get_template(template)
            return self._templates[template].render(**context)
        except TemplateError as error:
            raise TemplateFault(_fault(error, template)) from None

    def check_overrides(self) -> None:
        """Compile each of the project's templates (``<custom_dir>/kb/``): raises :class:`TemplateFault` for the
        first that does not."""
        if self.overrides is None or not self.overrides.is_dir():
            return
        for path in sorted(self.overrides.rglob("*")):
            if path.is_file():
                try:
                    self.environment.get_template(path.relative_to(self.overrides).as_posix())
                except TemplateError as error:
                    raise TemplateFault(_fault(error, path.name)) from None


def _fault(error: TemplateError, template: str) -> str:
    """``file:line: why`` of a template's error (the line where Jinja tells it, or its traceback shows it)."""
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return f"{error.filename}:{error.lineno}: {error.message}"
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(template)]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else template
    return f"{where}: {error.message or type(error).__name__}"


def _environment(overrides: Path | None) -> Environment:
    loaders = [FileSystemLoader(str(overrides))] if overrides is not None else []
    return Environment(
        loader=ChoiceLoader([*loaders, PackageLoader("kbsite.site", "templates")]),
        autoescape=select_autoescape(["html", "html.j2", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

