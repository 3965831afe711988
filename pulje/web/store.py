"""Where ``pulje web`` keeps its users and sessions: a small interface (``Store``), its
SQLite implementation in the data folder (``pulje-web.sqlite``), and the same tables in the
kommune's PostgreSQL database when ``PULJE_DATABASE_URL`` names one (``web.pgstore``);
``open_store`` chooses.

Sessions are kept on the server: the cookie carries a random key, the store only its SHA-256,
so a copied database opens no session, and logging out or removing a user ends the session at
once.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_

DATABASE = "pulje-web.sqlite"
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    key TEXT PRIMARY KEY,           -- the name case-folded: one user per name, whatever case
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    key_hash TEXT PRIMARY KEY,      -- SHA-256 of the cookie's random key
    user_key TEXT,                  -- NULL: not logged in (a visitor with a CSRF token)
    csrf TEXT NOT NULL,
    created TEXT NOT NULL,
    seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_key);
"""


class StoreError(PuljeError):
    """Raised when the user database cannot be opened or written."""


class UserExists(PuljeError):
    """Raised when adding a user whose name is taken."""


class UnknownUser(PuljeError):
    """Raised when a user named does not exist."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str
    created: datetime


@dataclass(frozen=True)
class Session:
    key_hash: str
    user_key: str | None
    csrf: str
    created: datetime
    seen: datetime


def user_key(name: str) -> str:
    return name.casefold()


class Store(Protocol):
    """What the web needs of a database: users and sessions."""

    def has_users(self) -> bool: ...
    def users(self) -> list[User]: ...
    def user(self, name: str) -> User | None: ...
    def add_user(self, user: User) -> None: ...
    def remove_user(self, name: str) -> None: ...
    def set_password(self, name: str, password_hash: str) -> None: ...
    def new_session(self, session: Session) -> None: ...
    def session(self, key_hash: str) -> Session | None: ...
    def drop_session(self, key_hash: str) -> None: ...
    def drop_sessions_before(self, when: datetime) -> int: ...


def _time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def open_store(folder: Path, url: str | None = None) -> Store:
    """The store of ``pulje web``: PostgreSQL if ``url`` (default ``$PULJE_DATABASE_URL``)
    names such a database, else SQLite in the data folder ``folder``."""
    from pulje.archive import database

    where = database.configured(url)
    if database.is_postgres(where):
        from pulje.web.pgstore import PgStore  # only a kommune's server needs it

        return PgStore(where)
    return SQLiteStore(folder)


class SQLiteStore:
    """``Store`` in one SQLite file; a connection per call, so any thread may use it."""

    integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DATABASE

    def _fail(self, exc: Exception) -> StoreError:
        return StoreError(
            N_("pulje web's user database {file} cannot be used: {reason}."),
            N_("Check that the data folder exists and that pulje may write in it (--data)."),
            file=str(self.path), reason=str(exc) or type(exc).__name__,
        )

    def exists(self) -> bool:
        """Whether the database has been made (nothing to read before)."""
        return self.path.exists()

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Any]:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fresh = not self.path.exists()
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise self._fail(exc) from exc
        try:
            if fresh:
                with contextlib.suppress(OSError):
                    os.chmod(self.path, 0o600)  # password hashes: for the server's user only
            conn.row_factory = sqlite3.Row
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != _SCHEMA_VERSION:
                if version > _SCHEMA_VERSION:
                    raise StoreError(
                        N_("pulje web's user database {file} was made by a newer pulje."),
                        N_("Run the newer pulje, or give another data folder (--data)."),
                        file=str(self.path),
                    )
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            yield conn
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc
        finally:
            conn.close()

    # --- users ----------------------------------------------------------------------------

    def has_users(self) -> bool:
        if not self.exists():
            return False
        with self._connect() as conn:
            return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def users(self) -> list[User]:
        if not self.exists():
            return []
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM users ORDER BY key").fetchall()
        return [User(r["name"], r["role"], r["password_hash"], _parse(r["created"]))
                for r in rows]

    def user(self, name: str) -> User | None:
        with self._connect() as conn:
            r = conn.execute("SELECT * FROM users WHERE key = ?", (user_key(name),)).fetchone()
        return None if r is None else User(r["name"], r["role"], r["password_hash"],
                                           _parse(r["created"]))

    def add_user(self, user: User) -> None:
        with self._connect() as conn:
            try:
                conn.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?)",
                             (user_key(user.name), user.name, user.role, user.password_hash,
                              _time(user.created)))
            except self.integrity_errors:
                raise UserExists(
                    N_("There is already a user named {name}."),
                    N_("Choose another name, or remove the user first: pulje web user remove "
                       "{name}"), name=user.name,
                ) from None

    def remove_user(self, name: str) -> None:
        with self._connect() as conn:
            conn.execute("BEGIN")
            gone = conn.execute("DELETE FROM users WHERE key = ?", (user_key(name),)).rowcount
            conn.execute("DELETE FROM sessions WHERE user_key = ?", (user_key(name),))
            conn.execute("COMMIT")
        if not gone:
            raise UnknownUser(N_("There is no user named {name}."),
                              N_("See the users with: pulje web user list"), name=name)

    def set_password(self, name: str, password_hash: str) -> None:
        with self._connect() as conn:
            conn.execute("UPDATE users SET password_hash = ? WHERE key = ?",
                         (password_hash, user_key(name)))

    # --- sessions -------------------------------------------------------------------------

    def new_session(self, session: Session) -> None:
        with self._connect() as conn:
            conn.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                         (session.key_hash, session.user_key, session.csrf,
                          _time(session.created), _time(session.seen)))

    def session(self, key_hash: str) -> Session | None:
        with self._connect() as conn:
            r = conn.execute("SELECT * FROM sessions WHERE key_hash = ?", (key_hash,)).fetchone()
        if r is None:
            return None
        return Session(r["key_hash"], r["user_key"], r["csrf"], _parse(r["created"]),
                       _parse(r["seen"]))

    def drop_session(self, key_hash: str) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM sessions WHERE key_hash = ?", (key_hash,))

    def drop_sessions_before(self, when: datetime) -> int:
        with self._connect() as conn:
            return int(conn.execute("DELETE FROM sessions WHERE created < ?",
                                    (_time(when),)).rowcount)
