"""The project leader's form in a real browser (Debian's Chromium, Playwright, a real ``pulje
web`` process): log in, choose a round and start an application, read the example's answers
in, type an answer that breaks a rule and see the finding appear beside the field, correct
it and see it go, watch the page gauge count what ``pulje pages`` counts, build the final
application and download its Word file. Every page on the way passes the axe-core scan."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import log_in, pages_of, pulje_web, scan
from conftest import EXAMPLE, PASSWORD, user
from playwright.sync_api import Page, expect
from test_web_editor import docx_text

from pulje.web import configure

GAUGE_WAIT = 120_000  # ms: the first count starts LibreOffice


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    base = tmp_path_factory.mktemp("pulje-web-skema")
    config = configure(data_dir=base / "data", archive_root=base / "arkiv")
    user(config, "sofie", "skriver")
    with pulje_web(config.data_dir, base / "arkiv") as running:
        yield running


def _field(page: Page, path: str) -> Any:
    return page.locator(f'[id="felt-{path}"]')


def _findings_of(page: Page, path: str) -> Any:
    return page.locator(f'[id="spm-{path}-fund"]')


def _answers(page: Page, server: Any) -> str:
    draft = page.url.rstrip("/").rsplit("/", 1)[1]
    answer = page.request.get(f"{server.url}ansoegninger/{draft}/svarfil")
    assert answer.ok
    return answer.text()


def _version(page: Page) -> str:
    return page.locator("[data-version]").input_value()


def _saved_after(page: Page, version: str) -> str:
    """Wait until the form has saved a version newer than ``version``; that version."""
    expect(page.locator("[data-version]")).not_to_have_value(version, timeout=30_000)
    return _version(page)


def _gauge_settles(page: Page, server: Any, work: Path) -> int:
    """Wait until the gauge shows the count of the version the form holds; that count, which
    must be what ``pulje pages`` counts for the saved answers."""
    gauge = page.locator("[data-gauge-text]")
    expect(page.locator("[data-gauge-box]")).to_have_attribute(
        "data-counted", _version(page), timeout=GAUGE_WAIT)
    expect(gauge).to_have_text(re.compile(r"^\d+ af 15 sider"), timeout=GAUGE_WAIT)
    shown = int(gauge.inner_text().split()[0])
    assert shown == pages_of(_answers(page, server), work)
    return shown


def test_a_project_leader_writes_checks_and_builds_an_application(
        page: Page, server: Any, tmp_path: Path) -> None:
    log_in(page, server, "sofie", PASSWORD, "ansoegninger/ny")
    scan(page, "skema-runder")
    page.get_by_role("button", name=re.compile(
        r"^Start en ansøgning\s*: Pulje til Bedre ressourceforløb 2016$")).click()
    expect(page).to_have_url(re.compile(r"/ansoegninger/[0-9a-f]{32}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny ansøgning")
    scan(page, "skema-nyt")

    # the example's answers read in: the form holds them, the gauge counts them
    page.get_by_label("Word-skema eller svarfil").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Læs den ind").click()
    name = _field(page, "identifikation.projektnavn")
    expect(name).to_have_value(re.compile(r"^Ressourceforløb med fokus på borgerinddragelse"))
    first = _gauge_settles(page, server, tmp_path / "foer")
    scan(page, "skema-eksempel")

    # an answer that breaks a rule: the finding appears beside its field as one types
    before = _version(page)
    name.fill("")
    findings = _findings_of(page, "identifikation.projektnavn")
    expect(findings).to_contain_text("TXT001")
    expect(name).to_have_attribute("aria-invalid", "true")
    described = (name.get_attribute("aria-describedby") or "").split()
    assert any("TXT001" in page.locator(f'[id="{i}"]').inner_text() for i in described)
    scan(page, "skema-fejl")

    # corrected: the finding goes, and the gauge counts again
    before = _saved_after(page, before)
    name.fill("Job og trivsel i Albertslund")
    before = _saved_after(page, before)
    expect(findings).to_be_hidden()
    expect(name).not_to_have_attribute("aria-invalid", "true")
    assert _gauge_settles(page, server, tmp_path / "efter") == first

    # a long answer: more pages, and the gauge follows
    answer = _field(page, "formaal.forandringer")
    answer.fill(answer.input_value() + "\n\n" + "\n\n".join(
        f"{n}. Et langt afsnit om projektets formål, der fylder i skemaet. " * 8
        for n in range(1, 16)))
    _saved_after(page, before)
    longer = _gauge_settles(page, server, tmp_path / "laengere")
    assert longer > first
    expect(page.locator("[data-save-status]")).to_contain_text("Gemt: version")

    # build the final application and download its Word file
    page.get_by_role("link", name="Dan, PDF og indsend …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansøgningens dokumenter")
    scan(page, "skema-dokumenter")
    page.get_by_role("button", name="Dan den endelige ansøgning").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{longer} af 15 sider", timeout=GAUGE_WAIT)
    scan(page, "skema-dannet")
    with page.expect_download() as info:
        page.get_by_role("link", name="job-og-trivsel-i-albertslund.docx", exact=True).click()
    text = docx_text(Path(info.value.path()).read_bytes())
    assert "Job og trivsel i Albertslund" in text
    assert "15. Et langt afsnit om projektets formål" in text
    assert "UDKAST" not in text


def test_the_list_a_bad_file_and_a_stale_save_pass_the_scan(
        browser: Any, page: Page, server: Any, tmp_path: Path) -> None:
    log_in(page, server, "sofie", PASSWORD, "ansoegninger")
    not_ours = tmp_path / "noter.yaml"
    not_ours.write_text("bare: noter\n", encoding="utf-8")
    page.get_by_label("Word-skema eller svarfil").set_input_files(str(not_ours))
    page.get_by_role("button", name="Læs den ind").click()
    field = page.get_by_label("Word-skema eller svarfil")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_be_visible()
    scan(page, "ansoegninger-fejl")

    page.get_by_label("Word-skema eller svarfil").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Læs den ind").click()
    expect(page).to_have_url(re.compile(r"/ansoegninger/[0-9a-f]{32}$"))
    address = page.url
    page.get_by_label("Word-skema eller svarfil").set_input_files(str(not_ours))
    page.get_by_role("button", name="Læs den ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Filen kunne ikke læses")
    scan(page, "indlaes-afvist")

    # two people in one application: the second save is refused, and says what changed
    other = browser.new_context(locale="da-DK").new_page()
    log_in(other, server, "sofie", PASSWORD, "ansoegninger")
    other.goto(address)
    page.goto(address)
    before = _version(page)
    _field(page, "identifikation.projektnavn").fill("Anne Holms projekt")
    _saved_after(page, before)
    _field(other, "identifikation.ansvarlig.telefon").fill("4368 0000")
    alert = other.get_by_role("alert")  # the script's save is refused: what changed, and …
    expect(alert).to_contain_text("Anne Holms projekt")
    scan(other, "skema-konflikt-script")
    alert.get_by_role("button", name="Vis deres og mine svar samlet").click()
    # … the form again, with both people's answers, not saved until saved again
    expect(other.get_by_role("heading", level=2, name="En anden gemte ansøgningen, mens du "
                                                      "redigerede den")).to_be_visible()
    expect(_field(other, "identifikation.projektnavn")).to_have_value("Anne Holms projekt")
    expect(_field(other, "identifikation.ansvarlig.telefon")).to_have_value("4368 0000")
    scan(other, "skema-konflikt")
    other.context.close()

    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Ansøgninger").click()
    expect(page.get_by_role("table").locator("tbody tr")).not_to_have_count(0)
    scan(page, "ansoegninger")
