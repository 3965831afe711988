"""SHA-256, the one hash pulje records: of bytes, of a file (streamed), of a stream while it is
copied. Every place that hashes uses these."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

#: How much is read at a time.
CHUNK = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class StreamTooLong(ValueError):
    """Raised by ``hash_stream`` when a stream holds more than its ``limit``."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_stream(
    fh: IO[bytes], sink: Callable[[bytes], object] | None = None, limit: int | None = None,
) -> tuple[str, int]:
    """SHA-256 and size of everything left in ``fh``; each chunk also goes to ``sink`` (to copy
    while hashing). More than ``limit`` bytes: ``StreamTooLong``. Errors of ``fh`` and ``sink``
    pass through as they are."""
    digest = hashlib.sha256()
    size = 0
    while chunk := fh.read(CHUNK):
        size += len(chunk)
        if limit is not None and size > limit:
            raise StreamTooLong(size)
        digest.update(chunk)
        if sink is not None:
            sink(chunk)
    return digest.hexdigest(), size


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks. Raises ``OSError``."""
    with Path(path).open("rb") as fh:
        return hash_stream(fh)[0]


def file_entry(path: Path) -> dict[str, str | int]:
    """``{"sha256": …, "bytes": …}`` of a file, as pulje's records list it."""
    with Path(path).open("rb") as fh:
        sha, size = hash_stream(fh)
    return {"sha256": sha, "bytes": size}


def sha256_regular(path: Path) -> str | None:
    """The SHA-256 of a regular file, or None if it is not one (a link, a FIFO, a folder) or
    cannot be read. Never follows a symlink, never blocks on a FIFO put under the name."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            return hash_stream(fh)[0]
        except OSError:
            return None
