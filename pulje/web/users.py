"""Local users of ``pulje web``: names, roles and argon2id password hashes.

``pulje web user add|list|remove`` call ``add_user``, ``list_users`` and ``remove_user``. A
password is never an argument on the command line (it would stand in the shell's history and
in the process list): the CLI reads it from a prompt or from standard input.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_, Translator
from pulje.diagnostics.report import shown
from pulje.web.config import ROLES
from pulje.web.store import Store, User, open_store

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
# Letters of any script, digits and the marks of e-mail addresses and domain accounts.
_NAME = re.compile(r"^[\w.@+-]{1,64}$")
# argon2id with argon2-cffi's defaults (RFC 9106's second recommended set, 64 MiB).
_HASHER = PasswordHasher()


@functools.cache
def _dummy() -> str:
    """A hash to verify against when the user does not exist: a wrong name takes as long as
    a wrong password, so the login does not tell which names exist."""
    return _HASHER.hash("pulje-web-no-such-user")


class BadUserInput(PuljeError):
    """Raised for a user name, role or password that cannot be used."""


def check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name.strip())
    if not _NAME.fullmatch(name):
        raise BadUserInput(
            N_("{name} cannot be a user name."),
            N_("Use 1 to 64 letters, digits and . _ @ + - (e.g. an e-mail address)."),
            name=name,
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise BadUserInput(N_("{role} is not a role; the roles are {roles}."), "",
                           role=role, roles=", ".join(ROLES))
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise BadUserInput(
            N_("The password is too short: it must have at least {n} characters."),
            N_("A sentence of a few words is long and easy to remember."), n=MIN_PASSWORD,
        )
    if len(password) > MAX_PASSWORD:
        raise BadUserInput(N_("The password is longer than {n} characters."), "",
                           n=MAX_PASSWORD)
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(store: Store, name: str, password: str) -> User | None:
    """The user, if ``name`` exists and ``password`` is theirs; else None (in about the same
    time either way). An outdated hash is replaced by a current one."""
    try:
        clean = check_name(name)
    except BadUserInput:
        clean = ""
    user = store.user(clean) if clean else None
    if len(password) > MAX_PASSWORD:
        return None
    try:
        _HASHER.verify(user.password_hash if user else _dummy(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        store.set_password(user.name, _HASHER.hash(password))
    return user


def add_user(data_dir: Path, name: str, role: str, password: str) -> User:
    """Add a local user with a role and a password (hashed with argon2id)."""
    user = User(check_name(name), check_role(role), hash_password(check_password(password)),
                datetime.now(UTC))
    open_store(data_dir).add_user(user)
    return user


def list_users(data_dir: Path) -> list[User]:
    return open_store(data_dir).users()


def remove_user(data_dir: Path, name: str) -> None:
    """Remove a user; their sessions end at once."""
    open_store(data_dir).remove_user(name.strip())


def describe_users(found: list[User], tr: Translator) -> str:
    """The users as ``pulje web user list`` prints them: name, role, created."""
    if not found:
        return tr.gettext("No users: pulje web runs without login, on this machine only.")
    width = max(len(shown(u.name)) for u in found)
    lines = [f"{shown(u.name).ljust(width)}  {u.role.ljust(7)}  "
             f"{u.created.strftime('%Y-%m-%d')}" for u in found]
    return "\n".join(lines)
