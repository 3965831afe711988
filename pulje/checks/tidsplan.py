"""TID: the time plan lies in the project period and leaves no quarter empty.

Source: the form's time plan (each question of kind ``tidsplan``) and the round's project
period (``runde.yaml``: ``projektperiode``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pulje.checks.registry import Context, rule
from pulje.diagnostics import N_, Diagnostic, Hint, Path, Severity
from pulje.diagnostics.codes import define
from schemas.types import Quarter

FORM = "Ansøgningsskemaets afsnit Projektets tidsplan; runden (projektperiode)"
TID001 = define("TID001", Severity.FEJL, "En aktivitet ligger uden for projektperioden", FORM)
TID002 = define("TID002", Severity.ADVARSEL, "Et kvartal i projektperioden har ingen aktivitet",
                FORM)
TID003 = define("TID003", Severity.FEJL, "Tidsplanen er tom", FORM)


def _plans(ctx: Context) -> Iterator[tuple[Path, dict[int, dict[int, list[str]]]]]:
    for _q, path, value in ctx.answers("tidsplan"):
        yield path, value if isinstance(value, dict) else {}


def _empty(plan: dict[Any, Any]) -> bool:
    return not any(a for quarters in plan.values() for acts in quarters.values() for a in acts)


@rule(TID001, reads=("tidsplan",))
def in_period(ctx: Context) -> Iterator[Diagnostic]:
    """Every activity must lie in a quarter of the project period (one it touches).

    Why: the pool funds the project period only (2017–2018 for Bedre ressourceforløb 2016). A
    quarter the period only begins or ends in (December 2018 of a period December 2018 –
    December 2020) is the period's: TID002 asks for an activity there, so TID001 allows one.
    Example: ``tidsplan: {2019: {1: [Evaluering]}}`` → TID001.
    """
    period = ctx.runde.periode
    if period is None:
        return
    quarters = set(period.quarters())
    for path, plan in _plans(ctx):
        for year, by_number in plan.items():
            for number, activities in by_number.items():
                q = Quarter(year, number)
                if activities and q not in quarters:
                    yield TID001(
                        N_("{quarter} lies outside the project period ({start}–{end})."),
                        N_("Move the activities to a quarter of the project period."),
                        (*path, year, number), quarter=q.label(), start=period.start,
                        end=period.end,
                    )


@rule(TID002, reads=("tidsplan",))
def no_empty_quarter(ctx: Context) -> Iterator[Diagnostic]:
    """A quarter of the project period without any activity is a warning.

    Why: the plan should show when each element is implemented ("hvornår de forskellige
    elementer i indsatsrammen forventes implementeret"); an empty quarter is often forgotten.
    Example: a 2017–2018 plan with nothing in 3. kvt. 2018 → TID002.
    """
    period = ctx.runde.periode
    if period is None:
        return
    for path, plan in _plans(ctx):
        if _empty(plan):
            continue  # an empty plan is TID003's finding, not eight warnings
        for q in period.quarters():
            if not [a for a in plan.get(q.year, {}).get(q.number, []) if a.strip()]:
                yield TID002(
                    N_("{quarter} has no activity."),
                    N_("Add what happens in that quarter (e.g. follow-up), or check the plan."),
                    (*path, q.year, q.number), quarter=q.label(),
                )


@rule(TID003, reads=("tidsplan",))
def plan_present(ctx: Context) -> Iterator[Diagnostic]:
    """The time plan must have at least one activity.

    Why: the form asks for "en plan for projektets gennemførelse".
    Example: ``tidsplan: {}`` → TID003.
    """
    for path, plan in _plans(ctx):
        if _empty(plan):
            yield TID003(
                N_("The time plan has no activities."),
                Hint(N_("Fill in '{field}' with year → quarter → activities."),
                     word=N_("Write the activities of each quarter in the time plan's table.")),
                path, field=".".join(map(str, path)),
            )
