"""Read the budget workbook back: the budget lines, the financing and the amount applied for,
as the answer file's ``budget:`` holds them, every problem a REG finding at its cell.

The workbook may have been saved by Excel or LibreOffice Calc since pulje wrote it: rows added,
deleted or left empty, columns widened, shared or inline strings, formulas without computed
values, a number typed as text ("1.250,50", "45.000 kr."), a merged cell. Rows are found by the
labels in column A and columns by the words of the head rows (``documents.budget_layout``).

Amounts are computed from the inputs (units × unit price, the periods, the financing lines),
never taken from a formula's stored result; where the workbook stored a result for a total,
it is compared with pulje's figure and a difference is a warning (REG006). A formula typed in
an input cell is read by its stored result (pulje has no formula engine), or REG010 when it has
none.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.diagnostics import N_, Diagnostic, Hint, Location
from pulje.diagnostics.codes import Code
from pulje.documents import budget_layout as L
from pulje.documents.budget import APPLIED_LABEL
from pulje.drafts import codes
from pulje.drafts.workbook_cells import (
    MAX_FILE,
    MAX_ROWS,
    Cell,
    Marks,
    Sheet,
    Unfit,
    cell_number,
    cell_text,
    guard,
    load_book,
    read_marks,
    sheet_of,
)
from pulje.drafts.workbook_sums import compare_sums
from pulje.pools import Pool, Runde, load_pool
from schemas.budget import (
    FINANSIERING_NAVNE,
    KATEGORI_NAVNE,
    Periode,
    finansieringstype_af,
    kategori_af,
    periode,
)

_FIX_CELL = Hint(N_("Correct the value in the workbook."),
                 excel=N_("Write only the number in {sheet}!{cell}, e.g. 1250,50."))


@dataclass
class WorkbookBudget:
    """A budget workbook as far as it could be read.

    ``budget`` is the answer file's ``budget:`` section (None when the workbook could not be
    read as a budget); ``applied`` the amount in "Ansøgt fra puljen"; ``places`` the cell of
    each answer-file path read; ``unfit`` the paths whose problems a REG finding names already
    (the answer file keeps the text as it stood)."""

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    readable: bool = True
    marks: Marks = field(default_factory=Marks)
    budget: dict[str, Any] | None = None
    applied: Decimal | None = None
    applied_place: Location | None = None
    places: dict[tuple[Any, ...], Location] = field(default_factory=dict)
    unfit: set[tuple[Any, ...]] = field(default_factory=set)
    sheet: str = L.SHEET

    def locate(self, path: tuple[Any, ...]) -> Location | None:
        """The cell of the answer-file ``path`` (or its nearest ancestor read), if any."""
        parts = tuple(path)
        while parts:
            found = self.places.get(parts)
            if found is not None:
                return found
            parts = parts[:-1]
        return None

    def note(self, code: Code, message: str, hint: str, at: str | None = None,
             item: str | None = None, /, **params: Any) -> None:
        """A finding at the cell ``at`` (None: the workbook as a whole) of the line ``item``."""
        where = Location(self.file, sheet=self.sheet if at else None, cell=at, item=item)
        self.diagnostics.append(code(message, hint, **params).at(where))


def read_workbook(path: Path | bytes, display: str | None = None, *,
                  runde: Runde | None = None) -> WorkbookBudget:
    """Read a budget workbook; every problem is a REG finding in the result, never raised.

    ``runde``: the round of the form it belongs to (else the round its marks name), which
    gives the periodisation and the eligible categories."""
    name = display or (str(path) if isinstance(path, Path) else "budget.xlsx")
    result = WorkbookBudget(name)
    try:
        data = path if isinstance(path, bytes) else _read_file(path)
    except OSError:
        result.readable = False
        result.note(codes.REG001, N_("{file} could not be read."),
                    N_("Check that the file exists and that you may read it."), file=name)
        return result
    refused = guard(data, name)
    if refused is not None:
        result.readable = False
        result.note(codes.REG001, refused,
                    N_("Open it in Excel or LibreOffice Calc and save it as 'Excel Workbook "
                       "(.xlsx)'."), file=name)
        return result
    result.marks = read_marks(data)
    try:
        book, cached = load_book(data, False), load_book(data, True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        result.readable = False
        result.note(codes.REG001, N_("{file} is damaged: it cannot be read as a workbook."),
                    N_("Open it in Excel or LibreOffice Calc and save it as 'Excel Workbook "
                       "(.xlsx)'."), file=name)
        return result
    found = sheet_of(book, cached)
    if found is None:
        result.note(codes.REG002,
                    N_("{file} has no sheet laid out as pulje's budget (a row with 'Post' and "
                       "'Beskrivelse' at the top of the lines)."),
                    N_("Use the workbook from 'pulje init POOL --docx FORM.docx', or copy the "
                       "lines into it."), file=name)
        return result
    ws, ws_cached = found
    result.sheet = ws.title
    if runde is None and result.marks.pulje:
        with contextlib.suppress(Exception):
            pool: Pool = load_pool(result.marks.pulje)
            runde = pool.runde(result.marks.runde)
    sheet = Sheet(ws, ws_cached, min(ws.max_row or 0, MAX_ROWS))
    for rng in ws.merged_cells.ranges:
        top = (rng.min_row, rng.min_col, rng.coord)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != top[:2]:
                    sheet.merged[(r, c)] = top
    _Reader(result, sheet, runde).read()
    return result


def _read_file(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(MAX_FILE + 1)


# --- reading the sheet -----------------------------------------------------------------------


class _Reader:
    def __init__(self, result: WorkbookBudget, sheet: Sheet, runde: Runde | None) -> None:
        self.result = result
        self.sheet = sheet
        self.runde = runde
        self.columns: dict[str, int] = {}
        self.periods: dict[int, Periode] = {}
        self.lines: list[dict[str, Any]] = []
        self.financing: list[dict[str, Any]] = []
        #: Rows with totals the workbook computed: (row, what, column → our figure's key).
        self.totals: list[tuple[int, str, str]] = []
        self.line_totals: list[tuple[Cell, int, str]] = []
        self.amount_col: int | None = None

    # --- the head row ---------------------------------------------------------------------

    def _head(self) -> int | None:
        for row in range(1, min(self.sheet.rows, 60) + 1):
            if self.sheet.label(row) == L.folded(L.POST):
                return row
        return None

    def _columns(self, row: int) -> None:
        words = {L.folded(w): w for w in (L.BESKRIVELSE, L.ANTAL, L.ENHEDSPRIS, L.ENHED,
                                          L.IKKE_FORDELT, L.I_ALT, L.BEMAERKNING)}
        last = self.sheet.ws.max_column or 1
        for col in range(2, min(last, 200) + 1):
            value = self.sheet.cell(row, col).value
            head = L.folded(cell_text(value))
            if head in words and words[head] not in self.columns:
                self.columns[words[head]] = col
                continue
            if not head:
                continue
            try:
                number = value if isinstance(value, int) else (
                    int(value) if isinstance(value, float) and value.is_integer() else value)
                self.periods[col] = periode(number)
            except ValueError:
                if L.BEMAERKNING in self.columns:
                    continue  # past the notes: pulje's own lists, or the user's jottings
                self.unknown_heads[col] = cell_text(value)

    unknown_heads: dict[int, str]

    def read(self) -> None:
        self.unknown_heads = {}
        head = self._head()
        r = self.result
        if head is None or L.BESKRIVELSE not in self.columns_after(head):
            r.note(codes.REG002,
                   N_("{file} has no row with the heads 'Post' and 'Beskrivelse' above the "
                      "budget lines."),
                   N_("Use the workbook from 'pulje init POOL --docx FORM.docx', or put the "
                      "heads back."), file=r.file)
            return
        r.places[("budget",)] = Location(r.file, sheet=r.sheet, cell=f"A{head}")
        r.places[("budget", "udgifter")] = Location(r.file, sheet=r.sheet, cell=f"A{head}")
        row = head + 1
        end = None
        while row <= self.sheet.rows:
            label = self.sheet.label(row)
            if label == L.folded(L.EXPENSES_TOTAL):
                end = row
                self.totals.append((row, "expenses", ""))
                break
            self._expense_row(row, label)
            row += 1
        if end is None:
            r.note(codes.REG002, N_("{file} has no row 'Udgifter i alt' under the budget "
                                     "lines."),
                   N_("Put the row 'Udgifter i alt' back under the last line."), file=r.file)
        else:
            self._financing(end + 1)
        r.budget = {"udgifter": self.lines, "finansiering": self.financing}
        compare_sums(self.result, self.sheet, self.runde, self.line_totals, self.totals,
                     self.periods, self.columns.get(L.I_ALT), self.amount_col)

    def columns_after(self, head: int) -> dict[str, int]:
        self._columns(head)
        return self.columns

    # --- expense lines ----------------------------------------------------------------------

    def _expense_row(self, row: int, label: str) -> None:
        r, cols = self.result, self.columns
        if label.endswith(L.folded(L.SUBTOTAL_SUFFIX)):
            name = label[: -len(L.SUBTOTAL_SUFFIX)]
            kategori = kategori_af(name)
            if kategori is not None:
                self.totals.append((row, "category", kategori.value))
                return
        cells = {key: self.sheet.cell(row, col) for key, col in cols.items()}
        periods = {col: self.sheet.cell(row, col) for col in self.periods}
        category_cell = self.sheet.cell(row, 1)
        filled = [c for key, c in cells.items()
                  if key not in (L.IKKE_FORDELT,) and not (key == L.I_ALT and c.formula)
                  and not c.empty]
        filled += [c for c in periods.values() if not c.empty]
        if not filled:
            return  # an empty row (its category may be filled in beforehand)
        index = len(self.lines)
        path = ("budget", "udgifter", index)
        self._merged(row, path)
        description = cell_text(cells[L.BESKRIVELSE].value) if L.BESKRIVELSE in cells else ""
        item = description or None
        here = Location(r.file, sheet=r.sheet, cell=f"A{row}", item=item)
        r.places[path] = here
        line: dict[str, Any] = {}
        kategori = kategori_af(cell_text(category_cell.value))
        if kategori is None:
            text = cell_text(category_cell.value)
            known = ", ".join(KATEGORI_NAVNE.values())
            if text:
                r.note(codes.REG004, N_("'{text}' in {cell} is not one of STAR's expense "
                                        "categories (line '{line}')."),
                       Hint(N_("Choose the category from the list."),
                            excel=N_("Choose the category in {sheet}!{cell} from the list: "
                                     "{known}.")),
                       category_cell.ref, item, text=text, cell=category_cell.ref,
                       line=description or "-", known=known)
            else:
                r.note(codes.REG004, N_("The line in row {row} ('{line}') has no category."),
                       Hint(N_("Choose the category from the list."),
                            excel=N_("Choose the category in {sheet}!{cell} from the list: "
                                     "{known}.")),
                       category_cell.ref, item, row=row, line=description or "-", known=known)
            r.unfit.add(path)
            line["kategori"] = text
        else:
            line["kategori"] = kategori.value
        r.places[(*path, "kategori")] = here
        line["beskrivelse"] = description
        if not description:
            ref = cells[L.BESKRIVELSE].ref if L.BESKRIVELSE in cells else f"B{row}"
            r.note(codes.REG005, N_("The line in row {row} has amounts but no description."),
                   Hint(N_("Describe the line (what is bought, for salary the function)."),
                        excel=N_("Describe the line in {sheet}!{cell}: what is bought, for "
                                 "salary the function.")), ref, None, row=row)
            r.unfit.add(path)
        self._place(path, "beskrivelse", cells.get(L.BESKRIVELSE), item)
        for key, word, money in (("enheder", L.ANTAL, False), ("enhedspris", L.ENHEDSPRIS, True)):
            value = self._value(cells.get(word), path, key, item, money=money)
            if value is not None:
                line[key] = value
        unit = cell_text(cells[L.ENHED].value) if L.ENHED in cells else ""
        if unit:
            line["enhed"] = unit
        self._place(path, "enhed", cells.get(L.ENHED), item)
        total = cells.get(L.I_ALT)
        if total is not None and total.formula:
            self.line_totals.append((total, index, description))
            r.places[(*path, "beloeb")] = Location(r.file, sheet=r.sheet, cell=total.ref,
                                                  item=item)
        else:
            amount = self._value(total, path, "beloeb", item, money=True)
            if amount is not None:
                line["beloeb"] = amount
        spread: dict[Any, Any] = {}
        for col, cell in periods.items():
            amount = self._value(cell, (*path, "fordeling"), self.periods[col].noegle, item,
                                 money=True)
            # 0 in a period is no spread there (the workbook pulje writes shows 0,00 in the
            # project's periods a line does not use).
            if amount is not None and amount != Decimal(0):
                spread[self.periods[col].noegle] = amount
        if self.periods:
            first, last = min(self.periods), max(self.periods)
            r.places[(*path, "fordeling")] = Location(
                r.file, sheet=r.sheet, cell=f"{periods[first].ref}:{periods[last].ref}",
                item=item)
        if spread:
            line["fordeling"] = spread
        note = cell_text(cells[L.BEMAERKNING].value) if L.BEMAERKNING in cells else ""
        if note:
            line["bemaerkning"] = note
        self._place(path, "bemaerkning", cells.get(L.BEMAERKNING), item)
        self._unread(row, item)
        if "beloeb" not in line and not ("enheder" in line and "enhedspris" in line) and (
            path not in r.unfit and not any(p[:3] == path for p in r.unfit)
        ):
            r.note(codes.REG005, N_("The line '{line}' in row {row} has neither units and a "
                                    "unit price nor an amount."),
                   Hint(N_("Give the units and the unit price (or the amount)."),
                        excel=N_("Write the number of units in {sheet}!{cell} and the unit "
                                 "price beside it.")),
                   cells[L.ANTAL].ref if L.ANTAL in cells else f"C{row}", item,
                   line=description or "-", row=row)
            r.unfit.add(path)
        self.lines.append(line)

    def _place(self, path: tuple[Any, ...], key: str, cell: Cell | None,
               item: str | None) -> None:
        if cell is not None:
            self.result.places[(*path, key)] = Location(self.result.file, sheet=self.result.sheet,
                                                        cell=cell.ref, item=item)

    def _value(self, cell: Cell | None, path: tuple[Any, ...], key: Any, item: str | None, *,
               money: bool) -> Any:
        """A number cell of a line: its value, or the text as it stands (REG003/REG010)."""
        if cell is None:
            return None
        r = self.result
        self._place(path, key, cell, item)
        if cell.formula and cell.cached is None:
            r.note(codes.REG010, N_("{cell} holds the formula '{formula}', whose result the "
                                    "workbook has not stored."),
                   Hint(N_("Let the spreadsheet recalculate and save the workbook, or type "
                           "the number."),
                        excel=N_("Type the number in {sheet}!{cell}, or open the workbook in "
                                 "Excel, let it recalculate (F9) and save it.")),
                   cell.ref, item, cell=cell.ref, formula=str(cell.raw)[:60])
            r.unfit.add((*path, key))
            return None
        try:
            return cell_number(cell.value, money=money, computed=cell.formula)
        except Unfit:
            text = cell_text(cell.value)
            r.note(codes.REG003,
                   N_("'{text}' in {cell} is not an amount (line '{line}').") if money else
                   N_("'{text}' in {cell} is not a number (line '{line}')."),
                   _FIX_CELL, cell.ref, item, text=text[:60], cell=cell.ref, line=item or "-")
            r.unfit.add((*path, key))
            return text

    def _merged(self, row: int, path: tuple[Any, ...]) -> None:
        """Merged cells across the fields of a line (a description merged over the units)."""
        inputs = {self.columns.get(k) for k in (L.BESKRIVELSE, L.ANTAL, L.ENHEDSPRIS, L.ENHED,
                                                 L.I_ALT)} | set(self.periods)
        inputs.discard(None)
        for col in sorted(c for c in inputs if c is not None):
            top = self.sheet.merged.get((row, col))
            if top is not None and top[1] != col and top[1] in inputs:
                self.result.unfit.add(path)
                self.result.note(
                    codes.REG007,
                    N_("The cells {range} are merged, so one value stands for several fields "
                       "of the line in row {row}."),
                    Hint(N_("Unmerge the cells and fill in each field."),
                         excel=N_("Select {range}, choose 'Merge & Center' to unmerge them, and "
                                  "fill in each cell.")),
                    top[2], None, range=top[2], row=row)
                return

    def _unread(self, row: int, item: str | None) -> None:
        for col, head in self.unknown_heads.items():
            cell = self.sheet.cell(row, col)
            if not cell.empty:
                self.result.note(
                    codes.REG008,
                    N_("{cell} holds an amount, but the head of its column ('{head}') is not "
                       "a year, quarter or month, so pulje does not read it."),
                    Hint(N_("Write the period in the column's head."),
                         excel=N_("Write the year (2017), quarter (1. kvt. 2017) or month "
                                  "(jan. 2017) in the column's head.")),
                    cell.ref, item, cell=cell.ref, head=head or "-")

    # --- financing --------------------------------------------------------------------------

    def _financing(self, start: int) -> None:
        r = self.result
        head = next((row for row in range(start, self.sheet.rows + 1)
                     if self.sheet.label(row) == L.folded(L.FINANSIERING)), None)
        if head is None:
            return
        r.places[("budget", "finansiering")] = Location(r.file, sheet=r.sheet, cell=f"A{head}")
        amount_col = self.columns.get(L.I_ALT)
        last = self.sheet.ws.max_column or 1
        for col in range(2, min(last, 200) + 1):
            if L.folded(cell_text(self.sheet.cell(head, col).value)) == L.folded(L.BELOEB):
                amount_col = col
        self.amount_col = amount_col
        description_col = self.columns.get(L.BESKRIVELSE, 2)
        for row in range(head + 1, self.sheet.rows + 1):
            label = self.sheet.label(row)
            if label == L.folded(L.FINANCING_TOTAL):
                self.totals.append((row, "financing", ""))
                continue
            if label == L.folded(L.BALANCE):
                self.totals.append((row, "balance", ""))
                break
            if not label or amount_col is None:
                continue
            amount_cell = self.sheet.cell(row, amount_col)
            description = cell_text(self.sheet.cell(row, description_col).value)
            if label == L.folded(APPLIED_LABEL):
                where = Location(r.file, sheet=r.sheet, cell=amount_cell.ref, item=APPLIED_LABEL)
                value = self._value(amount_cell, ("oekonomi",), "ansoegt_beloeb", APPLIED_LABEL,
                                    money=True)
                r.applied_place = where
                r.places.pop(("oekonomi", "ansoegt_beloeb"), None)  # placed by the caller
                if isinstance(value, Decimal):
                    r.applied = value
                continue
            if label.endswith(L.folded(L.SUBTOTAL_SUFFIX)):
                continue
            kind = finansieringstype_af(cell_text(self.sheet.cell(row, 1).value))
            if kind is None:
                continue  # a note of the user's: not a financing line
            empty_text = not description or L.folded(description) == L.folded(L.NONE_TEXT)
            path = ("budget", "finansiering", len(self.financing))
            item = description if not empty_text else FINANSIERING_NAVNE[kind]
            amount = self._value(amount_cell, path, "beloeb", item, money=True)
            spread: dict[Any, Any] = {}
            for col, period in self.periods.items():
                value = self._value(self.sheet.cell(row, col), (*path, "fordeling"),
                                    period.noegle, item, money=True)
                if value is not None and value != Decimal(0):
                    spread[period.noegle] = value
            if empty_text and amount in (None, Decimal("0.00")) and not spread:
                continue
            r.places[path] = Location(r.file, sheet=r.sheet, cell=f"A{row}", item=item)
            line: dict[str, Any] = {"type": kind.value,
                                    "beskrivelse": item if empty_text else description,
                                    "beloeb": amount if amount is not None else Decimal("0.00")}
            if spread:
                line["fordeling"] = spread
            self.financing.append(line)


__all__ = ["Marks", "WorkbookBudget", "read_marks", "read_workbook"]
