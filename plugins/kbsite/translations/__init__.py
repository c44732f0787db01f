"""Translations: the status of every article in every language, read from git or recorded hashes."""
