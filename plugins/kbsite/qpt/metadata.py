"""Loading the Quality Patches Tool metadata into Patch objects.

Files of a ``magento/quality-patches`` checkout (or our bundled snapshot):

* ``patches-info.json``: every patch with its releases, categories, status;
* ``support-patches.json`` / ``community-patches.json``: title and, per
  Composer package, version constraint -> patch file;
* ``magento_releases.json``: the Commerce releases and their package versions;
* ``config/patch-categories.json``: category names and descriptions.

Each file is checked against ``data/qpt-metadata.schema.json``. A missing
or unparsable file, a value of the wrong type, an unknown key or a
constraint that does not parse becomes a diagnostic naming the file, the key
and the line; the entries that are fine are still used.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from ..core.diagnostics import Diagnostic, diagnostic
from ..core.html_policy import policy
from ..core.schema import load_schema
from ..core.settings import Settings
from ..core.source import file_stamp
from ..core.text import shorten
from .ids import PATCH_ID
from .releases import ReleaseCatalog
from .versions import Constraint, Version, VersionError, parse_constraint, parse_version

FILES = {
    "patches-info.json": "patchesInfo",
    "support-patches.json": "patchPackages",
    "community-patches.json": "patchPackages",
    "magento_releases.json": "releases",
    "config/patch-categories.json": "categories",
}
OPTIONAL_FILES = {"community-patches.json", "config/patch-categories.json"}
_ID_IN_TEXT = re.compile(rf"\b{PATCH_ID}\b")


@dataclass(frozen=True)
class Patch:
    id: str
    description: str
    categories: tuple[str, ...]
    releases: tuple[Version, ...]  # ascending
    origin: str
    components: tuple[str, ...]
    replaced_with: str = ""
    deprecated: bool = False
    require: tuple[tuple[str, tuple[Version, ...]], ...] = ()
    requirements: str = ""
    title: str = ""
    constraints: tuple[tuple[str, Constraint], ...] = ()  # (Composer package, constraint)

    @property
    def status(self) -> str:
        """``deprecated``, ``replaced`` or ``active``."""
        if self.deprecated:
            return "deprecated"
        return "replaced" if self.replaced_with else "active"

    @cached_property  # the grid, the card, the export and KB512 all ask
    def replacements(self) -> tuple[str, ...]:
        """Patch ids named in ``replacedWith``, other than this one."""
        found = dict.fromkeys(m.group(0) for m in _ID_IN_TEXT.finditer(self.replaced_with))
        found.pop(self.id, None)
        return tuple(found)


@dataclass
class QptMetadata:
    directory: str  # as diagnostics name it ("kbsite/data/qpt", "vendor/magento/quality-patches")
    version: str = ""
    patches: dict[str, Patch] = field(default_factory=dict)
    catalog: ReleaseCatalog = field(default_factory=ReleaseCatalog)
    categories: dict[str, str] = field(default_factory=dict)  # name -> description
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _unknown: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # unknown_patch's answers

    @property
    def available(self) -> bool:
        """Whether the patch list itself could be read."""
        return bool(self.patches)

    @cached_property
    def replacing(self) -> dict[str, tuple[str, ...]]:
        """Patch id -> the patches whose ``replacedWith`` names it (what it replaces)."""
        table: dict[str, list[str]] = {}
        for patch in self.patches.values():
            for replacement in patch.replacements:
                table.setdefault(replacement, []).append(patch.id)
        return {patch_id: tuple(sorted(ids)) for patch_id, ids in table.items()}

    def unknown_patch(self, patch_id: str) -> str:
        """What to tell a writer who names a patch the metadata does not have: the closest id, if one is close.

        Remembered per id: each language's article names the same unknown id, and comparing it with every
        patch id takes a few hundredths of a second.
        """
        if patch_id not in self._unknown:
            close = difflib.get_close_matches(patch_id, self.patches, n=1, cutoff=0.75)
            self._unknown[patch_id] = f"the QPT metadata has no patch {patch_id}" + (
                f"; did you mean {close[0]}?" if close else "")
        return self._unknown[patch_id]


def bundled_directory() -> Path:
    return Path(str(resources.files("kbsite.data").joinpath("qpt")))


def metadata_location(settings: Settings) -> tuple[Path, str]:
    """The project's QPT metadata folder, and how diagnostics name it."""
    directory = Path(settings.qpt_dir or bundled_directory())
    return directory, settings.relative(directory) if settings.qpt_dir else "kbsite/data/qpt"


def metadata_stamps(directory: Path) -> tuple:
    """Size and modification time of each metadata file: the metadata is read again when one changes."""
    return tuple(file_stamp(directory / name) for name in FILES)


def load_metadata(directory: Path, display: str) -> QptMetadata:
    """Read the metadata folder; ``display`` names it in diagnostics."""
    metadata = QptMetadata(display)
    documents = {name: _read(directory, name, metadata) for name in FILES}
    if documents["magento_releases.json"] is not None:
        metadata.catalog = _catalog(documents["magento_releases.json"], metadata)
    if documents["config/patch-categories.json"] is not None:
        metadata.categories = {c["name"]: c.get("description", "") for c in documents["config/patch-categories.json"]}
    packages = {}
    for name in ("support-patches.json", "community-patches.json"):
        for patch_id, entry in (documents[name] or {}).items():
            packages.setdefault(patch_id, (name, entry))
    info = documents["patches-info.json"]
    if info is not None:
        metadata.version = info["version"]
        for entry in info["patches"]:
            patch = _patch(entry, packages.get(entry["id"]), metadata)
            metadata.patches.setdefault(patch.id, patch)
    return metadata


@dataclass(frozen=True)
class _Raw:
    """A JSON document with its text, to find lines for diagnostics."""

    path: str
    text: str


def _read(directory: Path, name: str, metadata: QptMetadata):
    """The parsed file with invalid entries removed, or None if unusable."""
    path = f"{metadata.directory}/{name}"
    try:
        text = (directory / name).read_text("utf-8")
    except FileNotFoundError:
        if name not in OPTIONAL_FILES:
            metadata.diagnostics.append(diagnostic("KB501", path, message="file not found"))
        return None
    except (OSError, UnicodeDecodeError) as error:
        metadata.diagnostics.append(diagnostic("KB501", path, message=f"cannot read: {error}"))
        return None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        metadata.diagnostics.append(
            diagnostic("KB501", path, error.lineno, error.colno, f"invalid JSON: {error.msg}")
        )
        return None
    return _validated(_Raw(path, text), document, name, metadata)


def _validated(raw: _Raw, document, name: str, metadata: QptMetadata):
    """Report schema errors; drop the entries they concern, keep the rest."""
    broken_entries: set = set()
    for error in load_schema("qpt-metadata.schema.json", FILES[name]).errors(document):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = set(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - known):
                metadata.diagnostics.append(_at(raw, "KB503", path + [key], document, f"unknown key '{_key_name(path + [key], document)}' (ignored)"))
            continue
        metadata.diagnostics.append(_at(raw, "KB502", path, document, f"{_key_name(path, document)}: {_schema_message(error)}"))
        if not path:
            return None
        broken_entries.add(tuple(path[:2]) if name == "patches-info.json" else (path[0],))
    return _without(document, broken_entries, name)


def _without(document, broken: set, name: str):
    if not broken:
        return document
    if name == "patches-info.json":
        if ("patches",) in broken or any(len(entry) == 1 for entry in broken):
            return None
        drop = {index for _, index in broken}
        return {**document, "patches": [p for i, p in enumerate(document["patches"]) if i not in drop]}
    if isinstance(document, dict):
        return {k: v for k, v in document.items() if (k,) not in broken}
    return [item for i, item in enumerate(document) if (i,) not in broken]


def _key_name(path: list, document) -> str:
    """``patches[12] (MDVA-40399).releases[3]`` for people."""
    out, node = "", document
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def _schema_message(error) -> str:
    if error.validator == "type":
        return f"expected {error.validator_value}, found {type(error.instance).__name__} {shorten(json.dumps(error.instance, ensure_ascii=False))}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    return error.message


def _at(raw: _Raw, code: str, path: list, document, message: str) -> Diagnostic:
    line, column = _locate(raw.text, path, document)
    return diagnostic(code, raw.path, line, column, message)


def _locate(text: str, path: list, document) -> tuple[int, int]:
    """Line and column of the deepest object key or patch id along ``path`` that can be found."""
    position, node = -1, document
    for part in path:
        if isinstance(part, str):
            found = text.find(json.dumps(part) + ":", max(position, 0))
            found = found if found >= 0 else text.find(json.dumps(part), max(position, 0))
        else:
            node_id = node[part].get("id") if isinstance(node, list) and part < len(node) and isinstance(node[part], dict) else None
            found = text.find(json.dumps(node_id), max(position, 0)) if isinstance(node_id, str) else -1
        if found >= 0:
            position = found
        node = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
    if position < 0:
        return 1, 0
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _has(node, part) -> bool:
    return part in node if isinstance(node, dict) else isinstance(part, int) and part < len(node)


def _catalog(data: dict, metadata: QptMetadata) -> ReleaseCatalog:
    usable = {}
    for release, packages in data.items():
        try:
            parse_version(release)
            for version in packages.values():
                parse_version(version)
        except VersionError as error:
            metadata.diagnostics.append(
                diagnostic("KB504", f"{metadata.directory}/magento_releases.json", message=f"'{release}': {error}")
            )
            continue
        usable[release] = packages
    return ReleaseCatalog.from_mapping(usable)


_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)|\bon[a-z]+\s*=", re.I)


def _dangerous_markup(text: str) -> str | None:
    """Script-like markup in a metadata text (placeholders such as ``<sku>`` are fine)."""
    for match in _TAG_NAME.finditer(text):
        if match.group(1) is None or match.group(1).lower() in policy().dangerous:
            return match.group(0)
    return None


def _patch(entry: dict, packages, metadata: QptMetadata) -> Patch:
    where = f"{metadata.directory}/patches-info.json"
    for key in ("description", "requirements", "replacedWith"):
        markup = _dangerous_markup(entry.get(key, ""))
        if markup:
            metadata.diagnostics.append(diagnostic("KB505", where, message=(
                f"{entry['id'][:40]}: {key} contains {markup[:40]!r}; it is shown as text")))
    title, constraints, requirements = "", [], ""
    if packages is not None:
        file_name, package_entry = packages
        title = package_entry.get("title", "")
        requirements = package_entry.get("requirements", "") or package_entry.get("requirement", "")
        constraints = _constraints(entry["id"], package_entry["packages"], f"{metadata.directory}/{file_name}", metadata)
    return Patch(
        id=entry["id"],
        description=entry["description"],
        categories=tuple(entry["categories"]),
        releases=tuple(sorted(_versions(entry["releases"], entry["id"], where, metadata))),
        origin=entry["origin"],
        components=tuple(entry["components"]),
        replaced_with=entry.get("replacedWith", ""),
        deprecated=entry.get("deprecated", False),
        require=tuple(
            (required, tuple(sorted(_versions(releases, entry["id"], where, metadata))))
            for required, releases in entry.get("require", {}).items()
        ),
        requirements=entry.get("requirements", "") or requirements,
        title=title,
        constraints=tuple(constraints),
    )


def _versions(texts, patch_id: str, where: str, metadata: QptMetadata) -> list[Version]:
    versions = []
    for text in texts:
        try:
            versions.append(parse_version(text))
        except VersionError as error:
            metadata.diagnostics.append(diagnostic("KB504", where, message=f"{patch_id}: {error}"))
    return versions


def _constraints(patch_id: str, packages: dict, where: str, metadata: QptMetadata):
    found = []
    for package, constraints in packages.items():
        for text in constraints:
            try:
                found.append((package, parse_constraint(text)))
            except VersionError as error:
                metadata.diagnostics.append(diagnostic("KB504", where, message=f"{patch_id} {package}: {error}"))
    return found
