"""TID: the time plan lies in the project period and leaves no quarter empty.

Source: the form's section "Projektets tidsplan" and the round's project period.
"""

from __future__ import annotations

from collections.abc import Iterator

from pulje.checks.registry import Context, rule
from pulje.diagnostics import N_, Diagnostic, Severity
from pulje.diagnostics.codes import define
from schemas.types import Quarter

FORM = "Ansøgningsskemaets afsnit Projektets tidsplan; puljedefinitionen (projektperiode)"
TID001 = define("TID001", Severity.FEJL, "En aktivitet ligger uden for projektperioden", FORM)
TID002 = define("TID002", Severity.ADVARSEL, "Et kvartal i projektperioden har ingen aktivitet",
                FORM)
TID003 = define("TID003", Severity.FEJL, "Tidsplanen er tom", FORM)


def _plan(ctx: Context) -> dict[int, dict[int, list[str]]]:
    plan = getattr(ctx.model, "tidsplan", None)
    return plan if isinstance(plan, dict) else {}


@rule(TID001, reads=("tidsplan",))
def in_period(ctx: Context) -> Iterator[Diagnostic]:
    """Every activity must lie in a quarter inside the project period.

    Why: the pool funds the project period only (2017–2018 for Bedre ressourceforløb).
    Example: ``tidsplan: {2019: {1: [Evaluering]}}`` → TID001.
    """
    period = ctx.runde.periode
    for year, quarters in _plan(ctx).items():
        for number, activities in quarters.items():
            q = Quarter(year, number)
            if activities and not period.holds_quarter(q):
                yield TID001(
                    N_("{quarter} lies outside the project period ({start}–{end})."),
                    N_("Move the activities to a quarter of the project period."),
                    ("tidsplan", year, number), quarter=q.label(), start=period.start,
                    end=period.end,
                )


@rule(TID002, reads=("tidsplan",))
def no_empty_quarter(ctx: Context) -> Iterator[Diagnostic]:
    """A quarter of the project period without any activity is a warning.

    Why: the plan should show when each element is implemented ("hvornår de forskellige
    elementer i indsatsrammen forventes implementeret"); an empty quarter is often forgotten.
    Example: a 2017–2018 plan with nothing in 3. kvt. 2018 → TID002.
    """
    plan = _plan(ctx)
    if not any(a for quarters in plan.values() for acts in quarters.values() for a in acts):
        return  # an empty plan is TID003's finding, not eight warnings
    for q in ctx.runde.periode.quarters():
        if not [a for a in plan.get(q.year, {}).get(q.number, []) if a.strip()]:
            path = ("tidsplan", q.year, q.number)
            yield TID002(
                N_("{quarter} has no activity."),
                N_("Add what happens in that quarter (e.g. follow-up), or check the plan."),
                path, quarter=q.label(),
            )


@rule(TID003, reads=("tidsplan",))
def plan_present(ctx: Context) -> Iterator[Diagnostic]:
    """The time plan must have at least one activity.

    Why: the form asks for "en plan for projektets gennemførelse".
    Example: ``tidsplan: {}`` → TID003.
    """
    if hasattr(ctx.model, "tidsplan") and not any(
        a for quarters in _plan(ctx).values() for acts in quarters.values() for a in acts
    ):
        yield TID003(
            N_("The time plan has no activities."),
            N_("Fill in 'tidsplan' with year → quarter → activities."),
            ("tidsplan",),
        )
