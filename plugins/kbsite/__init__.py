"""kbsite: a bilingual support knowledge base generator.

The package is a pure core (articles, diagnostics, checks) with two thin
adapters: the ``kb`` command line and the ``kb`` MkDocs plugin.
"""

__version__ = "0.1.0"
