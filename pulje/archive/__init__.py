"""A tamper-evident archive of submission packages (issue 5).

``Archive(root)`` keeps every archived file once under ``root/objects`` (named by its SHA-256)
and an index: SQLite's ``root/index.sqlite`` by default, or tables in the kommune's PostgreSQL
database when ``PULJE_DATABASE_URL`` names one; see ``archive.store`` for the layout, the
entry IDs and the guarantees. By job, lowest first (no module imports one below it in this list):
``codes``, ``errors``, ``location``, ``jsonbounds``; ``manifest`` (the pydantic model of
manifest.json), ``rows`` (index rows read with suspicion), ``model`` (what the archive gives
back); ``reader`` (a package folder or zip), ``package`` (check and build a package);
``database`` (which database; PostgreSQL's connection), ``index`` (SQLite: schema,
migration, queries), ``pgindex`` (the same in PostgreSQL), ``blobs`` (the content-addressed files);
``verify``; ``store`` (``Archive``: add, list, show, export); ``report`` (text for the CLI).
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
from pulje.archive.manifest import FORMAT, FORMAT_V1, FORMATS, MANIFEST, Manifest
from pulje.archive.model import AddResult, Entry, EntryDetail, StoredFile
from pulje.archive.package import (
    check_package,
    make_manifest,
    write_manifest,
    write_package,
    zip_package,
)
from pulje.archive.store import Archive

__all__ = [
    "ENV_VAR",
    "FORMAT",
    "FORMATS",
    "FORMAT_V1",
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
