"""The core: settings, reading sources, the knowledge base model and the facts every layer shares.

Imports nothing from MkDocs: the ``kb`` command and the MkDocs plugin both build on it.
"""
