"""Reproducible zips: the same members give the same bytes, whenever and wherever they are made.

Every member gets one fixed timestamp, the members stand in sorted order (names in ``first``
lead, as ``[Content_Types].xml`` must in a Word file), and every member the same permission
bits: by default those the user's umask gives, so whoever unpacks the zip on a shared drive
gets files colleagues can open, whatever mode the files had when they were zipped.
"""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO

from pulje.files import file_mode, writing
from pulje.files.hashing import CHUNK

#: The timestamp of every member (zip cannot say anything before 1980).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
Member = bytes | Path


def _order(names: Iterable[str], first: Sequence[str]) -> list[str]:
    names = list(names)
    leading = [n for n in first if n in names]
    return leading + sorted(n for n in names if n not in leading)


def write_members(
    out: IO[bytes], members: Mapping[str, Member], *, first: Sequence[str] = (),
    date_time: tuple[int, int, int, int, int, int] = ZIP_TIME, mode: int | None = None,
) -> None:
    """Write a zip of ``members`` (name → bytes, or a file to copy) to the open file ``out``."""
    bits = file_mode() if mode is None else mode
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in _order(members, first):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | bits) << 16
            content = members[name]
            if isinstance(content, bytes):
                zf.writestr(info, content)
                continue
            info.file_size = content.stat().st_size  # zip64 when needed, decided up front
            with content.open("rb") as src, zf.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, CHUNK)


def zip_bytes(
    members: Mapping[str, Member], *, first: Sequence[str] = (),
    date_time: tuple[int, int, int, int, int, int] = ZIP_TIME, mode: int | None = None,
) -> bytes:
    """The bytes of a reproducible zip of ``members`` (see ``write_members``)."""
    out = io.BytesIO()
    write_members(out, members, first=first, date_time=date_time, mode=mode)
    return out.getvalue()


def write_zip(
    target: Path, members: Mapping[str, Member], *, first: Sequence[str] = (),
    overwrite: bool = False, unchanged: Collection[str] | None = None,
) -> Path:
    """Write a reproducible zip of ``members`` to ``target``, whole, by the rules of
    ``pulje.files.writing`` (an existing file is refused unless asked)."""
    with writing(target, overwrite=overwrite, unchanged=unchanged) as fh:
        write_members(fh, members, first=first)
    return Path(target)
