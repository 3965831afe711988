"""A round's deadline judged as of a day: open, passed or not given, and the days left.

Every round pulje knows lies in the past, so the day is a parameter (``--dato``): today in
Danish time by default. A deadline with a time of day is an aware time in Europe/Copenhagen;
judged as of today, a deadline earlier today has passed once its time has. Judged as of another
day, the deadline's day itself counts as open (the time cannot be compared with a whole day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pulje.diagnostics import N_, Translator
from pulje.pools.round import TIMEZONE, Frist

State = Literal["aaben", "udloebet", "ikke_oplyst"]
#: A round as of a day: open (opened, the deadline not passed), not opened yet, or with its
#: deadline after the day but no opening day given (pulje does not guess that it had opened).
Opening = Literal["aaben", "ikke_aabnet", "aabningsdato_ukendt"]


def now_in_denmark() -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(TIMEZONE))


def today() -> date:
    """Today in Danish time (the deadlines' time zone)."""
    return now_in_denmark().date()


@dataclass(frozen=True)
class Judged:
    """A deadline as of a day: its state and the days from the day to the deadline (negative
    once passed; None when no deadline is given)."""

    frist: Frist | None
    dato: date
    state: State
    days: int | None

    @property
    def passed(self) -> bool:
        return self.state == "udloebet"

    @property
    def open(self) -> bool:
        return self.state == "aaben"


def judge(frist: Frist | None, dato: date | None = None, now: datetime | None = None) -> Judged:
    """``frist`` as of ``dato`` (default: today, comparing the time of day with ``now``)."""
    if dato is None:
        now = now or now_in_denmark()
        dato = now.date()
    if frist is None:
        return Judged(None, dato, "ikke_oplyst", None)
    days = (frist.dato - dato).days
    passed = days < 0
    if days == 0 and now is not None and frist.tidspunkt is not None:
        passed = now > frist.tidspunkt
    return Judged(frist, dato, "udloebet" if passed else "aaben", days)


def opening(aabningsdato: date | None, judged: Judged) -> Opening | None:
    """Whether a round is open on the judged day: only from its opening day (``aabningsdato``)
    to its deadline. None when the deadline has passed or is not given."""
    if judged.state != "aaben":
        return None
    if aabningsdato is None:
        return "aabningsdato_ukendt"
    return "aaben" if aabningsdato <= judged.dato else "ikke_aabnet"


def when(frist: Frist | None, tr: Translator, *, short: bool = False) -> str:
    """The deadline as text: "1. februar 2017 kl. 12.00" (``short``: "1. feb. 2017 kl. 12.00");
    without a time: the day alone; none: "not given"."""
    if frist is None:
        return tr.gettext("not given")
    from babel.dates import format_date, format_time

    day = (str(format_date(frist.dato, format="medium", locale=tr.locale)) if short
           else tr.date(frist.dato))
    if frist.tid is None:
        return day
    clock = str(format_time(frist.tid, format="short", locale=tr.locale))
    return tr.format(N_("{date} at {time}"), {"date": day, "time": clock})


def left(judged: Judged, tr: Translator) -> str:
    """The days left as text: "om 12 dage", "i dag", "udløbet for 3 dage siden"."""
    if judged.days is None:
        return tr.gettext("deadline not given")
    if judged.passed:
        n = max(-judged.days, 0)
        if n == 0:
            return tr.gettext("passed today")
        return tr.ngettext("passed {n} day ago", "passed {n} days ago", n).format(
            n=tr.value(n))
    if judged.days == 0:
        return tr.gettext("today")
    return tr.ngettext("in {n} day", "in {n} days", judged.days).format(n=tr.value(judged.days))


def described(judged: Judged, tr: Translator) -> str:
    """The deadline with its time (or that the time is not given) and the days left."""
    if judged.frist is None:
        return tr.gettext("deadline not given")
    text = when(judged.frist, tr)
    if judged.frist.tid is None:
        text += f" ({tr.gettext('time not given')})"
    return f"{text} — {left(judged, tr)}"
