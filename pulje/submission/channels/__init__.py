"""The package follows the channel: a channel is the round's data (``kanal`` in runde.yaml) and
one small module per type, which adds what that way of sending needs to the package.

- ``email``: the e-mail draft (``mailkladde.eml``) to the round's recipients, with the files
  each document sends (or the formats the round asks for, e.g. both Word and PDF) and the
  applicant's attachments;
- ``tilskudsportal``: the upload set (``Tilskudsportalen/``: the form as PDF, the budget
  workbook and the attachments, named as a person names them) and a checklist of what to type
  into the portal (``tjekliste-tilskudsportalen.md``) — no e-mail draft;
- ``ukendt`` (the round does not say): a note on how to send (``saadan-sendes-ansoegningen.md``)
  listing the files — no e-mail draft.

Each module has ``make(parcel) -> Made``; ``for_round`` picks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.files import write_bytes
from pulje.pools import EmailKanal, Pool, PortalKanal, Runde
from pulje.submission.attachments import OwnAttachment
from pulje.submission.mail import Contact


@dataclass(frozen=True)
class SentDocument:
    """A built document in the stage: its registry entry, files by kind, pages."""

    document: Any
    files: dict[str, Path]
    pages: int | None


@dataclass(frozen=True)
class Parcel:
    """What a channel has to work with: the stage folder (the package being made), the pool and
    round, the documents and attachments, and the application's facts."""

    stage: Path
    pool: Pool
    runde: Runde
    documents: list[SentDocument]
    attachments: list[tuple[OwnAttachment, Path]]  # each with its file in the stage
    kommune: str
    projekt: str
    amount: Decimal
    contact: Contact
    model: Any
    when: datetime
    dato: date | None = None


@dataclass
class Made:
    """What a channel added: files by key (relative names in the package), the manifest's
    record of the channel, and for e-mail the recipients."""

    type: str
    files: dict[str, str] = field(default_factory=dict)
    record: dict[str, Any] = field(default_factory=dict)
    to: str | None = None
    cc: list[str] = field(default_factory=list)
    subject: str | None = None


def write_new(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(path, data)


def kanal_type(runde: Runde) -> str:
    if isinstance(runde.kanal, EmailKanal):
        return "email"
    if isinstance(runde.kanal, PortalKanal):
        return "tilskudsportal"
    return "ukendt"


def for_round(runde: Runde) -> Callable[[Parcel], Made]:
    """The module that packages for the round's channel."""
    kind = kanal_type(runde)
    if kind == "email":
        from pulje.submission.channels import email

        return email.make
    if kind == "tilskudsportal":
        from pulje.submission.channels import portal

        return portal.make
    from pulje.submission.channels import unknown

    return unknown.make
