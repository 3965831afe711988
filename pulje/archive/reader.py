"""Reading a submission package: a folder, or a .zip of one (its files at the top of the zip
or inside one top-level folder), through one interface."""

from __future__ import annotations

import contextlib
import os
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from pulje.archive.errors import PackageUnreadable
from pulje.archive.manifest import MANIFEST, MAX_MANIFEST_BYTES

#: Files that operating systems drop into folders and zips by themselves; never package content.
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
JUNK_DIRS = frozenset({"__MACOSX"})


class PackageReader(ABC):
    """Uniform read access to a package folder or a .zip of one."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @abstractmethod
    def manifest_bytes(self) -> bytes | None:
        """The bytes of manifest.json, or None if the package has none."""

    @abstractmethod
    def names(self) -> list[str]:
        """Every file in the package except manifest.json, as relative POSIX paths."""

    @abstractmethod
    def open(self, name: str) -> IO[bytes]:
        """Open one of ``names()`` for reading."""

    @abstractmethod
    def label(self, name: str) -> str:
        """Where a file of the package is, as shown to users."""


class DirReader(PackageReader):
    def manifest_bytes(self) -> bytes | None:
        target = self.path / MANIFEST
        if not target.is_file():
            return None
        with target.open("rb") as fh:
            return fh.read(MAX_MANIFEST_BYTES + 1)

    def names(self) -> list[str]:
        out: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.path):
            dirnames[:] = sorted(d for d in dirnames if d not in JUNK_DIRS)
            rel = PurePosixPath(Path(dirpath).relative_to(self.path).as_posix())
            for name in sorted(filenames):
                if name in JUNK_NAMES:
                    continue
                posix = (rel / name).as_posix()
                if posix != MANIFEST:
                    out.append(posix)
        return out

    def open(self, name: str) -> IO[bytes]:
        return (self.path / name).open("rb")

    def label(self, name: str) -> str:
        return str(self.path / name)


class ZipReader(PackageReader):
    """A .zip with the files at its top, or inside one top-level folder."""

    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        super().__init__(path)
        self.zf = zf
        members = [i.filename for i in zf.infolist() if not i.is_dir()]
        members = [m for m in members if not _zip_junk(m)]
        self.prefix = ""
        if MANIFEST not in members:
            tops = {m.split("/", 1)[0] for m in members}
            if len(tops) == 1 and f"{next(iter(tops))}/{MANIFEST}" in members:
                self.prefix = next(iter(tops)) + "/"
        self.members = members

    def manifest_bytes(self) -> bytes | None:
        name = self.prefix + MANIFEST
        if name not in self.members:
            return None
        with self.zf.open(name) as fh:
            return fh.read(MAX_MANIFEST_BYTES + 1)

    def names(self) -> list[str]:
        out = []
        for member in self.members:
            name = member[len(self.prefix):] if member.startswith(self.prefix) else member
            if member != self.prefix + MANIFEST:
                out.append(name)
        return sorted(out)

    def open(self, name: str) -> IO[bytes]:
        return self.zf.open(self.prefix + name)

    def label(self, name: str) -> str:
        return f"{self.path}/{self.prefix}{name}"


def _zip_junk(member: str) -> bool:
    parts = member.split("/")
    return parts[-1] in JUNK_NAMES or any(p in JUNK_DIRS for p in parts[:-1])


@contextlib.contextmanager
def open_package(path: Path) -> Iterator[PackageReader]:
    """Open a package folder or .zip; raises ``PackageUnreadable`` if it is neither."""
    path = Path(path)
    if path.is_dir():
        yield DirReader(path)
        return
    if not path.exists():
        raise PackageUnreadable.missing(path)
    if not path.is_file():
        raise PackageUnreadable.not_a_package(path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        if path.suffix.lower() != ".zip":
            raise PackageUnreadable.not_a_package(path) from None
        raise PackageUnreadable.bad_zip(path) from None
    except OSError as exc:
        raise PackageUnreadable.unreadable(path, exc.strerror or str(exc)) from exc
    with zf:
        try:
            yield ZipReader(path, zf)
        except (zipfile.BadZipFile, EOFError) as exc:
            raise PackageUnreadable.bad_zip(path) from exc
