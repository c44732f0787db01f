"""Options of the ``kb`` plugin in ``mkdocs.yml`` (those the core reads default to :data:`~kbsite.core.settings.DEFAULTS`)."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

from ..core.settings import DEFAULTS


class KnowledgeBaseConfig(Config):
    articles_dir = opt.Type(str, default=DEFAULTS["articles_dir"])
    """Folder of articles (``<section>/<slug>.<lang>.md``), relative to mkdocs.yml."""

    vocabulary_dir = opt.Optional(opt.Type(str))
    """Folder with ``feature.yml`` and ``role.yml``; the bundled vocabularies by default."""

    strings_dir = opt.Optional(opt.Type(str))
    """Folder of the project's own language files (``<tag>.yml``), over the bundled ``kbsite/data/languages``."""

    qpt_dir = opt.Optional(opt.Type(str))
    """QPT metadata folder (e.g. vendor/magento/quality-patches); the bundled snapshot by default."""

    grid_page = opt.Type(str, default=DEFAULTS["grid_page"])
    """Site path of the page holding ``<!-- kb:patch-grid -->``; patch ids without an article link to its rows."""

    parallel_languages = opt.Type(bool, default=True)
    """With ``mkdocs build``, build the other languages in forked processes at the same time."""

    nav_max_items = opt.Type(int, default=10)
    """A folder with more entries shows, in the navigation, only those around the current page and a link to its index."""

    own_link_checks = opt.Type(bool, default=True)
    """Report links with our KB4xx rules and lower MkDocs' own link warnings to info."""

    review_interval = opt.Optional(opt.Type(int))
    """Days after an article's ``last-reviewed`` (else its last update) that it is due for review again: an info
    finding (KB118) and a list on the translation dashboard. Off by default."""

    related_articles = opt.Type(int, default=5)
    """How many related articles end each article (0: none)."""

    last_updated = opt.Type(bool, default=True)
    """Say under each article's title when it was last updated."""

    whats_new_limit = opt.Type(int, default=30)
    """How many of the articles changed last the "What's new" page and feed of each language list."""

    whats_new_minor = opt.Optional(opt.ListOfItems(opt.Type(str)))
    """Commit subjects starting with one of these (case aside) change no fact and are not news; by default
    typo, typos, fix typo, fix typos, wording, spelling, fix spelling, whitespace, formatting."""

    baseline = opt.Type(str, default=DEFAULTS["baseline"])
    """Findings accepted for now (``kb check --write-baseline``), relative to mkdocs.yml: reported as a count only."""

    external_links = opt.Optional(opt.Type(dict))
    """The external link check (``kb check --external``; ``check_on_build: true`` makes the build run it too):
    patterns, limits per host, headers, remaps, the cache. Read by :mod:`kbsite.core.external_settings`."""

    build_cache = opt.Type(bool, default=True)
    """Keep what each output was made from, and the outputs, in ``.cache/kbsite/`` between builds: a build
    writes again only what changed (``false``: every build is a clean one)."""
