"""``pulje web``'s users and sessions in PostgreSQL (``PULJE_DATABASE_URL=postgresql://…``):
the tables of ``SQLiteStore`` in the kommune's database, so every server process (and the
``pulje web user`` commands) share them. The queries are ``SQLiteStore``'s own; only opening,
the schema version (row ``web`` of ``pulje_schema``) and the errors differ.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pulje.archive import database
from pulje.diagnostics.i18n import N_
from pulje.web.store import _SCHEMA, _SCHEMA_VERSION, SQLiteStore, StoreError

PART = "web"


class PgStore(SQLiteStore):
    """``Store`` in a PostgreSQL database; a connection per call, so any thread may use it."""

    def __init__(self, url: str) -> None:
        import psycopg

        super().__init__(Path())
        self.url = url
        self.where = database.shown(url)
        self.integrity_errors = (psycopg.IntegrityError,)

    def exists(self) -> bool:
        return True  # the tables are made on the first call

    def _fail(self, exc: Exception) -> StoreError:
        reason = (str(exc.params.get("reason", exc)) if isinstance(exc, database.DatabaseError)
                  else " ".join(str(exc).split())[:300])
        return StoreError(
            N_("pulje web's user database {file} cannot be used: {reason}."),
            N_("Check that PostgreSQL runs and takes connections, and that the user, password "
               "and database in {variable} are right."),
            file=self.where, reason=reason or type(exc).__name__, variable=database.ENV_VAR)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Any]:
        import psycopg

        try:
            conn = database.connect(self.url)
        except database.DatabaseError as exc:
            raise self._fail(exc) from exc
        try:
            self._ensure(conn)
            yield conn
        except psycopg.Error as exc:
            raise self._fail(exc) from exc
        finally:
            with contextlib.suppress(Exception):
                conn.rollback()
            conn.close()

    def _ensure(self, conn: database.Connection) -> None:
        version = conn.version(PART)
        if version == _SCHEMA_VERSION:
            return
        if version > _SCHEMA_VERSION:
            raise StoreError(
                N_("pulje web's user database {file} was made by a newer pulje."),
                N_("Run the newer pulje, or give another data folder (--data)."),
                file=self.where)
        conn.begin()
        try:
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('pulje_schema'))")
            conn.execute(database.VERSIONS)
            if conn.version(PART) == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.set_version(PART, _SCHEMA_VERSION)
            conn.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                conn.rollback()
            raise
