"""Where the archive lives: a per-user data folder, never under ``outputs/``.

``outputs/`` holds what pulje can make again, and a clean-up may delete it; the archive is the
proof of what was sent, and must outlive any clean-up. Its default place follows the platform's
conventions (``platformdirs``): ``~/.local/share/pulje/arkiv`` on Linux (``$XDG_DATA_HOME``),
``%LOCALAPPDATA%\\pulje\\arkiv`` on Windows, ``~/Library/Application Support/pulje/arkiv`` on
macOS. ``$PULJE_ARKIV``, or ``--root``/``--archive`` on the command line, choose another.

Older versions of pulje kept the archive in ``outputs/arkiv`` under the working folder.
``locate`` finds such an archive and moves it to the new place by one rename (atomic, on the
same disk), checks that the moved archive holds what the old one did, and says so; when it
cannot be moved, it is used where it is, with a notice saying why and what to do. It is never
left behind unmentioned.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from pulje.archive.errors import ArchiveError
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_, Translator

ENV_VAR = "PULJE_ARKIV"
APP = "pulje"
#: Where pulje before issue 8 kept the archive, relative to the working folder.
OLD_ROOT = Path("outputs") / "arkiv"
INDEX = "index.sqlite"


def default_root() -> Path:
    """``$PULJE_ARKIV`` if set, else ``arkiv`` in the user's data folder for pulje."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        return Path(value)
    return platformdirs.user_data_path(APP, appauthor=False) / "arkiv"


@dataclass(frozen=True)
class Notice:
    """Something the user should know about the archive's place (shown, not an error)."""

    message: str
    hint: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, tr: Translator) -> str:
        """Message and hint, shown as an error's are (but this is none)."""
        return PuljeError(self.message, self.hint, **self.params).text(tr)


@dataclass(frozen=True)
class Located:
    """The archive folder to use, and any notices about how it was found."""

    root: Path
    notices: tuple[Notice, ...] = ()


def is_archive(path: Path) -> bool:
    """Whether ``path`` is a folder holding an archive (an index, or archived files)."""
    return path.is_dir() and ((path / INDEX).is_file() or (path / "objects").is_dir())


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _contents(root: Path) -> tuple[int, int]:
    """(entries in the index, archived files): what a move must keep."""
    blobs = sum(len(files) for _, _, files in os.walk(root / "objects"))
    entries = 0
    if (root / INDEX).is_file():
        try:
            conn = sqlite3.connect(f"{(root / INDEX).resolve().as_uri()}?mode=ro", uri=True)
            try:
                entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error:
            entries = -1  # unreadable before and after alike; verify will say more
    return entries, blobs


def locate(root: Path | None = None, old: Path = OLD_ROOT) -> Located:
    """The archive folder: ``root`` if given, else the default (moving an old archive there).

    Raises ``ArchiveError`` only if a move went wrong in a way that leaves the archive
    neither in the old place nor whole in the new one (never seen; a rename is atomic).
    """
    if root is not None:
        return Located(Path(root))
    new = default_root()
    if not is_archive(old) or _same(old, new):
        return Located(new)
    params = {"old": str(old), "new": str(new)}
    if os.environ.get(ENV_VAR, "").strip():
        return Located(new, (Notice(
            N_("An archive made by an older pulje lies in {old}; it is not used, because "
               "PULJE_ARKIV chooses {new}."),
            N_("Read it with »pulje archive --root {old} list«, or set PULJE_ARKIV to {old}. "
               "Keep the folder: it is the record of what was sent."),
            params,
        ),))
    if is_archive(new):
        return Located(new, (Notice(
            N_("An archive made by an older pulje lies in {old}; it is not used, because "
               "{new} holds an archive already."),
            N_("Read it with »pulje archive --root {old} list«. Keep the folder: it is the "
               "record of what was sent."),
            params,
        ),))
    before = _contents(old)
    try:
        new.parent.mkdir(parents=True, exist_ok=True)
        os.rename(old, new)  # replaces an empty folder at `new`; atomic on one file system
    except OSError as exc:
        return Located(old, (Notice(
            N_("The archive in {old} (where an older pulje kept it) is used where it is: it "
               "could not be moved to {new} ({reason})."),
            N_("Move the folder to {new} yourself, or set PULJE_ARKIV to a folder outside "
               "outputs/, which a clean-up may delete."),
            {**params, "reason": exc.strerror or str(exc)},
        ),))
    if _contents(new) != before:
        raise ArchiveError(
            N_("The archive was moved from {old} to {new}, but it does not hold what it held "
               "before."),
            N_("Do not add to the archive; run »pulje archive verify« and restore from a "
               "backup."),
            **params,
        )
    return Located(new, (Notice(
        N_("The archive has moved from {old} to {new}, the folder for pulje's own data; "
           "outputs/ is for documents that can be made again."),
        N_("Nothing was lost: all its entries were moved. PULJE_ARKIV chooses another "
           "folder."),
        params,
    ),))
