"""The figures of the detailed budget, computed once for the Word and the Excel attachment.

``budget_figures`` is pure: it reads the answer file's budget and økonomi and the round's project
period and returns every line, subtotal and total as ``Decimal`` in whole øre. Both renderers
print these figures, so the .docx and the .xlsx cannot disagree.

The budget balances when total expenses = amount applied for + co-financing + other grants +
income (STAR, "Guide til udarbejdelse af projektbudgetter"); ``balance`` is expenses − financing,
0 when the budget agrees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from babel.numbers import format_decimal

from pulje.pools import Runde
from pulje.yamlsource import XML_ILLEGAL
from schemas.common import Application
from schemas.form import value_at
from schemas.kinds.budget import (
    FINANSIERING_NAVNE,
    KATEGORI_NAVNE,
    Budget,
    Finansieringslinje,
    Udgiftskategori,
    Udgiftslinje,
)
from schemas.types import ORE

ZERO = Decimal("0.00")

#: The heading of the attachment, as the form's økonomi section asks for it.
TITLE = "Bilag: Detaljeret budget"
#: The label of the amount applied for in the financing table.
APPLIED_LABEL = "Ansøgt fra puljen"
#: The financing types in the order the tables print them (after the amount applied for).
FINANCING_ORDER: tuple[Literal["medfinansiering", "tilskud", "indtaegt"], ...] = (
    "medfinansiering",
    "tilskud",
    "indtaegt",
)


@dataclass(frozen=True)
class ExpenseLine:
    """One expense line: its amount, and that amount spread over the budget's years."""

    kategori: Udgiftskategori
    beskrivelse: str
    enheder: Decimal | None
    enhed: str | None
    enhedspris: Decimal | None
    #: Units × unit price, where both are given (rounded to whole øre).
    beregnet: Decimal | None
    #: The line's amount: as written, else units × unit price.
    beloeb: Decimal
    #: The amount per year, in the order of ``BudgetFigures.years`` (0.00 for a year not given).
    per_year: tuple[Decimal, ...]
    #: The part of the amount not spread over any year (0.00 when the allocation is complete).
    ikke_fordelt: Decimal
    bemaerkning: str | None

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
    per_year: tuple[Decimal, ...]
    ikke_fordelt: Decimal
    total: Decimal


@dataclass(frozen=True)
class FinancingLine:
    beskrivelse: str
    beloeb: Decimal


@dataclass(frozen=True)
class FinancingGroup:
    """The financing lines of one type (medfinansiering, tilskud, indtaegt)."""

    type: str
    navn: str
    lines: tuple[FinancingLine, ...]
    total: Decimal


@dataclass(frozen=True)
class BudgetFigures:
    """Every figure the budget attachment shows."""

    #: The budget's years: the project period's, plus any year a line is spread over.
    years: tuple[int, ...]
    #: The categories that have lines, in STAR's order (``KATEGORI_NAVNE``).
    categories: tuple[CategoryFigures, ...]
    expenses_per_year: tuple[Decimal, ...]
    expenses_ikke_fordelt: Decimal
    expenses_total: Decimal
    #: ``oekonomi.ansoegt_beloeb`` (0.00 when not given).
    applied: Decimal
    #: Every financing type in ``FINANCING_ORDER``, also those without lines.
    financing: tuple[FinancingGroup, ...]
    #: Co-financing, other grants and income, without the amount applied for.
    other_financing_total: Decimal
    #: The amount applied for plus ``other_financing_total``.
    financing_total: Decimal
    #: Expenses − financing: 0.00 when the budget balances.
    balance: Decimal

    @property
    def has_ikke_fordelt(self) -> bool:
        """Whether some line is not wholly spread over the years (a draft can have that)."""
        return any(line.ikke_fordelt != ZERO for c in self.categories for line in c.lines)

    @property
    def lines(self) -> tuple[ExpenseLine, ...]:
        return tuple(line for c in self.categories for line in c.lines)

    def group(self, kind: str) -> FinancingGroup:
        for g in self.financing:
            if g.type == kind:
                return g
        raise KeyError(kind)


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


def _years(budget: Budget, runde: Runde | None) -> tuple[int, ...]:
    period = runde.periode if runde is not None else None
    years = set(period.years) if period is not None else set()
    for line in budget.udgifter:
        years.update(line.fordeling)
    return tuple(sorted(years))


def _expense_line(line: Udgiftslinje, years: tuple[int, ...]) -> ExpenseLine:
    amount = line.linjebeloeb.quantize(ORE)
    per_year = tuple(line.fordeling.get(year, ZERO).quantize(ORE) for year in years)
    return ExpenseLine(
        kategori=line.kategori,
        beskrivelse=line.beskrivelse,
        enheder=line.enheder,
        enhed=line.enhed,
        enhedspris=line.enhedspris,
        beregnet=line.beregnet,
        beloeb=amount,
        per_year=per_year,
        ikke_fordelt=(amount - _sum(per_year)).quantize(ORE),
        bemaerkning=line.bemaerkning,
    )


def _category(kategori: Udgiftskategori, lines: list[ExpenseLine], width: int) -> CategoryFigures:
    return CategoryFigures(
        kategori=kategori,
        navn=KATEGORI_NAVNE[kategori],
        lines=tuple(lines),
        per_year=_column_sums((line.per_year for line in lines), width),
        ikke_fordelt=_sum(line.ikke_fordelt for line in lines),
        total=_sum(line.beloeb for line in lines),
    )


def _financing_group(kind: str, lines: list[Finansieringslinje]) -> FinancingGroup:
    own = tuple(
        FinancingLine(f.beskrivelse, f.beloeb.quantize(ORE)) for f in lines if f.type == kind
    )
    return FinancingGroup(kind, FINANSIERING_NAVNE[kind], own, _sum(f.beloeb for f in own))


def budget_figures(model: Application, runde: Runde | None) -> BudgetFigures:
    """The budget attachment's figures for an answer file's model and its round.

    ``runde`` gives the project period's years; with ``None`` only the years the lines are
    spread over are used. A form without a budget gives an empty one.
    """
    budget = budget_of(model)
    applied = applied_of(model)
    years = _years(budget, runde)
    width = len(years)
    lines = [_expense_line(line, years) for line in budget.udgifter]
    categories = tuple(
        _category(kategori, own, width)
        for kategori in KATEGORI_NAVNE
        if (own := [line for line in lines if line.kategori == kategori])
    )
    expenses_total = _sum(c.total for c in categories)
    financing = tuple(_financing_group(kind, budget.finansiering) for kind in FINANCING_ORDER)
    other = _sum(g.total for g in financing)
    applied_amount = (applied if applied is not None else ZERO).quantize(ORE)
    financing_total = (applied_amount + other).quantize(ORE)
    return BudgetFigures(
        years=years,
        categories=categories,
        expenses_per_year=_column_sums((c.per_year for c in categories), width),
        expenses_ikke_fordelt=_sum(c.ikke_fordelt for c in categories),
        expenses_total=expenses_total,
        applied=applied_amount,
        financing=financing,
        other_financing_total=other,
        financing_total=financing_total,
        balance=(expenses_total - financing_total).quantize(ORE),
    )


# --- shared by the renderers ------------------------------------------------------------------


def printable(text: str | None) -> str:
    """User text as a Word or Excel cell can hold it: characters XML forbids are dropped."""
    return XML_ILLEGAL.sub("", text or "")


def amount_text(amount: Decimal) -> str:
    """An amount in Danish format without the currency: ``1.080.000,00``."""
    return str(format_decimal(amount, format="#,##0.00", locale="da_DK"))


def units_text(line: ExpenseLine) -> str:
    """"24 måned × 45.000,00", or "" when the line has no units and unit price."""
    if line.enheder is None or line.enhedspris is None:
        return ""
    units = str(format_decimal(line.enheder, format="#,##0.####", locale="da_DK"))
    unit = f" {printable(line.enhed).strip()}" if line.enhed and line.enhed.strip() else ""
    return f"{units}{unit} × {amount_text(line.enhedspris)}"


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
