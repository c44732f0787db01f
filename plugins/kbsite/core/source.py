"""Reading one Markdown source: bytes -> text -> front matter + body.

Everything that can go wrong with a file on disk ends here as a diagnostic
with the line in the *file* (not in the YAML block), never as an exception:
undecodable bytes, a missing or unclosed front matter block, YAML syntax
errors, tabs, duplicate keys, a block that is not a mapping.

We split and compose the YAML ourselves (python-frontmatter hides line
numbers and keeps the last of two duplicate keys silently); composing with
the libyaml loader keeps parsing fast on thousands of files.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, diagnostic
from .text import YAML_LOADER


_DELIMITER = re.compile(r"^---[ \t]*$")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass
class Source:
    """A decoded Markdown file split into front matter and body.

    ``meta`` holds every key that could be read, ``key_lines`` the 1-based
    line of each key in the file, ``body_line`` the file line on which the
    body starts. ``front_matter_line`` is the line of the opening ``---``
    (0 when there is none).
    """

    path: str
    text: str
    meta: dict = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    front_matter_line: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    data_digest: str = ""  # of the file's bytes: tells whether a source kept between processes is the file's

    @property
    def meta_readable(self) -> bool:
        """A front matter block exists and was fully read (so checking its keys makes sense)."""
        broken = {"KB103", "KB104", "KB105", "KB106"}
        return bool(self.front_matter_line) and not any(d.code in broken for d in self.diagnostics)

    def line_of(self, key: str) -> int:
        """Line of a front matter key, or of the block when the key is absent."""
        return self.key_lines.get(key, self.front_matter_line or 1)

    @property
    def front_matter_text(self) -> str:
        """The front matter block as written, delimiters included ('' when there is none): the text before the body."""
        return self.text[:len(self.text) - len(self.body)]

    def __getstate__(self) -> dict:
        """What a pickle keeps (the build cache keeps parsed sources): the body, the end of the text, as where
        it starts (half the bytes)."""
        state = dict(self.__dict__)
        if self.text.endswith(self.body):
            state["body"] = len(self.text) - len(self.body)
        return state

    def __setstate__(self, state: dict) -> None:
        if isinstance(state.get("body"), int):
            state["body"] = state["text"][state["body"]:]
        self.__dict__.update(state)


def read_source(file: Path, display_path: str, *, front_matter: bool = True) -> Source:
    """Read and split ``file``; ``display_path`` names it in diagnostics."""
    try:
        data = file.read_bytes()
    except OSError as error:
        source = Source(path=display_path, text="")
        source.diagnostics.append(
            diagnostic("KB100", display_path, message=f"cannot read the file: {error.strerror}")
        )
        return source
    return parse_source(data, display_path, front_matter=front_matter)


def parse_source(data: bytes, path: str, *, front_matter: bool = True) -> Source:
    """Split raw bytes into a :class:`Source`.

    ``front_matter=False`` is for site pages, whose front matter is optional.
    """
    text, problems = _decode(data, path)
    source = Source(path=path, text=text, body=text, diagnostics=problems, data_digest=data_digest(data))
    if not text.strip():
        source.diagnostics.append(diagnostic("KB102", path))
        return source
    first_line, _, rest = text.partition("\n")
    if not _DELIMITER.match(first_line):
        if front_matter:
            source.diagnostics.append(diagnostic("KB101", path, 1))
        return source
    closing = _CLOSING.search(rest)
    if closing is None:
        source.diagnostics.append(diagnostic("KB103", path, 1))
        source.body, source.body_line, source.front_matter_line = rest, 2, 1
        return source
    block = rest[: closing.start()]
    source.front_matter_line = 1
    source.body = rest[closing.end() + 1 :]
    source.body_line = 2 + block.count("\n") + 1
    _load_block(source, block, first_line=2)
    return source


def data_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 text with newlines normalised; bad bytes become U+FFFD and a KB100.

    A byte order mark and Windows line ends are read as if absent, and reported.
    """
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        problems.append(diagnostic("KB108", path, 1, 1))
    if b"\r" in data:
        line = data.count(b"\n", 0, data.index(b"\r")) + 1
        problems.append(diagnostic("KB109", path, line))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            diagnostic(
                "KB100", path, line, column,
                f"byte 0x{data[error.start]:02x} is not valid UTF-8; re-save the file as UTF-8",
            )
        )
        text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def _load_block(source: Source, block: str, first_line: int) -> None:
    """Compose the YAML block and construct it key by key, keeping lines."""
    try:
        loader = YAML_LOADER(block)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        source.diagnostics.append(_yaml_error(source.path, error, first_line, block))
        return
    except yaml.reader.ReaderError as error:  # a control character: the reader refuses it before any mark
        line = first_line + block.count("\n", 0, error.position)
        source.diagnostics.append(diagnostic(
            "KB104", source.path, line, message=f"YAML cannot contain the control character {error.character!r}"))
        return
    except RecursionError:
        source.diagnostics.append(
            diagnostic("KB104", source.path, first_line, message="the front matter is nested too deeply")
        )
        return
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        source.diagnostics.append(
            diagnostic(
                "KB106", source.path, first_line + mark_position(block, node.start_mark)[0],
                message=f"the front matter is a {_node_kind(node)}, not a list of `key: value` pairs",
            )
        )
        return
    _construct_mapping(source, loader, node, first_line, block)
    loader.dispose()


def _construct_mapping(source: Source, loader, node: yaml.MappingNode, first_line: int, block: str) -> None:
    for key_node, value_node in node.value:
        line, column = mark_position(block, key_node.start_mark)
        line += first_line
        try:
            key = _constructed(loader, key_node)
            value = _constructed(loader, value_node)
        except yaml.MarkedYAMLError as error:
            source.diagnostics.append(_yaml_error(source.path, error, first_line, block))
            continue
        except (yaml.YAMLError, ValueError, OverflowError) as error:  # e.g. a timestamp out of range
            source.diagnostics.append(diagnostic("KB104", source.path, line, column, f"YAML value cannot be read: {error}"))
            continue
        except RecursionError:
            source.diagnostics.append(
                diagnostic("KB104", source.path, line, column, "this value is nested too deeply")
            )
            continue
        if not isinstance(key, str):
            source.diagnostics.append(
                diagnostic("KB106", source.path, line, column, f"the key {key!r} is not text")
            )
            continue
        if key in source.meta:
            source.diagnostics.append(
                diagnostic(
                    "KB107", source.path, line, column,
                    f"'{key}' is already set on line {source.key_lines[key]}; this second value is ignored",
                )
            )
            continue
        source.meta[key] = value
        source.key_lines[key] = line


_STR, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq"


def _constructed(loader, node: yaml.Node):
    """The node's value: a text, or a list of texts, taken as it is (what PyYAML's constructor would return,
    without a Python call per node: most of the front matter is texts); any other node constructed by PyYAML."""
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    if node.tag == _SEQ and isinstance(node, yaml.SequenceNode) and all(
            item.tag == _STR and isinstance(item, yaml.ScalarNode) for item in node.value):
        return [item.value for item in node.value]
    return loader.construct_object(node, deep=True)


def mark_position(text: str, mark) -> tuple[int, int]:
    """0-based line and 1-based column of a YAML mark in ``text``, counting only ``\\n`` as a line end.

    YAML's own line count also breaks at U+0085, U+2028 and U+2029, which a
    value may hold: files and editors do not, so the mark's index is used.
    """
    start = text.rfind("\n", 0, mark.index) + 1
    return text.count("\n", 0, mark.index), mark.index - start + 1


def yaml_error_position(error: yaml.MarkedYAMLError, text: str, first_line: int = 1) -> tuple[int, int, str]:
    """File line, 1-based column and wording of a YAML error in ``text``, whose first line is ``first_line``.

    When the parser only notices the problem at the end of the text (an
    unclosed bracket or quote), the line where the construct started says
    more, so that one is given.
    """
    problem, context = error.problem_mark, error.context_mark
    last = text.count("\n")
    mark = context if context and (not problem or mark_position(text, problem)[0] >= last) else (problem or context)
    wording = error.problem or str(error)
    if error.context:
        started = (f" started on line {first_line + mark_position(text, context)[0]}"
                   if context and mark is not context else "")
        wording += f" ({error.context}{started})"
    if mark is None:
        return first_line, 0, wording
    line, column = mark_position(text, mark)
    return first_line + line, column, wording


def _yaml_error(path: str, error: yaml.MarkedYAMLError, first_line: int, block: str) -> Diagnostic:
    line, column, text = yaml_error_position(error, block, first_line)
    if "\\t" in (error.problem or "") or "tab" in (error.problem or ""):
        return diagnostic("KB105", path, line, column, "tab character in the front matter; indent with spaces")
    return diagnostic("KB104", path, line, column, f"YAML syntax error: {text}")


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


def file_stamp(path: Path | os.DirEntry) -> tuple[int, int] | None:
    """Size and modification time of ``path`` (None when it cannot be read); a listed folder's entry
    (``os.scandir``) is stamped without making a ``Path``.

    The caches of sources, vocabularies and metadata compare stamps to know
    whether a file changed since they read it.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns



def tree_stamps(folder: Path) -> list[tuple[str, tuple[int, int] | None]]:
    """Every file below ``folder`` (but compiled Python) with its size and modification time: a file edited,
    added or removed changes the list."""
    found = []
    for directory, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        found += [(os.path.relpath(os.path.join(directory, name), folder), file_stamp(Path(directory, name)))
                  for name in sorted(names) if not name.endswith(".pyc")]
    return found
