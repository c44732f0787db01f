"""Localized strings, and how articles are written in each language.

``data/languages/<tag>.yml`` holds everything readers see in one language
(card and grid labels, notices, rule explanations, vocabulary labels, the
texts of generated pages) and how articles in that language are written
(the patch template's section titles, the "compatible with" sentence, the
punctuation after a patch id in a title). ``<tag>`` is the language's locale
in ``mkdocs.yml``: ``de``, ``pt-BR``, ``zh-Hans``. A project adds or
overrides languages with ``<strings_dir>/<tag>.yml`` (the kb plugin's
``strings_dir`` option), key by key. Whatever a language does not give is
English's; what articles in a language look like is only assumed where that
language says it (:meth:`Strings.writes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from .settings import ConfigurationError
from .source import file_stamp
from .text import load_yaml

FALLBACK = "en"
BUNDLED_DISPLAY = "kbsite/data/languages"


def _bundled_folder() -> Path:
    return Path(str(resources.files("kbsite.data").joinpath("languages")))


@dataclass(frozen=True)
class Strings:
    """The strings of one language, English where it has none of its own."""

    lang: str
    values: dict
    own: frozenset[str]  # top-level keys the language's own files give

    def __getitem__(self, key: str):
        return self.values[key]

    @property
    def known(self) -> bool:
        """Whether any file gives this language strings of its own (English always has them)."""
        return self.lang == FALLBACK or bool(self.own)

    def writes(self, key: str) -> bool:
        """Whether the language itself says ``key`` (how its articles are written), rather than English."""
        return self.lang == FALLBACK or key in self.own

    def lang_of(self, key: str) -> str:
        """The language ``key``'s text is in: this one, or English where it has no text of its own (``lang``
        attributes)."""
        return self.lang if self.writes(key) else FALLBACK


def strings(lang: str, project_dir: Path | None = None) -> Strings:
    """The strings of ``lang``: bundled English, the project's English, the bundled and the project's ``lang``."""
    return LanguageFiles(project_dir).strings(lang)


class LanguageFiles:
    """A project's language files, bundled and its own (``project_dir``), each read once.

    Given the ``previous`` reading of the same folder, a file whose size and
    modification time are unchanged is not read again (``mkdocs serve``
    rebuilds); an edited one is.
    """

    def __init__(self, project_dir: Path | None = None, previous: LanguageFiles | None = None):
        self.project_dir = project_dir
        kept = previous is not None and previous.project_dir == project_dir
        self._earlier: dict[str, tuple[tuple | None, dict]] = previous._read if kept else {}
        self._read: dict[str, tuple[tuple | None, dict]] = {}  # path -> (stamp, data) of the files read
        self._strings: dict[str, Strings] = {}

    def strings(self, lang: str) -> Strings:
        """The strings of ``lang``: English's, then the broader tags' (``pt``, ``zh``), then its own."""
        if lang not in self._strings:
            values: dict = {}
            own: set[str] = set()
            for path, display in _files(lang, self.project_dir):
                data = self._data(path, display)
                if data is None:
                    continue  # no such file
                _merge(values, data)
                if not path.name.startswith(f"{FALLBACK}.") or lang == FALLBACK:
                    own.update(data)
            self._strings[lang] = Strings(lang, values, frozenset(own))
        return self._strings[lang]

    def in_every_language(self, key: str) -> list:
        """The values of a list-valued ``key`` in every language we know, each once (markers, range words)."""
        languages = set(bundled_languages())
        if self.project_dir is not None and self.project_dir.is_dir():
            languages.update(path.stem for path in self.project_dir.glob("*.yml"))
        found: dict = {}
        for lang in sorted(languages):
            language = self.strings(lang)
            if language.writes(key):
                found.update(dict.fromkeys(language[key]))
        return list(found)

    def stamps(self) -> dict[str, tuple | None]:
        """Each file read so far, with its size and modification time (None: absent)."""
        return {path: stamp for path, (stamp, _) in self._read.items()}

    def _data(self, path: Path, display: str) -> dict | None:
        key = str(path)
        if key not in self._read:
            stamp = file_stamp(path)
            earlier = self._earlier.get(key)
            if earlier is not None and earlier[0] == stamp:
                self._read[key] = earlier
            else:
                self._read[key] = (stamp, _read(path, display) if stamp is not None else None)
        return self._read[key][1]


def bundled_languages() -> list[str]:
    """The languages that come with kbsite."""
    return sorted(path.stem for path in _bundled_folder().glob("*.yml"))


def missing_strings_message(lang: str, project_dir: Path | None) -> str:
    """The one warning for a configured language we have no strings for: what to add, where."""
    where = f"{project_dir}/{lang}.yml" if project_dir is not None else (
        f"<strings_dir>/{lang}.yml (and set the kb plugin's strings_dir option)")
    return (f"no strings for language '{lang}': its pages use English labels and its patch articles are not "
            f"checked for the patch template's sections. Add {where}, translated from {BUNDLED_DISPLAY}/en.yml")


def _files(lang: str, project_dir: Path | None) -> list[tuple[Path, str]]:
    """English first, then each tag from the broadest (``pt``, ``zh``) to ``lang`` itself; ours, then the project's."""
    bundled = _bundled_folder()
    parts = lang.split("-")
    tags = [FALLBACK] + [tag for tag in ("-".join(parts[:n]) for n in range(1, len(parts) + 1)) if tag != FALLBACK]
    chain = []
    for tag in tags:
        chain.append((bundled / f"{tag}.yml", f"{BUNDLED_DISPLAY}/{tag}.yml"))
        if project_dir is not None:
            chain.append((project_dir / f"{tag}.yml", str(project_dir / f"{tag}.yml")))
    return chain


def _read(path: Path, display: str) -> dict:
    try:
        data = load_yaml(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{display}: cannot read the strings: {error}") from error
    except yaml.YAMLError as error:
        raise ConfigurationError(f"{display}: invalid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"{display}: expected `key: value` strings, as in {BUNDLED_DISPLAY}/en.yml")
    return data


def _merge(into: dict, data: dict) -> None:
    """``data`` over ``into``, mappings merged key by key (a translation may give only some labels)."""
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merged = dict(into[key])
            _merge(merged, value)
            into[key] = merged
        else:
            into[key] = value
