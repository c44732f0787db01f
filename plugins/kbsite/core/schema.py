"""Validating data against our JSON Schemas, fast when the data is valid.

``fastjsonschema`` compiles a schema to Python code and checks thousands of
entries in milliseconds, but stops at the first error. ``jsonschema``
reports every error with its path, but is ten times slower. Valid data (the
usual case) takes the fast path; only invalid data pays for the detailed
report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError


class Schema:
    def __init__(self, schema: dict):
        self.schema = schema
        self._fast = fastjsonschema.compile(schema)

    @cached_property
    def _detailed(self) -> Draft202012Validator:
        from jsonschema import Draft202012Validator

        return Draft202012Validator(self.schema)

    def errors(self, instance) -> Iterator[ValidationError]:
        try:
            self._fast(instance)
        except fastjsonschema.JsonSchemaException:
            yield from self._detailed.iter_errors(instance)


@cache
def load_schema(name: str, definition: str | None = None) -> Schema:
    """A schema file of ``kbsite/data``, or one of its ``$defs``."""
    schema = json.loads(resources.files("kbsite.data").joinpath(name).read_text("utf-8"))
    if definition is not None:
        schema = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    return Schema(schema)
