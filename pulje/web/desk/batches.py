"""Uploaded drafts, kept as batches in the data folder: ``skrivebord/<id>/`` holds
``batch.json`` (who uploaded what, when; the check's progress), ``files/0001`` … (the files,
named by number: an uploaded name is only ever shown, never used as a path) and
``result-da.json``/``result-en.json`` (the check's JSON, as ``pulje check --format json``
writes it, in each language).

Batches older than the retention limit, and the oldest beyond the count limit, are removed.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pulje.files import write_text

FOLDER = "skrivebord"
WAITING, RUNNING, DONE, FAILED = "venter", "kontrolleres", "faerdig", "fejlet"
_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class StoredFile:
    """One uploaded file: its number (its name on disk), the name it was uploaded with (for
    display only), the folder key it belongs with, and its size and SHA-256."""

    number: int
    name: str
    size: int
    sha256: str
    group: str = ""  # "": given by itself; else the upload (zip, folder) it came in
    folder: str = ""  # the folders between the group and the file ("a/b"), for display


@dataclass
class Note:
    """Something about the upload the user should know (a msgid with parameters)."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)
    #: The plural msgid, when the words follow the number ``params["n"]`` (ngettext).
    plural: str = ""


@dataclass
class Batch:
    id: str
    owner: str
    created: datetime
    files: list[StoredFile] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # group → the zip's or folder's name
    status: str = WAITING
    done: int = 0
    total: int = 0
    error: str = ""
    seconds: float | None = None

    def to_json(self) -> str:
        data = asdict(self)
        data["created"] = self.created.isoformat()
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Batch:
        data = json.loads(text)
        data["created"] = datetime.fromisoformat(data["created"])
        data["files"] = [StoredFile(**f) for f in data["files"]]
        data["notes"] = [Note(**n) for n in data["notes"]]
        return cls(**data)


class BatchStore:
    """The batches in ``data_dir/skrivebord``."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / FOLDER
        self._lock = threading.Lock()

    def folder(self, batch_id: str) -> Path:
        if not _ID.fullmatch(batch_id):
            raise KeyError(batch_id)
        return self.root / batch_id

    def file_path(self, batch: Batch, number: int) -> Path:
        return self.folder(batch.id) / "files" / f"{number:04d}"

    def result_path(self, batch: Batch, lang: str) -> Path:
        return self.folder(batch.id) / f"result-{lang}.json"

    def new(self, owner: str) -> Batch:
        """An empty batch with a fresh folder (files are added by ``uploads``)."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        batch = Batch(secrets.token_hex(16), owner, datetime.now(UTC))
        (self.folder(batch.id) / "files").mkdir(parents=True, mode=0o700)
        return batch

    def save(self, batch: Batch) -> None:
        write_text(self.folder(batch.id) / "batch.json", batch.to_json(), overwrite=True)

    def get(self, batch_id: str) -> Batch | None:
        try:
            text = (self.folder(batch_id) / "batch.json").read_text(encoding="utf-8")
        except (KeyError, OSError):
            return None
        try:
            return Batch.from_json(text)
        except (ValueError, TypeError, KeyError):
            return None

    def all(self) -> list[Batch]:
        """Every batch, newest first."""
        if not self.root.is_dir():
            return []
        found = [self.get(p.name) for p in self.root.iterdir() if _ID.fullmatch(p.name)]
        return sorted((b for b in found if b is not None), key=lambda b: b.created,
                      reverse=True)

    def delete(self, batch: Batch) -> None:
        shutil.rmtree(self.folder(batch.id), ignore_errors=True)

    def prune(self, days: int, keep: int) -> int:
        """Remove batches older than ``days``, and the oldest beyond ``keep``; also folders
        of uploads that never got their batch.json (an upload cut off)."""
        with self._lock:
            if not self.root.is_dir():
                return 0
            limit = datetime.now(UTC) - timedelta(days=days)
            batches = self.all()
            gone = [b for n, b in enumerate(batches)
                    if b.created < limit or n >= keep] if batches else []
            for batch in gone:
                self.delete(batch)
            known = {b.id for b in batches}
            stale = datetime.now(UTC).timestamp() - 24 * 3600
            for path in self.root.iterdir():
                if (_ID.fullmatch(path.name) and path.name not in known
                        and path.stat().st_mtime < stale):
                    shutil.rmtree(path, ignore_errors=True)
            return len(gone)
