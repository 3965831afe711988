"""The entries of ``pulje check``: every path given, and every entry of the folders among them,
each either a file to check or a row that says at once why it is not checked.

Nothing is skipped in silence: a ``.doc`` or ``.txt`` file, a folder named ``x.docx``, a link
that leads nowhere or to a device, a FIFO, a socket, a hidden file, Word's lock file and a
folder that cannot be read each get a row. Entries are told apart by ``lstat``/``stat`` alone;
a device or FIFO is never opened. A file to check is read once (``snapshot``) into pulje's own
temporary folder, opened without blocking and checked again after opening, so a file swapped
for a FIFO in between is refused, not waited on; everything after that works on the copy.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pulje.archive.notes import NOTES
from pulje.diagnostics import N_, Diagnostic, Location, Msg
from pulje.documents.registry import every
from pulje.drafts import codes
from pulje.files.hashing import StreamTooLong, hash_stream

log = logging.getLogger("pulje.desk")
# The traceback of a DOC038 is for whoever configures logging (and for the tests); a user sees
# the finding, not Python's last-resort printing of the traceback.
log.addHandler(logging.NullHandler())

ANSWERS, WORD, PDF, RECORD, WORKBOOK, MAIL, ZIP = (
    "svarfil", "word", "pdf", "json", "xlsx", "eml", "zip",
)
#: A file of a kind only some other document of pulje makes (``pulje.documents.registry``):
#: read, so that pulje's records can vouch for it, but not checked otherwise.
DOCUMENT = "dokument"
#: The file types ``pulje check`` reads, by suffix.
CANDIDATES = {
    ".yaml": ANSWERS, ".yml": ANSWERS, ".docx": WORD, ".pdf": PDF, ".json": RECORD,
    ".xlsx": WORKBOOK, ".eml": MAIL, ".zip": ZIP,
}
#: Documents pulje cannot read, but a person may have written the application in.
_TEMPLATE = Msg(N_("Word template"))
_TEXT = Msg(N_("plain text"))
OTHER_DOCUMENTS: dict[str, str] = {
    ".doc": "Word 97–2003", ".docm": Msg(N_("Word with macros")), ".dot": _TEMPLATE,
    ".dotx": _TEMPLATE, ".dotm": _TEMPLATE, ".odt": "OpenDocument", ".ott": "OpenDocument",
    ".fodt": "OpenDocument", ".rtf": "RTF", ".wpd": "WordPerfect", ".wps": "Works",
    ".pages": "Pages", ".txt": _TEXT, ".md": _TEXT, ".htm": "HTML", ".html": "HTML",
    ".xps": "XPS",
}
#: Read no more of one entry than this (the largest of the readers' own limits).
MAX_BYTES = 200 * 1024 * 1024
#: A folder tree larger or deeper than this is not walked further (DOC039 says so).
MAX_ENTRIES = 5000
MAX_DEPTH = 12
#: What a folder holds when it is pulje's archive (archive.store).
_ARCHIVE = frozenset({"index.sqlite", "objects"})


@dataclass
class Entry:
    """One row of the check: a file to read (``kind`` set), or ``findings`` that say why not.

    ``file`` is the name as shown (the path as given, joined with the names found in folders);
    ``folder`` the folder it was found in (None for a path given by itself).
    """

    path: Path
    file: str
    kind: str | None = None
    findings: list[Diagnostic] = field(default_factory=list)
    folder: Path | None = None
    missing: bool = False
    unreadable: bool = False


@dataclass(frozen=True)
class Snapshot:
    """A file as read once: pulje's private copy, its SHA-256 and size."""

    copy: Path
    sha256: str
    size: int


class NotAFile(OSError):
    """Raised by ``snapshot`` when the path turned out to be no regular file when opened."""


class TooLarge(OSError):
    """Raised by ``snapshot`` when the file is larger than the limit asked for."""


def snapshot(path: Path, copy: Path, limit: int = MAX_BYTES) -> Snapshot:
    """Copy the regular file ``path`` to ``copy`` (new), hashing it on the way.

    Opened with O_NONBLOCK, so a FIFO put in its place since it was looked at does not block,
    and checked with ``fstat`` on the open file: only a regular file of at most ``limit``
    bytes is read. Raises ``NotAFile``, ``TooLarge`` or ``OSError``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(errno.EINVAL, "not a regular file")
        if info.st_size > limit:
            raise TooLarge(errno.EFBIG, "file too large")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as src, copy.open("xb") as out:
            try:
                sha, size = hash_stream(src, out.write, limit)
            except StreamTooLong:
                raise TooLarge(errno.EFBIG, "file too large") from None
    finally:
        os.close(fd)
    return Snapshot(copy, sha, size)


# --- what an entry is -----------------------------------------------------------------------


def document_suffixes() -> set[str]:
    """The suffixes of the files pulje's documents make (".docx", ".pdf", ".xlsx" …)."""
    return {f".{kind}" for doc in every() for kind in doc.kinds}


def _row(entry: Entry, finding: Diagnostic) -> Entry:
    entry.findings.append(finding.at(Location(entry.file)))
    return entry


def _special(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return N_("a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("a device")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return N_("a special file")
    return None


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def unreadable(entry: Entry, exc: OSError, *, folder: bool = False) -> Entry:
    """The row of a file or folder the operating system would not let pulje read."""
    entry.unreadable = True
    if isinstance(exc, PermissionError):
        message = (N_("pulje may not read this folder; what it holds is not checked.")
                   if folder else N_("pulje may not read this file."))
        return _row(entry, codes.DOC016(
            message, N_("Check the permissions, or copy the files to a folder you may read."),
            file=entry.file,
        ))
    return _row(entry, codes.DOC016(
        N_("It could not be read: {reason}."),
        N_("Check that the disk or network drive is reachable, and try again."),
        file=entry.file, reason=_reason(exc),
    ))


def _not_a_file(entry: Entry, what: str, *, link: bool = False) -> Entry:
    message = (N_("A link to {what}, not a file; pulje never reads it.") if link
               else N_("This is {what}, not a file; pulje never reads it."))
    return _row(entry, codes.DOC031(
        message, N_("Remove it from the folder, or give the files to check."),
        file=entry.file, what=Msg(what),
    ))


def _file(entry: Entry) -> Entry:
    """A regular file (or a link to one): what it is by its name."""
    name = entry.path.name
    suffix = entry.path.suffix.lower()
    if name.startswith("~$"):
        return _row(entry, codes.DOC035(
            N_("Word's lock file: the document is open in Word, or Word was not closed "
               "properly. The document itself is checked as it was last saved."),
            N_("Save and close the document in Word before checking, so the newest text is "
               "checked."), file=entry.file,
        ))
    if name.startswith(".") and entry.folder is not None:
        return _hidden(entry)
    if name in NOTES:  # a submission package's checklist or note: its manifest vouches for it
        entry.kind = DOCUMENT
        return entry
    if suffix in CANDIDATES:
        entry.kind = CANDIDATES[suffix]
        return entry
    if suffix in document_suffixes():
        entry.kind = DOCUMENT
        return entry
    if suffix in OTHER_DOCUMENTS:
        return _row(entry, codes.DOC030(
            N_("A file in the format {format}, which pulje cannot read; it is not checked."),
            N_("If it is (part of) the application, open it in Word and save it as Word "
               "Document (.docx), then check the .docx."),
            file=entry.file, format=OTHER_DOCUMENTS[suffix],
        ))
    return _row(entry, codes.DOC017(
        N_("Not checked: pulje checks answer files (.yaml), Word files (.docx) and PDFs, and "
           "recognises its own files."),
        N_("Nothing to do if it does not belong to the application; otherwise save it as "
           ".docx or PDF."),
        file=entry.file,
    ))


def _hidden(entry: Entry, *, folder: bool = False) -> Entry:
    message = (N_("A hidden folder; pulje does not look into it.") if folder
               else N_("A hidden file; pulje does not check it."))
    return _row(entry, codes.DOC034(
        message, N_("Give it by name if it is to be checked."), file=entry.file,
    ))


# --- walking --------------------------------------------------------------------------------


@dataclass
class _Walk:
    entries: list[Entry] = field(default_factory=list)
    seen: dict[tuple[int, int], str] = field(default_factory=dict)
    count: int = 0
    stopped: bool = False
    unusable: bool = False


def collect(paths: Sequence[Path], order: Callable[[list[str]], list[str]] | None = None
            ) -> tuple[list[Entry], bool]:
    """Every entry of ``paths`` in order (a folder's entries sorted by ``order``, by name if
    None), and whether a path given does not exist at all."""
    walk = _Walk()
    for path in paths:
        _guarded(walk, path, str(path), None, 0, order)
    return walk.entries, walk.unusable


def _guarded(walk: _Walk, path: Path, name: str, folder: Path | None, depth: int,
             order: Callable[[list[str]], list[str]] | None) -> None:
    """``_visit``, with an unexpected error in pulje turned into this entry's DOC038 row."""
    try:
        _visit(walk, path, name, folder, depth, order)
    except Exception as exc:  # noqa: BLE001 - a bug while looking at one entry, reported
        log.error("unexpected error while looking at %r", name, exc_info=True)
        walk.entries.append(_row(Entry(path, name, folder=folder), internal_error(exc)))


def internal_error(exc: Exception) -> Diagnostic:
    """DOC038: pulje's own error while checking one entry, with the error's type and text."""
    return codes.DOC038(
        N_("pulje stopped checking this file because of an error in pulje itself "
           "({error}). The other files are checked."),
        N_("Please report this error to whoever runs pulje, with the file if you may "
           "share it. Check the file by hand meanwhile."),
        error=f"{type(exc).__name__}: {exc}"[:300],
    )


def _visit(walk: _Walk, path: Path, name: str, folder: Path | None, depth: int,
           order: Callable[[list[str]], list[str]] | None) -> None:
    entry = Entry(path, name, folder=folder)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if folder is None:
            walk.unusable = True
            entry.missing = True
            walk.entries.append(_row(entry, codes.DOC016(
                N_("{file} does not exist."), N_("Check the name and the folder."), file=name,
            )))
        else:  # it went away while the folder was read
            walk.entries.append(unreadable(entry, FileNotFoundError(
                errno.ENOENT, os.strerror(errno.ENOENT))))
        return
    except OSError as exc:
        walk.entries.append(unreadable(entry, exc))
        return
    link = stat.S_ISLNK(info.st_mode)
    if link:
        try:
            info = os.stat(path)
        except OSError as exc:
            walk.entries.append(_broken_link(entry, exc))
            return
    if stat.S_ISDIR(info.st_mode):
        _directory(walk, entry, link, depth, order)
        return
    what = _special(info.st_mode)
    if what is not None:
        walk.entries.append(_not_a_file(entry, what, link=link))
        return
    key = (info.st_dev, info.st_ino)
    if key in walk.seen:
        walk.entries.append(_row(entry, codes.DOC037(
            N_("The same file as {other}, which is checked in its own row."), "",
            file=name, other=walk.seen[key],
        )))
        return
    walk.seen[key] = name
    walk.entries.append(_file(entry))


def _broken_link(entry: Entry, exc: OSError) -> Entry:
    entry.unreadable = True
    try:
        target = os.readlink(entry.path)
    except OSError:
        target = "?"
    if isinstance(exc, FileNotFoundError):
        return _row(entry, codes.DOC033(
            N_("A link to {target}, which does not exist."),
            N_("Put the file back where the link points, or remove the link."),
            file=entry.file, target=target,
        ))
    return _row(entry, codes.DOC033(
        N_("A link that cannot be followed ({reason})."),
        N_("Remove the link and give the file itself."), file=entry.file, reason=_reason(exc),
    ))


def _directory(walk: _Walk, entry: Entry, link: bool, depth: int,
               order: Callable[[list[str]], list[str]] | None) -> None:
    given = entry.folder is None
    if not given and link:
        walk.entries.append(_row(entry, codes.DOC032(
            N_("A link to a folder; pulje does not follow links inside a folder."),
            N_("Give the folder itself to check what it holds."), file=entry.file,
        )))
        return
    if not given and entry.path.name.startswith("."):
        walk.entries.append(_hidden(entry, folder=True))
        return
    suffix = entry.path.suffix.lower()
    if suffix in CANDIDATES or suffix in OTHER_DOCUMENTS:
        # One row for the folder itself, before what it holds.
        walk.entries.append(_row(entry, codes.DOC036(
            N_("This is a folder, not a file, though its name ends in {suffix}; what it holds "
               "is checked in the rows below."),
            N_("Rename the folder, or give the file that was meant."), suffix=suffix,
        )))
        row: Entry | None = entry
    else:
        row = None
    if depth >= MAX_DEPTH:
        _add(walk, row, entry, codes.DOC039(
            N_("This folder lies more than {depth} levels down; pulje does not look into it."),
            N_("Check the folders with the drafts one at a time."), depth=MAX_DEPTH,
        ))
        return
    if walk.stopped:
        _stop(walk, entry)
        return
    try:
        with os.scandir(entry.path) as found:
            names = [e.name for e in found]
    except OSError as exc:
        bad = unreadable(Entry(entry.path, entry.file, folder=entry.folder), exc, folder=True)
        if row is None:
            walk.entries.append(bad)
        else:
            row.findings += bad.findings
            row.unreadable = True
        return
    if not given and _ARCHIVE.issubset(names):
        _add(walk, row, entry, codes.DOC028(
            N_("pulje's archive of submitted applications; pulje check does not look into "
               "it."),
            N_("Check the archive with: pulje archive --root {folder} verify"),
            folder=entry.file,
        ))
        return
    if not names:
        _add(walk, row, entry, codes.DOC018(
            N_("The folder is empty."),
            N_("Give the folder with the drafts, or the files themselves."),
        ))
        return
    sep = "" if entry.file.endswith(os.sep) else os.sep
    for name in (order or sorted)(names):
        if walk.stopped:
            return
        walk.count += 1
        if walk.count > MAX_ENTRIES:
            _stop(walk, entry)
            return
        _guarded(walk, entry.path / name, f"{entry.file}{sep}{name}", entry.path, depth + 1,
                 order)


def _add(walk: _Walk, row: Entry | None, entry: Entry, finding: Diagnostic) -> None:
    """A finding about a folder: on its row if it has one, else on a new row."""
    if row is None:
        row = Entry(entry.path, entry.file, folder=entry.folder)
        walk.entries.append(row)
    _row(row, finding)


def _stop(walk: _Walk, entry: Entry) -> None:
    walk.stopped = True
    walk.entries.append(_row(Entry(entry.path, entry.file, folder=entry.folder), codes.DOC039(
        N_("pulje stopped here: the folders given hold more than {entries} entries. This "
           "folder's further entries, and what comes after it, are not checked."),
        N_("Check the folders with the drafts one at a time."), entries=MAX_ENTRIES,
    )))
