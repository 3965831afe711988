"""The archive's index: an SQLite file with one row per package and one per file of it.

Its schema has a version (``PRAGMA user_version``). Schema 2 names the facts of an application
as every record of pulje does (``pulje.documents.facts``: pulje, runde, kommune, projekt,
beloeb, sider, tidspunkt, version; ``udgave`` is the application's version number in the
archive). Schema 1 (pool, round, project, amount, pages, time, pulje_version, version) is read
as it is — its columns are given the new names as they are read, so an archive on read-only
media stays readable — and migrated in place, in one transaction, the first time something is
added to it. A newer schema than this pulje knows is refused (``NewerIndex``).

Every SQLite error becomes an archive error in Danish (``Index.errors``): busy, full,
read-only, damaged.
"""

from __future__ import annotations

import builtins
import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulje.archive.database import CursorLike
from pulje.archive.errors import (
    AmbiguousEntry,
    ArchiveBusy,
    ArchiveError,
    ArchiveFull,
    ArchiveReadOnly,
    ArchiveWriteError,
    CorruptIndex,
    NewerIndex,
    UnknownEntry,
)
from pulje.archive.manifest import FileSpec
from pulje.archive.rows import label

SCHEMA_VERSION = 2
MIN_PREFIX = 6
ID_LENGTH = 12
BUSY_TIMEOUT = 60  # seconds another writer may hold the index before we give up
INDEX = "index.sqlite"
_HEX = frozenset("0123456789abcdef")

# SQLite primary result codes (the low byte of sqlite3.Error.sqlite_errorcode).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26

_IMMUTABLE = (
    "CREATE TRIGGER entries_immutable BEFORE UPDATE ON entries "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END",
    "CREATE TRIGGER entries_undeletable BEFORE DELETE ON entries "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END",
    "CREATE TRIGGER files_immutable BEFORE UPDATE ON files "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END",
    "CREATE TRIGGER files_undeletable BEFORE DELETE ON files "
    "BEGIN SELECT RAISE(ABORT, 'archive entries are immutable'); END",
)
SCHEMA = (
    """CREATE TABLE entries (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        package_sha256 TEXT NOT NULL UNIQUE,
        manifest_sha256 TEXT NOT NULL,
        manifest_bytes INTEGER NOT NULL,
        pulje TEXT NOT NULL,
        runde TEXT NOT NULL,
        kommune TEXT NOT NULL,
        kommune_key TEXT NOT NULL,
        projekt TEXT NOT NULL,
        project_key TEXT NOT NULL,
        beloeb TEXT NOT NULL,
        sider INTEGER NOT NULL,
        tidspunkt TEXT NOT NULL,
        time_utc TEXT NOT NULL,
        year INTEGER NOT NULL,
        version TEXT NOT NULL,
        template_sha256 TEXT NOT NULL,
        app_key TEXT NOT NULL,
        udgave INTEGER NOT NULL,
        previous_id TEXT REFERENCES entries(id),
        archived_at TEXT NOT NULL,
        total_bytes INTEGER NOT NULL,
        UNIQUE (app_key, udgave)
    )""",
    """CREATE TABLE files (
        entry_seq INTEGER NOT NULL REFERENCES entries(seq),
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (entry_seq, name)
    ) WITHOUT ROWID""",
    "CREATE INDEX entries_by_time ON entries (time_utc, seq)",
    "CREATE INDEX entries_by_pool ON entries (pulje, time_utc, seq)",
    "CREATE INDEX entries_by_kommune ON entries (kommune_key, time_utc, seq)",
    "CREATE INDEX entries_by_year ON entries (year, time_utc, seq)",
    *_IMMUTABLE,
)
#: Schema 1's names of the columns schema 2 renamed (new name → old name), in an order in
#: which renaming one never takes a name still in use ("version" is free before it is taken).
RENAMED_FROM_1 = {
    "pulje": "pool", "runde": "round", "projekt": "project", "beloeb": "amount",
    "sider": "pages", "tidspunkt": "time", "udgave": "version", "version": "pulje_version",
}
#: The columns ``list`` and ``show`` read, by their schema 2 names.
ENTRY_COLUMNS = (
    "seq", "id", "tidspunkt", "pulje", "runde", "kommune", "projekt", "beloeb", "sider",
    "version", "udgave", "previous_id", "package_sha256", "archived_at", "total_bytes",
    "app_key",
)
ALL_COLUMNS = (
    "seq", "id", "package_sha256", "manifest_sha256", "manifest_bytes", "pulje", "runde",
    "kommune", "kommune_key", "projekt", "project_key", "beloeb", "sider", "tidspunkt",
    "time_utc", "year", "version", "template_sha256", "app_key", "udgave", "previous_id",
    "archived_at", "total_bytes",
)


def sqlite_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


@dataclass
class Db:
    """An open index and the schema it has: queries name columns by schema 2's names.

    ``conn`` is an ``sqlite3.Connection`` or, for PostgreSQL, ``database.Connection`` (the
    same calls, the same rows); the few statements that differ ask ``postgres``."""

    conn: Any
    schema: int
    postgres: bool = False

    def column(self, name: str) -> str:
        """The name a column has in this index."""
        return RENAMED_FROM_1.get(name, name) if self.schema == 1 else name

    def columns(self, names: Iterable[str] = ALL_COLUMNS) -> str:
        """A SELECT list giving ``names`` under schema 2's names, whatever this index has."""
        return ", ".join(n if self.column(n) == n else f'"{self.column(n)}" AS {n}'
                         for n in names)

    def execute(self, sql: str, args: Iterable[Any] = ()) -> CursorLike:
        cursor: CursorLike = self.conn.execute(sql, tuple(args))
        return cursor

    def close(self) -> None:
        self.conn.close()

    # --- transactions ------------------------------------------------------------------------

    def begin_write(self) -> None:
        """Begin the one transaction of an add: one writer at a time, readers alongside."""
        if self.postgres:
            self.conn.begin("entries", "files")
        else:
            self.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.execute("ROLLBACK")

    def quick_check(self) -> builtins.list[str]:
        """The database's own check of its file (["ok"] if sound). PostgreSQL keeps its
        files itself (checksums, WAL): for it, only that the tables answer."""
        if self.postgres:
            self.execute("SELECT count(*) FROM entries").fetchone()
            return ["ok"]
        try:
            return [r[0] for r in self.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]

    def contains(self, column: str) -> str:
        """A condition: ``column`` holds the text of the parameter."""
        return f"strpos({column}, ?) > 0" if self.postgres else f"instr({column}, ?) > 0"

    # --- queries -----------------------------------------------------------------------------

    def by_package(self, package_sha: str) -> Any | None:
        row: Any | None = self.execute(
            f"SELECT {self.columns(ENTRY_COLUMNS)} FROM entries WHERE package_sha256 = ?",
            (package_sha,),
        ).fetchone()
        return row

    def by_seq(self, seq: int) -> Any:
        row: Any = self.execute(
            f"SELECT {self.columns(ENTRY_COLUMNS)} FROM entries WHERE seq = ?", (seq,)
        ).fetchone()
        return row

    def resolve(self, entry_id: str, root: Path) -> Any:
        """The row of an ID, an unambiguous start of one (≥ MIN_PREFIX), or a package hash."""
        wanted = entry_id.strip().lower()
        if len(wanted) < MIN_PREFIX or not set(wanted) <= _HEX:
            raise UnknownEntry(entry_id, root)
        row: Any | None = self.execute(
            f"SELECT {self.columns()} FROM entries WHERE id = ?", (wanted,)).fetchone()
        if row is not None:
            return row
        found = self.execute(
            f"SELECT {self.columns()} FROM entries "
            "WHERE package_sha256 >= ? AND package_sha256 < ? LIMIT 5",
            (wanted, wanted + "~"),
        ).fetchall()
        if not found:
            raise UnknownEntry(entry_id, root)
        if len(found) > 1:
            raise AmbiguousEntry(entry_id, [label(r["id"]) for r in found])
        only: Any = found[0]
        return only

    def select(self, where: builtins.list[tuple[str, builtins.list[Any]]],
               limit: int | None) -> CursorLike:
        """Entries matching every ``(condition, args)``, newest first. Conditions name
        columns in braces (``{pulje} = ?``), so they read both schemas."""
        names = {n: self.column(n) for n in ALL_COLUMNS}
        names["contains_project"] = self.contains(self.column("project_key"))
        sql = f"SELECT {self.columns(ENTRY_COLUMNS)} FROM entries"
        args: builtins.list[Any] = []
        if where:
            sql += " WHERE " + " AND ".join(cond.format(**names) for cond, _ in where)
            for _, more in where:
                args += more
        sql += " ORDER BY time_utc DESC, seq DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return self.execute(sql, args)

    def files_of(self, seq: int) -> builtins.list[Any]:
        return self.execute(
            "SELECT name, sha256, bytes FROM files WHERE entry_seq = ? ORDER BY name", (seq,)
        ).fetchall()

    def newer(self, entry_id: str) -> builtins.list[Any]:
        return self.execute(
            "SELECT id FROM entries WHERE previous_id = ? ORDER BY seq", (entry_id,)
        ).fetchall()

    def all_entries(self) -> builtins.list[Any]:
        return self.execute(f"SELECT {self.columns()} FROM entries ORDER BY seq").fetchall()

    def all_files(self) -> CursorLike:
        return self.execute("SELECT * FROM files ORDER BY entry_seq, name")

    def ids(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT id FROM entries")}

    def history(self, base: str) -> builtins.list[Any]:
        """The entries of the application key ``base`` and of its records (``base\x1f<art>``),
        oldest first (the unique index on (app_key, udgave) serves both ranges)."""
        return self.execute(
            f"SELECT {self.columns(ENTRY_COLUMNS)} FROM entries "
            "WHERE app_key = ? OR (app_key > ? AND app_key < ?) ORDER BY time_utc, seq",
            (base, base + "\x1f", base + "\x20"),
        ).fetchall()

    def latest(self, app_key: str) -> Any | None:
        """The newest version of the application ``app_key``, if any."""
        row: Any | None = self.execute(
            "SELECT id, udgave FROM entries WHERE app_key = ? ORDER BY udgave DESC LIMIT 1",
            (app_key,),
        ).fetchone()
        return row

    def new_id(self, package_sha: str) -> str:
        """The shortest free ID (12, 14, … hex digits) for a package."""
        for length in range(ID_LENGTH, len(package_sha) + 1, 2):
            candidate = package_sha[:length]
            if self.execute("SELECT 1 FROM entries WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate
        raise AssertionError("a package hash is unique in the index")

    def insert_entry(self, values: dict[str, Any]) -> int:
        sql = f"INSERT INTO entries ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})"
        if self.postgres:
            row = self.execute(sql + " RETURNING seq", values.values()).fetchone()
            return int(row[0])
        cur = self.execute(sql, values.values())
        assert cur.lastrowid is not None
        return int(cur.lastrowid)

    def insert_files(self, seq: int, files: Iterable[FileSpec]) -> None:
        self.conn.executemany(
            "INSERT INTO files (entry_seq, name, sha256, bytes) VALUES (?, ?, ?, ?)",
            [(seq, f.name, f.sha256, f.bytes) for f in files],
        )


class Index:
    """Opening the index file for reading or writing, its schema, and its errors."""

    def __init__(self, path: Path, root: Path, free_space: Callable[[], int]) -> None:
        self.file = path
        self.path: Path | str = path  # as messages name it
        self.root = root
        self.free_space = free_space

    # --- errors ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def errors(self, writing: bool) -> Iterator[None]:
        """Turn SQLite's errors into the archive's (Danish) errors."""
        try:
            yield
        except sqlite3.Error as exc:
            raise self.mapped(exc, writing) from exc

    def mapped(self, exc: sqlite3.Error, writing: bool) -> ArchiveError:
        code = sqlite_code(exc)
        text = str(exc).lower()
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or (
            "not a database" in text
        ):
            return CorruptIndex(self.path)
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
            return ArchiveBusy(self.root, BUSY_TIMEOUT)
        if code == _SQLITE_FULL or "disk is full" in text:
            return ArchiveFull(self.root)
        if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or "readonly" in text:
            return ArchiveReadOnly(self.root) if writing else CorruptIndex(self.path)
        if writing:
            if self.free_space() < 1024 * 1024:  # e.g. SQLite's "disk I/O error" on a full disk
                return ArchiveFull(self.root)
            return ArchiveWriteError(self.root, str(exc))
        return CorruptIndex(self.path)

    # --- opening -----------------------------------------------------------------------------

    def _connect(self, target: str, uri: bool) -> sqlite3.Connection:
        conn = sqlite3.connect(
            target, uri=uri, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT * 1000}")
        return conn

    def open_read(self) -> Db | None:
        """A read-only connection, or None if nothing has been archived here yet.

        Works on an archive on read-only media too: if SQLite cannot create its shared-memory
        file next to the index, the index is opened as immutable.
        """
        if not self.file.is_file():
            return None
        base = self.file.resolve().as_uri()
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
                cannot_share = sqlite_code(exc) in (_SQLITE_READONLY, _SQLITE_CANTOPEN,
                                                    _SQLITE_IOERR)
                if not cannot_share or query.endswith("immutable=1"):
                    raise self.mapped(exc, writing=False) from exc
        assert conn is not None
        if version == 0:
            try:
                # One statement, one snapshot: another process may make the tables (and set
                # the version, in the same transaction) between two separate reads.
                tables, version = conn.execute(
                    "SELECT (SELECT count(*) FROM sqlite_master), "
                    "(SELECT user_version FROM pragma_user_version)").fetchone()
            except sqlite3.Error as exc:
                conn.close()
                raise self.mapped(exc, writing=False) from exc
            if version == 0:
                conn.close()
                if tables:
                    raise CorruptIndex(self.path)  # some other SQLite file, not our index
                return None  # created, but the first add has not yet made the tables
        if version > SCHEMA_VERSION:
            conn.close()
            raise NewerIndex(self.path, version, SCHEMA_VERSION)
        return Db(conn, version)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Db | None]:
        db = self.open_read()
        try:
            with self.errors(writing=False):
                yield db
        finally:
            if db is not None:
                db.close()

    def open_write(self) -> Db:
        """A connection for adding; makes the index the first time, migrates an older one."""
        with self.errors(writing=True):
            conn = self._connect(str(self.file), uri=False)
            try:
                self._set_wal(conn)
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
                self._ensure_schema(conn)
            except BaseException:
                conn.close()
                raise
        return Db(conn, SCHEMA_VERSION)

    def _set_wal(self, conn: sqlite3.Connection) -> None:
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                busy = sqlite_code(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise NewerIndex(self.path, version, SCHEMA_VERSION)
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Again inside the transaction: another process may have done it meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise CorruptIndex(self.path)
                for statement in SCHEMA:
                    conn.execute(statement)
            elif version == 1:
                migrate_1_to_2(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise


def migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Give schema 1's columns the names of pulje's facts, inside the caller's transaction.

    Only names change (``ALTER TABLE … RENAME COLUMN`` rewrites the indexes and the unique
    constraint with them): no row is read or written, so no entry can change.
    """
    have = {r[1] for r in conn.execute("PRAGMA table_info(entries)")}
    if set(RENAMED_FROM_1.values()) - have:
        raise sqlite3.DatabaseError("malformed: not an index of schema 1")
    for new, old in RENAMED_FROM_1.items():
        conn.execute(f'ALTER TABLE entries RENAME COLUMN "{old}" TO "{new}"')
