"""Whether ``pulje build`` may write into its target folder without losing anything a user made.

pulje knows what it wrote: the last build's ``report.json`` holds the SHA-256 of every file.
A file that build is about to replace is pulje's, and may be replaced, only if the report lists
it with the hash it still has. Anything else at such a name — a file edited in Word after the
build, a file pulje never wrote, any file beside a missing or foreign ``report.json`` — stops
the build (``TargetNotOurs``) unless the user gives ``--force``. A draft does not replace a
final build either (``FinalBuildThere``).

Files build does not write are never touched, with one exception: an output of the last build
that this build does not make again (a PDF after ``--no-pdf``) is removed if it is unchanged,
so the folder never mixes two builds. Other files (the user's notes, ``pulje submit``'s
packages beside the documents) stay as they are.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pulje.diagnostics import N_
from pulje.diagnostics.errors import WouldOverwrite
from pulje.files.hashing import sha256_regular
from pulje.report.record import REPORT, read_report


class TargetNotOurs(WouldOverwrite):
    """Raised when build would replace a file that is not an unchanged output of pulje."""


class FinalBuildThere(WouldOverwrite):
    """Raised when a draft would replace a final build."""


@dataclass(frozen=True)
class Previous:
    """What the target folder's ``report.json`` says pulje wrote there last time.

    ``report`` is False when there is no report; ``readable`` False when there is one that is
    not pulje's (or is damaged), so nothing in the folder is known to be pulje's.
    """

    report: bool = False
    readable: bool = True
    files: Mapping[str, str] = field(default_factory=dict)
    draft: bool = True


def read_previous(target: Path) -> Previous:
    """The last build's record in ``target`` (never raises for what the file holds)."""
    report = read_report(target)
    if report is None:
        return Previous()
    if report is False:
        return Previous(report=True, readable=False)
    return Previous(report=True, files=dict(report.files), draft=report.draft)


# No following a symlink, no blocking on a FIFO placed under an output's name.
_sha256 = sha256_regular


@dataclass(frozen=True)
class Conflict:
    """A file in the target that build may not replace, and why."""

    path: Path
    edited: bool  # True: pulje wrote it and it was changed since; False: not known to be pulje's


def conflicts(
    target: Path, names: Iterable[str], previous: Previous,
    new: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """The files among ``names`` in ``target`` that are not unchanged outputs of pulje.

    ``new`` (name → SHA-256 of what is about to be written) lets a file already identical to
    the new one pass: replacing it loses nothing.
    """
    out: list[Conflict] = []
    for name in names:
        path = target / name
        if not os.path.lexists(path):
            continue
        if name == REPORT:
            if not previous.readable:
                out.append(Conflict(path, edited=False))
            continue
        actual = _sha256(path)
        if actual is not None and new is not None and new.get(name) == actual:
            continue
        recorded = previous.files.get(name) if previous.readable else None
        if recorded is None or actual is None:
            out.append(Conflict(path, edited=False))
        elif recorded != actual:
            out.append(Conflict(path, edited=True))
    return out


def guard(
    target: Path, names: Iterable[str], *, draft: bool, new: Mapping[str, str] | None = None,
) -> Previous:
    """Refuse (``WouldOverwrite``) unless build may write ``names`` into ``target``."""
    if os.path.lexists(target) and not target.is_dir():
        raise TargetNotOurs(
            N_("{file} exists and is not a folder; pulje cannot put the documents there."),
            N_("Choose another folder with -o."), file=str(target),
        )
    previous = read_previous(target)
    found = conflicts(target, names, previous, new)
    edited = [c.path for c in found if c.edited]
    foreign = [c.path for c in found if not c.edited]
    if edited:
        raise TargetNotOurs(
            N_("{files}: changed after pulje wrote it; a new build would replace the changes."),
            N_("Save your changes under another name, or build into another folder with "
               "-o FOLDER. To replace the file anyway, give --force."),
            files=", ".join(str(p) for p in edited),
        )
    if foreign:
        raise TargetNotOurs(
            N_("{files}: not a file pulje wrote (the folder's report.json does not list it as "
               "pulje's), so pulje does not overwrite it."),
            N_("Move the file away, or build into another folder with -o FOLDER. To replace "
               "it anyway, give --force."),
            files=", ".join(str(p) for p in foreign),
        )
    if draft and previous.report and previous.readable and not previous.draft:
        raise FinalBuildThere(
            N_("{folder} holds a final build; a draft would replace it."),
            N_("Build the draft into another folder with -o FOLDER, or give --force to "
               "replace the final build."),
            folder=str(target),
        )
    return previous


def stale(target: Path, previous: Previous, names: Iterable[str]) -> list[Path]:
    """Unchanged outputs of the last build that this build does not write again."""
    keep = set(names)
    out: list[Path] = []
    if not previous.readable:
        return out
    for name, sha in sorted(previous.files.items()):
        path = target / name
        if name in keep or name == REPORT or Path(name).name != name or name in ("", ".", ".."):
            continue
        if _sha256(path) == sha:
            out.append(path)
    return out


def remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
