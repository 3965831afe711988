"""The applicant's own attachments (``bilag:`` in the answer file: a signed agreement, a letter
of support …): each file read from the answer file's folder into the package, or FOR008.

A file is read once, as a regular file of at most ``MAX_BYTES`` (a folder, device or FIFO is
refused without being read; a file swapped for a FIFO is not waited on), and the package holds
exactly those bytes under a readable name ("Bilag - samarbejdsaftale.pdf").
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulje.checks.formalia import FOR008
from pulje.diagnostics import N_, Diagnostic
from pulje.submission.mail import safe_filename

#: No attachment of an application comes near this (STAR's portal takes a few MB per file).
MAX_BYTES = 50 * 1024 * 1024
FOLDER = "bilag"


@dataclass(frozen=True)
class OwnAttachment:
    """An attachment of the applicant's: what it is, its bytes and its name in the package."""

    id: str | None
    tekst: str
    data: bytes
    name: str  # "Bilag - samarbejdsaftale.pdf"

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower().lstrip(".")


class _Unreadable(OSError):
    pass


def _read(path: Path) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise _Unreadable(errno.EINVAL, "not a regular file")
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Unreadable(errno.EINVAL, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise _Unreadable(errno.EFBIG, "too large")
    return data


def _rows(loaded: Any) -> list[tuple[tuple[Any, ...], Any]]:
    form = loaded.runde.form
    out = []
    for _q, path, section in form.of_kind("bilag"):
        if not form.active(loaded.model, section.id):
            continue
        value = loaded.model
        for part in path:
            value = getattr(value, part, None)
        out += [((*path, i), row) for i, row in enumerate(value or [])]
    return out


def collect(loaded: Any, application: Path) -> tuple[list[OwnAttachment], list[Diagnostic]]:
    """The attachments the answer file declares, read; a FOR008 for each that cannot be."""
    found: list[OwnAttachment] = []
    problems: list[Diagnostic] = []
    if loaded.model is None or loaded.runde is None:
        return found, problems
    texts = {b.id: b.tekst for b in loaded.runde.bilag}
    taken: set[str] = set()
    for path, row in _rows(loaded):
        given = (row.fil or "").strip()
        if not given:
            continue  # FOR007 says so where the round requires it
        source = Path(given)
        if not source.is_absolute():
            source = application.parent / source
        try:
            data = _read(source)
        except FileNotFoundError:
            problems.append(_missing(loaded, path, given, N_("it does not exist")))
            continue
        except _Unreadable as exc:
            reason = (N_("it is larger than 50 MB") if exc.errno == errno.EFBIG
                      else N_("it is not a regular file"))
            problems.append(_missing(loaded, path, given, reason))
            continue
        except OSError as exc:
            problems.append(_missing(loaded, path, given, exc.strerror or type(exc).__name__))
            continue
        label = row.tekst or (texts.get(row.id) if row.id else None) or row.id or source.stem
        name = _unique(safe_filename(f"Bilag - {row.id or source.stem}{source.suffix}"), taken)
        found.append(OwnAttachment(row.id, label, data, name))
    return found, problems


def _unique(name: str, taken: set[str]) -> str:
    stem, suffix = os.path.splitext(name)
    candidate, n = name, 2
    while candidate.casefold() in taken:
        candidate = f"{stem} ({n}){suffix}"
        n += 1
    taken.add(candidate.casefold())
    return candidate


def _missing(loaded: Any, path: tuple[Any, ...], given: str, reason: str) -> Diagnostic:
    from pulje.diagnostics import Msg

    return FOR008(
        N_("The attachment {file} cannot be put in the package: {reason}."),
        N_("Write the path of the file from the answer file's folder under 'fil:', or move "
           "the file there."),
        (*path, "fil"), file=given, reason=Msg(reason),
    ).at(loaded.locate((*path, "fil")))
