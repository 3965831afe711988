"""Sessions: a random key in a signed, HttpOnly, SameSite=Lax cookie (Secure over https); the
server keeps the key's SHA-256, who is logged in, and the session's CSRF token.

Every visitor gets a session before the first form (the login form too), so every form can
carry the session's CSRF token. The cookie's signature (HMAC-SHA256 with the server's secret
in the data folder) turns away a forged or truncated cookie before the database is asked.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pulje.web.store import Session, Store

COOKIE = "pulje_session"
SECRET_FILE = "secret.key"


def load_secret(data_dir: Path) -> bytes:
    """The server's signing secret: 32 random bytes in the data folder, made on first use
    (readable by the server's user only)."""
    path = Path(data_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(32))
        finally:
            os.close(fd)
    data = path.read_bytes()
    if len(data) < 32:
        raise OSError(f"{path} holds no secret")
    return data


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


class Sessions:
    """Makes, finds and ends sessions in a ``Store``."""

    #: Every so many new sessions, the expired ones are removed (visitors who never logged in
    #: leave theirs behind).
    PRUNE_EVERY = 500

    def __init__(self, store: Store, secret: bytes, lifetime: timedelta) -> None:
        self.store = store
        self._secret = secret
        self.lifetime = lifetime
        self._started = 0

    def _sign(self, key: str) -> str:
        return hmac.new(self._secret, key.encode("ascii"), hashlib.sha256).hexdigest()

    def sign(self, purpose: str, value: str) -> str:
        """A signature of ``value`` for one ``purpose`` (never valid as a session's): for
        links that carry their own permission, such as the calendar's address for Outlook."""
        message = f"{purpose}\x1f{value}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:40]

    def signed(self, purpose: str, value: str, signature: str) -> bool:
        return hmac.compare_digest(self.sign(purpose, value), signature)

    def cookie_value(self, key: str) -> str:
        return f"{key}.{self._sign(key)}"

    def find(self, cookie: str | None) -> tuple[str, Session] | None:
        """The session a cookie names, if its signature holds and it has not expired."""
        if not cookie or len(cookie) > 200:
            return None
        key, _, signature = cookie.partition(".")
        if not key.isascii() or not hmac.compare_digest(signature, self._sign(key)):
            return None
        session = self.store.session(_digest(key))
        if session is None:
            return None
        if datetime.now(UTC) - session.created > self.lifetime:
            self.store.drop_session(session.key_hash)
            return None
        return key, session

    def start(self, user_key: str | None = None) -> tuple[str, Session]:
        """A new session (a new key and CSRF token), for a visitor or a user just logged in."""
        key = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        session = Session(_digest(key), user_key, secrets.token_urlsafe(32), now, now)
        self.store.new_session(session)
        self._started += 1
        if self._started % self.PRUNE_EVERY == 0:
            self.prune()
        return key, session

    def end(self, session: Session) -> None:
        self.store.drop_session(session.key_hash)

    def prune(self) -> int:
        return self.store.drop_sessions_before(datetime.now(UTC) - self.lifetime)
