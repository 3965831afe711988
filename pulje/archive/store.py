"""The archive: content-addressed files under a folder, and an SQLite index of entries.

Layout of an archive folder (default: the user's data folder, see ``archive.location``)::

    objects/ab/cdef…   every archived file once, named by its SHA-256 (``archive.blobs``)
    index.sqlite       the entries (WAL mode); one row per package, one per file of it
                       (``archive.index``)
    tmp/               files being written; anything left here is from an interrupted add

**Entry IDs** are the first 12 hex digits of the package's identity — the SHA-256 of its
manifest in canonical JSON (see ``archive.manifest``). So an ID is short, never changes, is the
same on every machine for the same package, and is itself a check: ``verify`` confirms that the
archived manifest still hashes to it. In the rare case that two different packages share the
first 12 digits, the later one gets two more digits (14, 16, …). Commands take an ID or any
unambiguous start of it (at least 6 digits) or the full 64-digit package hash.

**Versions**: entries whose pool, kommune and project name are the same (ignoring case and
runs of white space) are versions of one application. A package with new content becomes
version n+1 (``udgave``) with ``previous_id`` pointing at version n. Versions count in the order
packages were archived.

**Writing** an entry: every file goes to ``tmp/``, is fsynced, renamed into ``objects/`` and
the folder fsynced (a marker ``tmp/<package>.pending`` is made first and removed once the
entry is committed); only then does one SQLite transaction (``BEGIN IMMEDIATE`` … ``COMMIT``,
``synchronous=FULL``) insert the entry and its files. A crash before the commit leaves at most
unreferenced blobs and temporary files, which ``verify`` reports as notes (ARK020/ARK021) and
which do no harm; no half entry can become visible. Entries are never changed or deleted.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pulje.archive import database
from pulje.archive import rows as rowcheck
from pulje.archive.blobs import BlobStore, Source
from pulje.archive.errors import (
    ArchiveFull,
    CorruptIndex,
    DamagedEntry,
    ExportFailed,
    ExportWouldOverwrite,
    PackageRejected,
    UnknownEntry,
)
from pulje.archive.index import INDEX, Db, Index
from pulje.archive.location import default_root
from pulje.archive.manifest import APPLICATION, MANIFEST, FileSpec, Manifest, valid_name
from pulje.archive.model import AddResult, Entry, EntryDetail, EntryList, StoredFile
from pulje.archive.package import inspect
from pulje.archive.reader import PackageReader, open_package
from pulje.archive.verify import verify
from pulje.diagnostics.model import Diagnostic, has_errors
from pulje.files.hashing import sha256_bytes

SPACE_MARGIN = 1024 * 1024  # free bytes beyond the package's own that adding requires


def fold(text: str) -> str:
    """Text as compared in filters and version keys: case-folded, white space collapsed."""
    return " ".join(text.split()).casefold()


def application_key(pulje: str, kommune: str, projekt: str) -> str:
    """The key of one application: its versions, and every record after it, share it."""
    return "\x1f".join((pulje, fold(kommune), fold(projekt)))


def record_key(pulje: str, kommune: str, projekt: str, art: str = APPLICATION) -> str:
    """The key whose entries are versions of one another: the application's key for what was
    sent; for a record after it (a committee case, a grant, a report …) the application's key
    and the record's kind (``\x1f<art>``), so each kind counts its own versions."""
    base = application_key(pulje, kommune, projekt)
    return base if art == APPLICATION else f"{base}\x1f{art}"


def art_of(key: object) -> str:
    """The kind of record of an entry, from its key (``record_key``)."""
    parts = key.split("\x1f") if isinstance(key, str) else []
    return parts[3] if len(parts) > 3 else APPLICATION


def _utc_key(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_of(row: Any, index: Path | str) -> Entry:
    """An entry from its row; ``DamagedEntry`` if any value in it cannot be right."""
    bad = rowcheck.problems(row)
    if bad:
        raise DamagedEntry(rowcheck.label(row["id"]), bad, index)
    when, archived_at = rowcheck.time_of(row["tidspunkt"]), rowcheck.time_of(row["archived_at"])
    amount = rowcheck.amount_of(row["beloeb"])
    assert when is not None and archived_at is not None and amount is not None
    return Entry(
        id=row["id"], tidspunkt=when, pulje=row["pulje"], runde=row["runde"],
        kommune=row["kommune"], projekt=row["projekt"], beloeb=amount, sider=row["sider"],
        version=row["version"], udgave=row["udgave"], previous_id=row["previous_id"],
        package_sha256=row["package_sha256"], archived_at=archived_at,
        total_bytes=row["total_bytes"], art=art_of(row["app_key"]),
    )


class Archive:
    """A tamper-evident archive of submission packages in one folder."""

    def __init__(self, root: Path | str | None = None, database_url: str | None = None) -> None:
        """The archive in ``root``; its index in ``root/index.sqlite``, or in the PostgreSQL
        database ``database_url`` (default: ``$PULJE_DATABASE_URL``) when it names one."""
        self.root = Path(root) if root is not None else default_root()
        self.blobs = BlobStore(self.root)
        self.objects = self.blobs.objects
        self.tmp = self.blobs.tmp
        url = database.configured(database_url)
        if database.is_postgres(url):
            from pulje.archive.pgindex import PgIndex  # only a kommune's server needs it

            self.index: Index = PgIndex(url, self.root, self.blobs.free_space)
        else:
            self.index = Index(self.root / INDEX, self.root, self.blobs.free_space)
        self.index_path: Path | str = self.index.path

    def __repr__(self) -> str:
        return f"Archive({str(self.root)!r})"

    def blob_path(self, sha256: str) -> Path:
        return self.blobs.path(sha256)

    # ----------------------------------------------------------------------------------------
    # Adding

    def add(self, package: Path) -> AddResult:
        """Archive a package (folder or .zip) after checking its files against its manifest.

        Raises ``PackageRejected`` (with ARK findings) if they disagree. Adding a package that
        is already archived changes nothing and returns ``created=False``.
        """
        package = Path(package)
        with open_package(package) as reader:
            manifest, diags = inspect(reader)
            if manifest is None or has_errors(diags):
                raise PackageRejected(package, diags)
            with self.index.reading() as db:
                row = db.by_package(manifest.package_sha256) if db is not None else None
                if row is not None:
                    return AddResult(entry_of(row, self.index_path), created=False,
                                     blobs_written=0)
            manifest_data = reader.manifest_bytes()
            assert manifest_data is not None
            wanted = self._wanted_blobs(reader, manifest, manifest_data)
            missing = [(spec, src) for spec, src in wanted if not self.blobs.have(spec)]
            if self.blobs.free_space() < sum(spec.bytes for spec, _ in missing) + SPACE_MARGIN:
                raise ArchiveFull(self.root)
            self.blobs.prepare()
            db = self.index.open_write()
            temps: builtins.list[Path] = []
            pending = self.blobs.pending(manifest.package_sha256)
            whole = False
            try:
                self.blobs.mark_pending(pending)
                for spec, source in missing:
                    self.blobs.put(package, reader, spec, source, temps)
                whole = True
                result = self._commit_entry(db, manifest, manifest_data, len(missing))
            finally:
                db.close()
                for temp in temps:
                    with contextlib.suppress(OSError):
                        temp.unlink(missing_ok=True)
                if not whole:  # no whole package to explain: the marker has no use
                    with contextlib.suppress(OSError):
                        pending.unlink()
            # Only once the entry is in the index: a marker left behind tells verify that a
            # whole package in objects/ is from an interrupted add, not an entry the index lost.
            with contextlib.suppress(OSError):
                pending.unlink()
            return result

    def _wanted_blobs(
        self, reader: PackageReader, manifest: Manifest, manifest_data: bytes
    ) -> builtins.list[tuple[FileSpec, Source]]:
        """Every file of the package (manifest.json first) with a way to read it."""
        wanted: builtins.list[tuple[FileSpec, Source]] = [
            (FileSpec(MANIFEST, sha256_bytes(manifest_data), len(manifest_data)), manifest_data)
        ]
        for spec in manifest.files:
            wanted.append((spec, functools.partial(reader.open, spec.name)))
        return wanted

    def _commit_entry(
        self, db: Db, manifest: Manifest, manifest_data: bytes, written: int
    ) -> AddResult:
        """The one transaction that makes an entry visible (or finds it already there)."""
        with self.index.errors(writing=True):
            db.begin_write()
            try:
                row = db.by_package(manifest.package_sha256)
                if row is not None:  # another process added it meanwhile
                    db.rollback()
                    return AddResult(entry_of(row, self.index_path), created=False,
                                     blobs_written=written)
                app_key = record_key(manifest.pulje, manifest.kommune, manifest.projekt,
                                     manifest.art)
                prev = db.latest(app_key)
                seq = db.insert_entry(self._values(db, manifest, manifest_data, app_key, prev))
                db.insert_files(seq, manifest.files)
                row = db.by_seq(seq)
                db.commit()
            except BaseException:
                with contextlib.suppress(Exception):
                    db.rollback()
                raise
        return AddResult(entry_of(row, self.index_path), created=True, blobs_written=written)

    def _values(self, db: Db, manifest: Manifest, manifest_data: bytes, app_key: str,
                prev: Any) -> dict[str, Any]:
        """The new entry's row: the manifest's facts under the same names, and the keys."""
        return {
            "id": db.new_id(manifest.package_sha256),
            "package_sha256": manifest.package_sha256,
            "manifest_sha256": sha256_bytes(manifest_data),
            "manifest_bytes": len(manifest_data),
            "pulje": manifest.pulje,
            "runde": manifest.runde,
            "kommune": manifest.kommune,
            "kommune_key": fold(manifest.kommune),
            "projekt": manifest.projekt,
            "project_key": fold(manifest.projekt),
            "beloeb": str(manifest.beloeb),
            "sider": manifest.sider,
            "tidspunkt": manifest.tidspunkt.isoformat(),
            "time_utc": _utc_key(manifest.tidspunkt),
            "year": manifest.tidspunkt.year,
            "version": manifest.version,
            "template_sha256": manifest.skabelon_sha256,
            "app_key": app_key,
            "udgave": prev["udgave"] + 1 if prev else 1,
            "previous_id": prev["id"] if prev else None,
            "archived_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "total_bytes": len(manifest_data) + sum(f.bytes for f in manifest.files),
        }

    # ----------------------------------------------------------------------------------------
    # Reading

    def list(
        self,
        pool: str | None = None,
        kommune: str | None = None,
        year: int | None = None,
        text: str | None = None,
        limit: int | None = None,
        art: str | None = None,
    ) -> EntryList:
        """Entries, newest ``tidspunkt`` first, that match every filter given.

        ``pool`` is the pool's ID; ``kommune`` matches the name with or without " Kommune",
        ignoring case; ``year`` is the year of the package's ``tidspunkt``; ``text`` is a
        substring of the project name, ignoring case; ``art`` the kind of record
        (``ansoegning``, ``udvalgssag``, ``tilsagn`` …: ``Entry.art``).
        """
        where: builtins.list[tuple[str, builtins.list[Any]]] = []
        if pool:
            where.append(("{pulje} = ?", [pool]))
        if kommune and kommune.strip():
            key = fold(kommune)
            bare = key.removesuffix(" kommune")
            keys = sorted({key, bare, bare + " kommune"})
            where.append((f"kommune_key IN ({', '.join('?' * len(keys))})", keys))
        if year is not None:
            where.append(("year = ?", [year]))
        if text and text.strip():
            where.append(("{contains_project}", [fold(text)]))
        out = EntryList()
        damaged: builtins.list[str] = []
        with self.index.reading() as db:
            if db is None:
                return out
            # The kind is the end of the record's key (``record_key``): sorted out here, the
            # same on SQLite and PostgreSQL, before the limit.
            for row in db.select(where, None if art else limit):
                if art and art_of(row["app_key"]) != art:
                    continue
                try:
                    out.append(entry_of(row, self.index_path))
                except DamagedEntry as exc:
                    damaged.append(exc.entry_id)
                if limit is not None and len(out) >= limit:
                    break
        out.damaged = tuple(damaged)
        return out

    def history(self, pulje: str, kommune: str, projekt: str) -> EntryList:
        """Every entry of one application, oldest first: what was sent (each version) and
        every record after it (committee case, grant, changes, reports)."""
        base = application_key(pulje, kommune, projekt)
        out = EntryList()
        damaged: builtins.list[str] = []
        with self.index.reading() as db:
            if db is None:
                return out
            for row in db.history(base):
                try:
                    out.append(entry_of(row, self.index_path))
                except DamagedEntry as exc:
                    damaged.append(exc.entry_id)
        out.damaged = tuple(damaged)
        return out

    def show(self, entry_id: str) -> EntryDetail:
        """One entry with its files; ``entry_id`` may be an unambiguous start of the ID."""
        with self.index.reading() as db:
            if db is None:
                raise UnknownEntry(entry_id, self.root)
            row = db.resolve(entry_id, self.root)
            files = db.files_of(row["seq"])
            newer = db.newer(row["id"])
            entry = entry_of(row, self.index_path)  # checks every column of the row
            bad = sorted({c for f in files for c in rowcheck.problems(f, rowcheck.FILE_CHECKS)})
            if bad:
                raise DamagedEntry(entry.id, [f"files.{c}" for c in bad], self.index_path)
            return EntryDetail(
                entry=entry,
                manifest=StoredFile(MANIFEST, row["manifest_sha256"], row["manifest_bytes"],
                                    self.blob_path(row["manifest_sha256"])),
                files=tuple(
                    StoredFile(f["name"], f["sha256"], f["bytes"], self.blob_path(f["sha256"]))
                    for f in files
                ),
                template_sha256=row["template_sha256"],
                newer_ids=tuple(rowcheck.label(n["id"]) for n in newer),
            )

    def verify(self, ids: Iterable[str] | None = None) -> builtins.list[Diagnostic]:
        """Recompute every hash of the given entries (default: all) and check the folder; see
        ``archive.verify``. Never raises for what the archive holds: it is all findings."""
        return verify(self.index, self.blobs, ids)

    # ----------------------------------------------------------------------------------------
    # Exporting

    def export(self, entry_id: str, directory: Path) -> builtins.list[Path]:
        """Write an entry's package (manifest.json and its files) into ``directory``.

        Never overwrites a file: if any of them exists, nothing is written. Every file is
        checked against its hash while it is copied; on any failure, what was written is
        removed again. Returns the paths written, manifest.json first.
        """
        detail = self.show(entry_id)
        directory = Path(directory)
        items = [detail.manifest, *detail.files]
        if not all(valid_name(f.name) for f in detail.files):
            raise CorruptIndex(self.index_path)  # a name leading outside the folder
        if directory.exists() and not directory.is_dir():
            raise ExportWouldOverwrite(directory)
        for item in items:
            target = directory / item.name
            if target.exists() or target.is_symlink():
                raise ExportWouldOverwrite(target)
        made_dirs: builtins.list[Path] = []
        written: builtins.list[Path] = []
        try:
            for item in items:
                target = directory / item.name
                self._export_dirs(target.parent, made_dirs)
                self.blobs.copy_out(detail.entry.id, item.name, item.sha256, target)
                written.append(target)
        except BaseException:
            for path in reversed(written):
                with contextlib.suppress(OSError):
                    path.unlink()
            for made in reversed(made_dirs):
                with contextlib.suppress(OSError):
                    made.rmdir()
            raise
        return written

    def _export_dirs(self, path: Path, made: builtins.list[Path]) -> None:
        missing: builtins.list[Path] = []
        probe = path
        while not probe.exists():
            missing.append(probe)
            probe = probe.parent
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except OSError as exc:
                raise ExportFailed(folder, exc) from exc
            made.append(folder)
