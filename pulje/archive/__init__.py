"""A tamper-evident archive of submission packages (issue 5).

``Archive(root)`` keeps every archived file once under ``root/objects`` (named by its SHA-256)
and an SQLite index ``root/index.sqlite``; see ``archive.store`` for the layout, the entry IDs
and the guarantees. ``archive.package`` reads, checks and builds packages; ``archive.report``
formats the results for the CLI; ``archive.codes`` defines the ARK codes.
"""

from pulje.archive import codes
from pulje.archive.errors import (
    AmbiguousEntry,
    ArchiveBusy,
    ArchiveError,
    ArchiveFull,
    ArchiveReadOnly,
    ArchiveWriteError,
    BlobDamaged,
    CorruptIndex,
    ExportFailed,
    ExportWouldOverwrite,
    NewerIndex,
    PackageRejected,
    PackageUnreadable,
    UnknownEntry,
)
from pulje.archive.location import ENV_VAR, OLD_ROOT, Located, Notice, default_root, locate
from pulje.archive.package import (
    FORMAT,
    MANIFEST,
    Manifest,
    check_package,
    make_manifest,
    write_manifest,
    write_package,
    zip_package,
)
from pulje.archive.store import (
    AddResult,
    Archive,
    Entry,
    EntryDetail,
    StoredFile,
)

__all__ = [
    "ENV_VAR",
    "FORMAT",
    "MANIFEST",
    "AddResult",
    "AmbiguousEntry",
    "Archive",
    "ArchiveBusy",
    "ArchiveError",
    "ArchiveFull",
    "ArchiveReadOnly",
    "ArchiveWriteError",
    "BlobDamaged",
    "CorruptIndex",
    "Entry",
    "EntryDetail",
    "ExportFailed",
    "ExportWouldOverwrite",
    "Manifest",
    "Located",
    "NewerIndex",
    "Notice",
    "OLD_ROOT",
    "PackageRejected",
    "PackageUnreadable",
    "StoredFile",
    "UnknownEntry",
    "check_package",
    "codes",
    "default_root",
    "locate",
    "make_manifest",
    "write_manifest",
    "write_package",
    "zip_package",
]
