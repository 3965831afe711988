"""The budget as an Excel workbook whose totals are live formulas: the attachment ``pulje build``
makes, and the blank workbook ``pulje init POOL --docx FORM.docx`` writes beside the form.

One sheet, "Budget" (``documents.budget_layout``): the expense lines by category in the guide's
words (units, unit price, the amount per period of the round — year, quarter or month —, the
line's total as ``=C9*D9``), each category's subtotals and the total as ``=SUM(…)``, then the
financing block (the amount applied for, medfinansiering, tilskud fra andre tilskudsgivere,
moms, afskrivninger, indtægter) and the balance as a formula. The figures the formulas give are
those of ``documents.budget.budget_figures``, as in the .docx.

The category cells are validated against the round's eligible categories (a list in a hidden
column), the financing cells against the financing types. The sheet is protected without a
password so that the formula cells (subtotals, totals, "Ikke fordelt", balance) are not typed
over by mistake; the input cells are not locked, and rows may be inserted and deleted, columns
widened. pulje's marks are custom document properties (``budget_layout``).

Every text from the answer file is written as a string cell, so a description beginning with
"=" stays text and never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pulje.answers.loader import LoadedApplication
from pulje.diagnostics.i18n import Translator
from pulje.documents import budget_layout as L
from pulje.documents.budget import (
    APPLIED_LABEL,
    TITLE,
    ZERO,
    BudgetFigures,
    ExpenseLine,
    budget_figures,
    figures_of_budget,
    identifikation_of,
    printable,
)
from pulje.pools import Pool, Runde
from schemas.budget import FINANSIERING_NAVNE, KATEGORI_NAVNE, Budget, Periode
from schemas.types import ORE

SHEET = L.SHEET
AMOUNT_FORMAT = "#,##0.00"
HEADER_ROW = 8
FONT = "Calibri"
#: Empty line rows per category (and per financing type) in a blank workbook.
BLANK_ROWS = 3
BLANK_FINANCING_ROWS = 2
#: Period columns whose heads the user writes, where the round gives no project period.
OPEN_PERIODS = 3
_PERIOD_WORDS = {"aar": "pr. år", "kvartal": "pr. kvartal", "maaned": "pr. måned"}

_BOLD = Font(name=FONT, bold=True)
_PLAIN = Font(name=FONT)
_TITLE = Font(name=FONT, bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
_INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
_SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_TOTAL_FILL = PatternFill("solid", fgColor="D9D9D9")
_THIN = Side(style="thin", color="808080")
_TOP_BORDER = Border(top=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FORMULA_START = ("=", "+", "-", "@")
_OPEN = Protection(locked=False)


class _Columns:
    """Where each column of the sheet is (1-based)."""

    def __init__(self, periods: Sequence[Periode | str]) -> None:
        self.post, self.beskrivelse, self.antal, self.enhedspris, self.enhed = 1, 2, 3, 4, 5
        #: Period → column; a text instead of a period is a head the user fills in (a round
        #: that gives no project period).
        self.periods: dict[Periode | str, int] = {p: 6 + i for i, p in enumerate(periods)}
        after = 6 + len(periods)
        self.ikke_fordelt = after
        self.total = after + 1
        self.bemaerkning = self.total + 1
        #: The hidden column holding the lists the category and type cells are checked against.
        self.lists = self.bemaerkning + 2

    @property
    def amounts(self) -> list[int]:
        """The columns that hold amounts summed down the sheet."""
        return [*self.periods.values(), self.ikke_fordelt, self.total]

    @property
    def inputs(self) -> list[int]:
        """The columns of a line row that the user fills in."""
        return [self.post, self.beskrivelse, self.antal, self.enhedspris, self.enhed,
                *self.periods.values(), self.total, self.bemaerkning]


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _text(ws: Any, row: int, col: int, value: str, font: Font = _PLAIN) -> Any:
    """A string cell, whatever the text looks like: "=SUM(A1)" stays text, not a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = printable(value)
    cell.data_type = "s"
    if cell.value.startswith(_FORMULA_START):
        cell.quotePrefix = True  # Excel and LibreOffice keep it text when the cell is edited
    cell.font = font
    return cell


def _number(ws: Any, row: int, col: int, value: Decimal | str | None,
            fmt: str = AMOUNT_FORMAT, font: Font = _PLAIN) -> Any:
    """A number, or a formula when ``value`` is a string beginning with "="."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.number_format = fmt
    cell.font = font
    cell.alignment = _TOP
    return cell


def _head(period: Periode | str) -> str:
    return period if isinstance(period, str) else period.tekst()


def _units_format(units: Decimal) -> str:
    return "#,##0" if units == units.to_integral_value() else "#,##0.####"


def _line_total(line: ExpenseLine, row: int, cols: _Columns) -> Decimal | str:
    """``=C9*D9`` when the line's amount is units × unit price and the sheet computes it the
    same way to the øre; the amount as written otherwise."""
    if not line.from_units or line.enheder is None or line.enhedspris is None:
        return line.beloeb
    product = f"{_ref(row, cols.antal)}*{_ref(row, cols.enhedspris)}"
    exact = line.enheder * line.enhedspris
    if exact == exact.quantize(ORE):
        return f"={product}"
    # Both ROUND(…, 2) and Decimal.quantize round halves differently; use the formula only
    # where they agree (never differs unless the product ends in exactly half an øre).
    if exact.quantize(ORE, rounding="ROUND_HALF_UP") == line.beloeb:
        return f"=ROUND({product},2)"
    return line.beloeb


@dataclass
class _Marks:
    """What the workbook says about itself (custom document properties)."""

    pulje: str
    runde: str
    periodisering: str
    skema: str | None = None
    par: str | None = None

    def properties(self) -> list[StringProperty]:
        values = {"format": L.FORMAT, "pulje": self.pulje, "runde": self.runde,
                  "periodisering": self.periodisering, "skema": self.skema, "par": self.par}
        return [StringProperty(name=L.property_name(k), value=printable(v))
                for k, v in values.items() if v]


@dataclass
class _Book:
    """A workbook being written: the sheet, its columns, and where the totals are."""

    ws: Any
    cols: _Columns
    figures: BudgetFigures
    blank: bool
    row: int = 0
    subtotal_rows: list[int] = field(default_factory=list)
    line_rows: list[int] = field(default_factory=list)

    def open(self, row: int, cols: Sequence[int]) -> None:
        """Input cells: not locked, lightly shaded in a blank workbook."""
        for col in cols:
            cell = self.ws.cell(row=row, column=col)
            cell.protection = _OPEN
            if self.blank:
                cell.fill = _INPUT_FILL


def render_budget_xlsx(loaded: LoadedApplication, target: Path) -> None:
    """Write the budget attachment of ``loaded`` to ``target`` (.xlsx), totals as formulas.

    The file is written in place; a caller wanting it whole or not at all renders to a temporary
    name and renames. Raises ``ValueError`` when the answer file has no valid model.
    """
    if loaded.model is None or loaded.pool is None:
        raise ValueError(f"{loaded.file}: the answer file has no valid model to render")
    figures = budget_figures(loaded.model, loaded.runde)
    ident = identifikation_of(loaded.model)
    runde = loaded.runde or loaded.pool.runde()
    marks = _Marks(loaded.pool.id, runde.id, figures.periodisering)
    target.write_bytes(_workbook(figures, loaded.pool, runde, marks, blank=False,
                                 projekt=ident.projektnavn, kommune=ident.kommune))


def blank_workbook_bytes(pool: Pool, runde: Runde, *, skema: str | None = None,
                         par: str | None = None) -> bytes:
    """The blank budget workbook of a pool's round: the round's eligible categories with empty
    rows, its periods, the financing lines, the formulas; ``skema`` and ``par`` mark it as the
    workbook of that form."""
    figures = figures_of_budget(Budget(), None, runde)
    marks = _Marks(pool.id, runde.id, figures.periodisering, skema, par)
    return _workbook(figures, pool, runde, marks, blank=True)


def _workbook(figures: BudgetFigures, pool: Pool, runde: Runde, marks: _Marks, *, blank: bool,
              projekt: str | None = None, kommune: str | None = None) -> bytes:
    tr = Translator("da")
    open_heads = [f"År {i}" for i in range(1, OPEN_PERIODS + 1)]
    cols = _Columns(figures.periods or (open_heads if blank else ()))
    wb = Workbook()
    ws: Any = wb.active
    ws.title = SHEET
    wb.properties.title = TITLE
    wb.properties.subject = pool.navn
    wb.properties.creator = printable(kommune) or "pulje"
    wb.properties.language = "da-DK"
    for prop in marks.properties():
        wb.custom_doc_props.append(prop)
    book = _Book(ws, cols, figures, blank)

    # --- the head ------------------------------------------------------------------------
    _text(ws, 1, 1, TITLE, _TITLE)
    facts: list[tuple[str, str, bool]] = [
        ("Projekt", " ".join(printable(projekt).split()), blank),
        ("Ansøger", printable(kommune), blank),
        ("Pulje", pool.navn, False),
    ]
    period = runde.periode
    if period is not None:
        facts.append(("Projektperiode", f"{tr.date(period.start)} – {tr.date(period.end)}",
                      False))
    spread = "Alle beløb i kr. Budgettet fordeles " + _PERIOD_WORDS[figures.periodisering] + "."
    if blank and not figures.periods:
        spread += " Skriv årstallene i kolonnernes overskrift (" + ", ".join(open_heads) + ")."
    facts.append(("Beløb", spread, False))
    for i, (label, value, editable) in enumerate(facts, start=2):
        _text(ws, i, 1, label, _BOLD)
        _text(ws, i, 2, value)
        if editable:
            book.open(i, [2])
    header_row = max(HEADER_ROW, len(facts) + 3)

    heads = {
        cols.post: L.POST, cols.beskrivelse: L.BESKRIVELSE, cols.antal: L.ANTAL,
        cols.enhedspris: L.ENHEDSPRIS, cols.enhed: L.ENHED, cols.total: L.I_ALT,
        cols.bemaerkning: L.BEMAERKNING, cols.ikke_fordelt: L.IKKE_FORDELT,
    }
    heads.update({col: _head(p) for p, col in cols.periods.items()})
    for col, head in heads.items():
        cell = _text(ws, header_row, col, head, _BOLD)
        cell.fill = _HEAD_FILL
        if head in open_heads:
            book.open(header_row, [col])
        cell.alignment = Alignment(
            horizontal="right" if col in cols.amounts or col in (cols.antal, cols.enhedspris)
            else "left",
            vertical="top", wrap_text=True,
        )

    # --- expenses ------------------------------------------------------------------------
    book.row = header_row + 1
    if blank:
        for kategori in runde.budget.tilskudsberettigede():
            _category_block(book, KATEGORI_NAVNE[kategori], [None] * BLANK_ROWS)
    else:
        for category in figures.categories:
            _category_block(book, category.navn, list(category.lines))
    row = book.row
    expenses_row = row
    _text(ws, row, cols.post, L.EXPENSES_TOTAL, _BOLD)
    for col in cols.amounts:
        parts = ",".join(_ref(r, col) for r in book.subtotal_rows)
        _number(ws, row, col, f"=SUM({parts})" if parts else ZERO, font=_BOLD)
    _fill_row(ws, row, cols.bemaerkning, _TOTAL_FILL, border=True)

    # --- financing -----------------------------------------------------------------------
    row += 2
    fin_head = {cols.post: L.FINANSIERING, cols.beskrivelse: L.KILDE, cols.total: L.BELOEB}
    fin_head.update({col: _head(p) for p, col in cols.periods.items()})
    for col, head in fin_head.items():
        cell = _text(ws, row, col, head, _BOLD)
        cell.fill = _HEAD_FILL
        if col == cols.total or col in cols.periods.values():
            cell.alignment = Alignment(horizontal="right")
    row += 1
    first_financing = row
    _text(ws, row, cols.post, APPLIED_LABEL)
    _text(ws, row, cols.beskrivelse, pool.navn)
    _number(ws, row, cols.total, None if blank else figures.applied)
    book.open(row, [cols.total])
    counted = [row]
    row += 1
    for group in figures.financing:
        if blank or not group.lines:
            for _ in range(BLANK_FINANCING_ROWS if blank else 1):
                _text(ws, row, cols.post, group.navn)
                if not blank:
                    _text(ws, row, cols.beskrivelse, L.NONE_TEXT)
                _number(ws, row, cols.total, None if blank else ZERO)
                book.open(row, [cols.post, cols.beskrivelse, cols.total,
                                *cols.periods.values()])
                counted.append(row)
                row += 1
            continue
        first = row
        for fin in group.lines:
            _text(ws, row, cols.post, group.navn).alignment = _TOP
            _text(ws, row, cols.beskrivelse, fin.beskrivelse).alignment = _WRAP
            _number(ws, row, cols.total, fin.beloeb)
            for (_p, col), amount in zip(cols.periods.items(), fin.per_period, strict=False):
                if amount != ZERO:
                    _number(ws, row, col, amount)
            book.open(row, [cols.post, cols.beskrivelse, cols.total, *cols.periods.values()])
            row += 1
        if len(group.lines) > 1:
            letter = get_column_letter(cols.total)
            _text(ws, row, cols.post, f"{group.navn}{L.SUBTOTAL_SUFFIX}", _BOLD)
            _number(ws, row, cols.total, f"=SUM({letter}{first}:{letter}{row - 1})", font=_BOLD)
            _fill_row(ws, row, cols.total, _SUBTOTAL_FILL)
            counted.append(row)
            row += 1
        else:
            counted.append(first)
    financing_row = row
    _text(ws, row, cols.post, L.FINANCING_TOTAL, _BOLD)
    parts = ",".join(_ref(r, cols.total) for r in counted)
    _number(ws, row, cols.total, f"=SUM({parts})", font=_BOLD)
    _fill_row(ws, row, cols.total, _TOTAL_FILL, border=True)

    row += 2
    _text(ws, row, cols.post, L.BALANCE, _BOLD)
    _number(
        ws, row, cols.total,
        f"={_ref(expenses_row, cols.total)}-{_ref(financing_row, cols.total)}", font=_BOLD,
    )
    _text(ws, row + 1, cols.post, L.BALANCE_NOTE)

    _validation(ws, cols, runde, book.line_rows, range(first_financing + 1, financing_row))
    _layout(ws, cols, header_row, row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _category_block(book: _Book, navn: str, lines: list[ExpenseLine | None]) -> None:
    """A category's line rows (``None``: an empty row to fill in) and its subtotal row."""
    ws, cols = book.ws, book.cols
    first = row = book.row
    for line in lines:
        _text(ws, row, cols.post, navn).alignment = _TOP
        periods = [_ref(row, c) for c in cols.periods.values()]
        if line is None:
            _number(ws, row, cols.total, f"=ROUND({_ref(row, cols.antal)}*"
                                         f"{_ref(row, cols.enhedspris)},2)")
        else:
            _line_cells(book, row, line)
        spread = f"-SUM({periods[0]}:{periods[-1]})" if periods else ""
        _number(ws, row, cols.ikke_fordelt, f"={_ref(row, cols.total)}{spread}")
        book.open(row, cols.inputs)
        book.line_rows.append(row)
        row += 1
    _text(ws, row, cols.post, f"{navn}{L.SUBTOTAL_SUFFIX}", _BOLD)
    for col in cols.amounts:
        letter = get_column_letter(col)
        _number(ws, row, col, f"=SUM({letter}{first}:{letter}{row - 1})", font=_BOLD)
    _fill_row(ws, row, cols.bemaerkning, _SUBTOTAL_FILL)
    book.subtotal_rows.append(row)
    book.row = row + 1


def _line_cells(book: _Book, row: int, line: ExpenseLine) -> None:
    ws, cols = book.ws, book.cols
    _text(ws, row, cols.beskrivelse, line.beskrivelse).alignment = _WRAP
    if line.enheder is not None:
        _number(ws, row, cols.antal, line.enheder, _units_format(line.enheder))
    if line.enhedspris is not None:
        _number(ws, row, cols.enhedspris, line.enhedspris)
    if line.enhed:
        _text(ws, row, cols.enhed, line.enhed).alignment = _TOP
    for (_p, col), amount in zip(cols.periods.items(), line.per_period, strict=True):
        _number(ws, row, col, amount)
    _number(ws, row, cols.total, _line_total(line, row, cols))
    if line.bemaerkning:
        _text(ws, row, cols.bemaerkning, line.bemaerkning).alignment = _WRAP


def _validation(ws: Any, cols: _Columns, runde: Runde, line_rows: list[int],
                financing_rows: range) -> None:
    """The category cells take the round's eligible categories; the financing cells the
    financing types (lists in a hidden column: a category's words may hold a comma)."""
    letter = get_column_letter(cols.lists)
    names = [KATEGORI_NAVNE[k] for k in runde.budget.tilskudsberettigede()]
    types = list(FINANSIERING_NAVNE.values())
    for i, name in enumerate([*names, *types], start=1):
        _text(ws, i, cols.lists, name)
    ws.column_dimensions[letter].hidden = True
    post = get_column_letter(cols.post)
    if line_rows and names:
        dv = DataValidation(type="list", formula1=f"${letter}$1:${letter}${len(names)}",
                            allow_blank=True, errorStyle="warning",
                            error="Vælg en af STAR's udgiftskategorier fra listen.",
                            errorTitle="Udgiftskategori", showErrorMessage=True)
        for r in line_rows:
            dv.add(f"{post}{r}")
        ws.add_data_validation(dv)
    if len(financing_rows):
        first = len(names) + 1
        dv = DataValidation(type="list",
                            formula1=f"${letter}${first}:${letter}${first + len(types) - 1}",
                            allow_blank=True, errorStyle="warning",
                            error="Vælg en af finansieringstyperne fra listen.",
                            errorTitle="Finansiering", showErrorMessage=True)
        dv.add(f"{post}{financing_rows.start}:{post}{financing_rows.stop - 1}")
        ws.add_data_validation(dv)


def _layout(ws: Any, cols: _Columns, header_row: int, last_row: int) -> None:
    widths = {cols.post: 38, cols.beskrivelse: 60, cols.antal: 9, cols.enhedspris: 13,
              cols.enhed: 11, cols.total: 16, cols.bemaerkning: 50, cols.ikke_fordelt: 13}
    widths.update({col: 15 for col in cols.periods.values()})
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    _row_heights(ws, header_row + 1, last_row, {c: widths[c] for c in (cols.beskrivelse,
                                                                        cols.bemaerkning)})
    ws.freeze_panes = _ref(header_row + 1, cols.antal)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # Formula cells are locked; rows may be added and deleted, columns and rows resized.
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.formatCells = False
    protection.insertRows = False
    protection.deleteRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _fill_row(ws: Any, row: int, last_col: int, fill: PatternFill, *, border: bool = False) -> None:
    for col in range(1, last_col + 1):
        cell = ws.cell(row=row, column=col)
        cell.fill = fill
        if border:
            cell.border = _TOP_BORDER


def _row_heights(ws: Any, first: int, last: int, wrapped: dict[int, float]) -> None:
    """Room for wrapped text: spreadsheet programs do not grow rows written by openpyxl."""
    for row in range(first, last + 1):
        lines = 1
        for col, width in wrapped.items():
            value = ws.cell(row=row, column=col).value
            if isinstance(value, str) and value:
                per_line = max(int(width * 1.1), 1)
                lines = max(lines, sum(-(-max(len(part), 1) // per_line)
                                       for part in value.split("\n")))
        if lines > 1:
            ws.row_dimensions[row].height = 15 * lines
