"""The budget workbook as a file and as cells: the checks before openpyxl opens it (size, zip
bomb, DTD, encryption), pulje's marks, and each cell's value as typed or as the workbook
computed it — numbers typed as Danish text ("1.250,50", "45.000 kr.") read as numbers.
``drafts.workbook`` reads the budget from these."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pulje.diagnostics import N_
from pulje.documents import budget_layout as L
from schemas.types import MAX_KR, ORE, parse_money

#: A budget workbook is a few hundred kB; these bound what a hostile file can make pulje do.
MAX_FILE = 20 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_ROWS = 5000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DANISH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")

@dataclass
class Marks:
    """pulje's marks in a workbook (custom document properties)."""

    format: str | None = None
    pulje: str | None = None
    runde: str | None = None
    periodisering: str | None = None
    skema: str | None = None
    par: str | None = None

    @property
    def ours(self) -> bool:
        return bool(self.format and self.format.startswith(L.FORMAT.split("/")[0]))


# --- opening -----------------------------------------------------------------------------------


def read_marks(path: Path | bytes) -> Marks:
    """pulje's marks of a workbook, read from its custom properties alone (cheap); empty for
    a file that is no workbook of pulje's."""
    try:
        data = path if isinstance(path, bytes) else path.read_bytes()[:MAX_FILE + 1]
        if len(data) > MAX_FILE:
            return Marks()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("docProps/custom.xml")
            if info.file_size > 1024 * 1024:
                return Marks()
            raw = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        return Marks()
    return marks_of_xml(raw)


def marks_of_xml(raw: bytes) -> Marks:
    from lxml import etree  # type: ignore[import-untyped]

    if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:4096]:
        return Marks()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(raw, parser)
    except (etree.XMLSyntaxError, ValueError):
        return Marks()
    found: dict[str, str] = {}
    for prop in root:
        name = prop.get("name") or ""
        if name.startswith(L.PROPERTY_PREFIX):
            found[name[len(L.PROPERTY_PREFIX):]] = "".join(prop.itertext()).strip()
    return Marks(**{k: found.get(k) or None for k in Marks.__dataclass_fields__})


def guard(data: bytes, file: str) -> str | None:
    """Why ``data`` is refused before openpyxl sees it (msgid), or None."""
    if data.startswith(_OLE_MAGIC):
        return N_("{file} is protected with a password or is an old Excel file (.xls), not "
                  "a .xlsx.")
    if len(data) > MAX_FILE:
        return N_("{file} is larger than pulje reads for a budget workbook.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            listing = archive.infolist()
            if len(listing) > MAX_ENTRIES or sum(i.file_size for i in listing) > MAX_UNPACKED:
                return N_("{file} unpacks to more than pulje reads for a budget workbook "
                          "(a zip bomb?).")
            if "xl/workbook.xml" not in archive.namelist():
                return N_("{file} is a zip file, but not an Excel workbook (.xlsx).")
            for info in listing:
                if info.flag_bits & 0x1:
                    return N_("{file} is an encrypted zip, not an Excel workbook.")
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as member:
                        head = member.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        return N_("{file} holds XML with a DTD, which Excel never writes.")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        return N_("{file} is not an Excel workbook (.xlsx): it is not a zip package.")
    return None


def load_book(data: bytes, values: bool) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), data_only=values, read_only=False,
                         keep_links=False, rich_text=False)


# --- cells ---------------------------------------------------------------------------------------


class Unfit(Exception):
    """A cell's value is no number of the kind asked for."""


@dataclass
class Cell:
    """One cell as read: what it holds (a formula's text, or a value) and what the workbook
    stored as its result."""

    ref: str
    raw: Any
    cached: Any

    @property
    def formula(self) -> bool:
        return isinstance(self.raw, str) and self.raw.startswith("=")

    @property
    def value(self) -> Any:
        """The value to read: a formula's stored result, else what the cell holds."""
        return self.cached if self.formula else self.raw

    @property
    def empty(self) -> bool:
        v = self.value
        return v is None or (isinstance(v, str) and not v.strip())


def cell_number(value: Any, *, money: bool, computed: bool = False) -> Decimal | None:
    """A cell's value as a Decimal (an amount in whole øre when ``money``); None when empty.
    Texts as Danes type them are read: "1.250,50", "45.000 kr.", "2,5". A ``computed`` value
    (a formula's result, in floating point) is rounded to the øre; a typed amount must have
    whole øre. Raises ``Unfit``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise Unfit
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        typed = typed_number(value, money=money)
        if typed is None:
            return None
        number = typed
    else:
        raise Unfit
    if not number.is_finite() or number.copy_abs() >= MAX_KR:
        raise Unfit
    if not money:
        return number
    if not computed and number != number.quantize(ORE):
        raise Unfit
    return number.quantize(ORE, rounding=ROUND_HALF_UP)


def typed_number(value: str, *, money: bool = True) -> Decimal | None:
    """A number typed as text: "1.250,50", "45.000 kr.", "2,5", "DKK 300"."""
    text = value.strip()
    if not text or text in ("-", "–"):
        return None
    lowered = text.casefold()
    for unit in ("kr.", "kr", "dkk"):
        if lowered.endswith(unit):
            text, lowered = text[: -len(unit)].strip(), lowered[: -len(unit)].strip()
        if lowered.startswith(unit):
            text, lowered = text[len(unit):].strip(), lowered[len(unit):].strip()
    text = text.replace("\u00a0", "").replace(" ", "")
    if money:
        with contextlib.suppress(ValueError):
            amount: Decimal = parse_money(text)
            return amount
    elif _DANISH_NUMBER.match(text):
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)
    except InvalidOperation:
        raise Unfit from None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


# --- the sheet -----------------------------------------------------------------------------------


@dataclass
class Sheet:
    """The budget sheet's cells by row (1-based), with merged ranges resolved."""

    ws: Any
    cached: Any
    rows: int
    merged: dict[tuple[int, int], tuple[int, int, str]] = field(default_factory=dict)

    def cell(self, row: int, col: int) -> Cell:
        from openpyxl.utils import get_column_letter

        ref = f"{get_column_letter(col)}{row}"
        # A category merged down a block stands for each row; any other merged cell is
        # empty but for its first (REG007 names a merge across a line's fields).
        top = self.merged.get((row, col)) if col == 1 else None
        source = (top[0], top[1]) if top is not None else (row, col)
        raw = self.ws.cell(row=source[0], column=source[1]).value
        cached = self.cached.cell(row=source[0], column=source[1]).value
        return Cell(ref, raw, cached)

    def label(self, row: int) -> str:
        return L.folded(cell_text(self.cell(row, 1).value))


def sheet_of(book: Any, cached: Any) -> tuple[Any, Any] | None:
    names = list(book.sheetnames)
    ordered = ([L.SHEET] if L.SHEET in names else []) + [n for n in names if n != L.SHEET]
    for name in ordered:
        ws = book[name]
        if getattr(ws, "max_row", None) is None:
            continue  # a chart sheet
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60), max_col=3):
            if L.folded(cell_text(row[0].value)) == L.folded(L.POST):
                return ws, cached[name]
    return None


__all__ = [
    "Cell",
    "MAX_ENTRIES",
    "MAX_FILE",
    "MAX_ROWS",
    "MAX_UNPACKED",
    "Marks",
    "Sheet",
    "Unfit",
    "cell_number",
    "cell_text",
    "guard",
    "load_book",
    "marks_of_xml",
    "read_marks",
    "sheet_of",
    "typed_number",
]
