"""Python-Markdown extensions of the knowledge base (registered by the kb plugin)."""
