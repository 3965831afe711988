"""Every kind of answer's field in a real browser (a pool whose form asks them all): the page
passes the axe-core scan with every widget on it; a choice shows its section and hides the
other; the budget's totals follow as one types, in Danish kroner; a row added by keyboard
gets its labels; the answers typed are saved as the answer file holds them."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import pulje_web, scan
from drafting import ALL_ANSWERS, write_pool
from playwright.sync_api import Page, expect

from pulje.answers.loader import load_text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    base = tmp_path_factory.mktemp("pulje-web-alle-typer")
    pools = write_pool(base / "puljer")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PULJE_TEMPLATES", str(pools))
        with pulje_web(base / "data", base / "arkiv") as running:  # single-user mode
            yield running


@pytest.fixture
def page(browser: Any, server: Any, tmp_path: Path) -> Iterator[Page]:
    context = browser.new_context(locale="da-DK")
    opened = context.new_page()
    opened.goto(server.url + "ansoegninger")
    answers = tmp_path / "svar.yaml"
    answers.write_text(ALL_ANSWERS, encoding="utf-8")
    opened.get_by_label("Word-skema eller svarfil").set_input_files(str(answers))
    opened.get_by_role("button", name="Læs den ind").click()
    expect(opened).to_have_url(re.compile(r"/ansoegninger/[0-9a-f]{32}$"))
    yield opened
    context.close()


def _field(page: Page, path: str) -> Any:
    return page.locator(f'[id="felt-{path}"]')


def _saved(page: Page, server: Any) -> Any:
    draft = page.url.rstrip("/").rsplit("/", 1)[1]
    return load_text(page.request.get(f"{server.url}ansoegninger/{draft}/svarfil").text(),
                     "svar.yaml")


def _saved_as(page: Page, server: Any, check: Callable[[Any], bool]) -> None:
    """Wait until the script has saved answers that pass ``check`` (it saves a moment after
    each change)."""
    deadline = time.monotonic() + 120  # a wait, not a bound: a loaded machine saves late
    while not check(_saved(page, server).data):
        assert time.monotonic() < deadline, "the change was not saved"
        time.sleep(0.2)


def test_every_widget_passes_the_scan_and_a_choice_switches_sections(page: Page,
                                                                     server: Any) -> None:
    scan(page, "alle-felttyper")
    spor_a = page.get_by_role("region", name="Spor A - Job i foreninger")
    spor_b = page.get_by_role("region", name="Spor B - Job i virksomheder")
    expect(spor_a).to_be_visible()
    expect(spor_b).to_be_hidden()
    page.get_by_role("radio", name="Job i virksomheder").check()
    expect(spor_b).to_be_visible()
    expect(spor_a).to_be_hidden()
    scan(page, "alle-felttyper-spor-b")
    _saved_as(page, server, lambda data: data["indsats"]["spor"] == "virksomhed")


def test_the_budgets_totals_follow_as_one_types(page: Page, server: Any) -> None:
    total = page.locator('[data-total="budget.udgifter"]')
    expect(total).to_have_text("312.500,00 kr.")  # 10,5 × 25.000 + 50.000
    _field(page, "budget.udgifter.1.beloeb").fill("60.000,50")
    expect(total).to_have_text("322.500,50 kr.")
    expect(page.locator('[data-need="budget"]')).to_have_text("310.500,50 kr.")
    _saved_as(page, server,
              lambda data: str(data["budget"]["udgifter"][1]["beloeb"]) == "60000.50")


def test_a_row_is_added_by_keyboard_with_its_labels(page: Page, server: Any) -> None:
    table = page.locator('[id="tabel-felt-opkvalificering.medarbejdere"]')
    expect(table.locator("tbody tr")).to_have_count(2)
    page.locator('button[value="tilfoej:opkvalificering.medarbejdere"]').focus()
    page.keyboard.press("Enter")
    expect(table.locator("tbody tr")).to_have_count(3)
    new = _field(page, "opkvalificering.medarbejdere.2.funktion")
    expect(new).to_be_focused()
    expect(new).to_have_accessible_name(re.compile(r", række 3$"))
    page.keyboard.type("Mentorer")
    _saved_as(page, server, lambda data: [r.get("funktion") for r in data[
        "opkvalificering"]["medarbejdere"]] == ["Jobkonsulenter", "Sagsbehandlere", "Mentorer"])
    scan(page, "alle-felttyper-ny-raekke")


def test_a_failed_save_is_tried_again_and_the_change_kept(page: Page, server: Any) -> None:
    """A busy server answers 503 once: the script saves the change again a moment later."""
    failed: list[str] = []

    def once(route: Any) -> None:
        if route.request.method == "POST" and not failed:
            failed.append(route.request.url)
            route.fulfill(status=503, content_type="application/json",
                          body='{"error": "optaget"}')
        else:
            route.continue_()

    page.route(re.compile(r".*/ansoegninger/[0-9a-f]{32}$"), once)
    _field(page, "budget.udgifter.1.beloeb").fill("70.000,00")
    _saved_as(page, server,
              lambda data: str(data["budget"]["udgifter"][1]["beloeb"]) in ("70000.00", "70000"))
    assert failed, "the first save did not reach the route"
