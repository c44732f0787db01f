"""The Jinja2 templates of the fragments we generate (``kbsite/site/templates``), and their strings.

A project overrides a template by putting a file of the same name in
``<custom_dir>/kb/`` (Material's ``custom_dir`` in ``mkdocs.yml``), as it
overrides Material's partials: ``docs/overrides/kb/patch_card.html``. The
strings come from :func:`kbsite.core.strings.strings`, with the project's
own language files (:class:`~kbsite.core.strings.LanguageFiles`, read again
when they change, so a long ``mkdocs serve`` sees a translator's edits).

HTML templates are autoescaped; Markdown templates are not (their input is
our own data, and the Markdown renderer escapes text).
"""

from __future__ import annotations

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

from ..core.strings import LanguageFiles, Strings


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
        if template not in self._templates:
            self._templates[template] = self.environment.get_template(template)
        return self._templates[template].render(**context)


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

