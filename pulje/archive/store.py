"""The archive: content-addressed files under a folder, and an SQLite index of entries.

Layout of an archive folder (default: the user's data folder, see ``archive.location``)::

    objects/ab/cdef…   every archived file once, named by its SHA-256 (read-only, never changed)
    index.sqlite       the entries (WAL mode); one row per package, one per file of it
    tmp/               files being written; anything left here is from an interrupted add

**Entry IDs** are the first 12 hex digits of the package's identity — the SHA-256 of its
manifest in canonical JSON (see ``archive.package``). So an ID is short, never changes, is the
same on every machine for the same package, and is itself a check: ``verify`` confirms that the
archived manifest still hashes to it. In the rare case that two different packages share the
first 12 digits, the later one gets two more digits (14, 16, …). Commands take an ID or any
unambiguous start of it (at least 6 digits) or the full 64-digit package hash.

**Versions**: entries whose pool, kommune and project name are the same (ignoring case and
runs of white space) are versions of one application. A package with new content becomes
version n+1 with ``previous_id`` pointing at version n. Versions count in the order packages
were archived.

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
import hashlib
import os
import secrets
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from pulje.archive import rows as rowcheck
from pulje.archive.codes import ARK004
from pulje.archive.errors import (
    AmbiguousEntry,
    ArchiveBusy,
    ArchiveError,
    ArchiveFull,
    ArchiveReadOnly,
    ArchiveWriteError,
    BlobDamaged,
    CorruptIndex,
    DamagedEntry,
    ExportFailed,
    ExportWouldOverwrite,
    NewerIndex,
    PackageRejected,
    PackageUnreadable,
    UnknownEntry,
    from_os_error,
)
from pulje.archive.location import default_root
from pulje.archive.package import (
    CHUNK,
    MANIFEST,
    FileSpec,
    Manifest,
    PackageReader,
    inspect,
    open_package,
    short,
    valid_name,
)
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Diagnostic, Location, has_errors
from pulje.files import fsync_path

SCHEMA_VERSION = 1
ID_LENGTH = 12
MIN_PREFIX = 6
BUSY_TIMEOUT = 60  # seconds another writer may hold the index before we give up
SPACE_MARGIN = 1024 * 1024  # free bytes beyond the package's own that adding requires
INDEX = "index.sqlite"
_HEX = frozenset("0123456789abcdef")
#: In tmp/, ``<package sha256>.pending`` marks an add in progress (see ``add``).
PENDING = ".pending"

# SQLite primary result codes (the low byte of sqlite3.Error.sqlite_errorcode).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26

_SCHEMA = (
    """CREATE TABLE entries (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        package_sha256 TEXT NOT NULL UNIQUE,
        manifest_sha256 TEXT NOT NULL,
        manifest_bytes INTEGER NOT NULL,
        pool TEXT NOT NULL,
        round TEXT NOT NULL,
        kommune TEXT NOT NULL,
        kommune_key TEXT NOT NULL,
        project TEXT NOT NULL,
        project_key TEXT NOT NULL,
        amount TEXT NOT NULL,
        pages INTEGER NOT NULL,
        time TEXT NOT NULL,
        time_utc TEXT NOT NULL,
        year INTEGER NOT NULL,
        pulje_version TEXT NOT NULL,
        template_sha256 TEXT NOT NULL,
        app_key TEXT NOT NULL,
        version INTEGER NOT NULL,
        previous_id TEXT REFERENCES entries(id),
        archived_at TEXT NOT NULL,
        total_bytes INTEGER NOT NULL,
        UNIQUE (app_key, version)
    )""",
    """CREATE TABLE files (
        entry_seq INTEGER NOT NULL REFERENCES entries(seq),
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (entry_seq, name)
    ) WITHOUT ROWID""",
    "CREATE INDEX entries_by_time ON entries (time_utc, seq)",
    "CREATE INDEX entries_by_pool ON entries (pool, time_utc, seq)",
    "CREATE INDEX entries_by_kommune ON entries (kommune_key, time_utc, seq)",
    "CREATE INDEX entries_by_year ON entries (year, time_utc, seq)",
    "CREATE TRIGGER entries_immutable BEFORE UPDATE ON entries "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END",
    "CREATE TRIGGER entries_undeletable BEFORE DELETE ON entries "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END",
    "CREATE TRIGGER files_immutable BEFORE UPDATE ON files "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END",
    "CREATE TRIGGER files_undeletable BEFORE DELETE ON files "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END",
)
_ENTRY_COLUMNS = (
    "seq, id, time, pool, round, kommune, project, amount, pages, version, previous_id, "
    "package_sha256, archived_at, total_bytes"
)


def fold(text: str) -> str:
    """Text as compared in filters and version keys: case-folded, white space collapsed."""
    return " ".join(text.split()).casefold()


def _utc_key(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Entry:
    """One archived package, as ``list`` shows it."""

    id: str
    time: datetime
    pool: str
    round: str
    kommune: str
    project: str
    amount: Decimal
    pages: int
    version: int
    previous_id: str | None
    package_sha256: str
    archived_at: datetime
    total_bytes: int


@dataclass(frozen=True)
class StoredFile:
    """A file of an entry and where its content lives in the archive."""

    name: str
    sha256: str
    bytes: int
    blob: Path


@dataclass(frozen=True)
class EntryDetail:
    """What ``show`` gives: the entry, its manifest and files, and any newer versions."""

    entry: Entry
    manifest: StoredFile
    files: tuple[StoredFile, ...]
    pulje_version: str
    template_sha256: str
    newer_ids: tuple[str, ...]


@dataclass(frozen=True)
class AddResult:
    """What ``add`` did: ``created`` is False if the package was already archived."""

    entry: Entry
    created: bool
    blobs_written: int

    @property
    def already_present(self) -> bool:
        return not self.created


class EntryList(builtins.list[Entry]):
    """Entries as ``list`` gives them; ``damaged`` are the IDs of rows that cannot be read."""

    damaged: tuple[str, ...] = ()


def _entry(row: sqlite3.Row, index: Path) -> Entry:
    """An entry from its row; ``DamagedEntry`` if any value in it cannot be right."""
    bad = rowcheck.problems(row)
    if bad:
        raise DamagedEntry(rowcheck.label(row["id"]), bad, index)
    time, archived_at = rowcheck.time_of(row["time"]), rowcheck.time_of(row["archived_at"])
    amount = rowcheck.amount_of(row["amount"])
    assert time is not None and archived_at is not None and amount is not None
    return Entry(
        id=row["id"],
        time=time,
        pool=row["pool"],
        round=row["round"],
        kommune=row["kommune"],
        project=row["project"],
        amount=amount,
        pages=row["pages"],
        version=row["version"],
        previous_id=row["previous_id"],
        package_sha256=row["package_sha256"],
        archived_at=archived_at,
        total_bytes=row["total_bytes"],
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _sqlite_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


class Archive:
    """A tamper-evident archive of submission packages in one folder."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()
        self.objects = self.root / "objects"
        self.tmp = self.root / "tmp"
        self.index_path = self.root / INDEX

    def __repr__(self) -> str:
        return f"Archive({str(self.root)!r})"

    def blob_path(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / sha256[2:]

    # ----------------------------------------------------------------------------------------
    # The index

    @contextlib.contextmanager
    def _sql_errors(self, writing: bool) -> Iterator[None]:
        """Turn SQLite's errors into the archive's (Danish) errors."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self._mapped(exc, writing) from exc

    def _mapped(self, exc: sqlite3.Error, writing: bool) -> ArchiveError:
        code = _sqlite_code(exc)
        text = str(exc).lower()
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or (
            "not a database" in text
        ):
            return CorruptIndex(self.index_path)
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
            return ArchiveBusy(self.root, BUSY_TIMEOUT)
        if code == _SQLITE_FULL or "disk is full" in text:
            return ArchiveFull(self.root)
        if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or "readonly" in text:
            return ArchiveReadOnly(self.root) if writing else CorruptIndex(self.index_path)
        if writing:
            if self._free_space() < SPACE_MARGIN:  # e.g. SQLite's "disk I/O error" on a full disk
                return ArchiveFull(self.root)
            return ArchiveWriteError(self.root, str(exc))
        return CorruptIndex(self.index_path)

    def _connect(self, target: str, uri: bool) -> sqlite3.Connection:
        conn = sqlite3.connect(
            target, uri=uri, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT * 1000}")
        return conn

    def _open_read(self) -> sqlite3.Connection | None:
        """A read-only connection, or None if nothing has been archived here yet.

        Works on an archive on read-only media too: if SQLite cannot create its shared-memory
        file next to the index, the index is opened as immutable.
        """
        if not self.index_path.is_file():
            return None
        base = self.index_path.resolve().as_uri()
        conn: sqlite3.Connection | None = None
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                conn = self._connect(base + query, uri=True)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                break
            except sqlite3.Error as exc:
                if conn is not None:
                    conn.close()
                    conn = None
                # Only "cannot set up the shared memory" (read-only folder) justifies trying
                # again as immutable; anything else is reported as it is.
                cannot_share = _sqlite_code(exc) in (
                    _SQLITE_READONLY,
                    _SQLITE_CANTOPEN,
                    _SQLITE_IOERR,
                )
                if not cannot_share or query.endswith("immutable=1"):
                    raise self._mapped(exc, writing=False) from exc
        assert conn is not None
        if version > SCHEMA_VERSION:
            conn.close()
            raise NewerIndex(self.index_path, version, SCHEMA_VERSION)
        if version == 0:
            try:
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            except sqlite3.Error as exc:
                conn.close()
                raise self._mapped(exc, writing=False) from exc
            conn.close()
            if tables:
                raise CorruptIndex(self.index_path)  # some other SQLite file, not our index
            return None  # created, but the first add has not yet made the tables
        return conn

    def _mkdir(self, path: Path) -> None:
        """Create a folder (if missing) and make its entry in the parent durable."""
        if path.is_dir():
            return
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir():
                raise
            return
        fsync_path(path.parent, strict=True)

    def _open_write(self) -> sqlite3.Connection:
        """A connection for adding; creates the archive folder and index the first time."""
        try:
            if not self.root.is_dir():
                self.root.mkdir(parents=True, exist_ok=True)
                fsync_path(self.root.parent, strict=True)
            self._mkdir(self.objects)
            self._mkdir(self.tmp)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc
        with self._sql_errors(writing=True):
            conn = self._connect(str(self.index_path), uri=False)
            try:
                self._set_wal(conn)
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
                self._ensure_schema(conn)
            except BaseException:
                conn.close()
                raise
        return conn

    def _set_wal(self, conn: sqlite3.Connection) -> None:
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                busy = _sqlite_code(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise NewerIndex(self.index_path, version, SCHEMA_VERSION)
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise CorruptIndex(self.index_path)
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        conn = self._open_read()
        try:
            with self._sql_errors(writing=False):
                yield conn
        finally:
            if conn is not None:
                conn.close()

    def _resolve(self, conn: sqlite3.Connection | None, entry_id: str) -> sqlite3.Row:
        wanted = entry_id.strip().lower()
        if conn is None or len(wanted) < MIN_PREFIX or not set(wanted) <= _HEX:
            raise UnknownEntry(entry_id, self.root)
        row = conn.execute("SELECT * FROM entries WHERE id = ?", (wanted,)).fetchone()
        if row is not None:
            return row  # type: ignore[no-any-return]
        found = conn.execute(
            "SELECT * FROM entries WHERE package_sha256 >= ? AND package_sha256 < ? LIMIT 5",
            (wanted, wanted + "~"),
        ).fetchall()
        if not found:
            raise UnknownEntry(entry_id, self.root)
        if len(found) > 1:
            raise AmbiguousEntry(entry_id, [rowcheck.label(r["id"]) for r in found])
        return found[0]  # type: ignore[no-any-return]

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
            with self._reading() as conn:
                if conn is not None:
                    row = conn.execute(
                        f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE package_sha256 = ?",
                        (manifest.package_sha256,),
                    ).fetchone()
                    if row is not None:
                        return AddResult(
                            _entry(row, self.index_path), created=False, blobs_written=0
                        )
            manifest_data = reader.manifest_bytes()
            assert manifest_data is not None
            wanted = self._wanted_blobs(reader, manifest, manifest_data)
            missing = [(spec, src) for spec, src in wanted if not self._have_blob(spec)]
            if self._free_space() < sum(spec.bytes for spec, _ in missing) + SPACE_MARGIN:
                raise ArchiveFull(self.root)
            conn = self._open_write()
            temps: builtins.list[Path] = []
            pending = self.tmp / f"{manifest.package_sha256}{PENDING}"
            whole = False
            try:
                self._mark_pending(pending)
                for spec, source in missing:
                    self._put_blob(package, reader, spec, source, temps)
                whole = True
                written = len(missing)
                result = self._commit_entry(conn, manifest, manifest_data, written)
            finally:
                conn.close()
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

    def _mark_pending(self, pending: Path) -> None:
        try:
            os.close(os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o444))
            fsync_path(self.tmp)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc

    def _wanted_blobs(
        self, reader: PackageReader, manifest: Manifest, manifest_data: bytes
    ) -> builtins.list[tuple[FileSpec, Callable[[], IO[bytes]] | bytes]]:
        """Every file of the package (manifest.json first) with a way to read it."""
        manifest_sha = hashlib.sha256(manifest_data).hexdigest()
        wanted: builtins.list[tuple[FileSpec, Callable[[], IO[bytes]] | bytes]] = [
            (FileSpec(MANIFEST, manifest_sha, len(manifest_data)), manifest_data)
        ]
        for spec in manifest.files:
            wanted.append((spec, functools.partial(reader.open, spec.name)))
        return wanted

    def _free_space(self) -> int:
        """Free bytes on the disk that holds (or will hold) the archive folder."""
        probe = self.root
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        try:
            return shutil.disk_usage(probe).free
        except OSError:
            return 2**62  # cannot tell; let the writes themselves find out

    def _have_blob(self, spec: FileSpec) -> bool:
        try:
            return self.blob_path(spec.sha256).stat().st_size == spec.bytes
        except OSError:
            return False

    def _put_blob(
        self,
        package: Path,
        reader: PackageReader,
        spec: FileSpec,
        source: Callable[[], IO[bytes]] | bytes,
        temps: builtins.list[Path],
    ) -> None:
        """Write one blob: temp file, fsync, rename into objects/, fsync the folder."""
        final = self.blob_path(spec.sha256)
        temp = self.tmp / f"{spec.sha256[:16]}-{os.getpid()}-{secrets.token_hex(4)}.part"
        digest = hashlib.sha256()
        size = 0
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o444)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc
        temps.append(temp)
        try:
            if isinstance(source, bytes):
                digest.update(source)
                size = len(source)
                _write_all(fd, source)
            else:
                try:
                    fh = source()
                except OSError as exc:
                    raise PackageUnreadable.unreadable(package, exc.strerror or str(exc)) from exc
                with fh:
                    while True:
                        try:
                            chunk = fh.read(CHUNK)
                        except OSError as exc:
                            raise PackageUnreadable.unreadable(
                                package, exc.strerror or str(exc)
                            ) from exc
                        if not chunk:
                            break
                        digest.update(chunk)
                        size += len(chunk)
                        _write_all(fd, chunk)
            os.fsync(fd)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc
        finally:
            os.close(fd)
        if digest.hexdigest() != spec.sha256 or size != spec.bytes:
            # The file changed between the check and the copy.
            raise PackageRejected(
                package,
                [
                    ARK004(
                        N_(
                            "The file {name} changed while it was being archived: it now has "
                            "SHA-256 {actual}…, the manifest says {expected}…."
                        ),
                        N_("Leave the package alone while it is archived, and try again."),
                        ("files", spec.name),
                        name=spec.name,
                        actual=short(digest.hexdigest()),
                        expected=short(spec.sha256),
                    ).at(Location(reader.label(spec.name)))
                ],
            )
        try:
            self._mkdir(final.parent)
            os.replace(temp, final)
            fsync_path(final.parent, strict=True)
        except OSError as exc:
            raise from_os_error(exc, self.root) from exc

    def _commit_entry(
        self, conn: sqlite3.Connection, manifest: Manifest, manifest_data: bytes, written: int
    ) -> AddResult:
        """The one transaction that makes an entry visible (or finds it already there)."""
        with self._sql_errors(writing=True):
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE package_sha256 = ?",
                    (manifest.package_sha256,),
                ).fetchone()
                if row is not None:  # another process added it meanwhile
                    conn.execute("ROLLBACK")
                    return AddResult(
                        _entry(row, self.index_path), created=False, blobs_written=written
                    )
                app_key = "\x1f".join(
                    (manifest.pool, fold(manifest.kommune), fold(manifest.projektnavn))
                )
                prev = conn.execute(
                    "SELECT id, version FROM entries WHERE app_key = ? "
                    "ORDER BY version DESC LIMIT 1",
                    (app_key,),
                ).fetchone()
                version = prev["version"] + 1 if prev else 1
                entry_id = self._new_id(conn, manifest.package_sha256)
                total = len(manifest_data) + sum(f.bytes for f in manifest.files)
                cur = conn.execute(
                    "INSERT INTO entries (id, package_sha256, manifest_sha256, manifest_bytes, "
                    "pool, round, kommune, kommune_key, project, project_key, amount, pages, "
                    "time, time_utc, year, pulje_version, template_sha256, app_key, version, "
                    "previous_id, archived_at, total_bytes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        entry_id,
                        manifest.package_sha256,
                        hashlib.sha256(manifest_data).hexdigest(),
                        len(manifest_data),
                        manifest.pool,
                        manifest.round,
                        manifest.kommune,
                        fold(manifest.kommune),
                        manifest.projektnavn,
                        fold(manifest.projektnavn),
                        str(manifest.amount),
                        manifest.pages,
                        manifest.time.isoformat(),
                        _utc_key(manifest.time),
                        manifest.time.year,
                        manifest.pulje_version,
                        manifest.template_sha256,
                        app_key,
                        version,
                        prev["id"] if prev else None,
                        datetime.now(UTC).isoformat(timespec="seconds"),
                        total,
                    ),
                )
                assert cur.lastrowid is not None
                self._insert_files(conn, cur.lastrowid, manifest.files)
                row = conn.execute(
                    f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE seq = ?", (cur.lastrowid,)
                ).fetchone()
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                raise
        return AddResult(_entry(row, self.index_path), created=True, blobs_written=written)

    def _insert_files(
        self, conn: sqlite3.Connection, seq: int, files: Iterable[FileSpec]
    ) -> None:
        conn.executemany(
            "INSERT INTO files (entry_seq, name, sha256, bytes) VALUES (?, ?, ?, ?)",
            [(seq, f.name, f.sha256, f.bytes) for f in files],
        )

    def _new_id(self, conn: sqlite3.Connection, package_sha: str) -> str:
        for length in range(ID_LENGTH, len(package_sha) + 1, 2):
            candidate = package_sha[:length]
            taken = conn.execute("SELECT 1 FROM entries WHERE id = ?", (candidate,)).fetchone()
            if taken is None:
                return candidate
        raise AssertionError("a package hash is unique in the index")

    # ----------------------------------------------------------------------------------------
    # Reading

    def list(
        self,
        pool: str | None = None,
        kommune: str | None = None,
        year: int | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> EntryList:
        """Entries, newest ``tidspunkt`` first, that match every filter given.

        ``pool`` is the pool's ID; ``kommune`` matches the name with or without " Kommune",
        ignoring case; ``year`` is the year of the package's ``tidspunkt``; ``text`` is a
        substring of the project name, ignoring case.
        """
        where: builtins.list[str] = []
        args: builtins.list[Any] = []
        if pool:
            where.append("pool = ?")
            args.append(pool)
        if kommune and kommune.strip():
            key = fold(kommune)
            bare = key.removesuffix(" kommune")
            keys = sorted({key, bare, bare + " kommune"})
            where.append(f"kommune_key IN ({', '.join('?' * len(keys))})")
            args.extend(keys)
        if year is not None:
            where.append("year = ?")
            args.append(year)
        if text and text.strip():
            where.append("instr(project_key, ?) > 0")
            args.append(fold(text))
        sql = f"SELECT {_ENTRY_COLUMNS} FROM entries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY time_utc DESC, seq DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        out = EntryList()
        damaged: builtins.list[str] = []
        with self._reading() as conn:
            if conn is None:
                return out
            for row in conn.execute(sql, args):
                try:
                    out.append(_entry(row, self.index_path))
                except DamagedEntry as exc:
                    damaged.append(exc.entry_id)
        out.damaged = tuple(damaged)
        return out

    def show(self, entry_id: str) -> EntryDetail:
        """One entry with its files; ``entry_id`` may be an unambiguous start of the ID."""
        with self._reading() as conn:
            row = self._resolve(conn, entry_id)
            assert conn is not None
            files = conn.execute(
                "SELECT name, sha256, bytes FROM files WHERE entry_seq = ? ORDER BY name",
                (row["seq"],),
            ).fetchall()
            newer = conn.execute(
                "SELECT id FROM entries WHERE previous_id = ? ORDER BY seq", (row["id"],)
            ).fetchall()
            entry = _entry(row, self.index_path)  # checks every column of the row
            bad = sorted({c for f in files for c in rowcheck.problems(f, rowcheck.FILE_CHECKS)})
            if bad:
                raise DamagedEntry(entry.id, [f"files.{c}" for c in bad], self.index_path)
            return EntryDetail(
                entry=entry,
                manifest=StoredFile(
                    MANIFEST,
                    row["manifest_sha256"],
                    row["manifest_bytes"],
                    self.blob_path(row["manifest_sha256"]),
                ),
                files=tuple(
                    StoredFile(f["name"], f["sha256"], f["bytes"], self.blob_path(f["sha256"]))
                    for f in files
                ),
                pulje_version=row["pulje_version"],
                template_sha256=row["template_sha256"],
                newer_ids=tuple(rowcheck.label(n["id"]) for n in newer),
            )

    # ----------------------------------------------------------------------------------------
    # Verifying

    def verify(self, ids: Iterable[str] | None = None) -> builtins.list[Diagnostic]:
        """Recompute every hash of the given entries (default: all) and check the folder; see
        ``archive.verify``. Never raises for what the archive holds: it is all findings."""
        from pulje.archive.verify import verify

        return verify(self, ids)

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
                self._export_file(detail.entry.id, item, target, written)
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

    def _export_file(
        self, entry_id: str, item: StoredFile, target: Path, written: builtins.list[Path]
    ) -> None:
        try:
            source = item.blob.open("rb")
        except OSError as exc:
            raise BlobDamaged(entry_id, item.name, item.blob) from exc
        with source:
            try:
                out = target.open("xb")
            except FileExistsError:
                raise ExportWouldOverwrite(target) from None
            except OSError as exc:
                raise ExportFailed(target, exc) from exc
            written.append(target)
            digest = hashlib.sha256()
            try:
                with out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            except OSError as exc:
                raise ExportFailed(target, exc) from exc
        if digest.hexdigest() != item.sha256:
            raise BlobDamaged(entry_id, item.name, item.blob)
