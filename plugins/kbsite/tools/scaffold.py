"""``kb new``: a new article in every language, ready for writers and translators.

A patch article takes its facts from the QPT metadata (title and description
from the patch's description, compatible releases as ranges, the commands)
and gets the patch template's sections in each language; another article
gets the troubleshooting template. Both languages share a fresh ``exl-id``;
the translation starts as a draft (``ht-degree: 0%``) that records the hash
of its English source. Existing files are never overwritten.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import uuid
from pathlib import Path

import frontmatter

from ..core.knowledge_base import KnowledgeBase
from ..qpt.articles import PatchIndex
from ..site.fragments import Fragments
from ..translations.status import content_hash
from .files import create_together

_FIX_PREFIX = re.compile(r"^(?:fixes|fixed|fix)\s+(?:the|an|a)\s+issue\s+(?:where|with|in which|when|that)\s+", re.I)


class ScaffoldError(Exception):
    """The article cannot be created (it exists, or the patch is unknown)."""


def slugify(text: str, limit: int = 70) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def patch_summary(description: str) -> str:
    """``Fixes the issue where partial invoices ... API.`` -> ``Partial invoices ... API``."""
    summary = _FIX_PREFIX.sub("", description.strip()).rstrip(".").strip()
    return summary[:1].upper() + summary[1:]


def new_patch_article(kb: KnowledgeBase, templates: Fragments, index: PatchIndex, patch_id: str, section: str,
                      qpt_version: str | None = None) -> list[Path]:
    patches = index.metadata.patches
    if patch_id not in patches:
        raise ScaffoldError(index.metadata.unknown_patch(patch_id))
    existing = index.articles.get(patch_id)
    if existing:
        raise ScaffoldError(f"{patch_id} already has an article: {next(iter(existing.values())).path}")
    patch = patches[patch_id]
    summary = patch_summary(patch.description)
    key = f"{section.strip('/')}/{slugify(f'{patch_id} {summary}')}"
    fix = patch.description[:1].lower() + patch.description[1:]
    extra = {"qpt-version": qpt_version} if qpt_version else {}
    grid = _grid_link(kb, key)

    def body(lang: str, title: str, description: str) -> str:
        strings = templates.strings(lang)
        return templates.render(
            "new_patch.md.j2", title=title, description=description, issue=description,
            headings=strings["patch_sections"], t=strings["scaffold"], patch_id=patch_id,
            ranges=index.metadata.catalog.summary(patch.releases), grid_link=grid)

    description = templates.strings(kb.settings.default_language)["scaffold"]["description"].format(id=patch_id, fix=fix)
    # Each language's punctuation after the id: "MDVA-40399: …", "MDVA-40399 : …", "MDVA-40399：…".
    titles = {lang: f"{patch_id}{templates.strings(lang)['title_separator']}{summary}" for lang in kb.settings.languages}
    return _write_languages(kb, key, titles, {lang: description for lang in titles}, body, extra)


def new_article(kb: KnowledgeBase, templates: Fragments, section: str, slug: str) -> list[Path]:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise ScaffoldError(f"'{slug}' is not a slug: lowercase letters, digits and hyphens")
    key = f"{section.strip('/')}/{slug}"
    title = slug.replace("-", " ").capitalize()
    descriptions = {lang: templates.strings(lang)["scaffold"]["article_description"] for lang in kb.settings.languages}

    def body(lang: str, title: str, description: str) -> str:
        return templates.render(
            "new_article.md.j2", title=title, description=description, t=templates.strings(lang)["scaffold"])

    return _write_languages(kb, key, {lang: title for lang in kb.settings.languages}, descriptions, body, {})


def _grid_link(kb: KnowledgeBase, key: str) -> str | None:
    grid = kb.settings.grid_page
    if grid.removesuffix(".md") not in kb.by_key:
        return None
    return posixpath.relpath(grid, posixpath.dirname(key))


def _write_languages(kb: KnowledgeBase, key: str, titles: dict, descriptions: dict, body, extra: dict) -> list[Path]:
    settings = kb.settings
    paths = {lang: settings.articles_dir / f"{key}.{lang}.md" for lang in settings.languages}
    taken = [settings.relative(path) for path in paths.values() if path.exists()] + (
        [f"{key} ({', '.join(kb.by_key[key])})"] if key in kb.by_key else [])
    if taken:
        raise ScaffoldError(f"refusing to overwrite: {', '.join(taken)}")
    exl_id = str(uuid.uuid4())
    default = settings.default_language
    source = None
    contents: dict[Path, bytes] = {}
    for lang in (default, *(lang for lang in settings.languages if lang != default)):
        meta = {"title": titles[lang], "description": descriptions[lang], "exl-id": exl_id, **extra}
        text = body(lang, titles[lang], descriptions[lang])
        if lang != default:
            words = len(re.findall(r"\w+", source.content))
            meta |= {"workflow-type": "human", "source-wordcount": words, "ht-degree": "0%",
                     "source-hash": content_hash(source["title"], source["description"], source.content)}
        post = frontmatter.Post(text, **meta)
        text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=1000) + "\n"
        contents[paths[lang]] = text.encode("utf-8")
        if lang == default:
            source = post
    create_together(contents)
    return list(contents)
