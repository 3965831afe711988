"""Errors raised by the archive; all are ``PuljeError`` so the CLI shows them in Danish.

Every error that can happen while writing leaves the archive as it was: no entry is visible
unless its one SQLite transaction committed, and a blob is only ever renamed into place whole.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

from pulje.diagnostics.errors import PuljeError, UnreadableInput, WouldOverwrite
from pulje.diagnostics.i18n import N_, Translator
from pulje.diagnostics.model import Diagnostic

READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class ArchiveError(PuljeError):
    """Root of the archive's errors."""


class ArchiveReadOnly(ArchiveError):
    """The archive folder cannot be written to (read-only file system or no permission)."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            N_(
                "Cannot write to the archive folder {root}: the folder is read-only or you do "
                "not have permission to write there. Nothing was archived; the archive is "
                "unchanged."
            ),
            N_(
                "Ask IT for write access to the folder, or choose another archive folder with "
                "the environment variable PULJE_ARKIV."
            ),
            root=str(root),
        )


class ArchiveFull(ArchiveError):
    """The disk holding the archive is full."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            N_(
                "The disk that holds the archive folder {root} is full. Nothing was archived; "
                "the archive is unchanged."
            ),
            N_("Free up space on the disk, and run the command again."),
            root=str(root),
        )


class ArchiveWriteError(ArchiveError):
    """Any other failure to write to the archive folder."""

    def __init__(self, root: Path, reason: str) -> None:
        super().__init__(
            N_(
                "Could not write to the archive folder {root} ({reason}). Nothing was "
                "archived; the archive is unchanged."
            ),
            N_("Check the folder and the disk, and run the command again."),
            root=str(root),
            reason=reason,
        )


class ArchiveBusy(ArchiveError):
    """Another process held the archive's write lock for too long."""

    def __init__(self, root: Path, seconds: int) -> None:
        super().__init__(
            N_(
                "The archive {root} is busy: another pulje process has been writing to it for "
                "more than {seconds} seconds. Nothing was archived."
            ),
            N_("Wait until the other process is done, and run the command again."),
            root=str(root),
            seconds=seconds,
        )


class UnknownEntry(ArchiveError):
    """No entry has the ID the user gave."""

    def __init__(self, entry_id: str, root: Path) -> None:
        super().__init__(
            N_("The archive {root} has no entry with the ID {id}."),
            N_("See the IDs with »pulje archive list«."),
            id=entry_id,
            root=str(root),
        )


class AmbiguousEntry(ArchiveError):
    """A shortened ID matches more than one entry."""

    def __init__(self, entry_id: str, matches: Sequence[str]) -> None:
        super().__init__(
            N_("The ID {id} matches more than one entry in the archive: {matches}."),
            N_("Write more characters of the ID."),
            id=entry_id,
            matches=", ".join(matches),
        )


class CorruptIndex(ArchiveError):
    """index.sqlite cannot be read as the archive's index."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            N_("The archive index {path} is damaged and cannot be read."),
            N_(
                "Do not add to the archive until it is repaired. Restore index.sqlite from a "
                "backup, or contact whoever runs the archive."
            ),
            path=str(path),
        )


class DamagedEntry(ArchiveError):
    """A row of the index holds values that cannot be right (written outside pulje)."""

    def __init__(self, entry_id: str, columns: Sequence[str], path: Path | str) -> None:
        super().__init__(
            N_("The entry {id} in the archive index {path} cannot be read: {columns} hold "
               "values that cannot be right."),
            N_("Run »pulje archive verify«, and restore index.sqlite from a backup; the index "
               "has been changed outside pulje."),
            id=entry_id,
            columns=", ".join(columns),
            path=str(path),
        )
        self.entry_id = entry_id
        self.columns = tuple(columns)


class NewerIndex(ArchiveError):
    """index.sqlite was made by a newer pulje with a schema this version does not know."""

    def __init__(self, path: Path | str, found: int, known: int) -> None:
        super().__init__(
            N_(
                "The archive index {path} was made by a newer version of pulje (index format "
                "{found}; this version reads format {known})."
            ),
            N_("Update pulje, and run the command again."),
            path=str(path),
            found=found,
            known=known,
        )


class PackageUnreadable(ArchiveError, UnreadableInput):
    """The package is not there, or is neither a folder nor a readable .zip file."""

    @classmethod
    def missing(cls, package: Path) -> PackageUnreadable:
        return cls(
            N_("The package {package} does not exist."),
            N_("Give the path of a submission package: a folder or a .zip file."),
            package=str(package),
        )

    @classmethod
    def not_a_package(cls, package: Path) -> PackageUnreadable:
        return cls(
            N_("{package} is neither a folder nor a .zip file, so it is not a submission package."),
            N_("Give the path of a submission package: a folder or a .zip file."),
            package=str(package),
        )

    @classmethod
    def bad_zip(cls, package: Path) -> PackageUnreadable:
        return cls(
            N_("{package} is not a valid .zip file; it may be damaged or only partly copied."),
            N_("Copy or download the package again, or build it again with »pulje submit«."),
            package=str(package),
        )

    @classmethod
    def unreadable(cls, package: Path, reason: str) -> PackageUnreadable:
        return cls(
            N_("Cannot read the package {package} ({reason})."),
            N_("Check that the file exists and that you may read it."),
            package=str(package),
            reason=reason,
        )


class PackageRejected(ArchiveError):
    """The package's files do not match its manifest; ``diagnostics`` say where."""

    def __init__(self, package: Path, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(
            N_(
                "The package {package} does not match its manifest.json, so it was not "
                "archived."
            ),
            N_(
                "Correct the problems listed above, or build the package again with "
                "»pulje submit«."
            ),
            package=str(package),
        )
        self.diagnostics: list[Diagnostic] = list(diagnostics)

    def text(self, tr: Translator) -> str:
        """The findings first (the hint speaks of "the problems listed above"), then this."""
        from pulje.diagnostics.report import format_one, sort_key

        found = [format_one(d, tr) for d in sorted(self.diagnostics, key=sort_key)]
        return "\n".join([*found, super().text(tr)])


class BlobDamaged(ArchiveError):
    """An archived file is missing or changed, so it cannot be exported as it was sent."""

    def __init__(self, entry_id: str, name: str, blob: Path) -> None:
        super().__init__(
            N_(
                "The archived file {file} of entry {id} is missing or has been changed "
                "({blob}), so the entry cannot be exported as it was sent."
            ),
            N_("Run »pulje archive verify {id}«, and restore the archive folder from a backup."),
            id=entry_id,
            file=name,
            blob=str(blob),
        )


class ExportWouldOverwrite(ArchiveError, WouldOverwrite):
    """A file the export would write is already there."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            N_("{path} already exists; exporting never overwrites a file."),
            N_("Export to a new or empty folder."),
            path=str(path),
        )


class ExportFailed(ArchiveError):
    """The export folder could not be written; whatever was written is removed again."""

    def __init__(self, path: Path, error: OSError) -> None:
        if error.errno in READ_ONLY_ERRNOS:
            message = N_(
                "Cannot write {path}: the folder is read-only or you do not have permission "
                "to write there. Nothing was exported."
            )
        elif error.errno in FULL_ERRNOS:
            message = N_("Cannot write {path}: the disk is full. Nothing was exported.")
        else:
            message = N_("Cannot write {path} ({reason}). Nothing was exported.")
        super().__init__(
            message,
            N_("Choose another folder to export to."),
            path=str(path),
            reason=error.strerror or str(error),
        )


def from_os_error(error: OSError, root: Path) -> ArchiveError:
    """The archive error for an ``OSError`` raised while writing to the archive folder."""
    if error.errno in READ_ONLY_ERRNOS:
        return ArchiveReadOnly(root)
    if error.errno in FULL_ERRNOS:
        return ArchiveFull(root)
    return ArchiveWriteError(root, error.strerror or str(error))

