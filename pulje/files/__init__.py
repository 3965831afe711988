"""Write files whole or not at all: temp file in the same folder, fsync, then into place.

One helper, ``writing`` (and ``write_bytes``/``write_text``/``place`` on top of it), for every
"write new or refuse" in pulje. How the finished file takes the target's name is the option:

* ``overwrite=False`` (the default): a hard link, which fails if the name exists, so a file the
  user already has is never replaced — not even by a race with another process;
* ``unchanged={sha256, …}``: replace the file there only while its content is one of these
  (pulje's own output, unchanged since pulje recorded it); anything else is refused;
* ``overwrite=True``: replace whatever is there.

On a file system without hard links (some network shares) the file is created with
``O_EXCL`` instead, which refuses an existing name just as well.

Every file gets the mode the user's umask gives (0644 under umask 022), as ``open()`` would:
the temporary file is created with 0666 and the kernel applies the umask (``tempfile.mkstemp``
would make it 0600, which colleagues sharing a folder cannot open).

Hashing is in ``pulje.files.hashing``, reproducible zips in ``pulje.files.zips``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import threading
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO

from pulje.diagnostics import N_, Msg
from pulje.diagnostics.errors import PuljeError, WouldOverwrite
from pulje.files.hashing import sha256_regular


class WriteFailed(PuljeError):
    """Raised when a file cannot be written (no space, no permission, read-only folder);
    ``error`` is the ``OSError`` that says why."""

    error: OSError


class FileExists(WouldOverwrite):
    """Raised when the target exists (or changed) and may not be replaced; ``path`` is it."""

    def __init__(self, path: Path, message: str, hint: str) -> None:
        super().__init__(message, hint, file=str(path))
        self.path = path


_REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the folder is read-only"),
    errno.EACCES: N_("pulje may not write there"),
    errno.EPERM: N_("pulje may not write there"),
}
#: What ``os.link`` says where the file system has no hard links.
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS,
                       errno.EMLINK})


def _failed(path: Path, exc: OSError) -> WriteFailed:
    known = _REASONS.get(exc.errno or 0)
    reason = Msg(known) if known else (exc.strerror or str(exc))
    failed = WriteFailed(
        N_("{file} could not be written: {reason}."),
        N_("Free space or choose another folder with -o; nothing was written."),
        file=str(path), reason=reason,
    )
    failed.error = exc
    return failed


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


def create_new(path: Path, mode: int = 0o666) -> int:
    """Create ``path`` (which must not exist) for writing; the fd. ``mode`` before the umask."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                   mode)


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


def exists_error(path: Path) -> FileExists:
    return FileExists(
        path, N_("{file} exists already; pulje does not overwrite it."),
        N_("Choose another name, or move the old file away first."),
    )


def changed_error(path: Path) -> FileExists:
    return FileExists(
        path, N_("{file} was changed after pulje wrote it; pulje does not overwrite it."),
        N_("Save your changes under another name, or move the file away first."),
    )


def _link_new(source: Path, target: Path) -> None:
    """Give ``source``'s content the new name ``target``; ``FileExistsError`` if it exists."""
    try:
        os.link(source, target)
        return
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in _NO_LINKS:
            raise
    # No hard links here: create the name exclusively and copy into it.
    fd = create_new(target)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def _put(tmp: Path, path: Path, overwrite: bool, unchanged: Collection[str] | None) -> None:
    """Put the finished file ``tmp`` at ``path`` by the rules of ``writing``."""
    if overwrite:
        os.replace(tmp, path)
        return
    if unchanged is not None and os.path.lexists(path):
        if sha256_regular(path) not in unchanged:
            raise changed_error(path)
        os.replace(tmp, path)
        return
    try:
        _link_new(tmp, path)
    except FileExistsError:
        raise exists_error(path) from None


@contextlib.contextmanager
def writing(
    path: Path, *, overwrite: bool = False, unchanged: Collection[str] | None = None,
    mode: int | None = None,
) -> Iterator[IO[bytes]]:
    """A file to write ``path``'s new content to; put in place whole when the block ends.

    Refuses (``FileExists``) an existing file unless ``overwrite``, or, with ``unchanged``, a
    file whose SHA-256 is not one of those. If the block raises, nothing is written. ``mode``
    sets the permission bits (default: what the umask gives). Errors of the disk are
    ``WriteFailed``.
    """
    path = Path(path)
    if not overwrite and unchanged is None and os.path.lexists(path):
        raise exists_error(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _temp_in(path.parent, path.name) as tmp:
            with tmp.open("wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            if mode is not None:
                tmp.chmod(mode)
            _put(tmp, path, overwrite, unchanged)
        fsync_path(path.parent)
    except OSError as exc:
        raise _failed(path, exc) from None


def write_bytes(
    path: Path, data: bytes, *, overwrite: bool = False,
    unchanged: Collection[str] | None = None,
) -> Path:
    """Write ``data`` to ``path`` whole (see ``writing`` for when a file there is replaced)."""
    with writing(path, overwrite=overwrite, unchanged=unchanged) as fh:
        fh.write(data)
    return Path(path)


def write_text(
    path: Path, text: str, *, overwrite: bool = False,
    unchanged: Collection[str] | None = None,
) -> Path:
    return write_bytes(path, text.encode("utf-8"), overwrite=overwrite, unchanged=unchanged)


def place(
    staged: Path, path: Path, *, overwrite: bool = False,
    unchanged: Collection[str] | None = None,
) -> Path:
    """Move a finished file ``staged`` (same file system) to ``path`` by the rules of
    ``writing``: one rename or link, never a half file under the target's name."""
    staged, path = Path(staged), Path(path)
    try:
        if not overwrite and unchanged is None and os.path.lexists(path):
            raise exists_error(path)
        _put(staged, path, overwrite, unchanged)
        staged.unlink(missing_ok=True)  # a link (not a rename) leaves the staged name behind
        fsync_path(path.parent)
    except OSError as exc:
        raise _failed(path, exc) from None
    return path
