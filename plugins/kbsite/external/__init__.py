"""The external link check's network side: polite fetching, fragments, the SQLite cache, the run.

:func:`kbsite.external.run.check_external` is what ``kb check --external``
and the build (``check_on_build``) call; the rules read its report
(:class:`kbsite.core.external_links.ExternalReport`). Nothing here imports
MkDocs.
"""
