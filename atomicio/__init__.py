"""Write files whole or not at all: temp file in the same folder, fsync, then rename.

With ``overwrite=False`` the final step is a hard link, which fails if the name exists, so a
file the user already has is never replaced — not even by a race with another process.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from diagnostics import N_, Msg
from diagnostics.errors import PuljeError, WouldOverwrite


class WriteFailed(PuljeError):
    """Raised when a file cannot be written (no space, no permission, read-only folder)."""


_REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the folder is read-only"),
    errno.EACCES: N_("pulje may not write there"),
    errno.EPERM: N_("pulje may not write there"),
}


def _failed(path: Path, exc: OSError) -> WriteFailed:
    known = _REASONS.get(exc.errno or 0)
    reason = Msg(known) if known else (exc.strerror or str(exc))
    return WriteFailed(
        N_("{file} could not be written: {reason}."),
        N_("Free space or choose another folder with -o; nothing was written."),
        file=str(path), reason=reason,
    )


def fsync_path(path: Path, *, strict: bool = False) -> None:
    """Make a file's content, or a folder's names, durable (fsync by name).

    An ``OSError`` is ignored unless ``strict``: not every filesystem lets a folder be
    fsynced, and Windows cannot fsync a file opened for reading.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        if strict:
            raise


@contextlib.contextmanager
def _temp_in(folder: Path, name: str) -> Iterator[Path]:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _exists(path: Path) -> WouldOverwrite:
    return WouldOverwrite(
        N_("{file} exists already; pulje does not overwrite it."),
        N_("Choose another name, or move the old file away first."), file=str(path),
    )


def write_bytes(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` whole. Refuses an existing file unless ``overwrite``."""
    path = Path(path)
    if not overwrite and path.exists():
        raise _exists(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _temp_in(path.parent, path.name) as tmp:
            with tmp.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if overwrite:
                os.replace(tmp, path)
            else:
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    raise _exists(path) from None
        fsync_path(path.parent)
    except OSError as exc:
        raise _failed(path, exc) from None
    return path


def write_text(path: Path, text: str, *, overwrite: bool = False) -> Path:
    return write_bytes(path, text.encode("utf-8"), overwrite=overwrite)
