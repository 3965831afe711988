"""Files are written whole or not at all, and never over a user's file unless asked."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pulje import files
from pulje.diagnostics import Translator
from pulje.diagnostics.errors import WouldOverwrite
from pulje.files import WriteFailed, write_bytes, write_text


def test_writes_the_whole_file_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "svar.yaml"
    write_text(target, "pulje: x\n")
    assert target.read_text(encoding="utf-8") == "pulje: x\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["svar.yaml"]


def test_never_overwrites_without_being_asked(tmp_path: Path) -> None:
    target = tmp_path / "svar.yaml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(WouldOverwrite) as info:
        write_text(target, "theirs")
    assert target.read_text(encoding="utf-8") == "mine"
    assert "overskriver" in info.value.text(Translator("da"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["svar.yaml"]


def test_overwrite_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    write_text(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"


def test_a_race_on_the_name_still_does_not_clobber(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The check before writing can be overtaken; the final hard link refuses anyway."""
    target = tmp_path / "svar.yaml"
    real_link = os.link

    def someone_else_first(src: str, dst: str) -> None:
        Path(dst).write_text("someone else's", encoding="utf-8")
        real_link(src, dst)

    monkeypatch.setattr(files.os, "link", someone_else_first)
    with pytest.raises(WouldOverwrite):
        write_bytes(target, b"mine")
    assert target.read_text(encoding="utf-8") == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["svar.yaml"]


@pytest.mark.parametrize(
    ("code", "word"), [(errno.ENOSPC, "fuld"), (errno.EROFS, "skrivebeskyttet")]
)
def test_full_or_read_only_disk_gives_a_danish_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, word: str
) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files.os, "fsync", fail)
    target = tmp_path / "svar.yaml"
    with pytest.raises(WriteFailed) as info:
        write_text(target, "x" * 1000)
    assert word in info.value.text(Translator("da"))
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def umask_of():
    """Run under a given umask; the old one is restored afterwards."""
    old = os.umask(0o022)
    os.umask(old)

    def _set(mask: int) -> None:
        os.umask(mask)

    yield _set
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_written_file_gets_the_mode_of_the_users_umask(
    tmp_path: Path, umask_of, mask: int, mode: int, overwrite: bool
) -> None:
    # tempfile.mkstemp would give 0600 whatever the umask: colleagues could not open the file.
    umask_of(mask)
    target = tmp_path / "ansoegning.docx"
    if overwrite:
        target.write_bytes(b"old")
        target.chmod(0o600)
    write_bytes(target, b"new", overwrite=overwrite)
    assert target.stat().st_mode & 0o777 == mode
    assert files.umask() == mask
    assert files.file_mode() == mode
