"""The portfolio: its store (SQLite behind an interface, the database URL), what is late, and
the calendar that refuses to replace a file pulje did not write."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from after_support import EXAMPLE

from pulje.answers.loader import load_application
from pulje.diagnostics import Translator
from pulje.portfolio import DateKind, Portfolio, PortfolioError, SqliteStore, Status
from pulje.portfolio.calendar import ics_bytes, uid
from pulje.portfolio.listing import listing, render_json, render_text, today_at
from pulje.portfolio.store import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _portfolio(tmp_path: Path) -> Portfolio:
    return Portfolio(SqliteStore(tmp_path / "p.sqlite"), tmp_path)


def test_the_round_gives_its_dates_and_a_persons_date_is_kept(tmp_path: Path) -> None:
    p = _portfolio(tmp_path)
    central = load_application(FIXTURES / "den-centrale-pulje.yaml")
    row = p.track(central)
    dates = {(d.art, d.nr): (d.dato, d.tid, d.kilde) for d in p.store.dates(row.app_key)}
    assert dates == {(DateKind.frist, 1): (date(2016, 9, 1), time(12, 0), "runde")}
    p.set_date(row.app_key, DateKind.frist, date(2016, 9, 5), time(10, 0))
    p.track(central)  # the round's date does not replace the person's
    (frist,) = p.store.dates(row.app_key)
    assert (frist.dato, frist.kilde, frist.revision) == (date(2016, 9, 5), "bruger", 1)


def test_a_passed_deadline_is_late_until_the_application_is_sent(tmp_path: Path) -> None:
    p = _portfolio(tmp_path)
    row = p.track(load_application(FIXTURES / "den-centrale-pulje.yaml"))
    found = listing(p.store, today_at(date(2016, 9, 2)))
    assert [(i.due.art, i.late) for i in found.late] == [(DateKind.frist, True)]
    text = render_text(found, Translator("da"))
    assert "2016-09-01 12:00  Ansøgningsfrist" in text and "kladde" in text
    p.set_status(row.app_key, Status.indsendt, "sendt")
    assert listing(p.store, today_at(date(2016, 9, 2))).late == []
    assert '"status": "indsendt"' in render_json(listing(p.store, today_at(date(2016, 9, 2))))


def test_two_exports_give_the_same_ids(tmp_path: Path) -> None:
    p = _portfolio(tmp_path)
    p.track(load_application(EXAMPLE))
    one, two = ics_bytes(p.store), ics_bytes(p.store)
    ids = {uid(d) for d in p.store.dates()}
    assert len(ids) == 2  # start and end of the project period
    for event_id in ids:
        assert event_id.encode() in one and event_id.encode() in two


def test_the_database_url_names_sqlite_or_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PULJE_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite")
    assert open_store(tmp_path / "arkiv").path == tmp_path / "x.sqlite"
    monkeypatch.setenv("PULJE_DATABASE_URL", "postgresql://pulje@db/pulje")
    with pytest.raises(PortfolioError) as caught:
        open_store(tmp_path)
    assert "PostgreSQL" in caught.value.text(Translator("da"))
    monkeypatch.delenv("PULJE_DATABASE_URL")
    assert open_store(tmp_path).path == tmp_path / "portefoelje.sqlite"


def test_a_file_that_is_no_portfolio_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "p.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(PortfolioError):
        SqliteStore(tmp_path / "p.sqlite").applications()


def test_the_calendar_does_not_replace_a_file_pulje_did_not_write(tmp_path: Path,
                                                                  monkeypatch) -> None:
    from pulje.lifecycle.common import LifecycleError
    from pulje.lifecycle.status import export_calendar

    monkeypatch.delenv("PULJE_DATABASE_URL", raising=False)
    mine = tmp_path / "mine.ics"
    mine.write_text("BEGIN:VCALENDAR\nPRODID:-//Microsoft//Outlook//EN\n", encoding="utf-8")
    with pytest.raises(LifecycleError):
        export_calendar(mine, archive_root=tmp_path / "arkiv")
    assert mine.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR\nPRODID:-//Micro")
    ours = tmp_path / "ours.ics"
    export_calendar(ours, archive_root=tmp_path / "arkiv")
    export_calendar(ours, archive_root=tmp_path / "arkiv")  # its own file: replaced
