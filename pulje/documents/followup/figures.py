"""The ONE adapter between the budget and everything after the application.

The committee case, the grant's revised budget, the change request and the reports read the
budget only through this module, which reads it only through the budget's computation API
(``pulje.documents.budget.budget_figures`` and the budget model). When the budget's model
changes (categories, periodisation, salary lines), this is the one module to re-point.

Lines get a stable key: their place in the application's budget, from 1 ("1", "2", …), which
is the number the reports, the account and ``pulje change --line N=…`` use.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from pulje.documents.budget import ZERO, budget_figures, budget_of
from schemas.types import ORE

#: The category of salary lines (positions) and of the audit line.
SALARY = "loen"
AUDIT = "revision"


@dataclass(frozen=True)
class Line:
    """One expense line of a budget."""

    key: str
    kategori: str
    kategori_navn: str
    beskrivelse: str
    enheder: Decimal | None
    enhed: str | None
    enhedspris: Decimal | None
    beloeb: Decimal
    #: Its amount per year of the budget (the years of ``BudgetView.years``).
    per_year: Mapping[int, Decimal]
    bemaerkning: str | None = None

    @property
    def salary(self) -> bool:
        return self.kategori == SALARY

    @property
    def audit(self) -> bool:
        return self.kategori == AUDIT

    def record(self) -> dict[str, Any]:
        """The line as JSON keeps it (amounts as text with two decimals)."""
        return {
            "key": self.key, "kategori": self.kategori, "kategori_navn": self.kategori_navn,
            "beskrivelse": self.beskrivelse,
            "enheder": None if self.enheder is None else str(self.enheder),
            "enhed": self.enhed,
            "enhedspris": None if self.enhedspris is None else str(self.enhedspris),
            "beloeb": str(self.beloeb),
            "per_year": {str(y): str(a) for y, a in self.per_year.items()},
            "bemaerkning": self.bemaerkning,
        }

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Line:
        def dec(value: Any) -> Decimal | None:
            return None if value is None else Decimal(str(value))

        return cls(
            key=str(data["key"]), kategori=str(data["kategori"]),
            kategori_navn=str(data["kategori_navn"]), beskrivelse=str(data["beskrivelse"]),
            enheder=dec(data.get("enheder")), enhed=data.get("enhed"),
            enhedspris=dec(data.get("enhedspris")), beloeb=Decimal(str(data["beloeb"])),
            per_year={int(y): Decimal(str(a)) for y, a in dict(data.get("per_year") or {}).items()},
            bemaerkning=data.get("bemaerkning"),
        )


@dataclass(frozen=True)
class BudgetView:
    """The figures of a budget that the documents after the application use."""

    years: tuple[int, ...]
    lines: tuple[Line, ...]
    #: The amount applied for (or, after a grant, the amount granted).
    applied: Decimal
    #: The applicant's own co-financing (medfinansiering).
    cofinancing: Decimal
    #: Every other financing line: grants from others, moms, afskrivninger and income.
    other_financing: Decimal
    #: The guide's words of the kinds of other financing the budget has ("Moms", …).
    other_kinds: tuple[str, ...] = ()

    @property
    def expenses_total(self) -> Decimal:
        return sum((line.beloeb for line in self.lines), ZERO).quantize(ORE)

    @property
    def per_year(self) -> dict[int, Decimal]:
        return {y: sum((line.per_year.get(y, ZERO) for line in self.lines), ZERO).quantize(ORE)
                for y in self.years}

    @property
    def salary_lines(self) -> list[Line]:
        return [line for line in self.lines if line.salary]

    def line(self, key: str) -> Line | None:
        return next((line for line in self.lines if line.key == key), None)

    def record(self) -> dict[str, Any]:
        return {"years": list(self.years), "lines": [line.record() for line in self.lines],
                "applied": str(self.applied), "cofinancing": str(self.cofinancing),
                "other_financing": str(self.other_financing),
                "other_kinds": list(self.other_kinds)}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> BudgetView:
        return cls(
            years=tuple(int(y) for y in data.get("years") or ()),
            lines=tuple(Line.from_record(x) for x in data.get("lines") or ()),
            applied=Decimal(str(data.get("applied", "0"))),
            cofinancing=Decimal(str(data.get("cofinancing", "0"))),
            other_financing=Decimal(str(data.get("other_financing", "0"))),
            other_kinds=tuple(str(k) for k in data.get("other_kinds") or ()),
        )


def budget_view(loaded: Any) -> BudgetView:
    """The budget of a loaded answer file (``LoadedApplication`` with a model)."""
    figures = budget_figures(loaded.model, loaded.runde)
    lines = tuple(
        Line(
            key=str(i), kategori=str(line.kategori), kategori_navn=category.navn,
            beskrivelse=" ".join(line.beskrivelse.split()), enheder=line.enheder,
            enhed=line.enhed, enhedspris=line.enhedspris, beloeb=line.beloeb,
            per_year=dict(zip(figures.years, line.per_year, strict=True)),
            bemaerkning=line.bemaerkning,
        )
        for i, (category, line) in enumerate(_in_answer_order(figures, loaded.model), start=1)
    )
    # Every financing line but the applicant's own: the guide's moms and afskrivninger count
    # as the budget's figures count them (financing_total = applied + all of these).
    others = [g for g in figures.financing if g.type.value != "medfinansiering" and g.lines]
    return BudgetView(
        years=figures.years, lines=lines, applied=figures.applied,
        cofinancing=figures.group("medfinansiering").total,
        other_financing=(figures.other_financing_total
                         - figures.group("medfinansiering").total).quantize(ORE),
        other_kinds=tuple(g.navn for g in others),
    )


def _in_answer_order(figures: Any, model: Any) -> list[tuple[Any, Any]]:
    """The figures' lines in the order the answer file has them (their keys are that place)."""
    pool = [(c, line) for c in figures.categories for line in c.lines]
    out: list[tuple[Any, Any]] = []
    for answer in budget_of(model).udgifter:
        for i, (_c, line) in enumerate(pool):
            if str(line.kategori) == str(answer.kategori) and line.beskrivelse == (
                    answer.beskrivelse):
                out.append(pool.pop(i))
                break
    return out + pool


def revised_application(loaded: Any, view: BudgetView) -> Any:
    """A copy of ``loaded`` whose budget is ``view``'s lines and whose amount applied for is
    ``view.applied``: what the budget writers need to write a revised budget."""
    from schemas.kinds.budget import Budget, Udgiftslinje

    model = loaded.model
    budget = budget_of(model)
    answers = budget.udgifter
    new_budget = Budget(
        udgifter=[
            Udgiftslinje(
                kategori=line.kategori,
                beskrivelse=line.beskrivelse, enheder=line.enheder, enhed=line.enhed,
                enhedspris=line.enhedspris, beloeb=line.beloeb,
                fordeling=spread_like(_original(answers, line), line.per_year),
                bemaerkning=line.bemaerkning,
            )
            for line in view.lines
        ],
        finansiering=list(budget.finansiering),
    )
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        if getattr(model, name, None) is budget:
            updates[name] = new_budget
    oekonomi = getattr(model, "oekonomi", None)
    if oekonomi is not None and "ansoegt_beloeb" in type(oekonomi).model_fields:
        updates["oekonomi"] = oekonomi.model_copy(update={"ansoegt_beloeb": view.applied})
    return dataclasses.replace(loaded, model=model.model_copy(update=updates))


def _original(answers: Sequence[Any], line: Line) -> Mapping[Any, Decimal]:
    """The spread of the application's line that ``line`` stands for (its key is its place)."""
    index = int(line.key) - 1 if line.key.isdigit() else -1
    if 0 <= index < len(answers) and " ".join(answers[index].beskrivelse.split()) == (
            line.beskrivelse):
        return dict(answers[index].fordeling)
    return {}


def spread_like(original: Mapping[Any, Decimal], per_year: Mapping[int, Decimal]
                ) -> dict[Any, Decimal]:
    """A (revised) line's amount per year spread over the periods the application's line
    used in that year (its quarters or months), in the same proportions: a round that asks for
    quarters or months keeps them. The øre the rounding leaves go on the year's largest
    period; a year the original spread per year (or not at all) stays one year."""
    from schemas.budget import periode

    by_year: dict[int, list[tuple[Any, Decimal]]] = {}
    for key, amount in original.items():
        try:
            year = periode(key).aar
        except ValueError:
            continue
        by_year.setdefault(year, []).append((key, Decimal(amount)))
    out: dict[Any, Decimal] = {}
    for year, amount in per_year.items():
        if amount == ZERO:
            continue
        parts = by_year.get(year, [])
        old = sum((a for _, a in parts), ZERO)
        if len(parts) < 2 or old == ZERO:
            out[parts[0][0] if len(parts) == 1 else year] = amount
            continue
        shares = {k: (amount * a / old).quantize(ORE, rounding=ROUND_DOWN) for k, a in parts}
        largest = max(parts, key=lambda part: part[1])[0]
        shares[largest] += amount - sum(shares.values(), ZERO)
        out.update({k: v for k, v in shares.items() if v != ZERO})
    return out


def write_budget(loaded: Any, view: BudgetView, docx: Path, xlsx: Path) -> None:
    """Write a (revised) budget with the existing budget writers: Word and workbook."""
    from pulje.documents.budget_docx import render_budget_docx
    from pulje.documents.budget_xlsx import render_budget_xlsx

    revised = revised_application(loaded, view)
    render_budget_docx(revised, docx)
    render_budget_xlsx(revised, xlsx)


def with_lines(view: BudgetView, lines: Sequence[Line], applied: Decimal) -> BudgetView:
    return dataclasses.replace(view, lines=tuple(lines), applied=applied)
