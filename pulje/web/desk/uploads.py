"""Receiving uploaded drafts into a batch, within limits, and unpacking zips of drafts.

An uploaded file is copied to ``files/NNNN`` of its batch (its number is its name on disk),
hashed on the way; the name it came with is kept for display only. A zip of drafts is unpacked
into the batch the same way, member by member, within the caps the desk uses for zip bombs
(``drafts.package``: bytes in all; ``drafts.records``: members), counting the bytes really
unpacked, not what the zip's directory claims; nothing is ever extracted to a path named in the
zip. A zip that holds ``manifest.json`` is pulje's submission package and stays whole: the desk
checks it against its manifest, as ``pulje check`` does.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from pulje.archive import MANIFEST
from pulje.diagnostics.i18n import N_, NP_
from pulje.drafts.package import MAX_TOTAL as MAX_ZIP_TOTAL
from pulje.drafts.records import MAX_ZIP_MEMBERS
from pulje.web.desk.batches import Batch, BatchStore, Note, StoredFile

_CHUNK = 1 << 20
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_MAC_JUNK = "__MACOSX/"


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser sent (for display only) and its bytes."""

    name: str
    stream: IO[bytes]


class _Full(Exception):
    """The batch holds as many files as it may."""


class _TooMuch(Exception):
    """A zip unpacks to more than the cap."""


def _split(name: str) -> tuple[str, str, str]:
    """A browser's file name as (top folder, folders below it, base name): a folder upload
    sends "mappe/under/fil.docx". Only ever used to group and show files."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if not parts:
        return "", "", name
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], "/".join(parts[1:-1]), parts[-1]


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker meant it: zips made without the UTF-8 flag (older Windows)
    hold the names' UTF-8 bytes, which zipfile reads as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


class Receiver:
    """Fills one batch with uploaded files; ``max_files`` counts unpacked members too."""

    def __init__(self, store: BatchStore, batch: Batch, max_files: int) -> None:
        self.store = store
        self.batch = batch
        self.max_files = max_files
        self._numbers = 0
        self._full_noted = False

    def _next(self) -> int:
        if len(self.batch.files) >= self.max_files:
            raise _Full
        self._numbers += 1
        return self._numbers

    def _copy(self, source: IO[bytes], limit: int | None = None) -> tuple[int, int, str]:
        """Copy ``source`` to the batch's next file; (number, size, sha256). Raises _TooMuch
        when more than ``limit`` bytes come (the partial file is removed)."""
        number = self._next()
        target = self.store.file_path(self.batch, number)
        digest = hashlib.sha256()
        size = 0
        try:
            with target.open("xb") as out:
                while chunk := source.read(_CHUNK):
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise _TooMuch
                    digest.update(chunk)
                    out.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return number, size, digest.hexdigest()

    def _full(self) -> None:
        if not self._full_noted:
            self._full_noted = True
            self.batch.notes.append(Note(
                N_("Only the first {n} files were taken: pulje checks at most {n} files in one "
                   "upload (zips unpacked). Upload the rest separately."), {"n": self.max_files}))

    def add(self, uploads: Iterable[Upload]) -> None:
        try:
            for upload in uploads:
                self._add_one(upload)
        except _Full:
            self._full()
        self.batch.total = len(self.batch.files)

    def _add_one(self, upload: Upload) -> None:
        top, folder, base = _split(upload.name)
        group = f"d:{top}" if top else ""
        if group:
            self.batch.groups[group] = top
        number, size, sha = self._copy(upload.stream)
        stored = StoredFile(number, upload.name, size, sha, group, folder)
        self.batch.files.append(stored)
        if base.lower().endswith(".zip"):
            self._maybe_unpack(stored)

    def _maybe_unpack(self, stored: StoredFile) -> None:
        path = self.store.file_path(self.batch, stored.number)
        with path.open("rb") as fh:
            if fh.read(4) not in _ZIP_MAGIC:
                return  # not a zip at all: the desk says so in its row
        try:
            with zipfile.ZipFile(path) as zf:
                infos = zf.infolist()
                if any(_zip_name(i).rstrip("/") == MANIFEST for i in infos):
                    return  # pulje's submission package: checked whole, as by pulje check
                if len(infos) > MAX_ZIP_MEMBERS:
                    self.batch.notes.append(Note(
                        N_("{file} holds more than {n} entries; pulje does not unpack it."),
                        {"file": stored.name, "n": MAX_ZIP_MEMBERS}))
                    return
                if sum(i.file_size for i in infos) > MAX_ZIP_TOTAL:
                    self._bomb(stored)
                    return
                self._unpack(zf, infos, stored)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                ValueError, OSError):
            return  # damaged: kept as it came, and the desk reports it

    def _bomb(self, stored: StoredFile) -> None:
        self.batch.notes.append(Note(
            N_("{file} unpacks to more than {mb} MB: it may be a zip bomb. Its files were not "
               "unpacked."), {"file": stored.name, "mb": MAX_ZIP_TOTAL // (1024 * 1024)}))

    def _unpack(self, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                stored: StoredFile) -> None:
        # The zip's files are checked, not the zip (it counts for no file of its own); it
        # stays only if none of its files could be taken.
        place = self.batch.files.index(stored)
        self.batch.files.remove(stored)
        first = len(self.batch.files)
        group = f"z:{stored.number}"
        self.batch.groups[group] = stored.name
        left = MAX_ZIP_TOTAL
        skipped: dict[str, int] = {}
        for info in infos:
            name = _zip_name(info)
            if info.is_dir():
                continue
            if name.startswith(_MAC_JUNK):
                skipped["mac"] = skipped.get("mac", 0) + 1
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                skipped["link"] = skipped.get("link", 0) + 1
                continue
            if info.flag_bits & 0x1:
                skipped["encrypted"] = skipped.get("encrypted", 0) + 1
                continue
            top, folder, _base = _split(name)
            inner = "/".join(p for p in (top, folder) if p)
            try:
                with zf.open(info) as member:
                    number, size, sha = self._copy(member, left)
            except _Full:
                self._full()
                break
            except _TooMuch:
                self._forget(first)
                self._bomb(stored)
                break
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                    ValueError, OSError):
                skipped["damaged"] = skipped.get("damaged", 0) + 1
                continue
            left -= size
            self.batch.files.append(StoredFile(number, f"{stored.name}/{name}", size, sha,
                                               group, inner))
        if len(self.batch.files) > first:
            self.store.file_path(self.batch, stored.number).unlink(missing_ok=True)
        else:
            self.batch.files.insert(place, stored)
        for reason, count in skipped.items():
            singular, plural = _SKIPPED[reason]
            self.batch.notes.append(Note(singular, {"file": stored.name, "n": count}, plural))

    def _forget(self, first: int) -> None:
        for stored in self.batch.files[first:]:
            self.store.file_path(self.batch, stored.number).unlink(missing_ok=True)
        del self.batch.files[first:]


_SKIPPED = {
    "mac": NP_("{file}: {n} file of the Mac's __MACOSX folder was left out (it is not a "
               "document).",
               "{file}: {n} files of the Mac's __MACOSX folder were left out (they are not "
               "documents)."),
    "link": NP_("{file}: {n} link in the zip was not unpacked; pulje unpacks only files.",
                "{file}: {n} links in the zip were not unpacked; pulje unpacks only files."),
    "encrypted": NP_("{file}: {n} file is encrypted in the zip and was not unpacked. Zip it "
                     "again without a password.",
                     "{file}: {n} files are encrypted in the zip and were not unpacked. Zip "
                     "them again without a password."),
    "damaged": NP_("{file}: {n} file in the zip is damaged and was not unpacked.",
                   "{file}: {n} files in the zip are damaged and were not unpacked."),
}
