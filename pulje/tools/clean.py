"""``make clean`` for the outputs folder: remove only what pulje wrote and nobody changed since.

A file is pulje's, unchanged, when a record beside it (``report.json`` of ``pulje build``,
``manifest.json`` of ``pulje submit`` and the records after the application) lists it with the
SHA-256 it still has; a submission package's zip when it checks clean against the manifest
inside it. A folder goes only when everything in it is such a file (or such a folder); a folder
with anything else in it — a file edited in Word, a note of the user's, an archive — stays
whole, and the clean-up says what kept it. Nothing is followed through a link.

    python -m pulje.tools.clean [FOLDER]   (default: outputs)
"""

from __future__ import annotations

import os
import stat
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pulje.archive.manifest import MANIFEST, MAX_MANIFEST_BYTES, parse_manifest
from pulje.diagnostics import N_, Severity, Translator, default_language
from pulje.drafts.records import check_zip
from pulje.files.hashing import sha256_regular
from pulje.report.record import REPORT, read_report

ARCHIVE = N_("(an archive)")
REMOVED = N_("Removed {folder}: only pulje's own files, unchanged.")
KEPT = N_("Kept {folder}: no record of pulje's vouches that {files} are its own, unchanged "
          "files (edited, notes of your own, a document to finish in Word, or an archive).")

#: What marks an archive (``pulje.archive``): a folder holding one is never removed.
ARCHIVE_MARKS = ("index.sqlite", "objects")


@dataclass
class Cleaned:
    """What a clean-up removed, and what it kept and why (path → the files that kept it)."""

    removed: list[Path] = field(default_factory=list)
    kept: dict[Path, list[str]] = field(default_factory=dict)


def _recorded(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of every file the records in ``folder`` say pulje wrote there."""
    files: dict[str, str] = {}
    report = read_report(folder)
    if report:
        files.update(report.files)
    sha = sha256_regular(folder / MANIFEST)
    if sha is not None:
        with (folder / MANIFEST).open("rb") as fh:
            manifest, _ = parse_manifest(fh.read(MAX_MANIFEST_BYTES + 1), MANIFEST)
        if manifest is not None:
            files.update({f.name: f.sha256 for f in manifest.files})
            files[MANIFEST] = sha
    if report:
        files[REPORT] = sha256_regular(folder / REPORT) or ""
    return files


def _zip_is_ours(path: Path) -> bool:
    try:
        manifest, findings = check_zip(path, path.name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zipfile.LargeZipFile):
        return False
    return manifest is not None and not any(d.severity is Severity.FEJL for d in findings)


def _foreign(folder: Path, result: Cleaned) -> list[str]:
    """Clean the folders inside ``folder``, then list what in ``folder`` is not pulje's."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        return [f"({exc.strerror})"]
    if any(e.name in ARCHIVE_MARKS for e in entries):
        return [ARCHIVE]
    recorded = _recorded(folder)
    foreign: list[str] = []
    for entry in entries:
        path = Path(entry.path)
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            inner = _foreign(path, result)
            if inner:
                foreign.append(entry.name + "/")
                result.kept[path] = inner
        elif not stat.S_ISREG(mode):
            foreign.append(entry.name)
        elif entry.name in recorded:
            if sha256_regular(path) != recorded[entry.name]:
                foreign.append(entry.name)
        elif not (entry.name.endswith(".zip") and _zip_is_ours(path)):
            foreign.append(entry.name)
    return foreign


def _remove(folder: Path) -> None:
    for entry in os.scandir(folder):
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            _remove(path)
        else:
            path.unlink()
    folder.rmdir()


def clean_outputs(outputs: Path) -> Cleaned:
    """Remove each folder in ``outputs`` that holds only pulje's unchanged files."""
    result = Cleaned()
    if not outputs.is_dir() or outputs.is_symlink():
        return result
    for entry in sorted(os.scandir(outputs), key=lambda e: e.name):
        path = Path(entry.path)
        if not entry.is_dir(follow_symlinks=False):
            continue
        foreign = _foreign(path, result)
        if foreign:
            result.kept[path] = foreign
            continue
        try:
            _remove(path)
        except OSError as exc:
            result.kept[path] = [f"({exc.strerror})"]
            continue
        result.removed.append(path)
    return result


def main(argv: list[str] | None = None) -> int:
    """Print what was removed and what was kept (and why); exit 0."""
    args = sys.argv[1:] if argv is None else argv
    result = clean_outputs(Path(args[0] if args else "outputs"))
    t = Translator(default_language())
    for path in result.removed:
        print(t.gettext(REMOVED).format(folder=path))
    for path, why in sorted(result.kept.items()):
        if path.parent in result.kept:
            continue  # the folder around it is reported already
        names = [t.gettext(w) for w in why[:5]] + (["…"] if len(why) > 5 else [])
        print(t.gettext(KEPT).format(folder=path, files=", ".join(names)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
