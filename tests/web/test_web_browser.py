"""pulje web in a real browser: Debian's Chromium, driven by Playwright, against a real
``pulje web`` server process. The project office logs in, uploads a folder of drafts and reads
the table, opens a file's findings, downloads the CSV; lists the archive and verifies it. Every
page passes the axe-core scan for WCAG 2.1 A and AA, is used by keyboard, and asks nothing of
any other host. Screenshots of each page go to /tmp/pulje-web-skaermbilleder."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import log_in, pulje_web, scan
from conftest import EXAMPLE, PASSWORD, archived, user
from playwright.sync_api import Page, expect

from pulje.web import configure


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, module_database: str) -> Iterator[Any]:
    base = tmp_path_factory.mktemp("pulje-web")
    config = configure(data_dir=base / "data", archive_root=base / "arkiv")
    user(config, "karen", "kontor")
    archived(config, base)
    from pulje.answers.loader import load_application
    from pulje.portfolio import open_portfolio

    open_portfolio(base / "arkiv").track(load_application(EXAMPLE))
    with pulje_web(config.data_dir, base / "arkiv") as running:
        yield running


def _log_in(page: Page, server: Any) -> None:
    log_in(page, server, "karen", PASSWORD, "skrivebord")


_scan = scan


def test_the_server_prints_its_address_and_login(server: Any, module_database: str) -> None:
    text = "".join(server.output)
    assert "pulje web kører på http://127.0.0.1:" in text and "Login er påkrævet." in text
    # and, for a kommune's server, the database it uses (never its password)
    assert ("ligger i databasen postgresql://postgres@/pulje_test" in text) == (
        module_database != "")


def test_the_office_checks_a_folder_of_drafts(page: Page, server: Any, drafts: Path) -> None:
    _log_in(page, server)
    _scan(page, "skrivebord")
    names = sorted(p.name for p in drafts.iterdir())
    page.get_by_label("Udkast, der skal kontrolleres").set_input_files(str(drafts / names[0]))
    expect(page.locator("[data-chosen]")).to_have_text("Valgt: 1 fil")  # one file: singular
    page.get_by_label("Udkast, der skal kontrolleres").set_input_files(
        [str(drafts / n) for n in names])
    expect(page.locator("[data-chosen]")).to_have_text("Valgt: 3 filer")
    page.get_by_role("button", name="Kontrollér udkastene").click()
    table = page.get_by_role("table", name="Én række pr. fil")
    expect(table).to_be_visible(timeout=240_000)  # the page follows the check, then shows it
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    found = {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").last.inner_text()
             for i in range(3)}
    assert found == {"albertslund-ansøgning.docx": "klar", "udkast.pdf": "fejl",
                     "ødelagt.docx": "ulæselig"}
    _scan(page, "kontrol")

    page.get_by_role("link", name="udkast.pdf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("udkast.pdf")
    expect(page.locator(".finding").filter(has_text="DOC020")).to_contain_text("UDKAST")
    _scan(page, "fil")

    page.get_by_role("link", name="Kontrol af udkast").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent fundene (CSV)").click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {"fil": "udkast.pdf", "code": "DOC020"}.items() <= next(
        r for r in lines if r["code"] == "DOC020").items()
    assert {r["fil"] for r in lines} == set(names)


def test_the_archive_is_listed_shown_and_verified(page: Page, server: Any) -> None:
    _log_in(page, server)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Arkiv").click()
    table = page.get_by_role("table")
    expect(table.locator("tbody tr")).to_have_count(1)
    _scan(page, "arkiv")
    page.get_by_role("button", name="Kontrollér alle arkivposter").click()
    expect(page.get_by_role("status")).to_have_text("Alle hashværdier er genberegnet: ingen fejl.")
    _scan(page, "arkiv-kontrol")
    page.get_by_role("link", name="Tilbage til arkivet").click()
    table.locator("tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ressourceforløb med fokus på job")
    _scan(page, "arkivpost")
    page.get_by_role("button", name="Kontrollér denne arkivpost").click()
    expect(page.get_by_role("status")).to_contain_text("ingen fejl")


def test_the_portfolio_its_statuses_and_the_calendar(page: Page, server: Any) -> None:
    _log_in(page, server)
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_role("link", name="Portefølje").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Porteføljen")
    table = page.get_by_role("table", name="1 ansøgning")
    expect(table.locator("tbody tr td").last).to_have_text("kladde")
    _scan(page, "portefoelje")
    table.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ressourceforløb med fokus")
    _scan(page, "portefoelje-ansoegning")
    page.get_by_label("Status", exact=True).select_option("godkendt")
    page.get_by_role("button", name="Registrér status").click()
    expect(page.get_by_role("status")).to_have_text("Status er registreret.")
    expect(page.locator(".facts")).to_contain_text("godkendt")
    page.get_by_label("Slags dato").select_option("udvalg")
    page.get_by_label("Klokkeslæt (kan udelades)").fill("25:00")
    page.get_by_role("button", name="Registrér datoen").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv datoen som dd.mm.åååå")
    expect(page.get_by_label("Dato", exact=True)).to_have_attribute("aria-invalid", "true")
    _scan(page, "portefoelje-dato-fejl")
    page.get_by_label("Dato", exact=True).fill("2016-08-24")
    page.get_by_label("Klokkeslæt (kan udelades)").fill("16:30")
    page.get_by_role("button", name="Registrér datoen").click()
    expect(page.get_by_role("status")).to_have_text("Datoen er registreret.")
    expect(page.get_by_role("table", name="Ansøgningens datoer")).to_contain_text(
        "24.08.2016 16:30")
    menu.get_by_role("link", name="Kalender").click()
    expect(page.get_by_role("heading", name="august 2016")).to_be_visible()
    _scan(page, "kalender")
    with page.expect_download() as info:
        page.get_by_role("link", name="Hent kalenderen til Outlook (.ics)").click()
    from icalendar import Calendar

    events = Calendar.from_ical(Path(info.value.path()).read_bytes()).walk("VEVENT")
    assert any(str(e["summary"]).startswith("Udvalgsmøde: Ressourceforløb") for e in events)


def test_the_login_page_errors_and_missing_pages_pass_the_scan(page: Page,
                                                               server: Any) -> None:
    page.goto(server.url + "log-ind")
    _scan(page, "log-ind")
    page.get_by_label("Brugernavn").fill("karen")
    page.get_by_label("Adgangskode").fill("forkert adgangskode")
    page.get_by_role("button", name="Log ind").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Brugernavnet eller adgangskoden er forkert.")
    expect(page.get_by_label("Brugernavn")).to_have_attribute("aria-describedby", "login-error")
    _scan(page, "log-ind-fejl")
    _log_in(page, server)
    page.goto(server.url)
    _scan(page, "forside")
    page.goto(server.url + "findes-ikke")
    _scan(page, "ikke-fundet")
    page.goto(server.url + "arkiv?aar=tyve")
    _scan(page, "arkiv-fejl")


def test_a_check_in_progress_passes_the_scan(page: Page, server: Any) -> None:
    from pulje.web.desk.batches import BatchStore
    from pulje.web.desk.uploads import Receiver, Upload

    store = BatchStore(server.data)
    batch = store.new("karen")  # never handed to the server's worker: it stays waiting
    Receiver(store, batch, 10).add([Upload("noter.txt", io.BytesIO(b"x"))])
    store.save(batch)
    _log_in(page, server)
    page.goto(f"{server.url}skrivebord/{batch.id}")
    expect(page.get_by_role("status")).to_have_text("0 af 1 filer kontrolleret …")
    expect(page.get_by_role("link", name="Opdatér siden")).to_be_visible()
    _scan(page, "kontrol-venter")


def test_the_desk_says_at_the_field_when_no_file_is_chosen(page: Page, server: Any) -> None:
    _log_in(page, server)
    page.get_by_role("button", name="Kontrollér udkastene").click()
    field = page.get_by_label("Udkast, der skal kontrolleres")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    message = page.locator("#filer-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("Vælg en eller flere filer")
    assert "filer-error" in (field.get_attribute("aria-describedby") or "")
    expect(page).to_have_url(server.url + "skrivebord")  # nothing sent
    _scan(page, "skrivebord-fejl")


def test_files_dropped_on_the_field_are_chosen(page: Page, server: Any) -> None:
    _log_in(page, server)
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["x"], "noter.txt", {type: "text/plain"}));
        data.items.add(new File(["y"], "budget.xlsx"));
        const zone = document.querySelector("[data-dropzone]");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true,
                                                   cancelable: true}));
    }""")
    expect(page.locator("[data-chosen]")).to_have_text("Valgt: 2 filer")
    assert page.evaluate("document.getElementById('filer').files.length") == 2


def test_the_keyboard_reaches_the_skip_link_and_the_content(page: Page, server: Any) -> None:
    _log_in(page, server)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til indholdet")
    expect(skip).to_be_focused()
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#indhold"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after the skip link, Tab goes on inside the content"


def test_english_through_the_switch(page: Page, server: Any) -> None:
    _log_in(page, server)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk: check drafts")
    _scan(page, "desk-english")
    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
