"""Where the portfolio is kept: a small interface (``Store``) and its SQLite implementation.

By default the database is ``portefoelje.sqlite`` in the archive's folder (beside
``index.sqlite``; ``archive verify`` knows it), so one kommune's archive and portfolio live and
are backed up together. ``PULJE_DATABASE_URL`` names another, as SQLAlchemy writes it:
``sqlite:///relative/file`` or ``sqlite:////absolute/file``, or a PostgreSQL database
(``postgresql://user:password@host/database``, ``PgStore``): the same tables there, beside the
archive's index, shared by every user of the kommune.

Schema 1 (``PRAGMA user_version``; in PostgreSQL the row ``portefoelje`` of ``pulje_schema``)::

    applications(app_key PK, pulje, runde, kommune, projekt, svarfil, status, beloeb, bevilget,
                 budget JSON, oprettet, opdateret)
    dates(app_key, art, nr, dato YYYY-MM-DD, tid HH:MM or NULL, kilde, udfoert, revision;
          PK (app_key, art, nr))
    events(seq PK, app_key, tidspunkt ISO 8601, status, tekst, arkiv_id)
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Protocol

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_
from pulje.portfolio.model import AppRow, DateKind, DueRow, EventRow, Status

FILE_NAME = "portefoelje.sqlite"
ENV_VAR = "PULJE_DATABASE_URL"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 30
SCHEMA = (
    """CREATE TABLE applications (
        app_key TEXT PRIMARY KEY, pulje TEXT NOT NULL, runde TEXT NOT NULL,
        kommune TEXT NOT NULL, projekt TEXT NOT NULL, svarfil TEXT,
        status TEXT NOT NULL CHECK (status IN
            ('kladde', 'godkendt', 'indsendt', 'bevilget', 'afslag', 'afsluttet')),
        beloeb TEXT, bevilget TEXT, budget TEXT,
        oprettet TEXT NOT NULL, opdateret TEXT NOT NULL)""",
    """CREATE TABLE dates (
        app_key TEXT NOT NULL REFERENCES applications(app_key), art TEXT NOT NULL,
        nr INTEGER NOT NULL, dato TEXT NOT NULL, tid TEXT, kilde TEXT NOT NULL,
        udfoert TEXT, revision INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (app_key, art, nr))""",
    """CREATE TABLE events (
        seq INTEGER PRIMARY KEY, app_key TEXT NOT NULL REFERENCES applications(app_key),
        tidspunkt TEXT NOT NULL, status TEXT, tekst TEXT NOT NULL, arkiv_id TEXT)""",
    "CREATE INDEX events_by_app ON events (app_key, seq)",
)


class PortfolioError(PuljeError):
    """Raised when the portfolio's database cannot be opened, read or written."""


class Store(Protocol):
    """What the portfolio needs of its database (SQLite now; PostgreSQL later)."""

    def application(self, app_key: str) -> AppRow | None: ...
    def applications(self) -> list[AppRow]: ...
    def save_application(self, row: AppRow) -> None: ...
    def set_status(self, app_key: str, status: Status, when: datetime, text: str,
                   archive_id: str | None = None) -> None: ...
    def note(self, app_key: str, when: datetime, text: str,
             archive_id: str | None = None) -> None: ...
    def set_date(self, app_key: str, art: DateKind, nr: int, day: date, at: time | None,
                 source: str) -> None: ...
    def mark_done(self, app_key: str, art: DateKind, nr: int, when: datetime) -> bool: ...
    def dates(self, app_key: str | None = None) -> list[DueRow]: ...
    def events(self, app_key: str) -> list[EventRow]: ...
    def set_budget(self, app_key: str, budget: str, granted: str | None) -> None: ...


def location(archive_root: Path) -> str:
    """The database's URL or path: ``$PULJE_DATABASE_URL``, else beside the archive's index."""
    return os.environ.get(ENV_VAR, "").strip() or str(Path(archive_root) / FILE_NAME)


def open_store(archive_root: Path) -> Store:
    """The portfolio's store for the archive at ``archive_root`` (see ``location``)."""
    where = location(archive_root)
    if where.startswith(("postgres://", "postgresql://")):
        from pulje.portfolio.pgstore import PgStore  # only a kommune's server needs it

        return PgStore(where)
    if where.startswith("sqlite:"):
        # as SQLAlchemy writes it: sqlite:///relative/file, sqlite:////absolute/file
        path = where.removeprefix("sqlite:///") if where.startswith("sqlite:///") else ""
        if not path:
            raise PortfolioError(N_("{variable} has no path: write sqlite:///path/to/file."),
                                 "", variable=ENV_VAR)
        return SqliteStore(Path(path))
    if "://" in where:
        raise PortfolioError(N_("{variable} is not a database URL pulje knows: {url}"),
                             N_("Write sqlite:///path/to/portefoelje.sqlite or "
                                "postgresql://user:password@host/database."),
                             variable=ENV_VAR, url=where[:80])
    return SqliteStore(Path(where))


def _d(value: str) -> date:
    return date.fromisoformat(value)


def _t(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


class SqliteStore:
    """The portfolio in one SQLite file (WAL; one writer at a time, readers alongside)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def _db(self, *, write: bool) -> Iterator[Any]:
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            elif not self.path.is_file():
                conn = sqlite3.connect(":memory:")
                self._schema(conn)
                yield conn
                conn.close()
                return
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise self._error(exc) from None
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            if write:
                conn.execute("PRAGMA journal_mode = WAL")
                self._schema(conn)
                conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise PortfolioError(
                    N_("The portfolio {file} was made by a newer pulje (schema {version})."),
                    N_("Update pulje."), file=str(self.path), version=version)
            yield conn
            if write:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            raise self._error(exc) from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def _error(self, exc: BaseException) -> PortfolioError:
        return PortfolioError(
            N_("The portfolio {file} cannot be used: {reason}."),
            N_("Check that the folder exists, that you may write in it, and that the disk is "
               "not full; a damaged file can be restored from the archive folder's backup."),
            file=str(self.path), reason=str(exc)[:200])

    def _schema(self, conn: sqlite3.Connection) -> None:
        conn.row_factory = sqlite3.Row
        if conn.execute("PRAGMA user_version").fetchone()[0] != 0:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # again inside the transaction: another process may have made it meanwhile
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise sqlite3.DatabaseError("not a portfolio database")
                for statement in SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def _app(row: Any) -> AppRow:
        return AppRow(row["app_key"], row["pulje"], row["runde"], row["kommune"],
                      row["projekt"], row["svarfil"], Status(row["status"]), row["beloeb"],
                      row["bevilget"], row["budget"], row["oprettet"], row["opdateret"])

    def application(self, app_key: str) -> AppRow | None:
        with self._db(write=False) as db:
            row = db.execute("SELECT * FROM applications WHERE app_key = ?",
                             (app_key,)).fetchone()
            return self._app(row) if row is not None else None

    def applications(self) -> list[AppRow]:
        with self._db(write=False) as db:
            rows = db.execute("SELECT * FROM applications ORDER BY kommune, projekt").fetchall()
            return [self._app(r) for r in rows]

    def dates(self, app_key: str | None = None) -> list[DueRow]:
        sql = "SELECT * FROM dates" + (" WHERE app_key = ?" if app_key else "")
        with self._db(write=False) as db:
            rows = db.execute(sql + " ORDER BY dato, tid, art, nr",
                              (app_key,) if app_key else ()).fetchall()
            return [DueRow(r["app_key"], DateKind(r["art"]), r["nr"], _d(r["dato"]),
                           _t(r["tid"]), r["kilde"], r["udfoert"], r["revision"]) for r in rows]

    def events(self, app_key: str) -> list[EventRow]:
        with self._db(write=False) as db:
            rows = db.execute("SELECT * FROM events WHERE app_key = ? ORDER BY seq",
                              (app_key,)).fetchall()
            return [EventRow(r["seq"], r["app_key"], datetime.fromisoformat(r["tidspunkt"]),
                             Status(r["status"]) if r["status"] else None, r["tekst"],
                             r["arkiv_id"]) for r in rows]

    # --- writing ---------------------------------------------------------------------------

    def save_application(self, row: AppRow) -> None:
        """Add the application, or bring its facts up to date (its status is kept)."""
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO applications (app_key, pulje, runde, kommune, projekt, svarfil, "
                "status, beloeb, bevilget, budget, oprettet, opdateret) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (app_key) DO UPDATE SET runde = excluded.runde, "
                "kommune = excluded.kommune, projekt = excluded.projekt, "
                "svarfil = excluded.svarfil, beloeb = excluded.beloeb, "
                "opdateret = excluded.opdateret",
                (row.app_key, row.pulje, row.runde, row.kommune, row.projekt, row.svarfil,
                 row.status.value, row.beloeb, row.bevilget, row.budget, row.oprettet,
                 row.opdateret))

    def set_status(self, app_key: str, status: Status, when: datetime, text: str,
                   archive_id: str | None = None) -> None:
        with self._db(write=True) as db:
            db.execute("UPDATE applications SET status = ?, opdateret = ? WHERE app_key = ?",
                       (status.value, when.isoformat(), app_key))
            db.execute("INSERT INTO events (app_key, tidspunkt, status, tekst, arkiv_id) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (app_key, when.isoformat(), status.value, text, archive_id))

    def note(self, app_key: str, when: datetime, text: str,
             archive_id: str | None = None) -> None:
        with self._db(write=True) as db:
            db.execute("INSERT INTO events (app_key, tidspunkt, status, tekst, arkiv_id) "
                       "VALUES (?, ?, NULL, ?, ?)", (app_key, when.isoformat(), text, archive_id))

    def set_date(self, app_key: str, art: DateKind, nr: int, day: date, at: time | None,
                 source: str) -> None:
        """Set a date; a changed date counts up its revision (the calendar's SEQUENCE)."""
        tid = at.strftime("%H:%M") if at is not None else None
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO dates (app_key, art, nr, dato, tid, kilde) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (app_key, art, nr) DO UPDATE SET dato = excluded.dato, "
                "tid = excluded.tid, kilde = excluded.kilde, revision = dates.revision + 1 "
                "WHERE dates.dato IS DISTINCT FROM excluded.dato "
                "OR dates.tid IS DISTINCT FROM excluded.tid",
                (app_key, art.value, nr, day.isoformat(), tid, source))

    def mark_done(self, app_key: str, art: DateKind, nr: int, when: datetime) -> bool:
        with self._db(write=True) as db:
            cur = db.execute("UPDATE dates SET udfoert = ?, revision = revision + 1 "
                             "WHERE app_key = ? AND art = ? AND nr = ? AND udfoert IS NULL",
                             (when.isoformat(), app_key, art.value, nr))
            return bool(cur.rowcount > 0)

    def set_budget(self, app_key: str, budget: str, granted: str | None) -> None:
        with self._db(write=True) as db:
            db.execute("UPDATE applications SET budget = ?, bevilget = coalesce(?, bevilget) "
                       "WHERE app_key = ?", (budget, granted, app_key))
