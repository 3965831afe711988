"""The portfolio and its calendar in the browser (pages/portfolio): the engine's listing with
its statuses, one application's dates and history, a status and a date set by the project
office (and only by it), the calendar by month and its .ics file, equal to the engine's."""

from __future__ import annotations

import base64
import html
import re
from datetime import date, time

import pytest
from conftest import EXAMPLE, client_for, csrf, login, user
from icalendar import Calendar

from pulje.answers.loader import load_application
from pulje.portfolio import DateKind, Status, open_portfolio
from pulje.web import WebConfig
from pulje.web.pages.portfolio import app_id
from pulje.web.users import remove_user


@pytest.fixture
def tracked(config: WebConfig) -> str:
    """The example in the portfolio (as pulje submit or pulje status set puts it there)."""
    portfolio = open_portfolio(config.archive_root)
    row = portfolio.track(load_application(EXAMPLE))
    portfolio.set_date(row.app_key, DateKind.frist, date(2016, 9, 1), time(12, 0))
    return row.app_key


def test_an_empty_portfolio_says_so(config: WebConfig) -> None:
    with client_for(config) as c:
        page = c.get("/portefoelje")
        assert page.status_code == 200
        assert "Porteføljen er tom" in page.text
        assert "Ingen datoer endnu" in c.get("/portefoelje/kalender").text


def test_the_listing_shows_each_application_with_its_status(config: WebConfig,
                                                             tracked: str) -> None:
    with client_for(config) as c:
        page = c.get("/portefoelje").text
        assert "Albertslund Kommune" in page and "kladde" in page
        assert f'href="/portefoelje/{app_id(tracked)}"' in page
        assert "Ansøgningsfrist" in page  # 1 September 2016 is late by now
        detail = c.get(f"/portefoelje/{app_id(tracked)}")
        assert detail.status_code == 200
        assert "01.09.2016 12:00" in detail.text and "Sæt status" in detail.text
        assert c.get(f"/portefoelje/{'0' * 32}").status_code == 404


def test_the_office_sets_a_status_and_a_date(config: WebConfig, tracked: str) -> None:
    address = f"/portefoelje/{app_id(tracked)}"
    with client_for(config) as c:
        token = csrf(c.get(address).text)
        answer = c.post(f"{address}/status", data={"csrf": token, "status": "godkendt"})
        assert answer.status_code == 303
        answer = c.post(f"{address}/dato", data={"csrf": token, "art": "udvalg", "nr": "",
                                                 "dato": "24.08.2016", "tid": "16.30"})
        assert answer.status_code == 303
        assert "Datoen er registreret." in c.get(str(answer.headers["location"])).text
    store = open_portfolio(config.archive_root).store
    row = store.application(tracked)
    assert row is not None and row.status is Status.godkendt
    meeting = [d for d in store.dates(tracked) if d.art is DateKind.udvalg]
    assert [(d.dato, d.tid, d.kilde) for d in meeting] == [(date(2016, 8, 24), time(16, 30),
                                                            "bruger")]


def test_a_wrong_date_is_told_at_its_field_and_nothing_is_set(config: WebConfig,
                                                              tracked: str) -> None:
    address = f"/portefoelje/{app_id(tracked)}"
    before = open_portfolio(config.archive_root).store.dates(tracked)
    with client_for(config) as c:
        token = csrf(c.get(address).text)
        answer = c.post(f"{address}/dato", data={"csrf": token, "art": "ferie", "nr": "0",
                                                 "dato": "31.02.2016", "tid": "25:00"})
        assert answer.status_code == 400
        for field in ("art", "nr", "dato", "tid"):
            assert f'aria-invalid="true" aria-describedby="{field}-error"' in answer.text
            assert f'href="#{field}"' in answer.text  # the summary links to the field
        assert '<option value="ferie"' not in answer.text  # what was sent is shown again
        assert 'value="31.02.2016"' in answer.text and 'value="25:00"' in answer.text
        refused = c.post(f"{address}/status", data={"csrf": token, "status": "vundet"})
        assert refused.status_code == 400
    store = open_portfolio(config.archive_root).store
    assert store.dates(tracked) == before
    row = store.application(tracked)
    assert row is not None and row.status is Status.kladde


def test_only_the_project_office_changes_the_portfolio(config: WebConfig,
                                                        tracked: str) -> None:
    user(config, "sofie", "skriver")
    address = f"/portefoelje/{app_id(tracked)}"
    with client_for(config) as c:
        login(c, "sofie")
        page = c.get(address)
        assert page.status_code == 200 and "Sæt status" not in page.text
        answer = c.post(f"{address}/status", data={"csrf": csrf(page.text),
                                                   "status": "afsluttet"})
        assert answer.status_code == 403
    row = open_portfolio(config.archive_root).store.application(tracked)
    assert row is not None and row.status is Status.kladde


def test_the_calendar_lists_every_date_and_its_file_is_the_engines(config: WebConfig,
                                                                   tracked: str) -> None:
    store = open_portfolio(config.archive_root).store
    with client_for(config) as c:
        page = c.get("/portefoelje/kalender").text
        assert "september 2016" in page and "01.09.2016 12:00" in page
        assert page.count("<tbody>") == len({(d.dato.year, d.dato.month)
                                              for d in store.dates(tracked)})
        answer = c.get("/portefoelje/kalender.ics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert "pulje-kalender.ics" in answer.headers["content-disposition"]
    events = Calendar.from_ical(answer.content).walk("VEVENT")
    assert len(events) == len(store.dates(tracked))
    deadline = next(e for e in events if "Ansøgningsfrist" in str(e["summary"]))
    assert deadline.decoded("dtstart").strftime("%Y-%m-%d %H:%M") == "2016-09-01 12:00"


def _feed(page: str) -> str:
    found = re.search(r'id="abonnement-adresse" readonly value="([^"]+)"', page)
    assert found, "the calendar page shows no address for Outlook"
    return html.unescape(found.group(1))


def test_outlook_subscribes_to_the_calendar_by_a_signed_address(config: WebConfig,
                                                                 tracked: str) -> None:
    user(config, "bo@kommune.dk", "kontor")
    user(config, "ea@kommune.dk", "skriver")
    with client_for(config) as c:
        login(c, "bo@kommune.dk")
        address = _feed(c.get("/portefoelje/kalender").text)
        own = c.get("/portefoelje/kalender.ics").content
    assert address.startswith("http://127.0.0.1:8765/portefoelje/kalender/")
    path = address.removeprefix("http://127.0.0.1:8765")
    with client_for(config) as outlook:  # no session: Outlook does not log in
        answer = outlook.get(path)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/calendar")
        assert answer.content == own
        owner, token = path.rsplit("/", 2)[-2], path.rsplit("/", 1)[-1].removesuffix(".ics")
        forged = token[:-1] + ("0" if token[-1] != "0" else "1")
        assert outlook.get(f"/portefoelje/kalender/{owner}/{forged}.ics").status_code == 404
        other = base64.urlsafe_b64encode(b"ea@kommune.dk").decode().rstrip("=")
        assert outlook.get(f"/portefoelje/kalender/{other}/{token}.ics").status_code == 404
        assert outlook.get("/portefoelje/kalender.ics").status_code == 303  # to log in
    remove_user(config.data_dir, "bo@kommune.dk")
    with client_for(config) as outlook:
        gone = outlook.get(path)
        assert gone.status_code == 404
        assert "ikke gyldig" in gone.text


def test_without_login_the_plain_address_serves_this_machine(config: WebConfig,
                                                            tracked: str) -> None:
    with client_for(config) as c:
        assert 'id="abonnement-adresse"' not in c.get("/portefoelje/kalender").text
        assert c.get("/portefoelje/kalender.ics").status_code == 200
