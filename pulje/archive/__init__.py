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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each name is defined: imported when first used, so that a command that needs one
#: small part (``pulje check``: the names of the archive's notes) does not load the store,
#: its databases and its models.
_HOME = {
    "codes": "pulje.archive",
    "AmbiguousEntry": "pulje.archive.errors",
    "ArchiveBusy": "pulje.archive.errors",
    "ArchiveError": "pulje.archive.errors",
    "ArchiveFull": "pulje.archive.errors",
    "ArchiveReadOnly": "pulje.archive.errors",
    "ArchiveWriteError": "pulje.archive.errors",
    "BlobDamaged": "pulje.archive.errors",
    "CorruptIndex": "pulje.archive.errors",
    "ExportFailed": "pulje.archive.errors",
    "ExportWouldOverwrite": "pulje.archive.errors",
    "NewerIndex": "pulje.archive.errors",
    "PackageRejected": "pulje.archive.errors",
    "PackageUnreadable": "pulje.archive.errors",
    "UnknownEntry": "pulje.archive.errors",
    "ENV_VAR": "pulje.archive.location",
    "OLD_ROOT": "pulje.archive.location",
    "Located": "pulje.archive.location",
    "Notice": "pulje.archive.location",
    "default_root": "pulje.archive.location",
    "locate": "pulje.archive.location",
    "FORMAT": "pulje.archive.manifest",
    "FORMAT_V1": "pulje.archive.manifest",
    "FORMATS": "pulje.archive.manifest",
    "MANIFEST": "pulje.archive.manifest",
    "Manifest": "pulje.archive.manifest",
    "AddResult": "pulje.archive.model",
    "Entry": "pulje.archive.model",
    "EntryDetail": "pulje.archive.model",
    "StoredFile": "pulje.archive.model",
    "check_package": "pulje.archive.package",
    "make_manifest": "pulje.archive.package",
    "write_manifest": "pulje.archive.package",
    "write_package": "pulje.archive.package",
    "zip_package": "pulje.archive.package",
    "Archive": "pulje.archive.store",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'pulje.archive' has no attribute {name!r}")
    if home == "pulje.archive":
        return importlib.import_module(f"pulje.archive.{name}")
    return getattr(importlib.import_module(home), name)


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
