"""The figures of the detailed budget, computed once for the Word and the Excel attachment.

``budget_figures`` is pure: it reads the answer file's budget and økonomi and the round's project
period and periodisation (per year, quarter or month) and returns every line, subtotal and total
as ``Decimal`` in whole øre, per period and per year. Both renderers print these figures, so the
.docx and the .xlsx cannot disagree; the workbook's reader computes with them too.

The budget balances when total expenses = amount applied for + co-financing + other grants +
income (STAR, "Guide til udarbejdelse af projektbudgetter"); ``balance`` is expenses − financing,
0 when the budget agrees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

from pulje.diagnostics.i18n import Translator
from pulje.pools import Runde
from pulje.yamlsource import XML_ILLEGAL
from schemas.budget import (
    FINANSIERING_NAVNE,
    KATEGORI_NAVNE,
    Budget,
    Finansieringslinje,
    Finansieringstype,
    Periode,
    Periodisering,
    Udgiftskategori,
    Udgiftslinje,
    perioder,
    split,
)
from schemas.common import Application
from schemas.form import value_at
from schemas.types import ORE

ZERO = Decimal("0.00")

#: The heading of the attachment, as the form's økonomi section asks for it.
TITLE = "Bilag: Detaljeret budget"
#: The label of the amount applied for in the financing table.
APPLIED_LABEL = "Ansøgt fra puljen"
#: The financing types in the order the tables print them (after the amount applied for).
FINANCING_ORDER: tuple[Finansieringstype, ...] = tuple(FINANSIERING_NAVNE)


@dataclass(frozen=True)
class ExpenseLine:
    """One expense line: its amount, and that amount spread over the budget's periods."""

    kategori: Udgiftskategori
    beskrivelse: str
    enheder: Decimal | None
    enhed: str | None
    enhedspris: Decimal | None
    #: Units × unit price, where both are given (rounded to whole øre).
    beregnet: Decimal | None
    #: The line's amount: as written, else units × unit price.
    beloeb: Decimal
    #: The amount per period, in the order of ``BudgetFigures.periods`` (0.00 where none).
    per_period: tuple[Decimal, ...]
    #: The amount per year, in the order of ``BudgetFigures.years``.
    per_year: tuple[Decimal, ...]
    #: The part of the amount not spread over any period (0.00 when the allocation is whole).
    ikke_fordelt: Decimal
    bemaerkning: str | None
    #: The line's number among the answer file's expense lines (from 1).
    nummer: int = 0

    @property
    def from_units(self) -> bool:
        """Whether the amount is units × unit price (so a spreadsheet may compute it)."""
        return self.beregnet is not None and self.beregnet == self.beloeb


@dataclass(frozen=True)
class CategoryFigures:
    """The lines of one STAR expense category and their subtotals."""

    kategori: Udgiftskategori
    navn: str
    lines: tuple[ExpenseLine, ...]
    per_period: tuple[Decimal, ...]
    per_year: tuple[Decimal, ...]
    ikke_fordelt: Decimal
    total: Decimal


@dataclass(frozen=True)
class FinancingLine:
    beskrivelse: str
    beloeb: Decimal
    #: The amount per period where the line is spread (all 0.00 when it is not).
    per_period: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class FinancingGroup:
    """The financing lines of one type (medfinansiering, tilskud, moms, afskrivninger,
    indtaegt)."""

    type: Finansieringstype
    navn: str
    lines: tuple[FinancingLine, ...]
    total: Decimal


@dataclass(frozen=True)
class BudgetFigures:
    """Every figure the budget attachment shows."""

    #: The budget's columns: the round's periods (per year, quarter or month) over the project
    #: period, plus any period a line is spread over.
    periods: tuple[Periode, ...]
    #: The years of those periods.
    years: tuple[int, ...]
    #: The categories that have lines, in STAR's order (``KATEGORI_NAVNE``).
    categories: tuple[CategoryFigures, ...]
    expenses_per_period: tuple[Decimal, ...]
    expenses_per_year: tuple[Decimal, ...]
    expenses_ikke_fordelt: Decimal
    expenses_total: Decimal
    #: ``oekonomi.ansoegt_beloeb`` (0.00 when not given).
    applied: Decimal
    #: Every financing type in ``FINANCING_ORDER``, also those without lines.
    financing: tuple[FinancingGroup, ...]
    #: Co-financing, other grants, moms, afskrivninger and income: all but the amount applied
    #: for.
    other_financing_total: Decimal
    #: The amount applied for plus ``other_financing_total``.
    financing_total: Decimal
    #: Expenses − financing: 0.00 when the budget balances.
    balance: Decimal
    #: How the round spreads the budget: per year, quarter or month.
    periodisering: Periodisering = "aar"

    @property
    def has_ikke_fordelt(self) -> bool:
        """Whether some line is not wholly spread over the periods (a draft can have that)."""
        return any(line.ikke_fordelt != ZERO for c in self.categories for line in c.lines)

    @property
    def lines(self) -> tuple[ExpenseLine, ...]:
        return tuple(line for c in self.categories for line in c.lines)

    def group(self, kind: str) -> FinancingGroup:
        for g in self.financing:
            if g.type == kind:
                return g
        raise KeyError(kind)

    def category(self, kategori: Udgiftskategori) -> CategoryFigures | None:
        return next((c for c in self.categories if c.kategori is kategori), None)


@dataclass(frozen=True)
class Ident:
    """Who applies, as the shared section identifikation says it (None where a form lacks it)."""

    projektnavn: str | None
    kommune: str | None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def budget_of(model: Application) -> Budget:
    """The answers' detailed budget (the first answer of kind budget); empty if none."""
    for name in type(model).model_fields:
        value = getattr(model, name, None)
        if isinstance(value, Budget):
            return value
    return Budget()


def applied_of(model: Application) -> Decimal | None:
    """The amount applied for (the shared section oekonomi's ``ansoegt_beloeb``)."""
    value = value_at(model, ("oekonomi", "ansoegt_beloeb"))
    return value if isinstance(value, Decimal) else None


def identifikation_of(model: Application) -> Ident:
    return Ident(_text(value_at(model, ("identifikation", "projektnavn"))),
                 _text(value_at(model, ("identifikation", "kommune"))))


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO).quantize(ORE)


def _column_sums(rows: Iterable[tuple[Decimal, ...]], width: int) -> tuple[Decimal, ...]:
    totals = [ZERO] * width
    for row in rows:
        for i, value in enumerate(row):
            totals[i] += value
    return tuple(t.quantize(ORE) for t in totals)


def periodisering_of(runde: Runde | None) -> Periodisering:
    """The round's periodisation (per year when it sets none)."""
    found = runde.budget.periodisering if runde is not None else None
    return found or "aar"


def budget_periods(budget: Budget, runde: Runde | None) -> tuple[Periode, ...]:
    """The columns of the budget: the round's periods over its project period, and any period
    a line is spread over outside it."""
    period = runde.periode if runde is not None else None
    keys = [k for line in budget.udgifter for k in line.fordeling]
    return perioder(periodisering_of(runde), period, keys)


def _expense_line(line: Udgiftslinje, number: int, periods: tuple[Periode, ...],
                  years: tuple[Periode, ...]) -> ExpenseLine:
    amount = line.linjebeloeb.quantize(ORE)
    per_period, _ = split(line.fordeling, periods)
    per_year, _ = split(line.fordeling, years)
    return ExpenseLine(
        kategori=line.kategori,
        beskrivelse=line.beskrivelse,
        enheder=line.enheder,
        enhed=line.enhed,
        enhedspris=line.enhedspris,
        beregnet=line.beregnet,
        beloeb=amount,
        per_period=per_period,
        per_year=per_year,
        ikke_fordelt=(amount - _sum(per_period)).quantize(ORE),
        bemaerkning=line.bemaerkning,
        nummer=number,
    )


def _category(kategori: Udgiftskategori, lines: list[ExpenseLine], width: int,
              years: int) -> CategoryFigures:
    return CategoryFigures(
        kategori=kategori,
        navn=KATEGORI_NAVNE[kategori],
        lines=tuple(lines),
        per_period=_column_sums((line.per_period for line in lines), width),
        per_year=_column_sums((line.per_year for line in lines), years),
        ikke_fordelt=_sum(line.ikke_fordelt for line in lines),
        total=_sum(line.beloeb for line in lines),
    )


def _financing_group(kind: Finansieringstype, lines: list[Finansieringslinje],
                     periods: tuple[Periode, ...]) -> FinancingGroup:
    own = tuple(
        FinancingLine(f.beskrivelse, f.beloeb.quantize(ORE), split(f.fordeling, periods)[0])
        for f in lines if f.type == kind
    )
    return FinancingGroup(kind, FINANSIERING_NAVNE[kind], own, _sum(f.beloeb for f in own))


def budget_figures(model: Application, runde: Runde | None) -> BudgetFigures:
    """The budget attachment's figures for an answer file's model and its round.

    ``runde`` gives the project period and the periodisation (per year, quarter or month);
    with ``None`` only the years the lines are spread over are used. A form without a budget
    gives an empty one.
    """
    return figures_of_budget(budget_of(model), applied_of(model), runde)


def figures_of_budget(budget: Budget, applied: Decimal | None,
                      runde: Runde | None) -> BudgetFigures:
    """``budget_figures`` of a budget and an amount applied for (the workbook's reader)."""
    periods = budget_periods(budget, runde)
    year_list = tuple(sorted({p.aar for p in periods}))
    years = tuple(Periode(y) for y in year_list)
    width = len(periods)
    lines = [_expense_line(line, i, periods, years)
             for i, line in enumerate(budget.udgifter, start=1)]
    categories = tuple(
        _category(kategori, own, width, len(years))
        for kategori in KATEGORI_NAVNE
        if (own := [line for line in lines if line.kategori is kategori])
    )
    expenses_total = _sum(c.total for c in categories)
    financing = tuple(_financing_group(kind, budget.finansiering, periods)
                      for kind in FINANCING_ORDER)
    other = _sum(g.total for g in financing)
    applied_amount = (applied if applied is not None else ZERO).quantize(ORE)
    financing_total = (applied_amount + other).quantize(ORE)
    return BudgetFigures(
        periods=periods,
        years=year_list,
        categories=categories,
        expenses_per_period=_column_sums((c.per_period for c in categories), width),
        expenses_per_year=_column_sums((c.per_year for c in categories), len(years)),
        expenses_ikke_fordelt=_sum(c.ikke_fordelt for c in categories),
        expenses_total=expenses_total,
        applied=applied_amount,
        financing=financing,
        other_financing_total=other,
        financing_total=financing_total,
        balance=(expenses_total - financing_total).quantize(ORE),
        periodisering=periodisering_of(runde),
    )


# --- shared by the renderers ------------------------------------------------------------------


def printable(text: str | None) -> str:
    """User text as a Word or Excel cell can hold it: characters XML forbids are dropped."""
    return XML_ILLEGAL.sub("", text or "")


def amount_text(amount: Decimal) -> str:
    """An amount in Danish format without the currency: ``1.080.000,00``."""
    return str(format_decimal(amount, format="#,##0.00", locale="da_DK"))


def units_text(line: ExpenseLine) -> str:
    """"24 måneder × 45.000,00", or "" when the line has no units and unit price."""
    if line.enheder is None or line.enhedspris is None:
        return ""
    units = Translator("da").quantity(line.enheder, printable(line.enhed or ""))
    return f"{units} × {amount_text(line.enhedspris)}"


def balance_explanation(figures: BudgetFigures) -> str:
    """The sentence after the balance: whether expenses and financing agree."""
    if figures.balance == ZERO:
        return "Udgifterne i alt svarer til finansieringen i alt."
    if figures.balance > ZERO:
        return (
            f"Udgifterne overstiger finansieringen med {amount_text(figures.balance)} kr.; "
            "budgettet balancerer ikke."
        )
    return (
        f"Finansieringen overstiger udgifterne med {amount_text(-figures.balance)} kr.; "
        "budgettet balancerer ikke."
    )
