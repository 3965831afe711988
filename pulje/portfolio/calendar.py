"""``pulje calendar --ics FILE``: every date of the portfolio as an iCalendar file that Outlook
(and any calendar) imports, written with the ``icalendar`` library.

- Each date is one event with a stable UID (a hash of the application key, the kind and the
  number), so importing a newer file updates the events instead of adding them twice; its
  SEQUENCE is the date's revision in the portfolio (it counts up each time the date changes),
  and DTSTAMP the time of the export.
- A date with a time of day (the pool's deadline at 12:00) is a short event at that time in
  Europe/Copenhagen, with the zone's VTIMEZONE in the file; a date without one is an all-day
  event.
- Each date to deliver (deadline, sign-off, meeting, reports, account) gets an alarm
  (VALARM) ``alarm_days`` days before (default 7 and 1 days), and a delivered one none.
- An application that is closed (afslag, afsluttet) keeps its dates, marked as cancelled
  where they were still to come, so an earlier import is brought up to date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from pulje.diagnostics.i18n import Translator
from pulje.diagnostics.wording import shorten
from pulje.portfolio.model import CLOSED, DUE, KIND_TEXT, STATUS_TEXT, AppRow, DateKind, DueRow
from pulje.portfolio.store import Store

TZID = "Europe/Copenhagen"
PRODID = "-//pulje//portefoelje//DA"
DEFAULT_ALARMS = (7, 1)
EVENT_MINUTES = 30


def uid(due: DueRow) -> str:
    """The event's stable id: the same application, kind and number give the same id."""
    digest = hashlib.sha256(f"{due.app_key}\x1e{due.art.value}\x1e{due.nr}".encode()).hexdigest()
    return f"{digest[:32]}@pulje"


def _summary(app: AppRow, due: DueRow, tr: Translator) -> str:
    kind = tr.gettext(KIND_TEXT[due.art])
    if due.art is DateKind.statusrapport:
        kind = f"{kind} {due.nr}"
    return f"{kind}: {shorten(app.projekt, 80)} ({app.kommune})"


def calendar(store: Store, *, alarm_days: Sequence[int] = DEFAULT_ALARMS,
             now: datetime | None = None, tr: Translator | None = None) -> Calendar:
    """The portfolio's calendar."""
    tr = tr or Translator("da")
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    zone = ZoneInfo(TZID)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", tr.gettext("pulje: the portfolio's dates"))
    cal.add("x-wr-timezone", TZID)
    cal.add_component(vtimezone())  # before the events that use it, as Outlook expects
    apps = {a.app_key: a for a in store.applications()}
    for due in store.dates():
        app = apps.get(due.app_key)
        if app is None:
            continue
        event = Event()
        event.add("uid", uid(due))
        event.add("dtstamp", stamp)
        event.add("sequence", due.revision)
        event.add("summary", _summary(app, due, tr))
        event.add("description", "\n".join([
            f"{app.pulje}, runde {app.runde}",
            f"{tr.gettext('Status')}: {tr.gettext(STATUS_TEXT[app.status])}",
            *([f"{tr.gettext('Answer file')}: {app.svarfil}"] if app.svarfil else []),
        ]))
        event.add("categories", ["pulje", due.art.value])
        if due.tid is not None:
            start = datetime.combine(due.dato, due.tid, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=EVENT_MINUTES))
        else:
            event.add("dtstart", due.dato)
            event.add("dtend", due.dato + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        cancelled = app.status in CLOSED and not due.done and due.art in DUE
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if due.art in DUE and not due.done and not cancelled:
            for days in sorted(set(alarm_days), reverse=True):
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", _summary(app, due, tr))
                alarm.add("trigger", timedelta(days=-days))
                event.add_component(alarm)
        cal.add_component(event)
    return cal


def vtimezone() -> Timezone:
    """Europe/Copenhagen as Outlook writes it: CET/CEST by the EU's rule (summer time from the
    last Sunday of March at 02:00 to the last Sunday of October at 03:00), as yearly rules
    rather than a list of dates that ends."""
    tz = Timezone()
    tz.add("tzid", TZID)
    for part, start, month, offsets, name in (
        (TimezoneStandard(), datetime(1970, 10, 25, 3), 10, ("+0200", "+0100"), "CET"),
        (TimezoneDaylight(), datetime(1970, 3, 29, 2), 3, ("+0100", "+0200"), "CEST"),
    ):
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
        part.add("tzoffsetfrom", timedelta(hours=int(offsets[0][:3])))
        part.add("tzoffsetto", timedelta(hours=int(offsets[1][:3])))
        part.add("tzname", name)
        tz.add_component(part)
    return tz


def ics_bytes(store: Store, *, alarm_days: Sequence[int] = DEFAULT_ALARMS,
              now: datetime | None = None, tr: Translator | None = None) -> bytes:
    data: bytes = calendar(store, alarm_days=alarm_days, now=now, tr=tr).to_ical()
    return data


def is_ours(data: bytes) -> bool:
    """Whether an existing file is a calendar pulje wrote (so a new export may replace it)."""
    return data.startswith(b"BEGIN:VCALENDAR") and PRODID.encode() in data[:2000]
