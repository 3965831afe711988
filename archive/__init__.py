"""A tamper-evident archive of submission packages (issue 5).

``Archive(root)`` keeps every archived file once under ``root/objects`` (named by its SHA-256)
and an SQLite index ``root/index.sqlite``; see ``archive.store`` for the layout, the entry IDs
and the guarantees. ``archive.package`` reads, checks and builds packages; ``archive.report``
formats the results for the CLI; ``archive.codes`` defines the ARK codes.
"""

from archive import codes
from archive.errors import (
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
from archive.package import (
    FORMAT,
    MANIFEST,
    Manifest,
    check_package,
    make_manifest,
    write_manifest,
    write_package,
    zip_package,
)
from archive.store import (
    DEFAULT_ROOT,
    ENV_VAR,
    AddResult,
    Archive,
    Entry,
    EntryDetail,
    StoredFile,
    default_root,
)

__all__ = [
    "DEFAULT_ROOT",
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
    "NewerIndex",
    "PackageRejected",
    "PackageUnreadable",
    "StoredFile",
    "UnknownEntry",
    "check_package",
    "codes",
    "default_root",
    "make_manifest",
    "write_manifest",
    "write_package",
    "zip_package",
]
