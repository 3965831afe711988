"""What the archive gives back: entries, their files, and what ``add`` did."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.documents.facts import Facts, money


@dataclass(frozen=True)
class Entry:
    """One archived package, as ``list`` shows it. The facts have the names of every record
    of pulje (``pulje.documents.facts``); ``udgave`` is the application's version number in
    the archive (1, 2, …), ``version`` the pulje that made the package."""

    id: str
    tidspunkt: datetime
    pulje: str
    runde: str
    kommune: str
    projekt: str
    beloeb: Decimal
    sider: int
    version: str
    udgave: int
    previous_id: str | None
    package_sha256: str
    archived_at: datetime
    total_bytes: int
    #: What the entry records: ``ansoegning`` (what was sent), or a record after it.
    art: str = "ansoegning"

    def facts(self) -> Facts:
        return Facts(pulje=self.pulje, runde=self.runde, kommune=self.kommune,
                     projekt=self.projekt, beloeb=money(self.beloeb), sider=self.sider,
                     tidspunkt=self.tidspunkt.isoformat(), version=self.version)

    def record(self) -> dict[str, Any]:
        """The entry as ``archive list --format json`` writes it."""
        # The index keeps no page limit: the entry's manifest has it (no null that reads as
        # "no limit").
        facts = {k: v for k, v in self.facts().record().items() if k != "sidegraense"}
        return {"id": self.id, **facts, "art": self.art, "udgave": self.udgave,
                "previous_id": self.previous_id, "package_sha256": self.package_sha256,
                "archived_at": self.archived_at.isoformat(), "total_bytes": self.total_bytes}


@dataclass(frozen=True)
class StoredFile:
    """A file of an entry and where its content lives in the archive."""

    name: str
    sha256: str
    bytes: int
    blob: Path


@dataclass(frozen=True)
class EntryDetail:
    """What ``show`` gives: the entry, its manifest and files, and any newer versions."""

    entry: Entry
    manifest: StoredFile
    files: tuple[StoredFile, ...]
    template_sha256: str
    newer_ids: tuple[str, ...]


@dataclass(frozen=True)
class AddResult:
    """What ``add`` did: ``created`` is False if the package was already archived."""

    entry: Entry
    created: bool
    blobs_written: int

    @property
    def already_present(self) -> bool:
        return not self.created


class EntryList(builtins.list[Entry]):
    """Entries as ``list`` gives them; ``damaged`` are the IDs of rows that cannot be read."""

    damaged: tuple[str, ...] = ()
