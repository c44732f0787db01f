"""What readers see, independent of MkDocs: page fragments, patch views, search entries,
Markdown extensions and the templates they are rendered from."""
