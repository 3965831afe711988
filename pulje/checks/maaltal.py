"""MAA: targets (måltal) are possible values, given for each of the round's measurements.

Source: the form's target tables (questions of kind ``maaltal`` and ``maanedstal``) and the
round's measurement months (``runde.yaml``: ``baseline_maaned``, ``maalinger``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from pulje.checks.registry import Context, rule
from pulje.diagnostics import N_, Diagnostic, Hint, Month, Path, Pct, Severity
from pulje.diagnostics.codes import define
from schemas.form import Question
from schemas.kinds.maaltal import Maaltal
from schemas.types import format_month

FORM = "Ansøgningsskemaets måltalstabeller (Spor 2 og 3)"
MAA001 = define("MAA001", Severity.FEJL, "En procentsats ligger ikke mellem 0 og 100", FORM)
MAA002 = define("MAA002", Severity.FEJL, "Antal uger ligger ikke mellem 1 og 52", FORM)
MAA003 = define("MAA003", Severity.ADVARSEL, "Et måltal ligger under udgangsniveauet", FORM)
MAA004 = define(
    "MAA004", Severity.FEJL, "Måltal mangler for en måling, eller står ved en måling "
    "runden ikke har", FORM + "; runden (maalinger)",
)

HUNDRED = Decimal(100)


def _table(q: Question, path: Path) -> str:
    """The table's name as the form prints it ("Måltal mentorstøtte")."""
    return str(q.opts.tabel or q.tekst or path[-1])


def _filled(table: dict[date, Any]) -> set[date]:
    return {m for m, v in table.items() if v is not None}


def _targets(ctx: Context) -> Iterator[tuple[Question, Path, Maaltal]]:
    for q, path, table in ctx.answers("maaltal"):
        if isinstance(table, Maaltal):
            yield q, path, table


def _monthly(ctx: Context, *units: str) -> Iterator[tuple[Question, Path, dict[date, Any]]]:
    for q, path, table in ctx.answers("maanedstal"):
        if isinstance(table, dict) and (not units or q.opts.enhed in units):
            yield q, path, table


@rule(MAA001)
def percent_range(ctx: Context) -> Iterator[Diagnostic]:
    """Every percentage (level and targets) must lie between 0 and 100.

    Why: the tables ask for a share of the citizens in ressourceforløb.
    Example: ``maal: {2017-10: 120}`` → MAA001.
    """
    cells: list[tuple[Path, Decimal]] = []
    for _q, path, table in _targets(ctx):
        if table.niveau is not None:
            cells.append(((*path, "niveau"), table.niveau))
        cells += [((*path, "maal", format_month(m)), v)
                  for m, v in table.maal.items() if v is not None]
    for _q, path, values in _monthly(ctx, "procent"):
        cells += [((*path, format_month(m)), v) for m, v in values.items() if v is not None]
    for where, value in cells:
        if not Decimal(0) <= value <= HUNDRED:
            yield MAA001(
                N_("{value} is not a percentage between 0 and 100."),
                N_("Write the share in per cent, e.g. 20 for 20 %."),
                where, value=Pct(value),
            )


@rule(MAA002)
def weeks_range(ctx: Context) -> Iterator[Diagnostic]:
    """A target in weeks must lie between 1 and 52.

    Why: the table counts weeks from the rehabilitation team's meeting to the first
    activity; 0 or more than a year is a typing error.
    Example: ``maaltal_uger: {2017-10: 0}`` → MAA002.
    """
    for q, path, table in _monthly(ctx, "uger"):
        for month, weeks in table.items():
            if weeks is not None and not 1 <= weeks <= 52:
                yield MAA002(
                    N_("{weeks} weeks for {month} in '{table}' is not between 1 and 52."),
                    N_("Write the number of weeks as a whole number from 1 to 52."),
                    (*path, format_month(month)), weeks=weeks, month=Month.of(month),
                    table=_table(q, path),
                )


@rule(MAA003)
def target_not_below_level(ctx: Context) -> Iterator[Diagnostic]:
    """A target below the current level is a warning: the project should raise the share.

    Why: the targets measure progress from the level of the baseline month.
    Example: ``niveau: 10, maal: {2017-10: 5}`` → MAA003.
    """
    for q, path, table in _targets(ctx):
        if table.niveau is None:
            continue
        for month, value in table.maal.items():
            if value is not None and value < table.niveau:
                yield MAA003(
                    N_("The target {value} for {month} in '{table}' is below the current "
                       "level {level}."),
                    N_("Check the target: the project should raise the share."),
                    (*path, "maal", format_month(month)), value=Pct(value),
                    level=Pct(table.niveau), month=Month.of(month), table=_table(q, path),
                )


@rule(MAA004)
def measurements_match(ctx: Context) -> Iterator[Diagnostic]:
    """Each target table has a value for each of the round's measurements, and no others.

    Why: the form's tables have one column per measurement date of the round (for Bedre
    ressourceforløb 2016: oktober 2017 and oktober 2018), plus the baseline level where the
    table has one.
    Example: a table with only ``2017-10`` → MAA004 for 2018-10.
    """
    wanted = set(ctx.runde.maalinger)
    baseline = ctx.runde.baseline_maaned
    months = ", ".join(format_month(m) for m in sorted(wanted))
    tables: list[tuple[Path, str, dict[date, Any], bool]] = []
    for q, path, target in _targets(ctx):
        needs_level = q.opts.baseline and baseline is not None and target.niveau is None
        tables.append(((*path, "maal"), _table(q, path), target.maal, bool(needs_level)))
    tables += [(path, _table(q, path), dict(t), False) for q, path, t in _monthly(ctx)]
    for path, name, table, needs_level in tables:
        if needs_level:
            assert baseline is not None
            yield MAA004(
                N_("'{table}' is missing the level for the baseline month {month}."),
                Hint(N_("Write the current share under 'niveau'."),
                     word=N_("Write the current share in per cent in the table's cell named "
                             "above.")),
                (*path[:-1], "niveau"), table=name, month=Month.of(baseline),
            )
        for month in sorted(wanted - _filled(table)):
            yield MAA004(
                N_("'{table}' is missing the target for {month}."),
                Hint(N_("Add '{key}: <value>' (the round measures at {months})."),
                     word=N_("Write the target for {month} in the table's cell named above "
                             "(the round measures at {months}).")),
                (*path, format_month(month)), table=name, month=Month.of(month),
                key=format_month(month), months=months,
            )
        for month in sorted(set(table) - wanted):
            yield MAA004(
                N_("{month} in '{table}' is not a measurement of this round ({months})."),
                N_("Use the round's measurement months."),
                (*path, format_month(month)), table=name, month=Month.of(month), months=months,
            )
