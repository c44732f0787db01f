"""Writer tools: the ``kb`` command, its reports, scaffolding, the EXL import and safe file edits."""
