"""The report's figures: activities planned vs done, results against every måltal, and the
account per approved budget line — each a small pure function, the findings (OPF) with the
place in the actuals file.

- **Account**: for a status report a line's budget to date is its amounts for the years up to
  and including the year the figures are made up to; for the final report its whole budget.
  Deviation = spent − budget to date (kr. and % of it); remaining = budget − spent. A line
  spent beyond its whole budget is OPF001; a deviation beyond the threshold (both the share
  and the amount) without a reason is OPF002. The threshold is the round's
  (``opfoelgning.afvigelse``), else pulje's default of 10 % and 10.000 kr.
- **Results**: a måltal in per cent or a count is met at or above its target; a time (weeks)
  at or below it (a shorter case time is better).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pulje.diagnostics import N_, Diagnostic, Kr, Month, Pct
from pulje.diagnostics.wording import shorten
from pulje.documents.followup.actuals import LoadedActuals
from pulje.documents.followup.codes import OPF001, OPF002, OPF003, OPF004
from pulje.documents.followup.figures import BudgetView, Line
from schemas.form import value_at

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Target:
    """A måltal of the application: its path, label, unit and values."""

    path: str
    label: str
    unit: str  # "procent", "uger", "antal"
    baseline: Decimal | None
    targets: dict[date, Decimal]

    @property
    def lower_is_better(self) -> bool:
        return self.unit == "uger"


def activities(loaded: Any) -> list[tuple[int, int, str]]:
    """The tidsplan's activities: (year, quarter, text), in order."""
    out: list[tuple[int, int, str]] = []
    for _q, path, _s in loaded.runde.form.of_kind("tidsplan"):
        plan = value_at(loaded.model, path) or {}
        for year in sorted(plan):
            for quarter in sorted(plan[year]):
                out += [(year, quarter, " ".join(str(t).split())) for t in plan[year][quarter]]
    return out


def targets(loaded: Any) -> list[Target]:
    """Every måltal of the application (kinds maaltal and maanedstal)."""
    out: list[Target] = []
    for q, path, _s in loaded.runde.form.of_kind("maaltal", "maanedstal"):
        value = value_at(loaded.model, path)
        label = q.opts.tabel or q.etiket or q.tekst or q.id
        dotted = ".".join(path)
        if q.type == "maaltal":
            maal = getattr(value, "maal", {}) or {}
            out.append(Target(dotted, " ".join(label.split()), "procent",
                              getattr(value, "niveau", None),
                              {m: v for m, v in maal.items() if v is not None}))
        else:
            out.append(Target(dotted, " ".join(label.split()), q.opts.enhed, None,
                              {m: v for m, v in (value or {}).items() if v is not None}))
    return out


# --- the account -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountLine:
    line: Line
    budget_to_date: Decimal
    spent: Decimal | None
    reason: str | None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.spent is None else self.line.beloeb - self.spent

    @property
    def deviation(self) -> Decimal | None:
        return None if self.spent is None else self.spent - self.budget_to_date

    @property
    def deviation_pct(self) -> Decimal | None:
        dev = self.deviation
        if dev is None or self.budget_to_date == ZERO:
            return None
        return (dev * HUNDRED / self.budget_to_date).quantize(Decimal("0.1"))

    @property
    def overspent(self) -> bool:
        return self.spent is not None and self.spent > self.line.beloeb


def account(view: BudgetView, loaded: LoadedActuals, *, final: bool) -> list[AccountLine]:
    assert loaded.actuals is not None
    a = loaded.actuals
    year = a.opgjort_pr.year
    out = []
    for line in view.lines:
        number = int(line.key)
        to_date = line.beloeb if final or not line.per_year else sum(
            (v for y, v in line.per_year.items() if y <= year), ZERO)
        out.append(AccountLine(line, to_date, a.regnskab.get(number), a.begrundelser.get(number)))
    return out


def account_findings(lines: list[AccountLine], loaded: LoadedActuals, pct: Decimal,
                     kr: Decimal) -> Iterator[Diagnostic]:
    src = loaded.source
    for row in lines:
        number = int(row.line.key)
        where = src.locate(("regnskab", number))
        label = f"{row.line.key}. {shorten(row.line.beskrivelse, 60)}"
        if row.spent is None:
            yield OPF004(N_("Budget line {line} has no amount spent."),
                         N_("Write what the line has spent under 'regnskab' (0 if nothing)."),
                         ("regnskab", number), line=label).at(where)
            continue
        if row.overspent:
            yield OPF001(
                N_("Budget line {line} has spent {spent}, more than its budget of {budget} "
                   "(by {over}): the grant is not raised for an overrun."),
                N_("Explain the overrun under 'begrundelser' and cover it by another line "
                   "(a change request) or by the kommune."), ("regnskab", number),
                line=label, spent=Kr(row.spent), budget=Kr(row.line.beloeb),
                over=Kr(row.spent - row.line.beloeb)).at(where)
        dev, share = row.deviation, row.deviation_pct
        assert dev is not None
        beyond = abs(dev) > kr and (share is None or abs(share) > pct)
        if beyond and not row.reason:
            yield OPF002(
                N_("Budget line {line} deviates by {deviation} ({share}) from its budget to "
                   "date of {budget}: beyond the limit of {pct} and {kr}, and no reason is "
                   "given."),
                N_("Write the reason under 'begrundelser' with the line's number."),
                ("regnskab", number), line=label, deviation=Kr(dev),
                share=Pct(share) if share is not None else "-", budget=Kr(row.budget_to_date),
                pct=Pct(pct), kr=Kr(kr)).at(where)


# --- the results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    target: Target
    month: date
    goal: Decimal
    actual: Decimal | None

    @property
    def met(self) -> bool | None:
        if self.actual is None:
            return None
        return (self.actual <= self.goal if self.target.lower_is_better
                else self.actual >= self.goal)


def results(found: list[Target], loaded: LoadedActuals) -> list[Result]:
    assert loaded.actuals is not None
    until = loaded.actuals.opgjort_pr
    out = []
    for t in found:
        given = loaded.actuals.maaltal.get(t.path, {})
        for month, goal in sorted(t.targets.items()):
            if month > until and given.get(month) is None:
                continue  # not yet measured
            out.append(Result(t, month, goal, given.get(month)))
    return out


def result_findings(rows: list[Result], loaded: LoadedActuals) -> Iterator[Diagnostic]:
    for r in rows:
        path = ("maaltal", r.target.path)
        where = loaded.source.locate((*path, r.month.strftime("%Y-%m")))
        if r.actual is None:
            yield OPF004(N_("The måltal {target} has no actual value for {month}."),
                         N_("Write the measured value under 'maaltal'."), path,
                         target=r.target.label, month=Month.of(r.month)).at(where)
        elif r.met is False:
            yield OPF003(N_("The måltal {target} was not met in {month}: {actual} against the "
                            "target {goal}."),
                         N_("Say why under 'afvigelser'."), path, target=r.target.label,
                         month=Month.of(r.month), actual=r.actual, goal=r.goal).at(where)


def activity_findings(loaded: LoadedActuals) -> Iterator[Diagnostic]:
    assert loaded.actuals is not None
    for i, a in enumerate(loaded.actuals.aktiviteter):
        if a.status is None:
            yield OPF004(N_("The activity '{activity}' has no status."),
                         N_("Write gennemfoert, delvist, ikke or udskudt."),
                         ("aktiviteter", i, "status"), activity=shorten(a.aktivitet, 60)
                         ).at(loaded.source.locate(("aktiviteter", i, "status")))
