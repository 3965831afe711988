"""The archive's blob store: every archived file once, named by its SHA-256, never changed.

    objects/ab/cdef…   a file's content (mode 0444), at the path its SHA-256 gives
    tmp/               files being written; ``<package>.pending`` while an add is under way

A blob is written to ``tmp/``, fsynced, renamed into ``objects/`` and the folder fsynced; its
hash is taken while it is written, so a file that changes between the check and the copy is
refused (ARK004) and never lands under a wrong name.
"""

from __future__ import annotations

import builtins
import io
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO

from pulje.archive.codes import ARK004
from pulje.archive.errors import (
    BlobDamaged,
    ExportFailed,
    ExportWouldOverwrite,
    PackageRejected,
    PackageUnreadable,
    from_os_error,
)
from pulje.archive.manifest import FileSpec, short
from pulje.archive.reader import PackageReader
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Location
from pulje.files import FileExists, WriteFailed, create_new, fsync_path, writing
from pulje.files.hashing import hash_stream

#: In tmp/, ``<package sha256>.pending`` marks an add in progress.
PENDING = ".pending"
#: A blob's content: bytes at hand, or a way to open the file.
Source = Callable[[], IO[bytes]] | bytes


class _WriteError(Exception):
    """An ``OSError`` of writing a blob (not of reading the package)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class BlobStore:
    """The ``objects/`` and ``tmp/`` folders of an archive."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.tmp = root / "tmp"

    def path(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / sha256[2:]

    def have(self, spec: FileSpec) -> bool:
        try:
            return self.path(spec.sha256).stat().st_size == spec.bytes
        except OSError:
            return False

    def count(self) -> int:
        """How many files lie under ``objects/`` (whatever they are)."""
        try:
            return sum(len(names) for _, _, names in os.walk(self.objects))
        except OSError:
            return 0

    def pending(self, package_sha256: str) -> Path:
        return self.tmp / f"{package_sha256}{PENDING}"

    def free_space(self) -> int:
        """Free bytes on the disk that holds (or will hold) the archive folder."""
        probe = self.root
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        try:
            return shutil.disk_usage(probe).free
        except OSError:
            return 2**62  # cannot tell; let the writes themselves find out

    # --- writing -----------------------------------------------------------------------------

    def mkdir(self, path: Path) -> None:
        """Create a folder (if missing) and make its entry in the parent durable."""
        if path.is_dir():
            return
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir():
                raise
            return
        fsync_path(path.parent, strict=True)

    def prepare(self) -> None:
        """The archive folder with ``objects/`` and ``tmp/``, made durable the first time."""
        try:
            if not self.root.is_dir():
                self.root.mkdir(parents=True, exist_ok=True)
                fsync_path(self.root.parent, strict=True)
            self.mkdir(self.objects)
            self.mkdir(self.tmp)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc

    def mark_pending(self, pending: Path) -> None:
        try:
            os.close(os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o444))
            fsync_path(self.tmp)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc

    def put(self, package: Path, reader: PackageReader, spec: FileSpec, source: Source,
            temps: builtins.list[Path]) -> None:
        """Write one blob: temp file, fsync, rename into objects/, fsync the folder."""
        final = self.path(spec.sha256)
        temp = self.tmp / f"{spec.sha256[:16]}-{os.getpid()}-{secrets.token_hex(4)}.part"
        try:
            fd = create_new(temp, 0o444)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc
        temps.append(temp)

        def sink(chunk: bytes) -> None:
            try:
                _write_all(fd, chunk)
            except OSError as exc:
                raise _WriteError(exc) from exc

        try:
            if isinstance(source, bytes):
                sha, size = hash_stream(io.BytesIO(source), sink)
            else:
                try:
                    with source() as fh:
                        sha, size = hash_stream(fh, sink)
                except OSError as exc:
                    raise PackageUnreadable.unreadable(package, exc.strerror or str(exc)
                                                       ) from exc
            os.fsync(fd)
        except _WriteError as exc:
            raise from_os_error(exc.error, self.root) from exc.error
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc
        finally:
            os.close(fd)
        if sha != spec.sha256 or size != spec.bytes:
            # The file changed between the check and the copy.
            raise PackageRejected(package, [ARK004(
                N_("The file {name} changed while it was being archived: it now has SHA-256 "
                   "{actual}…, the manifest says {expected}…."),
                N_("Leave the package alone while it is archived, and try again."),
                ("files", spec.name), name=spec.name, actual=short(sha),
                expected=short(spec.sha256),
            ).at(Location(reader.label(spec.name)))])
        try:
            self.mkdir(final.parent)
            os.replace(temp, final)
            fsync_path(final.parent, strict=True)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc

    # --- reading out -------------------------------------------------------------------------

    def copy_out(self, entry_id: str, name: str, sha256: str, target: Path) -> None:
        """Write a blob to a new file ``target`` (whole, never over a file), checking its hash
        on the way; nothing is left at ``target`` if the blob is damaged or the copy fails."""
        blob = self.path(sha256)
        try:
            source = blob.open("rb")
        except OSError as exc:
            raise BlobDamaged(entry_id, name, blob) from exc
        with source:
            try:
                with writing(target) as out:
                    actual, _ = hash_stream(source, out.write)
                    if actual != sha256:
                        raise BlobDamaged(entry_id, name, blob)
            except FileExists:
                raise ExportWouldOverwrite(target) from None
            except WriteFailed as exc:
                raise ExportFailed(target, exc.error) from None
