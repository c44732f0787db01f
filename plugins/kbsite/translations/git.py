"""What git knows about the knowledge base: which commits changed which files, what is uncommitted."""

from __future__ import annotations

import os

import subprocess
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    id: str
    day: date  # when it was committed (the committer's date, in the committer's time zone)
    subject: str
    files: tuple[str, ...]  # repository paths it changed
    added: frozenset[str] = frozenset()  # those of them it added


class GitHistory:
    """Which commits changed which files, read once from ``git log``."""

    def __init__(self, root: Path):
        self.root = root
        self._ancestry: dict[tuple[str, str], bool] = {}

    @cached_property
    def top(self) -> Path | None:
        output = self._git("rev-parse", "--show-toplevel")
        return Path(output.strip()) if output else None

    @cached_property
    def log(self) -> list[Commit]:
        """HEAD's history, newest first: one ``git log`` for the whole build, whatever reads it."""
        output = self._git("log", "--format=%x00%H%x09%cs%x09%s", "--name-status", "--no-renames", "HEAD") or ""
        commits = []
        for block in output.split("\x00")[1:]:
            header, *lines = block.strip("\n").split("\n")
            commit, day, subject = (header.split("\t", 2) + ["", ""])[:3]
            changes = [line.split("\t", 1) for line in lines if "\t" in line]  # "M\tpath", "A\tpath", "D\tpath"
            commits.append(Commit(commit, date.fromisoformat(day), subject, tuple(name for _, name in changes),
                                  frozenset(name for status, name in changes if status == "A")))
        return commits

    @cached_property
    def commits_by_file(self) -> dict[str, list[str]]:
        """Repository path -> commits that changed it, newest first (HEAD's history)."""
        table: dict[str, list[str]] = {}
        for commit in self.log:
            for name in commit.files:
                table.setdefault(name, []).append(commit.id)
        return table

    @cached_property
    def last_changed(self) -> dict[str, date]:
        """Repository path -> the day of the newest commit that changed it."""
        table: dict[str, date] = {}
        for commit in self.log:
            for name in commit.files:
                table.setdefault(name, commit.day)
        return table

    @cached_property
    def modified(self) -> set[str]:
        """Paths with uncommitted changes."""
        output = self._git("status", "--porcelain", "--no-renames") or ""
        return {line[3:] for line in output.splitlines() if len(line) > 3}

    def known(self, commits: set[str]) -> set[str]:
        """The commits of ``commits`` that exist in the repository."""
        if not commits:
            return set()
        ordered = sorted(commits)
        output = self._git_input("\n".join(f"{c}^{{commit}}" for c in ordered) + "\n", "cat-file", "--batch-check")
        lines = (output or "").splitlines()
        return {commit for commit, line in zip(ordered, lines) if not line.endswith("missing")}

    def is_ancestor(self, older: str, newer: str) -> bool:
        """Whether ``older`` is in the history of ``newer`` (asked of git once per pair)."""
        if (older, newer) not in self._ancestry:
            self._ancestry[older, newer] = subprocess.run(
                ["git", "merge-base", "--is-ancestor", older, newer], cwd=self.root, capture_output=True,
            ).returncode == 0
        return self._ancestry[older, newer]

    def files_at(self, wanted: list[tuple[str, Path]]) -> dict[tuple[str, Path], bytes]:
        """What each file of ``wanted`` (commit, file) held in that commit, where it existed: one
        ``git cat-file --batch`` for all of them."""
        pairs = [(commit, file, f"{commit}:{name}") for commit, file in wanted
                 if (name := self._inside(file)) is not None and "\n" not in name]
        if not pairs:
            return {}
        try:
            result = subprocess.run(["git", "cat-file", "--batch"], cwd=self.root, capture_output=True,
                                    input="".join(f"{name}\n" for *_, name in pairs).encode("utf-8"))
        except OSError:
            return {}
        found, output, position = {}, result.stdout, 0
        for commit, file, _ in pairs:
            end = output.find(b"\n", position)
            if end < 0:
                break
            header, position = output[position:end].split(), end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found[commit, file] = output[position:position + size]
                position += size + 1  # the content, then a newline
        return found

    def commits(self, file: Path) -> list[str]:
        """The commits that changed ``file``, newest first."""
        return self.commits_by_file.get(self._relative(file), [])

    def is_modified(self, file: Path) -> bool:
        return self._relative(file) in self.modified

    def changed_on(self, file: Path) -> date | None:
        """The day of the newest commit that changed ``file`` (None: never committed)."""
        path = self.path_of(file)
        return self.last_changed.get(path) if path is not None else None

    def path_of(self, file: Path) -> str | None:
        """``file``'s path in the repository as git names it (None: outside it)."""
        # The knowledge base's paths are absolute already: compared as text (a build asks for every
        # article's, each language's "What's new" again), resolved only when that is not enough.
        text = str(file)
        if self._top_folder and text.startswith(self._top_folder):
            return text[len(self._top_folder):].replace(os.sep, "/")
        return self._inside(file)

    @cached_property
    def _top_folder(self) -> str:
        """The repository's folder as the start of the paths inside it ("" without a repository)."""
        return os.path.join(str(self.top), "") if self.top is not None else ""

    def _inside(self, path: Path) -> str | None:
        """``path`` relative to the repository, or None when it lies outside."""
        try:
            return self._relative(path)
        except ValueError:
            return None

    def _relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.top).as_posix()

    def _git(self, *args: str) -> str | None:
        return self._git_input(None, *args)

    def _git_input(self, data: str | None, *args: str) -> str | None:
        try:
            # Paths as they are (``café.fr.md``), not quoted with octal escapes: they are looked up by name.
            result = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=self.root, input=data,
                                    capture_output=True, text=True)
        except OSError:
            return None
        return result.stdout if result.returncode == 0 else None
