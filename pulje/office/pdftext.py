"""The text of each page of a PDF, fast: poppler's ``pdftotext`` where it is installed, else pypdf.

pypdf's ``extract_text`` costs about 0.3 s for a 13-page application, as much as LibreOffice
takes to lay the document out in a batch; ``pdftotext`` (poppler-utils, which ``make setup``
installs) takes about 30 ms. It runs with ``-raw``: text in the order the PDF draws it, as
pypdf gives it, so a table's cells stay whole instead of being merged line by line.

The PDF is opened with pypdf first in any case, so an encrypted or damaged file is refused the
same way (``UnreadablePdf``), and ``pdftotext``'s pages are used only when they are as many as
pypdf counts; otherwise ``office.page_texts`` gives the text. ``PULJE_PDFTEXT=pypdf`` forces
pypdf.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from pulje.office.pages import count_pages, page_texts

TIMEOUT = 60.0
MAX_TEXT = 50 * 1024 * 1024


def _pdftotext() -> str | None:
    if os.environ.get("PULJE_PDFTEXT", "").strip().lower() == "pypdf":
        return None
    return shutil.which("pdftotext")


def fast_page_texts(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``, in order. Raises ``UnreadablePdf``."""
    pages = count_pages(pdf)
    program = _pdftotext()
    if program is not None:
        try:
            proc = subprocess.run(
                [program, "-raw", "-enc", "UTF-8", "-eol", "unix", "-q", str(pdf.absolute()), "-"],
                stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT, check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            proc = None
        if proc is not None and proc.returncode == 0 and len(proc.stdout) <= MAX_TEXT:
            texts = proc.stdout.decode("utf-8", "replace").split("\f")
            if texts and not texts[-1].strip():
                texts.pop()  # every page ends with a form feed
            if len(texts) == pages:
                return texts
    return page_texts(pdf)
