"""Faults: a killed process, a read-only archive folder, a full disk — the archive stays whole."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from archive_helpers import ROOT, PackageFactory, build_package, child_env

from pulje.archive import Archive, ArchiveFull, ArchiveReadOnly
from pulje.archive.index import Db
from pulje.diagnostics import Severity, Translator, has_errors

DA = Translator("da")
LEFTOVERS = {"ARK020", "ARK021"}


def assert_whole(archive: Archive, expected_ids: list[str]) -> None:
    """The archive holds exactly these entries, each complete, and verify finds no fejl."""
    assert sorted(e.id for e in archive.list()) == sorted(expected_ids)
    for entry_id in expected_ids:
        assert len(archive.show(entry_id).files) == 6
    diags = archive.verify()
    assert not has_errors(diags), [d.params for d in diags]
    assert {d.code for d in diags} <= LEFTOVERS
    assert {d.severity for d in diags} <= {Severity.INFO}


# --------------------------------------------------------------------------------------------
# SIGKILL in the middle of adding

PAUSING_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pulje.archive import blobs, index, store

    root, package, ready, where = sys.argv[1:5]

    def signal_and_hang():
        Path(ready).write_text("ready")
        time.sleep(60)

    if where == "temp-file":
        real_write_all = blobs._write_all
        def half_then_hang(fd, data):
            real_write_all(fd, data[: len(data) // 2])
            signal_and_hang()
        blobs._write_all = half_then_hang
    elif where == "after-blobs":
        real_commit = store.Archive._commit_entry
        def hang_first(self, *args):
            signal_and_hang()
        store.Archive._commit_entry = hang_first
    elif where == "in-transaction":
        real_insert = index.Db.insert_files
        def insert_then_hang(self, *args):
            real_insert(self, *args)
            signal_and_hang()
        index.Db.insert_files = insert_then_hang
    store.Archive(Path(root)).add(Path(package))
    """
)


def _wait_for(path: Path, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "child never reached the pause"
        time.sleep(0.01)


@pytest.mark.parametrize("where", ["temp-file", "after-blobs", "in-transaction"])
def test_sigkill_while_adding_leaves_no_half_entry(
    make_package: PackageFactory, arkiv: Path, tmp_path: Path, where: str
) -> None:
    archive = Archive(arkiv)
    before = archive.add(make_package("før")).entry.id
    package = make_package("under", size=5000)
    ready = tmp_path / "ready"
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSING_CHILD, str(arkiv), str(package), str(ready), where],
        env=child_env(),
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(ready, proc)
        # While the child is paused (holding the write lock, if in the transaction),
        # readers see only the entries that were there before.
        assert [e.id for e in archive.list()] == [before]
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    assert_whole(archive, [before])
    # The same package can be added afterwards, and then everything verifies.
    again = archive.add(package)
    assert again.created
    assert_whole(archive, [before, again.entry.id])


RANDOM_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from pulje.archive import Archive

    root, started, *packages = sys.argv[1:]
    archive = Archive(Path(root))
    archive.list()  # loaded and connected before the clock starts (PostgreSQL's driver)
    Path(started).write_text("started")
    for package in packages:
        archive.add(Path(package))
    """
)


def test_sigkill_at_random_moments_never_leaves_a_half_entry(tmp_path: Path) -> None:
    rng = random.Random(20261122)
    arkiv = tmp_path / "arkiv"
    archive = Archive(arkiv)
    # One entry first, so that a child killed before its first add leaves an archive to check;
    # its time sets the window of the kills (a few adds long, whatever holds the index).
    started_at = time.monotonic()
    archive.add(build_package(tmp_path / "first", "first", size=20_000))
    window = max(0.15, 3 * (time.monotonic() - started_at))
    for round_no in range(6):
        packages = [
            str(build_package(tmp_path / f"r{round_no}-{i}", f"r{round_no}-{i}", size=20_000))
            for i in range(30)
        ]
        started = tmp_path / f"started{round_no}"
        proc = subprocess.Popen(
            [sys.executable, "-c", RANDOM_CHILD, str(arkiv), str(started), *packages],
            env=child_env(),
        )
        try:
            _wait_for(started, proc)
            time.sleep(rng.uniform(0.0, window))
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        entries = archive.list()
        assert_whole(archive, [e.id for e in entries])
    assert 1 < len(archive.list()) < 1 + 6 * 30  # some adds finished, some were cut short


# --------------------------------------------------------------------------------------------
# Read-only archive folder and full disk, simulated in this process


def _raise(code: int):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.fixture
def one_entry(make_package: PackageFactory, arkiv: Path) -> tuple[Archive, str]:
    archive = Archive(arkiv)
    return archive, archive.add(make_package("første")).entry.id


def test_read_only_folder_gives_a_clear_error_and_changes_nothing(
    one_entry: tuple[Archive, str], make_package: PackageFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, first = one_entry
    package = make_package("anden")
    with monkeypatch.context() as m:
        m.setattr(os, "replace", _raise(errno.EROFS))
        with pytest.raises(ArchiveReadOnly) as err:
            archive.add(package)
    text = err.value.text(DA)
    assert str(archive.root) in text and "skrivebeskyttet" in text and "uændret" in text
    assert "PULJE_ARKIV" in text  # says what to do
    assert not any(archive.tmp.iterdir())  # the temporary file was removed
    assert_whole(archive, [first])
    assert archive.add(package).created  # and once writable again, adding works


def test_new_archive_on_read_only_media_is_not_half_created(
    make_package: PackageFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = make_package("a")
    archive = Archive(tmp_path / "ro" / "arkiv")
    with monkeypatch.context() as m:
        m.setattr(Path, "mkdir", _raise(errno.EROFS))
        with pytest.raises(ArchiveReadOnly):
            archive.add(package)
    assert not archive.root.exists()


def test_full_disk_while_writing_a_file_changes_nothing(
    one_entry: tuple[Archive, str], make_package: PackageFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, first = one_entry
    package = make_package("anden")
    with monkeypatch.context() as m:
        m.setattr(os, "write", _raise(errno.ENOSPC))
        with pytest.raises(ArchiveFull) as err:
            archive.add(package)
    assert "er fuld" in err.value.text(DA) and "Frigør plads" in err.value.text(DA)
    assert not any(archive.tmp.iterdir())
    assert_whole(archive, [first])


@pytest.mark.sqlite_only  # SQLite's own file
def test_full_disk_at_the_index_commit_changes_nothing(
    one_entry: tuple[Archive, str], make_package: PackageFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, first = one_entry

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as m:
        m.setattr(Db, "insert_files", full)
        with pytest.raises(ArchiveFull):
            archive.add(make_package("anden"))
    # The blobs were written before the transaction; they are notes, not fejl.
    assert_whole(archive, [first])


# --------------------------------------------------------------------------------------------
# The same, for real: a read-only bind mount and a full tmpfs, in a private mount namespace


def _can_mount() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         "mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs unshare and mount (root)")

READ_ONLY_CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from pulje.archive import Archive, ArchiveReadOnly
    from pulje.diagnostics import Translator, has_errors

    root, new, old = map(Path, sys.argv[1:4])
    archive = Archive(root)
    out = {}
    try:
        archive.add(new)
        out["error"] = None
    except ArchiveReadOnly as exc:
        out["error"] = exc.text(Translator("da"))
    out["listed"] = [e.id for e in archive.list()]
    out["old_again"] = archive.add(old).created
    out["fejl"] = has_errors(archive.verify())
    print(json.dumps(out))
    """
)


@needs_mount
def test_real_read_only_mount(one_entry: tuple[Archive, str], make_package: PackageFactory) -> None:
    archive, first = one_entry
    old = make_package("første")
    new = make_package("anden")
    root = archive.root
    script = (
        f"mount --bind {root} {root} && mount -o remount,bind,ro {root} && "
        f'exec "$0" -c "$1" {root} {new} {old}'
    )
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script,
         sys.executable, READ_ONLY_CHILD],
        env=child_env(), capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["error"] and "skrivebeskyttet" in out["error"]
    assert out["listed"] == [first]  # the archive is still readable on read-only media
    assert out["old_again"] is False  # adding what is already there needs no write
    assert out["fejl"] is False
    assert_whole(archive, [first])


FULL_DISK_CHILD = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from pulje.archive import Archive, ArchiveFull, blobs
    from pulje.diagnostics import has_errors

    disk, first, big = map(Path, sys.argv[1:4])
    archive = Archive(disk / "arkiv")
    out = {"first": archive.add(first).entry.id}
    filler = disk / "fyld"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError:
        pass
    os.close(fd)

    def attempt():
        try:
            archive.add(big)
            return "added"
        except ArchiveFull as exc:
            cause = exc.__cause__
            return "full:" + (str(getattr(cause, "errno", cause)) if cause else "precheck")

    out["precheck"] = attempt()
    # Now leave 200 KB free, too little for the package, and let the write itself run into
    # ENOSPC, as if the free space had been misjudged.
    os.truncate(filler, filler.stat().st_size - 200 * 1024)
    class Plenty:
        free = 10**12
    real_disk_usage = blobs.shutil.disk_usage
    blobs.shutil.disk_usage = lambda path: Plenty
    out["enospc"] = attempt()
    blobs.shutil.disk_usage = real_disk_usage
    out["listed"] = [e.id for e in archive.list()]
    out["tmp"] = sorted(p.name for p in archive.tmp.iterdir())
    out["fejl"] = has_errors(archive.verify())
    filler.unlink()
    out["after"] = archive.add(big).created
    out["fejl_after"] = has_errors(archive.verify())
    print(json.dumps(out))
    """
)


@needs_mount
def test_real_full_disk(tmp_path: Path) -> None:
    first = build_package(tmp_path / "lille", "lille")
    big = build_package(tmp_path / "stor", "stor", size=100_000)  # 6 × 100 KB
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f'mount -t tmpfs -o size=2m tmpfs {disk} && exec "$0" -c "$1" {disk} {first} {big}'
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script,
         sys.executable, FULL_DISK_CHILD],
        env=child_env(), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["precheck"] == "full:precheck"  # refused before writing anything
    assert out["enospc"] == f"full:{errno.ENOSPC}"  # the write itself ran out of space
    assert out["listed"] == [out["first"]]
    assert out["tmp"] == []
    assert out["fejl"] is False
    assert out["after"] is True and out["fejl_after"] is False
