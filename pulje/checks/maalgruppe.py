"""MAL: the target group's numbers agree with each other and with the project period.

Source: the form's participant table (questions of kind ``deltagere``: monthly and
whole-period columns) and the round's project period.
"""

from __future__ import annotations

from collections.abc import Iterator

from pulje.checks.registry import Context, rule
from pulje.diagnostics import N_, Diagnostic, Msg, Severity
from pulje.diagnostics.codes import define
from schemas.kinds.deltagere import Deltagere

FORM = "Ansøgningsskemaets afsnit Projektets målgruppe"
MAL001 = define(
    "MAL001", Severity.FEJL,
    "Antal i hele perioden passer ikke med antal pr. måned og periodens længde", FORM,
)
MAL002 = define(
    "MAL002", Severity.ADVARSEL,
    "Flere borgere tilkendes et ressourceforløb end der indstilles",
    FORM + " (Pulje til Bedre ressourceforløb)",
)

_COLUMN_LABELS = {"pr_maaned": N_("per month"), "i_alt": N_("in the whole period")}


@rule(MAL001)
def period_total(ctx: Context) -> Iterator[Diagnostic]:
    """The period total must be at least the monthly figure and at most monthly × months.

    Why: the two columns count the same citizens; over a 24-month period, 4 a month gives at
    most 96 (Albertslund: 4 and 96). The months are the round's project period.
    Example: ``pr_maaned: 4, i_alt: 120`` in a 24-month period → MAL001.
    """
    period = ctx.runde.periode
    if period is None:
        return
    months = period.months
    for _q, path, row in ctx.answers("deltagere"):
        if not isinstance(row, Deltagere) or row.pr_maaned is None or row.i_alt is None:
            continue
        high = row.pr_maaned * months
        if row.i_alt < row.pr_maaned:
            yield MAL001(
                N_("{total} in the whole period is fewer than {monthly} a month."),
                N_("The period total must be at least the monthly number."),
                (*path, "i_alt"), total=row.i_alt, monthly=row.pr_maaned,
            )
        elif row.i_alt > high:
            yield MAL001(
                N_("{total} in the whole period is more than {monthly} a month for {months} "
                   "months ({high})."),
                N_("Correct the monthly number or the period total."),
                (*path, "i_alt"), total=row.i_alt, monthly=row.pr_maaned, months=months,
                high=high,
            )


# Bedre ressourceforløb's own rule: its target group is those referred to the rehabilitation
# team and those granted a course (its form's rows maalgruppe.indstilles and .tilkendes).
REFERRED, GRANTED = ("maalgruppe", "indstilles"), ("maalgruppe", "tilkendes")


@rule(MAL002, reads=("maalgruppe",), puljer=("bedre-ressourceforloeb",))
def granted_not_above_referred(ctx: Context) -> Iterator[Diagnostic]:
    """More citizens granted a course than referred to the team is unlikely: a warning.

    Why: the citizens granted a ressourceforløb come from those referred to the
    rehabilitation team. A rule of Pulje til Bedre ressourceforløb (its rows
    ``maalgruppe.indstilles`` and ``maalgruppe.tilkendes``).
    Example: ``indstilles: {pr_maaned: 4}`` and ``tilkendes: {pr_maaned: 6}`` → MAL002.
    """
    referred, granted = ctx.value(REFERRED), ctx.value(GRANTED)
    if not isinstance(referred, Deltagere) or not isinstance(granted, Deltagere):
        return
    for column in ("pr_maaned", "i_alt"):
        a, b = getattr(referred, column), getattr(granted, column)
        if a is not None and b is not None and b > a:
            yield MAL002(
                N_("{granted} citizens granted a course, but only {referred} referred "
                   "({column})."),
                N_("Check the numbers: those granted are normally among those referred."),
                (*GRANTED, column), granted=b, referred=a,
                column=Msg(_COLUMN_LABELS[column]),
            )
