"""PDFs LibreOffice already made, kept by the content of the .docx they were made from.

A .docx whose bytes were converted before gets that PDF again without LibreOffice: the desk
checking the same drafts twice, a build of unchanged answers. An entry's name is the SHA-256 of
the .docx's bytes together with the LibreOffice program that converted it (its path, size and
change time, so an updated LibreOffice makes new entries) and this module's format number.

The folder is ``pdf/`` in pulje's cache folder: ``$PULJE_CACHE/pdf`` when ``PULJE_CACHE`` names
a folder, else the user's cache folder as ``platformdirs`` gives it (``~/.cache/pulje/pdf`` on
Linux, ``%LOCALAPPDATA%\\pulje\\Cache\\pdf`` on Windows, ``~/Library/Caches/pulje/pdf`` on
macOS). ``PULJE_CACHE=off`` turns it off. It holds at most ``MAX_BYTES`` (the least recently
used entries go first) and no PDF larger than ``MAX_ENTRY``. Entries are written whole (temp
file, then rename); one that is not a whole PDF is ignored; a folder that cannot be written is
no error: the PDF is then simply made again next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

FORMAT = b"pulje-pdf-1"
#: The cache's size bound: least recently used PDFs are removed beyond it.
MAX_BYTES = 200 * 1024 * 1024
#: Larger PDFs are not kept.
MAX_ENTRY = 20 * 1024 * 1024


def folder() -> Path | None:
    """The folder of the PDF cache, or None when ``PULJE_CACHE=off``."""
    override = os.environ.get("PULJE_CACHE", "").strip()
    if override:
        return None if override.lower() == "off" else Path(override) / "pdf"
    import platformdirs

    return platformdirs.user_cache_path("pulje", appauthor=False) / "pdf"


class PdfCache:
    """The cache for one LibreOffice program; ``key`` names a .docx's entry."""

    def __init__(self, root: Path, soffice: str) -> None:
        self.root = root
        real = os.path.realpath(soffice)
        try:
            st = os.stat(real)
            stamp = f"{real}\0{st.st_size}\0{st.st_mtime_ns}"
        except OSError:
            stamp = real
        self._program = FORMAT + b"\0" + stamp.encode("utf-8", "surrogateescape") + b"\0"

    def key(self, docx: Path) -> str | None:
        """The entry's name for the bytes of ``docx``; None if it cannot be read."""
        digest = hashlib.sha256(self._program)
        try:
            with docx.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
        except OSError:
            return None
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pdf"

    def fetch(self, key: str, target: Path) -> bool:
        """Copy the entry's PDF to ``target`` (whole, or not at all); False if there is none."""
        entry = self._path(key)
        temp = target.with_name(f".{target.name}.{os.getpid()}.cache")
        try:
            with entry.open("rb") as src, temp.open("wb") as dst:
                shutil.copyfileobj(src, dst)
            if not whole_pdf(temp):
                raise OSError("not a whole PDF")
            os.replace(temp, target)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
            return False
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: pruned last
        return True

    def store(self, key: str, pdf: Path) -> None:
        """Keep a copy of ``pdf`` as the entry ``key``; never raises."""
        entry = self._path(key)
        temp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        try:
            if pdf.stat().st_size > MAX_ENTRY:
                return
            entry.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, temp)
            os.replace(temp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
            return
        prune(self.root)


def open_cache(soffice: str) -> PdfCache | None:
    """The PDF cache for ``soffice``, or None when it is turned off."""
    root = folder()
    return None if root is None else PdfCache(root, soffice)


def prune(root: Path, limit: int = MAX_BYTES) -> None:
    """Remove the least recently used entries until the cache holds at most ``limit`` bytes."""
    entries: list[tuple[int, int, Path]] = []
    with contextlib.suppress(OSError):
        for sub in os.scandir(root):
            if not sub.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(sub.path):
                if entry.name.endswith(".pdf") and entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    entries.append((st.st_mtime_ns, st.st_size, Path(entry.path)))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries, key=lambda e: e[0]):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size


def whole_pdf(path: Path) -> bool:
    """Whether ``path`` is a whole PDF: a killed LibreOffice can leave one half written."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 2048))
            tail = fh.read()
    except OSError:
        return False
    return head.startswith(b"%PDF-") and b"%%EOF" in tail
