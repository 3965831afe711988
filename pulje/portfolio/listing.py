"""``pulje status``: the portfolio — what is late, what is due next, and every application with
its status — as text or JSON (Danish keys, as every record of pulje)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pulje.diagnostics.i18n import Translator
from pulje.diagnostics.report import dumps, shown
from pulje.diagnostics.wording import shorten
from pulje.portfolio.model import (
    CLOSED,
    DUE,
    KIND_TEXT,
    STATUS_TEXT,
    AppRow,
    DateKind,
    DueRow,
    Status,
)
from pulje.portfolio.store import Store

TZ = ZoneInfo("Europe/Copenhagen")
#: The statuses after which the application itself (deadline, sign-off, meeting) is done.
_SENT = frozenset({Status.indsendt, Status.bevilget, Status.afslag, Status.afsluttet})
_BEFORE_SENDING = frozenset({DateKind.underskrift, DateKind.udvalg, DateKind.frist})
NEXT = 10
PROJECT_WIDTH = 44


@dataclass(frozen=True)
class Item:
    """A date of an application, with what the listing says of it."""

    app: AppRow
    due: DueRow
    late: bool

    @property
    def when(self) -> datetime:
        return datetime.combine(self.due.dato, self.due.tid or time(23, 59), tzinfo=TZ)


def _open(app: AppRow, due: DueRow) -> bool:
    """Whether the date is still something to deliver."""
    if due.art not in DUE or due.done or app.status in CLOSED:
        return False
    if due.art in _BEFORE_SENDING and app.status in _SENT:
        return False
    return not (due.art is DateKind.udvalg and app.status is not Status.kladde)


@dataclass(frozen=True)
class Listing:
    today: datetime
    apps: list[AppRow]
    late: list[Item]
    next: list[Item]
    dates: dict[str, list[DueRow]]


def listing(store: Store, now: datetime | None = None) -> Listing:
    now = (now or datetime.now(TZ)).astimezone(TZ)
    apps = store.applications()
    by_key = {a.app_key: a for a in apps}
    dates: dict[str, list[DueRow]] = {}
    late: list[Item] = []
    upcoming: list[Item] = []
    for due in store.dates():
        app = by_key.get(due.app_key)
        if app is None:
            continue
        dates.setdefault(app.app_key, []).append(due)
        if not _open(app, due):
            continue
        item = Item(app, due, late=False)
        if item.when < now:
            late.append(Item(app, due, late=True))
        else:
            upcoming.append(item)
    return Listing(now, apps, sorted(late, key=_order), sorted(upcoming, key=_order)[:NEXT],
                   dates)


def _order(i: Item) -> tuple[datetime, str, str, str, int]:
    return (i.when, i.app.kommune, i.app.projekt, i.due.art.value, i.due.nr)


def _label(due: DueRow, tr: Translator) -> str:
    text = tr.gettext(KIND_TEXT[due.art])
    return f"{text} {due.nr}" if due.art is DateKind.statusrapport else text


def _day(due: DueRow) -> str:
    return due.dato.isoformat() + (f" {due.tid:%H:%M}" if due.tid else "")


def _clip(text: str, width: int) -> str:
    return shorten(shown(text), width)


def _rows(items: list[Item], tr: Translator) -> list[str]:
    rows = [[_day(i.due), _label(i.due, tr), _clip(i.app.kommune, 28),
             _clip(i.app.projekt, PROJECT_WIDTH), tr.gettext(STATUS_TEXT[i.app.status])]
            for i in items]
    widths = [max(len(r[c]) for r in rows) for c in range(5)]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]


def render_text(found: Listing, tr: Translator) -> str:
    """The portfolio as the terminal shows it."""
    if not found.apps:
        return tr.gettext("The portfolio is empty: no application has been recorded yet.")
    lines = [tr.format("Portfolio on {day}: {count} application(s).",
                       {"day": found.today.date(), "count": len(found.apps)})]
    lines += ["", tr.format("Late ({count}):", {"count": len(found.late)})]
    lines += _rows(found.late, tr) if found.late else ["  " + tr.gettext("Nothing is late.")]
    lines += ["", tr.format("Due next ({count}):", {"count": len(found.next)})]
    lines += _rows(found.next, tr) if found.next else ["  " + tr.gettext("Nothing is due.")]
    lines += ["", tr.gettext("Applications:")]
    rows = []
    for app in found.apps:
        amount = tr.kroner(Decimal(app.beloeb)) if app.beloeb else "-"
        granted = tr.kroner(Decimal(app.bevilget)) if app.bevilget else ""
        rows.append([tr.gettext(STATUS_TEXT[app.status]), _clip(app.kommune, 28),
                     _clip(app.projekt, PROJECT_WIDTH), f"{app.pulje}/{app.runde}",
                     amount + (f" → {granted}" if granted else "")])
    widths = [max(len(r[c]) for r in rows) for c in range(5)]
    lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in rows]
    return "\n".join(lines)


def _item(i: Item) -> dict[str, Any]:
    return {"app": i.app.app_key.replace("\x1f", "/"), "kommune": i.app.kommune,
            "projekt": i.app.projekt, "art": i.due.art.value, "nr": i.due.nr,
            "dato": i.due.dato.isoformat(),
            "tid": i.due.tid.strftime("%H:%M") if i.due.tid else None,
            "status": i.app.status.value}


def render_json(found: Listing) -> str:
    """The portfolio as ``pulje status --format json`` writes it."""
    apps = []
    for app in found.apps:
        apps.append({
            "app": app.app_key.replace("\x1f", "/"), "pulje": app.pulje, "runde": app.runde,
            "kommune": app.kommune, "projekt": app.projekt, "status": app.status.value,
            "beloeb": app.beloeb, "bevilget": app.bevilget, "svarfil": app.svarfil,
            "datoer": [{"art": d.art.value, "nr": d.nr, "dato": d.dato.isoformat(),
                        "tid": d.tid.strftime("%H:%M") if d.tid else None, "kilde": d.kilde,
                        "udfoert": d.udfoert}
                       for d in found.dates.get(app.app_key, [])],
        })
    return dumps({"tidspunkt": found.today.isoformat(timespec="seconds"),
                  "forsinket": [_item(i) for i in found.late],
                  "naeste": [_item(i) for i in found.next], "ansoegninger": apps})


def today_at(day: date) -> datetime:
    """The start of ``day`` in Danish time (``--today`` of the listing)."""
    return datetime.combine(day, time(0, 0), tzinfo=TZ)


__all__ = ["Item", "Listing", "listing", "render_json", "render_text", "today_at"]
