"""How ``pulje web`` runs: address, base path, data folder, login, limits.

Every value has an embedded default, so ``pulje web`` alone serves one user on 127.0.0.1 with
its data in the user's data folder. A kommune sets the address, the base path behind its
reverse proxy, the data folder and the login (local users, or a trusted header set by the
proxy).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_

APP = "pulje"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: The roles: "skriver" writes applications; "kontor" is the project office (desk, archive).
SKRIVER, KONTOR = "skriver", "kontor"
ROLES = (SKRIVER, KONTOR)
_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]{1,64}$")
_BASE_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)*$")


class WebUsageError(PuljeError):
    """Raised for a setting of ``pulje web`` that cannot work (exit 2)."""


class LoginRequired(WebUsageError):
    """Raised when asked to listen beyond this machine with no login configured."""


def default_data_dir() -> Path:
    """``web`` in the user's data folder for pulje (beside the archive, never under outputs/)."""
    return platformdirs.user_data_path(APP, appauthor=False) / "web"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address of this machine only. A host name other than localhost
    counts as reaching beyond it: pulje does not guess what it resolves to."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normal_base_path(value: str) -> str:
    """``/pulje/`` → ``/pulje``; ``/`` or empty → empty. Raises ``WebUsageError`` for a
    path with characters a reverse proxy's location would not have."""
    text = "/" + value.strip().strip("/") if value.strip().strip("/") else ""
    if not _BASE_PATH.fullmatch(text) or "/../" in text + "/" or "/./" in text + "/":
        raise WebUsageError(
            N_("The base path {path} cannot be used."),
            N_("Give the path the reverse proxy serves pulje under, e.g. /pulje."),
            path=value,
        )
    return text


def header_name(value: str) -> str:
    if not _HEADER_NAME.fullmatch(value):
        raise WebUsageError(
            N_("{name} is not the name of an HTTP header."),
            N_("Give the header's name as the reverse proxy sets it, e.g. X-Remote-User."),
            name=value,
        )
    return value


def role_map(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``GROUP=ROLE`` pairs (from ``--role-map``) as a dict; a role must be one of ROLES."""
    out: dict[str, str] = {}
    for pair in pairs:
        group, sep, role = pair.rpartition("=")
        if not sep or not group.strip() or role.strip() not in ROLES:
            raise WebUsageError(
                N_("The role mapping {pair} is not GROUP=ROLE with a role of {roles}."),
                N_("Write e.g. --role-map Projektkontor=kontor."),
                pair=pair, roles=", ".join(ROLES),
            )
        out[group.strip()] = role.strip()
    return out


@dataclass(frozen=True)
class Limits:
    """What one upload may hold, and how long uploaded batches are kept."""

    max_upload_mb: int = 200
    max_files: int = 100
    retention_days: int = 14
    max_batches: int = 500

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


@dataclass(frozen=True)
class WebConfig:
    """The settings of one ``pulje web`` server."""

    data_dir: Path = field(default_factory=default_data_dir)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    base_path: str = ""
    archive_root: Path | None = None
    trusted_header: str | None = None
    roles_header: str | None = None
    role_map: dict[str, str] = field(default_factory=dict)
    #: Only requests from these addresses may carry the trusted header (the reverse proxy).
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    limits: Limits = field(default_factory=Limits)
    session_hours: int = 10

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.base_path}/"


def configure(*, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, base_path: str = "",
              data_dir: Path | None = None, archive_root: Path | None = None,
              trusted_header: str | None = None, roles_header: str | None = None,
              role_pairs: tuple[str, ...] = (), trusted_proxies: tuple[str, ...] = (),
              max_upload_mb: int = 200, max_files: int = 100, keep_days: int = 14
              ) -> WebConfig:
    """The settings from ``pulje web``'s options, each checked (``WebUsageError``)."""
    if roles_header and not trusted_header:
        raise WebUsageError(N_("--roles-header needs --trusted-header."),
                            N_("Give the header with the user's name as well."))
    if role_pairs and not roles_header:
        raise WebUsageError(N_("--role-map needs --roles-header."),
                            N_("Give the header that carries the user's groups as well."))
    return WebConfig(
        data_dir=Path(data_dir) if data_dir is not None else default_data_dir(),
        host=host.strip(),
        port=port,
        base_path=normal_base_path(base_path),
        archive_root=archive_root,
        trusted_header=header_name(trusted_header) if trusted_header else None,
        roles_header=header_name(roles_header) if roles_header else None,
        role_map=role_map(role_pairs),
        trusted_proxies=tuple(trusted_proxies) or ("127.0.0.1", "::1"),
        limits=Limits(max_upload_mb=max_upload_mb, max_files=max_files,
                      retention_days=keep_days),
    )
