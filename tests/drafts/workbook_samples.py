"""Helpers for the budget workbook's tests: a blank workbook filled in as a user does, edits
as Excel and LibreOffice save them, and LibreOffice Calc recalculating and saving a workbook."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from calc import recalculate
from openpyxl import load_workbook

from pulje.documents import budget_layout as L
from pulje.documents.budget_xlsx import blank_workbook_bytes
from pulje.pools import load_pool

POOL = "bedre-ressourceforloeb"
__all__ = ["POOL", "blank", "cached_formulas", "edit", "heads", "recalculate", "rows_of",
           "shared_strings", "without_cached_values"]


def blank(path: Path, pool: str = POOL, **marks: str) -> Path:
    p = load_pool(pool)
    path.write_bytes(blank_workbook_bytes(p, p.runde(), **marks))
    return path


def rows_of(ws: Any) -> dict[str, list[int]]:
    """Column A's labels → the rows that have them."""
    out: dict[str, list[int]] = {}
    for r in range(1, ws.max_row + 1):
        value = ws.cell(row=r, column=1).value
        if isinstance(value, str):
            out.setdefault(value, []).append(r)
    return out


def heads(ws: Any) -> dict[str, str]:
    """The head row's words → their column letters (up to the notes)."""
    labels = rows_of(ws)
    row = labels[L.POST][0]
    out: dict[str, str] = {}
    for cell in ws[row]:
        if cell.value is not None:
            out[str(cell.value)] = cell.column_letter
            if cell.value == L.BEMAERKNING:
                break
    return out


def edit(source: Path, target: Path, change: Callable[[Any], None]) -> Path:
    """``source`` opened with openpyxl, changed, saved to ``target`` — as a program that
    computes nothing saves it: no formula keeps a stored result, strings inline."""
    wb = load_workbook(source)
    change(wb[L.SHEET])
    wb.save(target)
    return target


def without_cached_values(source: Path, target: Path) -> Path:
    """``source`` with every formula's stored result removed (shared strings kept): a
    workbook as a program writes it that leaves the computing to Excel."""
    with zipfile.ZipFile(source) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            text = data.decode("utf-8")
            text = re.sub(r"(<f[^>]*>[^<]*</f>|<f[^>]*/>)<v>[^<]*</v>", r"\1", text)
            parts[name] = text.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def shared_strings(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "xl/sharedStrings.xml" in archive.namelist()


def cached_formulas(path: Path) -> int:
    """How many formulas of the sheet have a stored result."""
    with zipfile.ZipFile(path) as archive:
        text = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    return len(re.findall(r"</f><v>[^<]+</v>", text))
