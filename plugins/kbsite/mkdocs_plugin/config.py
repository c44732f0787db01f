"""Options of the ``kb`` plugin in ``mkdocs.yml``."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class KnowledgeBaseConfig(Config):
    articles_dir = opt.Type(str, default="articles")
    """Folder of articles (``<section>/<slug>.<lang>.md``), relative to mkdocs.yml."""

    vocabulary_dir = opt.Optional(opt.Type(str))
    """Folder with ``feature.yml`` and ``role.yml``; the bundled vocabularies by default."""

    own_link_checks = opt.Type(bool, default=True)
    """Report links with our KB4xx rules and lower MkDocs' own link warnings to info."""
