"""Applications written in the browser, kept on the server: ``ansoegninger/<id>/`` in the web
data folder holds ``draft.json`` (whose it is, its pool and round, its current version, who
saved which version when) and ``versions/000007.yaml`` … (each version a whole answer file, as
``answers.filled`` writes it: what the answer file download gives).

Every save is a new version, based on the version the saver had (optimistic concurrency): a
save based on an older version is refused with ``Conflict``, so two people editing one
application never overwrite each other silently. The newest ``keep`` versions are kept.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pulje.files import write_text

FOLDER = "ansoegninger"
KEEP = 50
_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Saved:
    """One version: its number, when, and by whom."""

    version: int
    saved: str  # ISO time, UTC
    by: str


@dataclass
class Draft:
    id: str
    owner: str
    pulje: str
    runde: str
    created: str
    title: str = ""
    version: int = 1
    history: list[Saved] = field(default_factory=list)
    #: What the last upload of a Word form or answer file found, for the version it made:
    #: {"version": n, "file": name, "da": [[severity, code, text]…], "en": […]}.
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def saved(self) -> Saved:
        return self.history[-1]

    @property
    def saved_at(self) -> datetime:
        return datetime.fromisoformat(self.saved.saved)

    def since(self, version: int) -> list[Saved]:
        """The versions saved after ``version``."""
        return [s for s in self.history if s.version > version]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Draft:
        data = json.loads(text)
        data["history"] = [Saved(**s) for s in data["history"]]
        return cls(**data)


class Conflict(Exception):
    """A save based on ``base`` while the draft is at ``draft.version``."""

    def __init__(self, draft: Draft, base: int) -> None:
        super().__init__(f"version {base} is not the current {draft.version}")
        self.draft = draft
        self.base = base


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DraftStore:
    """The drafts in ``data_dir/ansoegninger``; one lock for every change (one server)."""

    def __init__(self, data_dir: Path, keep: int = KEEP) -> None:
        self.root = Path(data_dir) / FOLDER
        self.keep = keep
        self._lock = threading.RLock()

    def folder(self, draft_id: str) -> Path:
        if not _ID.fullmatch(draft_id):
            raise KeyError(draft_id)
        return self.root / draft_id

    def _version_path(self, draft_id: str, version: int) -> Path:
        return self.folder(draft_id) / "versions" / f"{version:06d}.yaml"

    def _write_meta(self, draft: Draft) -> None:
        write_text(self.folder(draft.id) / "draft.json", draft.to_json(), overwrite=True)

    # --- reading --------------------------------------------------------------------------

    def get(self, draft_id: str) -> Draft | None:
        try:
            text = (self.folder(draft_id) / "draft.json").read_text(encoding="utf-8")
            return Draft.from_json(text)
        except (KeyError, OSError, ValueError, TypeError):
            return None

    def all(self) -> list[Draft]:
        """Every draft, the one saved last first."""
        if not self.root.is_dir():
            return []
        found = [self.get(p.name) for p in self.root.iterdir() if _ID.fullmatch(p.name)]
        return sorted((d for d in found if d is not None), key=lambda d: d.saved.saved,
                      reverse=True)

    def text(self, draft: Draft, version: int | None = None) -> str | None:
        """The answer file of a version (the current one by default); None if not kept."""
        try:
            return self._version_path(draft.id, version or draft.version).read_text(
                encoding="utf-8")
        except OSError:
            return None

    def versions(self, draft: Draft) -> list[int]:
        """The versions kept, newest first."""
        return [s.version for s in reversed(draft.history)
                if self._version_path(draft.id, s.version).exists()]

    # --- changing -------------------------------------------------------------------------

    def new(self, owner: str, pulje: str, runde: str, text: str, title: str = "",
            notes: dict[str, Any] | None = None) -> Draft:
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            draft = Draft(secrets.token_hex(16), owner, pulje, runde, _now(), title, 1,
                          [Saved(1, _now(), owner)], notes or {})
            (self.folder(draft.id) / "versions").mkdir(parents=True, mode=0o700)
            write_text(self._version_path(draft.id, 1), text)
            if draft.notes:
                draft.notes["version"] = 1
            self._write_meta(draft)
            return draft

    def save(self, draft_id: str, base: int, text: str, by: str, title: str,
             notes: dict[str, Any] | None = None) -> tuple[Draft, bool]:
        """Save ``text`` as the version after ``base``; (the draft, whether a version was
        made: an unchanged text makes none). Raises ``Conflict`` when ``base`` is not the
        current version, and ``KeyError`` for a draft that is gone."""
        with self._lock:
            draft = self.get(draft_id)
            if draft is None:
                raise KeyError(draft_id)
            if base != draft.version:
                raise Conflict(draft, base)
            if text == self.text(draft) and notes is None:
                return draft, False
            draft.version += 1
            draft.title = title
            draft.history.append(Saved(draft.version, _now(), by))
            if notes is not None:
                draft.notes = {**notes, "version": draft.version}
            write_text(self._version_path(draft.id, draft.version), text)
            self._write_meta(draft)
            self._prune(draft)
            return draft, True

    def _prune(self, draft: Draft) -> None:
        for saved in draft.history[:-self.keep]:
            self._version_path(draft.id, saved.version).unlink(missing_ok=True)
        draft.history = draft.history[-max(self.keep * 4, self.keep):]

    def delete(self, draft: Draft) -> None:
        with self._lock:
            shutil.rmtree(self.folder(draft.id), ignore_errors=True)
