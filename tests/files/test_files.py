"""Files are written whole or not at all, and never over a user's file unless asked."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from pulje import files
from pulje.diagnostics import Translator
from pulje.diagnostics.errors import WouldOverwrite
from pulje.files import WriteFailed, write_bytes, write_text
from pulje.files.hashing import (
    CHUNK,
    StreamTooLong,
    file_entry,
    hash_stream,
    sha256_bytes,
    sha256_file,
    sha256_regular,
)
from pulje.files.zips import ZIP_TIME, write_zip, zip_bytes


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


# --------------------------------------------------------------------------------------------
# "Write new or refuse": the options of the one helper


def test_unchanged_replaces_only_a_file_pulje_recorded(tmp_path: Path) -> None:
    target = tmp_path / "skema.docx"
    target.write_bytes(b"as pulje wrote it")
    recorded = sha256_bytes(b"as pulje wrote it")
    write_bytes(target, b"new build", unchanged={recorded})
    assert target.read_bytes() == b"new build"
    # Now edited by the user: the recorded hash no longer fits, and nothing is replaced.
    target.write_bytes(b"edited in Word")
    with pytest.raises(files.FileExists) as info:
        write_bytes(target, b"newer build", unchanged={recorded})
    assert target.read_bytes() == b"edited in Word"
    assert "ændret" in info.value.text(Translator("da"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["skema.docx"]
    # A name not there yet is simply written.
    write_bytes(tmp_path / "ny.docx", b"x", unchanged={recorded})
    assert (tmp_path / "ny.docx").read_bytes() == b"x"


def test_a_block_that_fails_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "halv.zip"
    with pytest.raises(RuntimeError), files.writing(target) as fh:
        fh.write(b"half of it")
        raise RuntimeError("stopped")
    assert list(tmp_path.iterdir()) == []


def test_place_moves_a_finished_file_and_refuses_an_existing_one(tmp_path: Path) -> None:
    staged, target = tmp_path / "staged", tmp_path / "target"
    staged.write_bytes(b"ready")
    files.place(staged, target)
    assert target.read_bytes() == b"ready" and not staged.exists()
    staged.write_bytes(b"again")
    with pytest.raises(WouldOverwrite):
        files.place(staged, target)
    assert target.read_bytes() == b"ready" and staged.exists()


def test_without_hard_links_the_file_is_still_created_only_if_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network shares have no hard links: an exclusive create does the same job."""
    def no_links(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    target = tmp_path / "svar.yaml"
    write_bytes(target, b"mine")
    assert target.read_bytes() == b"mine"
    with pytest.raises(WouldOverwrite):
        write_bytes(target, b"theirs")
    assert target.read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["svar.yaml"]


# --------------------------------------------------------------------------------------------
# Hashing


def test_one_hash_for_bytes_files_and_streams(tmp_path: Path) -> None:
    data = os.urandom(3 * CHUNK + 17)
    path = tmp_path / "blob"
    path.write_bytes(data)
    expected = hashlib.sha256(data).hexdigest()
    assert sha256_bytes(data) == sha256_file(path) == expected
    copied = bytearray()
    with path.open("rb") as fh:
        assert hash_stream(fh, copied.extend) == (expected, len(data))
    assert bytes(copied) == data
    with path.open("rb") as fh, pytest.raises(StreamTooLong):
        hash_stream(fh, limit=CHUNK)
    assert file_entry(path) == {"sha256": expected, "bytes": len(data)}


def test_sha256_regular_never_follows_a_link_nor_waits_on_a_fifo(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.write_bytes(b"x")
    (tmp_path / "link").symlink_to(real)
    os.mkfifo(tmp_path / "fifo")
    assert sha256_regular(real) == sha256_bytes(b"x")
    assert sha256_regular(tmp_path / "link") is None
    assert sha256_regular(tmp_path / "fifo") is None
    assert sha256_regular(tmp_path / "gone") is None


# --------------------------------------------------------------------------------------------
# Reproducible zips


def test_a_zip_of_the_same_members_is_the_same_bytes(tmp_path: Path, umask_of) -> None:
    (tmp_path / "b.pdf").write_bytes(b"pdf")
    (tmp_path / "b.pdf").chmod(0o600)
    members = {"b.pdf": tmp_path / "b.pdf", "manifest.json": b"{}", "a.txt": b"a"}
    umask_of(0o022)
    first = zip_bytes(members, first=["manifest.json"])
    os.utime(tmp_path / "b.pdf", (0, 0))  # another time stamp on disk changes nothing
    assert zip_bytes(dict(reversed(members.items())), first=["manifest.json"]) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.namelist() == ["manifest.json", "a.txt", "b.pdf"]
        assert {i.date_time for i in zf.infolist()} == {ZIP_TIME}
        assert {(i.external_attr >> 16) & 0o777 for i in zf.infolist()} == {0o644}
        assert zf.read("b.pdf") == b"pdf"
    umask_of(0o077)  # the mode follows the umask of whoever makes the zip
    with zipfile.ZipFile(io.BytesIO(zip_bytes(members))) as zf:
        assert {(i.external_attr >> 16) & 0o777 for i in zf.infolist()} == {0o600}


def test_write_zip_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "pakke.zip"
    write_zip(target, {"a": b"1"})
    before = target.read_bytes()
    with pytest.raises(WouldOverwrite):
        write_zip(target, {"a": b"2"})
    assert target.read_bytes() == before
