"""Exact page counts of any .docx or .pdf files: the .docx converted by one LibreOffice run per
core."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pulje.diagnostics.errors import PuljeError
from pulje.office.convert import ConversionFailure, convert_to_pdf
from pulje.office.pages import count_pages, load_beside


@dataclass(frozen=True)
class PageCount:
    """One file's pages, or why they could not be counted."""

    file: Path
    pages: int | None = None
    failure: ConversionFailure | PuljeError | None = None


def pages_of(files: Sequence[Path], *, timeout: float = 120) -> list[PageCount]:
    """Pages of each file, in the given order. Inputs are only read, never written."""
    docx = [f for f in files if f.suffix.lower() == ".docx"]
    load_beside()
    converted: dict[Path, Path | ConversionFailure] = {}
    tmp = Path(tempfile.mkdtemp(prefix="pulje-pages-"))
    try:
        if docx:
            converted = convert_to_pdf(docx, tmp, timeout=timeout)
        out: list[PageCount] = []
        for f in files:
            source = converted.get(f, f)
            if isinstance(source, ConversionFailure):
                out.append(PageCount(f, failure=source))
                continue
            try:
                out.append(PageCount(f, pages=count_pages(source)))
            except PuljeError as exc:
                out.append(PageCount(f, failure=exc))
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

