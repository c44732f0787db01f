"""``kb mv OLD NEW``: rename an article in every language at once, and everything that points to it.

Every language version moves together and keeps its content, so its
``exl-id`` too; the links of the moved article are rewritten for its new
folder; every link to it, in every language and in the site pages, is
rewritten to the new address (the anchor, query and language suffix kept);
``_redirects.yml`` sends the old address to the new one (and a redirect
that pointed to the old address now points to the new one); the folder's
``_section.yml`` order names the new slug. Nothing is overwritten: an
existing article or file at the new address is an error. The plan is made
first, then written (``--dry-run`` only prints it); each file is written
atomically, the new files before the old ones are removed.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.addresses import is_external
from ..core.knowledge_base import LANG_SUFFIX, REDIRECTS_FILE, SECTION_FILE, Document, KnowledgeBase, is_safe_path
from ..core.linking import resolve
from .files import atomic_write, create_together
from .link_targets import file_with_body, rewrite_targets

_PATH_END = re.compile(r"[#?]")
_REDIRECT_LINE = re.compile(r"^(?P<old>[^#\s:][^:]*?)\s*:\s*(?P<target>\S.*?)\s*$")
REDIRECTS_HEADER = "# Old path -> article key or full address (kb mv adds the articles it renames).\n"


class MoveError(Exception):
    """The article cannot be moved (it does not exist, or the new address is taken)."""


@dataclass
class MovePlan:
    old: str  # article keys
    new: str
    moves: list[tuple[Path, Path, bytes]] = field(default_factory=list)  # old file, new file, its new content
    edits: list[tuple[Path, bytes, int]] = field(default_factory=list)  # file, new content, links rewritten
    notes: list[str] = field(default_factory=list)  # what else the plan does, for people
    hints: list[str] = field(default_factory=list)  # what is left to the writer


def article_key(settings, text: str) -> str:
    """``how-to/x``, ``articles/how-to/x.en.md`` or ``articles/how-to/x.md`` -> the key ``how-to/x``."""
    path = Path(text).resolve()  # a path is relative to where the command runs
    if path.is_relative_to(settings.articles_dir.resolve()):
        text = path.relative_to(settings.articles_dir.resolve()).as_posix()
    key = text.strip("/").removesuffix(".md")
    match = LANG_SUFFIX.match(key)
    return match["stem"] if match and match["lang"] in settings.languages else key


def plan_move(kb: KnowledgeBase, old: str, new: str) -> MovePlan:
    versions = {lang: d for lang, d in kb.by_key.get(old, {}).items() if d.is_article}
    if not versions:
        raise MoveError(f"no article '{old}' in {kb.settings.relative(kb.settings.articles_dir)}")
    if not is_safe_path(new):
        raise MoveError(f"'{new}' is not a usable article path (plain names separated by /)")
    targets = {lang: kb.settings.articles_dir / f"{new}.{lang}.md" for lang in versions}
    taken = [kb.settings.relative(path) for path in targets.values() if path.exists() or path.is_symlink()]
    if new in kb.by_key or taken:
        raise MoveError(f"refusing to overwrite: {', '.join(taken) or new + ' is already a page'}")
    plan = MovePlan(old, new)
    for lang, document in sorted(versions.items()):
        body, _ = _moved_links(kb, document, new)
        plan.moves.append((document.abs_path, targets[lang], file_with_body(document, body)))
    moved = set(versions.values())
    for document in kb.documents:
        if document not in moved and not document.generated:
            body, count = _links_to(kb, document, old, new)
            if count:
                plan.edits.append((document.abs_path, file_with_body(document, body), count))
    _plan_redirects(kb, plan)
    _plan_section_order(kb, plan)
    return plan


def _target_parts(target: str) -> tuple[str, str]:
    end = _PATH_END.search(target)
    return (target[: end.start()], target[end.start():]) if end else (target, "")


def _moved_links(kb: KnowledgeBase, document: Document, new: str) -> tuple[str, int]:
    """The moved article's own relative links, from its new folder (links to itself lead to its new address)."""
    old_folder, new_folder = posixpath.dirname(document.key), posixpath.dirname(new)

    def replace(target: str) -> str | None:
        path, rest = _target_parts(target)
        if not path or is_external(path) or path.startswith("/"):
            return None
        if _same_article(kb, document, target):
            return _retargeted(kb, path, new_folder, new) + rest
        if old_folder == new_folder:
            return None
        site_path = posixpath.normpath(posixpath.join(old_folder, path))
        relative = posixpath.relpath(site_path, new_folder or ".")
        return relative + ("/" if path.endswith("/") and not relative.endswith("/") else "") + rest

    return rewrite_targets(document.source.body, replace)


def _same_article(kb: KnowledgeBase, document: Document, target: str) -> bool:
    """Whether ``target`` leads to another language version of ``document``'s article."""
    found = resolve(kb, document, target).document
    return found is not None and found.key == document.key and found.is_article


def _links_to(kb: KnowledgeBase, document: Document, old: str, new: str) -> tuple[str, int]:
    """``document``'s body with each link to the article ``old`` leading to ``new``."""
    folder = posixpath.dirname(document.site_path)

    def replace(target: str) -> str | None:
        path, rest = _target_parts(target)
        if not path or is_external(path):
            return None
        found = resolve(kb, document, target).document
        if found is None or found.key != old or not found.is_article:
            return None
        return _retargeted(kb, path, folder, new) + rest

    return rewrite_targets(document.source.body, replace)


def _retargeted(kb: KnowledgeBase, path: str, folder: str, new: str) -> str:
    """A link written as ``path`` (``x.md``, ``x.fr.md``, ``x/``, ``/x/``), now to the article ``new``."""
    if path.endswith(".md"):
        stem = posixpath.basename(path)[: -len(".md")]
        match = LANG_SUFFIX.match(stem)
        suffix = f".{match['lang']}" if match and match["lang"] in kb.settings.languages else ""
        destination = f"{new}{suffix}.md"
    else:
        destination = new + ("/" if path.endswith("/") else "")
    if path.startswith("/"):
        return "/" + destination
    relative = posixpath.relpath(destination, folder or ".")
    return relative + "/" if destination.endswith("/") and not relative.endswith("/") else relative


def _plan_redirects(kb: KnowledgeBase, plan: MovePlan) -> None:
    """``old: new`` added; a redirect to ``old`` now to ``new``; one from ``new`` dropped (it is a page again)."""
    file = kb.settings.articles_dir / REDIRECTS_FILE
    text = file.read_text("utf-8") if file.exists() else REDIRECTS_HEADER
    lines = []
    for line in text.rstrip("\n").split("\n"):
        entry = _REDIRECT_LINE.match(line)
        if entry and entry["old"].strip("/") in (plan.new, plan.old):
            plan.notes.append(f"drop the redirect {entry['old']} -> {entry['target']}")
            continue
        if entry and entry["target"].strip("'\"").strip("/") == plan.old:
            line = f"{entry['old']}: {plan.new}"
            plan.notes.append(f"redirect {entry['old']} -> {plan.new} (was -> {plan.old})")
        lines.append(line)
    lines.append(f"{plan.old}: {plan.new}")
    plan.notes.append(f"redirect {plan.old} -> {plan.new}")
    plan.edits.append((file, ("\n".join(lines) + "\n").encode("utf-8"), 0))


def _plan_section_order(kb: KnowledgeBase, plan: MovePlan) -> None:
    """A rename within a folder keeps the article's place in its ``_section.yml`` order."""
    folder, _, slug = plan.old.rpartition("/")
    new_folder, _, new_slug = plan.new.rpartition("/")
    section = kb.sections.get(folder)
    if section is None or slug not in section.order:
        return
    file = kb.settings.articles_dir / folder / SECTION_FILE
    where = kb.settings.relative(file)
    if new_folder != folder:
        plan.hints.append(f"{slug} is no longer in {folder or 'the top folder'}: its entry in the order of {where} "
                          "can go")
        return
    text = file.read_text("utf-8")
    start = re.search(r"^order\s*:", text, re.MULTILINE)
    end = re.compile(r"^[^\s#-]", re.MULTILINE).search(text, start.end()) if start else None
    stop = end.start() if end else len(text)
    token = re.compile(rf"(?<=[\[,\s-])(['\"]?){re.escape(slug)}\1(?=\s*(?:[,\]]|$))", re.MULTILINE)
    order = text[start.end():stop] if start else ""
    edited = token.sub(new_slug, order, count=1)
    if edited == order:
        plan.hints.append(f"rename {slug} to {new_slug} in the order of {where} by hand")
        return
    plan.edits.append((file, (text[:start.end()] + edited + text[stop:]).encode("utf-8"), 0))
    plan.notes.append(f"rename {slug} to {new_slug} in the order of {where}")


def apply_move(plan: MovePlan) -> None:
    """New files first (all or none), then the edits, then the old files go."""
    create_together({new: data for _, new, data in plan.moves})
    for file, data, _ in plan.edits:
        atomic_write(file, data)
    for old, _, _ in plan.moves:
        old.unlink()
