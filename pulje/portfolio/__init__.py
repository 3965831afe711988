"""The portfolio: every application the office works on, its status and its dates, kept in a
database beside the archive (``store``), listed by ``pulje status`` (``listing``), exported
to Outlook by ``pulje calendar`` (``calendar``), its whole history with the archive's entries
(``history``).

An application is known by the archive's application key (pool, kommune and project name,
case and spaces ignored), so the portfolio and the archive speak of the same application.
The commands that change an application's status record it here: ``submit`` → indsendt,
``committee --approved`` → godkendt, ``grant`` → bevilget or afslag, ``report --final`` →
afsluttet; ``pulje status set`` sets it by hand.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pulje.archive import locate
from pulje.archive.store import application_key
from pulje.diagnostics.i18n import N_
from pulje.documents.facts import facts_of
from pulje.portfolio.model import (
    CLOSED,
    DUE,
    AppRow,
    DateKind,
    DueRow,
    EventRow,
    Status,
)
from pulje.portfolio.store import PortfolioError, SqliteStore, Store, open_store

__all__ = [
    "CLOSED", "DUE", "AppRow", "DateKind", "DueRow", "EventRow", "Portfolio", "PortfolioError",
    "SqliteStore", "Status", "Store", "add_months", "open_portfolio",
]


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` later (the last day of a shorter month where it has no such day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass
class Portfolio:
    """The portfolio of the archive at ``root``."""

    store: Store
    root: Path

    def key_of(self, loaded: Any) -> tuple[str, dict[str, Any]]:
        """The application key of a loaded answer file, and its facts; ``PortfolioError`` when
        the answer file does not name its kommune and project (nothing else can key it)."""
        facts = facts_of(loaded)
        kommune = " ".join(str(facts.kommune or "").split())
        projekt = " ".join(str(facts.projekt or "").split())
        if not (facts.pulje and kommune and projekt):
            raise PortfolioError(
                N_("{file} does not name its kommune and project, so the portfolio cannot "
                   "know it."),
                N_("Fill in identifikation.kommune and identifikation.projektnavn."),
                file=str(loaded.file))
        values = {"pulje": facts.pulje, "runde": facts.runde or "", "kommune": kommune,
                  "projekt": projekt, "beloeb": facts.beloeb}
        return application_key(facts.pulje, kommune, projekt), values

    def track(self, loaded: Any, now: datetime | None = None) -> AppRow:
        """Add the application of a loaded answer file (or bring it up to date), with the dates
        its round gives; a date set by a person is never replaced by the round's."""
        now = now or datetime.now().astimezone()
        key, facts = self.key_of(loaded)
        self.store.save_application(AppRow(
            app_key=key, pulje=facts["pulje"], runde=facts["runde"], kommune=facts["kommune"],
            projekt=facts["projekt"], svarfil=str(loaded.file), status=Status.kladde,
            beloeb=facts["beloeb"], oprettet=now.isoformat(), opdateret=now.isoformat()))
        own = {(d.art, d.nr) for d in self.store.dates(key) if d.kilde != "runde"}
        for art, nr, day, at in _round_dates(loaded.runde):
            if (art, nr) not in own:
                self.store.set_date(key, art, nr, day, at, "runde")
        found = self.store.application(key)
        assert found is not None
        return found

    def set_status(self, key: str, status: Status, text: str, *, when: datetime | None = None,
                   archive_id: str | None = None) -> None:
        self.store.set_status(key, status, when or datetime.now().astimezone(), text,
                              archive_id)

    def set_date(self, key: str, art: DateKind, day: date, at: time | None = None, *,
                 nr: int = 1, source: str = "bruger") -> None:
        self.store.set_date(key, art, nr, day, at, source)


def _round_dates(runde: Any) -> list[tuple[DateKind, int, date, time | None]]:
    """The dates a round gives: its deadline, the project period, the reports' due dates."""
    out: list[tuple[DateKind, int, date, time | None]] = []
    if runde is None:
        return out
    if runde.frist is not None:
        out.append((DateKind.frist, 1, runde.frist.dato, runde.frist.tid))
    period = runde.projektperiode
    if period is not None:
        out += [(DateKind.start, 1, period.fra, None), (DateKind.slut, 1, period.til, None)]
    follow = runde.opfoelgning
    for n, day in enumerate(follow.statusrapporter, start=1):
        out.append((DateKind.statusrapport, n, day, None))
    if follow.slutrapport is not None:
        out.append((DateKind.slutrapport, 1, follow.slutrapport, None))
    elif follow.slutrapport_maaneder is not None and period is not None:
        out.append((DateKind.slutrapport, 1, add_months(period.til, follow.slutrapport_maaneder),
                    None))
    if follow.regnskab is not None:
        out.append((DateKind.regnskab, 1, follow.regnskab, None))
    return out


def open_portfolio(archive_root: Path | None = None) -> Portfolio:
    """The portfolio beside the archive (``archive_root``, else pulje's own archive)."""
    root = locate(archive_root).root
    return Portfolio(open_store(root), root)
