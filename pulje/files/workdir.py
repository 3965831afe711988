"""Hidden work folders beside a target, that are pulje's beyond doubt and can be cleaned up.

``build`` and ``submit`` make everything in a work folder beside their target and move it into
place only when all of it succeeded. A run that is killed (power cut, Ctrl-C at the wrong
moment, a full disk) leaves its work folder behind. So that such folders can be found and
removed without any risk to a user's files, each one is

* named ``.<target>.<random>`` (hidden, beside the target),
* marked by a file ``.pulje-arbejdsmappe`` inside it, in a format no user writes, and
* locked (``flock``) on that file for as long as the run that made it is alive.

A folder is a leftover only if all three hold and no process holds the lock: the lock dies with
its process, so a folder still in use is never taken for one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no leftovers are ever taken for certain
    fcntl = None  # type: ignore[assignment]

MARKER = ".pulje-arbejdsmappe"
FORMAT = "pulje-arbejdsmappe/1"
MAX_MARKER_BYTES = 4096


@contextlib.contextmanager
def workdir(parent: Path, name: str, kind: str) -> Iterator[Path]:
    """A new work folder ``parent/.<name>.<random>``, removed when the block ends.

    Raises ``OSError`` if it cannot be made.
    """
    folder = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    try:
        fd = os.open(folder / MARKER, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        record = {"format": FORMAT, "kind": kind, "pid": os.getpid(),
                  "created": datetime.now(UTC).isoformat(timespec="seconds")}
        os.write(fd, json.dumps(record).encode("ascii"))
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)  # releases the lock, after the folder is gone


def _ours(folder: Path) -> int | None:
    """An open descriptor on ``folder``'s marker if the folder is a pulje work folder."""
    if fcntl is None:
        return None
    try:
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode):
            return None
        fd = os.open(folder / MARKER, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError
        record = json.loads(os.read(fd, MAX_MARKER_BYTES).decode("ascii"))
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise ValueError
    except (OSError, ValueError, RecursionError):
        os.close(fd)
        return None
    return fd


def _free(fd: int) -> bool:
    """Take the marker's lock if no one holds it (the caller then holds it)."""
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def leftovers(parent: Path) -> list[Path]:
    """pulje's work folders in ``parent`` whose run has ended (none still in use)."""
    out: list[Path] = []
    try:
        entries = sorted(os.scandir(parent), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        if not entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        fd = _ours(Path(entry.path))
        if fd is None:
            continue
        try:
            if _free(fd):
                out.append(Path(entry.path))
        finally:
            os.close(fd)
    return out


def clean(parent: Path) -> list[Path]:
    """Remove the leftovers in ``parent``; the folders removed."""
    removed: list[Path] = []
    for folder in leftovers(parent):
        fd = _ours(folder)
        if fd is None:
            continue
        try:
            if not _free(fd):  # taken up again meanwhile: not a leftover after all
                continue
            shutil.rmtree(folder)
            removed.append(folder)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed
