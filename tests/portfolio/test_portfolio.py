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


@pytest.fixture(autouse=True)
def each_database(database: str) -> str:
    """Every test runs with the portfolio in SQLite and in PostgreSQL (tests/conftest)."""
    return database


def _portfolio(tmp_path: Path) -> Portfolio:
    """The portfolio of this run's database: SQLite beside the archive, or PostgreSQL."""
    return Portfolio(open_store(tmp_path), tmp_path)


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


@pytest.mark.sqlite_only  # it sets the URL itself
def test_the_database_url_names_sqlite_or_postgresql(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PULJE_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite")
    assert open_store(tmp_path / "arkiv").path == tmp_path / "x.sqlite"
    # PostgreSQL where none listens: a clear error when used, and never the password
    monkeypatch.setenv("PULJE_DATABASE_URL", "postgresql://pulje:hemmelig@127.0.0.1:1/pulje")
    with pytest.raises(PortfolioError) as caught:
        open_store(tmp_path).applications()
    text = caught.value.text(Translator("da"))
    assert "PostgreSQL" in text and "127.0.0.1" in text and "hemmelig" not in text
    monkeypatch.setenv("PULJE_DATABASE_URL", "mysql://pulje@db/pulje")
    with pytest.raises(PortfolioError):
        open_store(tmp_path)
    monkeypatch.delenv("PULJE_DATABASE_URL")
    assert open_store(tmp_path).path == tmp_path / "portefoelje.sqlite"


def test_two_users_of_one_database_share_the_portfolio(tmp_path: Path) -> None:
    """A second process (another user of the kommune's server) sees what the first wrote."""
    one = _portfolio(tmp_path)
    row = one.track(load_application(FIXTURES / "den-centrale-pulje.yaml"))
    one.set_status(row.app_key, Status.godkendt, "godkendt i udvalget")
    other = _portfolio(tmp_path)
    assert [(a.app_key, a.status) for a in other.store.applications()] == [
        (row.app_key, Status.godkendt)]
    assert [e.tekst for e in other.store.events(row.app_key)] == ["godkendt i udvalget"]


@pytest.mark.sqlite_only  # SQLite's own file
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
