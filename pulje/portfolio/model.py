"""The portfolio's words: an application's status, its kinds of dates, and the rows the store
keeps. Statuses and kinds are Danish words (ASCII-folded) as every record of pulje writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from pulje.diagnostics.i18n import N_


class Status(StrEnum):
    """Where an application is."""

    kladde = "kladde"
    godkendt = "godkendt"
    indsendt = "indsendt"
    bevilget = "bevilget"
    afslag = "afslag"
    afsluttet = "afsluttet"


STATUS_TEXT = {
    Status.kladde: N_("draft"),
    Status.godkendt: N_("approved by the committee"),
    Status.indsendt: N_("submitted"),
    Status.bevilget: N_("granted"),
    Status.afslag: N_("rejected"),
    Status.afsluttet: N_("closed"),
}


class DateKind(StrEnum):
    """The dates that matter for an application, in the order of its life."""

    underskrift = "underskrift"     # the internal sign-off
    udvalg = "udvalg"               # the committee meeting
    frist = "frist"                 # the pool's deadline
    start = "start"                 # the project's start
    statusrapport = "statusrapport"  # a status report due (numbered 1, 2, …)
    slut = "slut"                   # the project's end
    slutrapport = "slutrapport"     # the final report due
    regnskab = "regnskab"           # the audited account due


KIND_TEXT = {
    DateKind.underskrift: N_("Internal sign-off"),
    DateKind.udvalg: N_("Committee meeting"),
    DateKind.frist: N_("Application deadline"),
    DateKind.start: N_("Project start"),
    DateKind.statusrapport: N_("Status report due"),
    DateKind.slut: N_("Project end"),
    DateKind.slutrapport: N_("Final report due"),
    DateKind.regnskab: N_("Audited account due"),
}

#: Kinds that are something to deliver (they can be late, and get alarms).
DUE = frozenset({DateKind.underskrift, DateKind.udvalg, DateKind.frist,
                 DateKind.statusrapport, DateKind.slutrapport, DateKind.regnskab})
#: The statuses in which nothing is due any more.
CLOSED = frozenset({Status.afslag, Status.afsluttet})
#: Where a date came from.
SOURCES = ("runde", "bruger", "tilsagn")


@dataclass(frozen=True)
class AppRow:
    """One application of the portfolio."""

    app_key: str
    pulje: str
    runde: str
    kommune: str
    projekt: str
    svarfil: str | None
    status: Status
    beloeb: str | None = None
    bevilget: str | None = None
    #: The approved budget after a grant or a change (JSON), or None: the application's.
    budget: str | None = None
    oprettet: str = ""
    opdateret: str = ""


@dataclass(frozen=True)
class DueRow:
    """One date of an application: a day in Europe/Copenhagen, and the time when known."""

    app_key: str
    art: DateKind
    nr: int
    dato: date
    tid: time | None
    kilde: str
    udfoert: str | None = None
    #: Bumped each time the date changes (the calendar event's SEQUENCE).
    revision: int = 0

    @property
    def done(self) -> bool:
        return self.udfoert is not None


@dataclass(frozen=True)
class EventRow:
    """Something that happened to an application: a status change, a record archived."""

    seq: int
    app_key: str
    tidspunkt: datetime
    status: Status | None
    tekst: str
    arkiv_id: str | None = None
