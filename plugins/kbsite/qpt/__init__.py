"""Quality Patches Tool metadata: versions, constraints, releases, patches."""
