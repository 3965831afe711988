"""Which database pulje keeps its tables in: SQLite files by default, PostgreSQL for a kommune.

``PULJE_DATABASE_URL`` (or the URL a caller gives) chooses. Empty: SQLite files in pulje's
folders (the archive's ``index.sqlite`` and ``portefoelje.sqlite``, the web's
``pulje-web.sqlite``). ``postgresql://user:password@host/database`` (or ``postgres://``): the
archive's index, the portfolio and the web's users and sessions are tables in that one database,
so every user of the kommune shares them; the archive's files stay in its folder.

psycopg (PostgreSQL's driver) is imported only here, and only when such a URL is used, so
commands that never touch a database start as fast as before.

Each part keeps its own schema version in ``pulje_schema`` (part, version): the PostgreSQL
counterpart of SQLite's ``PRAGMA user_version``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from pulje.archive.errors import ArchiveError
from pulje.diagnostics.i18n import N_

ENV_VAR = "PULJE_DATABASE_URL"
SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 10  # seconds
LOCK_TIMEOUT_MS = 60_000  # another writer may hold a table this long before we give up
VERSIONS = ("CREATE TABLE IF NOT EXISTS pulje_schema ("
            "part TEXT PRIMARY KEY, version INTEGER NOT NULL)")
_SECRET = re.compile(r"(://[^/@:]*):[^/@]*@")
_PASSWORD_PARAM = re.compile(r"(?i)(password=)[^&]*")


class DatabaseError(ArchiveError):
    """Raised when the PostgreSQL database cannot be reached or used."""


def configured(url: str | None = None) -> str:
    """The database URL in force: ``url`` if given, else ``$PULJE_DATABASE_URL`` (or empty)."""
    return (url if url is not None else os.environ.get(ENV_VAR, "")).strip()


def is_postgres(url: str) -> bool:
    return url.startswith(SCHEMES)


def shown(url: str) -> str:
    """The URL as it may be shown in a message: never with its password."""
    return _PASSWORD_PARAM.sub(r"\1***", _SECRET.sub(r"\1:***@", url))[:200]


class CursorLike(Protocol):
    """What pulje reads of a cursor, from ``sqlite3`` or from ``Cursor`` below."""

    rowcount: int
    lastrowid: int | None

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Row:
    """A result row read by column name or by position, as ``sqlite3.Row`` is."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: Sequence[str], values: Sequence[Any]) -> None:
        self._names = tuple(names)
        self._values = tuple(values)

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, int):
            return self._values[key]
        return self._values[self._names.index(key)]

    def keys(self) -> list[str]:
        return list(self._names)

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)


class Cursor:
    """The part of ``sqlite3.Cursor`` pulje uses, over a psycopg cursor."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor
        self.rowcount: int = cursor.rowcount
        self.lastrowid: int | None = None

    def _names(self) -> list[str]:
        return [d.name for d in self._cursor.description or ()]

    def fetchone(self) -> Row | None:
        values = self._cursor.fetchone() if self._cursor.description else None
        return None if values is None else Row(self._names(), values)

    def fetchall(self) -> list[Row]:
        if not self._cursor.description:
            return []
        names = self._names()
        return [Row(names, v) for v in self._cursor.fetchall()]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


def _placeholders(sql: str) -> str:
    """SQLite's ``?`` as psycopg's ``%s`` (pulje's SQL has no ``?`` or ``%`` in its text)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Connection:
    """A PostgreSQL connection that takes pulje's SQLite-style SQL (``?`` parameters) and
    gives rows as ``sqlite3.Row`` does. Autocommit: transactions are begun explicitly."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Cursor:
        cursor = self.raw.cursor()
        cursor.execute(_placeholders(sql), tuple(args))
        return Cursor(cursor)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.raw.cursor() as cursor:
            cursor.executemany(_placeholders(sql), list(rows))

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.raw.info.transaction_status != TransactionStatus.IDLE)

    def begin(self, *lock: str) -> None:
        """Begin a transaction; with table names, hold them against other writers (readers
        go on) until it ends, as SQLite's ``BEGIN IMMEDIATE`` does."""
        self.execute("BEGIN")
        for table in lock:
            self.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()

    def version(self, part: str) -> int:
        """The schema version of ``part`` (0: not made yet)."""
        row = self.execute("SELECT to_regclass('pulje_schema') IS NOT NULL").fetchone()
        if row is None or not row[0]:
            return 0
        row = self.execute("SELECT version FROM pulje_schema WHERE part = ?", (part,)).fetchone()
        return int(row[0]) if row is not None else 0

    def set_version(self, part: str, version: int) -> None:
        self.execute(VERSIONS)
        self.execute("INSERT INTO pulje_schema (part, version) VALUES (?, ?) "
                     "ON CONFLICT (part) DO UPDATE SET version = excluded.version",
                     (part, version))

    def has_table(self, name: str) -> bool:
        row = self.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()
        return bool(row is not None and row[0])


def driver_errors() -> tuple[type[BaseException], ...]:
    """psycopg's error root, for ``except`` clauses (imported only when PostgreSQL is used)."""
    import psycopg

    return (psycopg.Error,)


def unavailable(url: str, exc: BaseException) -> DatabaseError:
    reason = " ".join(str(exc).split())[:300] or type(exc).__name__
    return DatabaseError(
        N_("The database {url} cannot be used: {reason}."),
        N_("Check that PostgreSQL runs and takes connections, and that the user, password and "
           "database in {variable} are right."),
        url=shown(url), reason=reason, variable=ENV_VAR)


def connect(url: str) -> Connection:
    """A connection to the PostgreSQL database ``url``; ``DatabaseError`` if there is none."""
    try:
        import psycopg
    except ImportError as exc:  # an install without the driver
        raise unavailable(url, exc) from None
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                              application_name="pulje")
    except psycopg.Error as exc:
        raise unavailable(url, exc) from None
    try:
        raw.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
    except psycopg.Error as exc:
        raw.close()
        raise unavailable(url, exc) from None
    return Connection(raw)


@contextlib.contextmanager
def connected(url: str) -> Iterator[Connection]:
    conn = connect(url)
    try:
        yield conn
    finally:
        with contextlib.suppress(Exception):
            conn.close()


def is_unique_violation(exc: BaseException) -> bool:
    return type(exc).__name__ == "UniqueViolation" or getattr(exc, "sqlstate", "") == "23505"
