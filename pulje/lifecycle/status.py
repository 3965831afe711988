"""``pulje status set``, ``pulje status``, ``pulje calendar`` and ``pulje archive history``:
the portfolio by hand, listed, exported and told as one application's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from pulje.archive import Archive
from pulje.archive.model import Entry
from pulje.diagnostics import N_, Translator
from pulje.files import write_bytes
from pulje.lifecycle.common import LifecycleError, load, portfolio_for
from pulje.portfolio import DateKind, EventRow, Status, open_portfolio
from pulje.portfolio.calendar import DEFAULT_ALARMS, ics_bytes, is_ours
from pulje.portfolio.listing import Listing, listing

_WHEN = N_("Write dates as KIND=YYYY-MM-DD or KIND=\"YYYY-MM-DD HH:MM\"; the kinds: {kinds}.")


def parse_date_option(text: str) -> tuple[DateKind, int, date, time | None]:
    """``frist=2016-09-01 12:00``, ``statusrapport2=2017-10-31`` → kind, number, day, time."""
    kinds = ", ".join(k.value for k in DateKind)
    name, sep, value = text.partition("=")
    name = name.strip().lower()
    digits = "".join(c for c in name if c.isdigit())
    base = name.rstrip("0123456789")
    try:
        kind = DateKind(base)
        parts = value.strip().replace("T", " ").split()
        day = date.fromisoformat(parts[0])
        at = time.fromisoformat(parts[1].replace(".", ":")) if len(parts) > 1 else None
        if len(parts) > 2 or not sep:
            raise ValueError
    except (ValueError, IndexError):
        raise LifecycleError(N_("'{text}' is not a date pulje can read."), _WHEN, text=text,
                             kinds=kinds) from None
    return kind, int(digits) if digits else 1, day, at


def set_status(application: Path, status: Status | None, dates: list[str], *,
               archive_root: Path | None = None) -> str:
    """Set an application's status and dates by hand; the application's key."""
    parsed = [parse_date_option(t) for t in dates]
    loaded = load(application)
    portfolio, key, _ = portfolio_for(loaded, archive_root)
    for kind, nr, day, at in parsed:
        portfolio.set_date(key, kind, day, at, nr=nr)
    if status is not None:
        portfolio.set_status(key, status, f"Status sat til {status.value}")
    return key


def portfolio_listing(*, today: date | None = None, archive_root: Path | None = None
                      ) -> Listing:
    from pulje.portfolio.listing import today_at

    portfolio = open_portfolio(archive_root)
    return listing(portfolio.store, today_at(today) if today else None)


def export_calendar(target: Path, *, alarm_days: tuple[int, ...] = DEFAULT_ALARMS,
                    force: bool = False, archive_root: Path | None = None,
                    tr: Translator | None = None) -> int:
    """Write the portfolio's calendar to ``target``: a calendar pulje wrote there before is
    replaced, anything else only with ``force``. The number of events."""
    portfolio = open_portfolio(archive_root)
    data = ics_bytes(portfolio.store, alarm_days=alarm_days, tr=tr)
    target = Path(target)
    overwrite = force
    if target.exists() and not force:
        try:
            with target.open("rb") as fh:
                head = fh.read(4000)
        except OSError:
            head = b""
        if not target.is_file() or not is_ours(head):
            raise LifecycleError(
                N_("{file} exists and is not a calendar pulje wrote; pulje does not replace "
                   "it."), N_("Choose another file, or give --force."), file=str(target))
        overwrite = True
    write_bytes(target, data, overwrite=overwrite)
    return data.count(b"BEGIN:VEVENT")


@dataclass(frozen=True)
class HistoryLine:
    when: datetime
    what: str
    entry: Entry | None = None
    event: EventRow | None = None


def history(application: Path, *, archive_root: Path | None = None) -> list[HistoryLine]:
    """Everything about one application, oldest first: its archive entries (each version
    sent, and every record after it) and its status changes."""
    loaded = load(application)
    portfolio = open_portfolio(archive_root)
    key, facts = portfolio.key_of(loaded)
    lines: list[HistoryLine] = []
    for entry in Archive(portfolio.root).history(facts["pulje"], facts["kommune"],
                                                 facts["projekt"]):
        lines.append(HistoryLine(entry.tidspunkt, entry.art, entry=entry))
    for event in portfolio.store.events(key):
        lines.append(HistoryLine(event.tidspunkt, event.tekst, event=event))
    return sorted(lines, key=lambda x: x.when)


def describe_history(lines: list[HistoryLine], tr: Translator) -> str:
    from pulje.archive.report import art_text

    if not lines:
        return tr.gettext("The archive and the portfolio know nothing of this application yet.")
    out = []
    for line in lines:
        stamp = line.when.strftime("%Y-%m-%d %H:%M")
        if line.entry is not None:
            e = line.entry
            out.append(f"{stamp}  {tr.gettext('archive')}  {e.id}  {art_text(e.art, tr)} "
                       f"({tr.gettext('version')} {e.udgave})")
        elif line.event is not None:
            status = f" → {line.event.status.value}" if line.event.status else ""
            ref = f" [{line.event.arkiv_id}]" if line.event.arkiv_id else ""
            out.append(f"{stamp}  {tr.gettext('status')}   {line.event.tekst}{status}{ref}")
    return "\n".join(out)

