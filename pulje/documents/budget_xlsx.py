"""The budget attachment as an Excel workbook whose totals are live formulas.

One sheet, "Budget": the expense lines by category (units, unit price, the amount per year, the
line's total as ``=C9*D9`` where it is units × unit price), each category's subtotals and the
total as ``=SUM(…)``, then the financing block and the balance as a formula. The figures the
formulas give are the figures of ``documents.budget.budget_figures``, as in the .docx.

Every text from the answer file is written as a string cell, so a description beginning with
"=" stays text and never becomes a formula.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from pulje.answers.loader import LoadedApplication
from pulje.diagnostics.i18n import Translator
from pulje.documents.budget import (
    APPLIED_LABEL,
    TITLE,
    ZERO,
    BudgetFigures,
    ExpenseLine,
    budget_figures,
    identifikation_of,
    printable,
)
from schemas.types import ORE

SHEET = "Budget"
AMOUNT_FORMAT = "#,##0.00"
HEADER_ROW = 8
FONT = "Calibri"

_BOLD = Font(name=FONT, bold=True)
_PLAIN = Font(name=FONT)
_TITLE = Font(name=FONT, bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
_SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_TOTAL_FILL = PatternFill("solid", fgColor="D9D9D9")
_THIN = Side(style="thin", color="808080")
_TOP_BORDER = Border(top=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FORMULA_START = ("=", "+", "-", "@")


class _Columns:
    """Where each column of the sheet is (1-based)."""

    def __init__(self, figures: BudgetFigures) -> None:
        self.post, self.beskrivelse, self.antal, self.enhedspris, self.enhed = 1, 2, 3, 4, 5
        self.years = {year: 6 + i for i, year in enumerate(figures.years)}
        after = 6 + len(figures.years)
        self.ikke_fordelt: int | None = after if figures.has_ikke_fordelt else None
        self.total = after + (1 if figures.has_ikke_fordelt else 0)
        self.bemaerkning = self.total + 1

    @property
    def amounts(self) -> list[int]:
        """The columns that hold amounts summed down the sheet."""
        cols = list(self.years.values())
        if self.ikke_fordelt is not None:
            cols.append(self.ikke_fordelt)
        return [*cols, self.total]


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


def _number(ws: Any, row: int, col: int, value: Decimal | str, fmt: str = AMOUNT_FORMAT,
            font: Font = _PLAIN) -> Any:
    """A number, or a formula when ``value`` is a string beginning with "="."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.number_format = fmt
    cell.font = font
    cell.alignment = _TOP
    return cell


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


def render_budget_xlsx(loaded: LoadedApplication, target: Path) -> None:
    """Write the budget attachment of ``loaded`` to ``target`` (.xlsx), totals as formulas.

    The file is written in place; a caller wanting it whole or not at all renders to a temporary
    name and renames. Raises ``ValueError`` when the answer file has no valid model.
    """
    if loaded.model is None or loaded.pool is None:
        raise ValueError(f"{loaded.file}: the answer file has no valid model to render")
    figures = budget_figures(loaded.model, loaded.runde)
    ident = identifikation_of(loaded.model)
    tr = Translator("da")
    cols = _Columns(figures)

    wb = Workbook()
    ws: Any = wb.active
    ws.title = SHEET
    wb.properties.title = TITLE
    wb.properties.subject = loaded.pool.navn
    wb.properties.creator = printable(ident.kommune) or "pulje"
    wb.properties.language = "da-DK"

    # --- the head ------------------------------------------------------------------------
    _text(ws, 1, 1, TITLE, _TITLE)
    facts: list[tuple[str, str]] = [
        ("Projekt", " ".join(printable(ident.projektnavn).split())),
        ("Ansøger", printable(ident.kommune)),
        ("Pulje", loaded.pool.navn),
    ]
    period = loaded.runde.periode if loaded.runde is not None else None
    if period is not None:
        facts.append(("Projektperiode", f"{tr.date(period.start)} – {tr.date(period.end)}"))
    facts.append(("Beløb", "Alle beløb i kr."))
    for i, (label, value) in enumerate(facts, start=2):
        _text(ws, i, 1, label, _BOLD)
        _text(ws, i, 2, value)
    header_row = max(HEADER_ROW, len(facts) + 3)

    heads = {
        cols.post: "Post", cols.beskrivelse: "Beskrivelse", cols.antal: "Antal",
        cols.enhedspris: "Enhedspris", cols.enhed: "Enhed", cols.total: "I alt",
        cols.bemaerkning: "Bemærkning",
    }
    heads.update({col: str(year) for year, col in cols.years.items()})
    if cols.ikke_fordelt is not None:
        heads[cols.ikke_fordelt] = "Ikke fordelt"
    for col, head in heads.items():
        cell = _text(ws, header_row, col, head, _BOLD)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(
            horizontal="right" if col in cols.amounts or col in (cols.antal, cols.enhedspris)
            else "left",
            vertical="top", wrap_text=True,
        )

    # --- expenses ------------------------------------------------------------------------
    row = header_row + 1
    subtotal_rows: list[int] = []
    for category in figures.categories:
        first = row
        for line in category.lines:
            _text(ws, row, cols.post, category.navn).alignment = _TOP
            _text(ws, row, cols.beskrivelse, line.beskrivelse).alignment = _WRAP
            if line.enheder is not None:
                _number(ws, row, cols.antal, line.enheder, _units_format(line.enheder))
            if line.enhedspris is not None:
                _number(ws, row, cols.enhedspris, line.enhedspris)
            if line.enhed:
                _text(ws, row, cols.enhed, line.enhed).alignment = _TOP
            for (_year, col), amount in zip(cols.years.items(), line.per_year, strict=True):
                _number(ws, row, col, amount)
            _number(ws, row, cols.total, _line_total(line, row, cols))
            if cols.ikke_fordelt is not None:
                years = [_ref(row, c) for c in cols.years.values()]
                rest = f"={_ref(row, cols.total)}" + (f"-SUM({years[0]}:{years[-1]})"
                                                      if years else "")
                _number(ws, row, cols.ikke_fordelt, rest)
            if line.bemaerkning:
                _text(ws, row, cols.bemaerkning, line.bemaerkning).alignment = _WRAP
            row += 1
        _text(ws, row, cols.post, f"{category.navn} i alt", _BOLD)
        for col in cols.amounts:
            letter = get_column_letter(col)
            _number(ws, row, col, f"=SUM({letter}{first}:{letter}{row - 1})", font=_BOLD)
        _fill_row(ws, row, cols.bemaerkning, _SUBTOTAL_FILL)
        subtotal_rows.append(row)
        row += 1
    expenses_row = row
    _text(ws, row, cols.post, "Udgifter i alt", _BOLD)
    for col in cols.amounts:
        parts = ",".join(_ref(r, col) for r in subtotal_rows)
        _number(ws, row, col, f"=SUM({parts})" if parts else ZERO, font=_BOLD)
    _fill_row(ws, row, cols.bemaerkning, _TOTAL_FILL, border=True)

    # --- financing -----------------------------------------------------------------------
    row += 2
    fin_head = {cols.post: "Finansiering", cols.beskrivelse: "Beskrivelse / kilde",
                cols.total: "Beløb"}
    for col, head in fin_head.items():
        cell = _text(ws, row, col, head, _BOLD)
        cell.fill = _HEAD_FILL
        if col == cols.total:
            cell.alignment = Alignment(horizontal="right")
    row += 1
    _text(ws, row, cols.post, APPLIED_LABEL)
    _text(ws, row, cols.beskrivelse, loaded.pool.navn)
    _number(ws, row, cols.total, figures.applied)
    counted = [row]
    row += 1
    for group in figures.financing:
        if not group.lines:
            _text(ws, row, cols.post, group.navn)
            _text(ws, row, cols.beskrivelse, "Ingen")
            _number(ws, row, cols.total, ZERO)
            counted.append(row)
            row += 1
            continue
        first = row
        for fin in group.lines:
            _text(ws, row, cols.post, group.navn).alignment = _TOP
            _text(ws, row, cols.beskrivelse, fin.beskrivelse).alignment = _WRAP
            _number(ws, row, cols.total, fin.beloeb)
            row += 1
        if len(group.lines) > 1:
            letter = get_column_letter(cols.total)
            _text(ws, row, cols.post, f"{group.navn} i alt", _BOLD)
            _number(ws, row, cols.total, f"=SUM({letter}{first}:{letter}{row - 1})", font=_BOLD)
            _fill_row(ws, row, cols.total, _SUBTOTAL_FILL)
            counted.append(row)
            row += 1
        else:
            counted.append(first)
    financing_row = row
    _text(ws, row, cols.post, "Finansiering i alt", _BOLD)
    parts = ",".join(_ref(r, cols.total) for r in counted)
    _number(ws, row, cols.total, f"=SUM({parts})", font=_BOLD)
    _fill_row(ws, row, cols.total, _TOTAL_FILL, border=True)

    row += 2
    _text(ws, row, cols.post, "Balance (udgifter − finansiering)", _BOLD)
    _number(
        ws, row, cols.total,
        f"={_ref(expenses_row, cols.total)}-{_ref(financing_row, cols.total)}", font=_BOLD,
    )
    _text(ws, row + 1, cols.post, "Budgettet balancerer, når balancen er 0,00.")

    # --- layout --------------------------------------------------------------------------
    widths = {cols.post: 38, cols.beskrivelse: 60, cols.antal: 9, cols.enhedspris: 13,
              cols.enhed: 11, cols.total: 16, cols.bemaerkning: 50}
    widths.update({col: 15 for col in cols.years.values()})
    if cols.ikke_fordelt is not None:
        widths[cols.ikke_fordelt] = 15
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    _row_heights(ws, header_row + 1, row, {c: widths[c] for c in (cols.beskrivelse,
                                                                   cols.bemaerkning)})
    ws.freeze_panes = _ref(header_row + 1, cols.antal)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(str(target))


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
