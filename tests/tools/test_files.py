"""Atomic writes keep a file's permissions, and give a new file those of the umask (not mkstemp's owner-only)."""

import os

from kbsite.tools.files import atomic_write


def test_a_new_file_gets_the_umask_permissions(tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    path = tmp_path / "new.md"
    atomic_write(path, b"text")
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "script.sh"
    path.write_bytes(b"old")
    path.chmod(0o750)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o750
