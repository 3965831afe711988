"""Who is asking: a local user (logged in with a password), a user named by the reverse
proxy's trusted header, or, on this machine with no login configured, the one local user.

Roles: "skriver" writes applications; "kontor" (the project office) may do all a skriver may,
and use the desk and the archive fully.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request

from pulje.web.config import KONTOR, ROLES, SKRIVER, WebConfig, is_loopback
from pulje.web.store import Session, Store

SINGLE, LOCAL, HEADER = "single", "local", "header"
_RANK = {SKRIVER: 1, KONTOR: 2}
_LOOPBACK_HOSTS = re.compile(r"^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$", re.I)


@dataclass(frozen=True)
class Identity:
    name: str
    role: str
    mode: str

    def may(self, need: str | None) -> bool:
        """Whether this user has the role ``need`` (None: any logged-in user)."""
        return need is None or _RANK.get(self.role, 0) >= _RANK[need]


def peer(request: Request) -> str:
    return request.client.host if request.client else ""


def _header_role(config: WebConfig, request: Request, name: str, store: Store) -> str | None:
    if config.roles_header:
        found = [config.role_map.get(v.strip(), v.strip() if v.strip() in ROLES else "")
                 for v in re.split(r"[,;]", request.headers.get(config.roles_header, ""))]
        roles = [r for r in found if r]
        return max(roles, key=_RANK.__getitem__) if roles else None
    user = store.user(name)
    return user.role if user else None


def single_user(config: WebConfig, store: Store) -> bool:
    """No login configured, on this machine only: everyone who can connect is the one user."""
    return config.loopback and not config.trusted_header and not store.has_users()


def direct_local_request(request: Request) -> bool:
    """A request from this machine, not forwarded by a proxy, for a loopback host name (a
    web page elsewhere that points its own host name at 127.0.0.1 is turned away)."""
    forwarded = any(h in request.headers for h in ("x-forwarded-for", "forwarded", "x-real-ip"))
    return (is_loopback(peer(request)) and not forwarded
            and bool(_LOOPBACK_HOSTS.fullmatch(request.headers.get("host", ""))))


@dataclass(frozen=True)
class Who:
    """The outcome of identifying a request: an identity, or why there is none."""

    identity: Identity | None
    reason: str = ""  # "login" (log in first), "norole", "remote" (single-user mode only)


def identify(config: WebConfig, store: Store, request: Request, session: Session | None) -> Who:
    if config.trusted_header and peer(request) in config.trusted_proxies:
        name = request.headers.get(config.trusted_header, "").strip()
        if name:
            role = _header_role(config, request, name, store)
            if role is None:
                return Who(None, "norole")
            return Who(Identity(name[:128], role, HEADER))
    if single_user(config, store):
        if not direct_local_request(request):
            return Who(None, "remote")
        return Who(Identity("", KONTOR, SINGLE))
    if session is not None and session.user_key:
        user = store.user(session.user_key)
        if user is not None:
            return Who(Identity(user.name, user.role, LOCAL))
    return Who(None, "login")
