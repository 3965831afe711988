"""Pools and forms as read, and the Word templates made from the forms, kept in the user's
cache folder between runs.

pydantic builds a model's validator once per process, and for the pool, its rounds and their
forms that is most of what ``pulje validate`` spends on one answer file. An entry keeps the
validated models (a pickle), so that the next run reads them back without building anything.

An entry is keyed by everything it was made from: the data files read (path, size, change
time), pulje's own modules and shared sections that define and fill the models (so a changed
pulje never reads an old entry), and the Python and pydantic versions. An entry is written whole
or not at all (temp file, then rename); one that cannot be read is made again; a cache folder
that cannot be written is no error. The folder is the user's own: ``$PULJE_CACHE``, else the
platform's cache folder (``~/.cache/pulje`` on Linux, ``%LOCALAPPDATA%\\pulje\\Cache`` on
Windows, ``~/Library/Caches/pulje`` on macOS). ``PULJE_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")
FORMAT = "1"
#: Entries beyond this many are removed, oldest first (tests make many pools in temp folders).
MAX_ENTRIES = 200


def cache_dir() -> Path | None:
    """The folder of pulje's cache, or None when it is turned off."""
    override = os.environ.get("PULJE_CACHE")
    if override:
        return None if override.strip().lower() == "off" else Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "pulje" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "pulje"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "pulje"


def _stat(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path), st.st_mtime_ns, st.st_size


@lru_cache(maxsize=4)
def code_stamp(*more: Path) -> tuple[tuple[str, int, int], ...]:
    """The files that define what an entry holds: the models' modules and shared sections
    (and the modules under ``more``, for what they make)."""
    import pydantic

    import schemas

    roots = [Path(schemas.__file__).parent, Path(__file__).parent, *more]
    found = [p for root in roots for p in root.rglob("*") if p.suffix in (".py", ".yaml")]
    return (("python", 0, 0), (sys.version, 0, 0), (pydantic.VERSION, 0, 0),
            *sorted(_stat(p) for p in found))


def _key(kind: str, files: Iterable[Path], code: tuple[Path, ...] = (), extra: str = "") -> str:
    """The entry's whole key (the entry holds it and is read only when it matches)."""
    return repr((FORMAT, kind, tuple(_stat(p) for p in files), code_stamp(*code), extra))


def cached(kind: str, files: Iterable[Path], make: Callable[[], _T],
           code: tuple[Path, ...] = (), extra: str = "") -> _T:
    """What ``make()`` gives, from the cache when an entry for ``files`` exists (``code``:
    folders of the modules that make it, beside the models'; ``extra``: more of the key, such
    as a hash of bytes it is made from)."""
    folder = cache_dir()
    files = list(files)
    if folder is None:
        return make()
    try:
        key = _key(kind, files, code, extra)
    except OSError:  # a file went away meanwhile: read it the ordinary way
        return make()
    data = key.encode("utf-8")
    entry = folder / f"{kind}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.pickle"
    with contextlib.suppress(Exception):  # a damaged, foreign or other entry is made again
        with entry.open("rb") as fh:
            stored_key, found = pickle.load(fh)
        if stored_key == key:
            return found  # type: ignore[no-any-return]
    value = make()
    _store(folder, entry, (key, value))
    return value


def _store(folder: Path, entry: Path, value: object) -> None:
    with contextlib.suppress(Exception):  # no cache is no error
        folder.mkdir(parents=True, exist_ok=True)
        temp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        with temp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        temp.replace(entry)
        _prune(folder)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-MAX_ENTRIES]:
        with contextlib.suppress(OSError):
            old.unlink()
