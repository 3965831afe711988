"""Write files whole or not at all: temp file in the same folder, fsync, then rename.

With ``overwrite=False`` the final step is a hard link, which fails if the name exists, so a
file the user already has is never replaced — not even by a race with another process.

Every file gets the mode the user's umask gives (0644 under umask 022), as ``open()`` would:
the temporary file is created with 0666 and the kernel applies the umask (``tempfile.mkstemp``
would make it 0600, which colleagues sharing a folder cannot open).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

from pulje.diagnostics import N_, Msg
from pulje.diagnostics.errors import PuljeError, WouldOverwrite


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


_UMASK_LOCK = threading.Lock()


def umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    # Elsewhere the only way is to set it and set it back; the lock keeps our own threads from
    # seeing the temporary value.
    with _UMASK_LOCK:
        current = os.umask(0o022)
        os.umask(current)
    return current


def file_mode() -> int:
    """The permission bits a new file gets under the user's umask (0o644 under 022)."""
    return 0o666 & ~umask()


def create_new(path: Path) -> int:
    """Create ``path`` (which must not exist) for writing, with the umask's mode; the fd."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                   0o666)


@contextlib.contextmanager
def _temp_in(folder: Path, name: str) -> Iterator[Path]:
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(create_new(tmp))
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 random names taken
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))
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
