"""pulje's own records in a folder: ``report.json`` (``pulje build``) and ``manifest.json``
(``pulje submit``) name every file pulje wrote there with its SHA-256 — and, from their
second formats on, the document each file belongs to.

A file whose bytes are the ones recorded is exactly what pulje made from an answer file that
passed every check (``build`` writes nothing final for an application with fejl, ``submit``
sends nothing such): the desk may call it "klar" although it can read only its text. A file
that differs was changed afterwards, and the files made beside it are from before the change.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from pulje.archive.manifest import MANIFEST, MAX_MANIFEST_BYTES, Manifest
from pulje.archive.package import inspect
from pulje.archive.reader import PackageReader, ZipReader
from pulje.diagnostics import Diagnostic
from pulje.report.record import Report, parse_report

MAX_RECORD_BYTES = MAX_MANIFEST_BYTES
#: Limits for looking into a zip: a submission package is a few MB.
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_BYTES = 200 * 1024 * 1024


def _json(data: bytes) -> Any | None:
    if len(data) > MAX_RECORD_BYTES:
        return None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def record_format(data: bytes) -> str | None:
    """``pulje-rapport/2``, ``pulje-pakke/1`` …, or None: which of pulje's records ``data``
    is."""
    value = _json(data)
    if isinstance(value, dict) and isinstance(value.get("format"), str):
        return str(value["format"])
    return None


def read_report(data: bytes) -> Report | None:
    """The report of ``pulje build`` in ``data`` (of either format), or None if it is not
    one."""
    return parse_report(data)


class SnapshotReader(PackageReader):
    """A package folder as the desk read it: each file's private copy, by its name in the
    package, and the name each file is shown by."""

    def __init__(self, path: Path, copies: Mapping[str, Path], labels: Mapping[str, str],
                 folder_label: str) -> None:
        super().__init__(path)
        self.copies = copies
        self.labels = labels
        self.folder_label = folder_label

    def manifest_bytes(self) -> bytes | None:
        copy = self.copies.get(MANIFEST)
        if copy is None:
            return None
        with copy.open("rb") as fh:
            return fh.read(MAX_MANIFEST_BYTES + 1)

    def names(self) -> list[str]:
        return sorted(n for n in self.copies if n != MANIFEST)

    def open(self, name: str) -> IO[bytes]:
        return self.copies[name].open("rb")

    def label(self, name: str) -> str:
        return self.labels.get(name) or f"{self.folder_label}/{name}"


def check_folder_package(reader: SnapshotReader) -> tuple[Manifest | None, list[Diagnostic]]:
    """The manifest of a package folder and the ARK findings of its files against it."""
    return inspect(reader)


class NotAPackage(ValueError):
    """Raised by ``check_zip`` for a zip that holds no manifest.json."""


class ZipTooLarge(ValueError):
    """Raised by ``check_zip`` for a zip with too many members or too much to unpack."""


def check_zip(copy: Path, shown_as: str) -> tuple[Manifest | None, list[Diagnostic]]:
    """A submission package's zip checked against its manifest. Raises ``NotAPackage``,
    ``ZipTooLarge`` or ``zipfile.BadZipFile`` (and what a damaged zip raises while read)."""
    with zipfile.ZipFile(copy) as zf:
        reader = ZipReader(Path(shown_as), zf)
        if reader.manifest_bytes() is None:
            raise NotAPackage(shown_as)
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
            raise ZipTooLarge(shown_as)
        return inspect(reader)
