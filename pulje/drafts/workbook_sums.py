"""The workbook's own sums against pulje's figures: where the workbook stored a result for a
line's amount, a category's total (per period and in all), the expenses, the financing or the
balance, and it differs from what pulje computes from the lines, a warning (REG006) at the
cell — a row added without its formula, a total that no longer covers every line, or a number
typed as text that the sheet's formula does not count."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from pulje.diagnostics import N_, Hint, Kr
from pulje.documents.budget import figures_of_budget
from pulje.drafts import codes
from pulje.drafts.workbook_cells import Cell, Sheet, Unfit, cell_number, cell_text
from pulje.pools import Runde
from schemas.budget import Budget, Periode
from schemas.types import ORE

if TYPE_CHECKING:
    from pulje.drafts.workbook import WorkbookBudget

_TOLERANCE = Decimal("0.005")
_CHECK_FORMULA = Hint(
    N_("Check the formula behind the figure."),
    excel=N_("Check the formula in {sheet}!{cell} and the cells it adds up: a row added "
             "without its formula, a total that no longer covers every line, or a number "
             "typed as text? Then let the workbook recalculate."))


def compare_sums(result: WorkbookBudget, sheet: Sheet, runde: Runde | None,
                 line_totals: list[tuple[Cell, int, str]], totals: list[tuple[int, str, str]],
                 periods: dict[int, Periode], total_col: int | None,
                 amount_col: int | None) -> None:
    """REG006 for each stored result of the sheet that differs from pulje's figure:
    ``line_totals`` (a line's amount cell, its index, its description), ``totals`` (row, what,
    category key) with their figures in ``total_col`` (per period in ``periods``' columns, the
    financing's in ``amount_col``)."""
    if result.budget is None or result.unfit:
        return
    try:
        budget = Budget.model_validate(result.budget)
    except ValueError:
        return
    figures = figures_of_budget(budget, result.applied, runde)
    for cell, index, description in line_totals:
        line = budget.udgifter[index]
        half_up = None
        if line.enheder is not None and line.enhedspris is not None:
            half_up = (line.enheder * line.enhedspris).quantize(ORE, rounding=ROUND_HALF_UP)
        _differs(result, cell, line.linjebeloeb, description, alternative=half_up, line=True)
    if total_col is None:
        return
    for row, what, key in totals:
        cell = sheet.cell(row, total_col)
        label = cell_text(sheet.cell(row, 1).value)
        if what == "category":
            category = next((c for c in figures.categories if c.kategori.value == key), None)
            _differs(result, cell, category.total if category else Decimal("0.00"), label)
            for col, period in periods.items():
                if category is not None and period in figures.periods:
                    value = category.per_period[figures.periods.index(period)]
                    _differs(result, sheet.cell(row, col), value, label)
        elif what == "expenses":
            _differs(result, cell, figures.expenses_total, label)
        elif what == "financing":
            _differs(result, sheet.cell(row, amount_col or total_col), figures.financing_total,
                     label)
        elif what == "balance" and result.applied is not None:
            _differs(result, sheet.cell(row, amount_col or total_col), figures.balance, label)


def _differs(result: WorkbookBudget, cell: Cell, computed: Decimal, label: str, *,
             alternative: Decimal | None = None, line: bool = False) -> None:
    if not cell.formula or cell.cached is None:
        return
    if isinstance(cell.cached, str) and cell.cached.startswith("#"):
        if line:  # the cause; the sums above it show the same error
            result.note(
                codes.REG006,
                N_("The workbook shows the error {error} in {cell} ('{label}'), where the "
                   "line gives {computed}, which pulje counts."),
                _CHECK_FORMULA, cell.ref, label or None, error=cell.cached[:20],
                computed=Kr(computed), cell=cell.ref, label=label or "-")
        return
    try:
        shown = cell_number(cell.cached, money=True, computed=True)
    except Unfit:
        return
    if shown is None:
        return
    if (shown - computed).copy_abs() < _TOLERANCE or (
        alternative is not None and (shown - alternative).copy_abs() < _TOLERANCE
    ):
        return
    result.note(
        codes.REG006,
        N_("The workbook shows {shown} in {cell} ('{label}'), but its lines give "
           "{computed}, which pulje counts."),
        _CHECK_FORMULA, cell.ref, label or None, shown=Kr(shown), computed=Kr(computed),
        cell=cell.ref, label=label or "-",
    )


__all__ = ["compare_sums"]
