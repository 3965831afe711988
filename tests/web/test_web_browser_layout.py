"""The form's layout and findings box in a real browser (Debian's Chromium, Playwright, a real
``pulje web``): on a laptop's screen the budget's tables fit their column (no sideways
scrolling) and the page gauge with Sider and Hent stays in view while one scrolls down to the
budget; a page limit passed is an error in the findings box; the pages pass the axe-core scan."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import SHOTS, launch, log_in, pulje_web, scan
from conftest import EXAMPLE, PASSWORD, user
from playwright.sync_api import Page, expect, sync_playwright

from pulje.web import configure

SCREEN = {"width": 1280, "height": 800}
GAUGE_WAIT = 180_000  # ms: the count starts LibreOffice


@pytest.fixture
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    base = tmp_path_factory.mktemp("pulje-web-layout")
    config = configure(data_dir=base / "data", archive_root=base / "arkiv")
    user(config, "sofie", "skriver")
    with pulje_web(config.data_dir, base / "arkiv") as server, sync_playwright() as pw:
        chromium = launch(pw)
        opened = chromium.new_context(locale="da-DK", viewport=SCREEN).new_page()
        log_in(opened, server, "sofie", PASSWORD, "ansoegninger")
        opened.get_by_label("Word-skema eller svarfil").set_input_files(str(EXAMPLE))
        opened.get_by_role("button", name="Læs den ind").click()
        expect(opened).to_have_url(re.compile(r"/ansoegninger/[0-9a-f]{32}$"))
        yield opened
        chromium.close()


def _box(page: Page, selector: str) -> dict[str, Any]:
    found: dict[str, Any] = page.eval_on_selector(selector, """e => {
        const r = e.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                width: r.width, scroll: e.scrollWidth, client: e.clientWidth};
    }""")
    return found


def test_the_budget_fits_and_the_gauge_stays_in_view(page: Page) -> None:
    tables = page.locator("[data-budget] table.rows-table")
    expect(tables.first).to_be_visible()
    tables.first.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "skema-budget.png"))
    for n in range(tables.count()):
        table = tables.nth(n)
        wrapper = table.locator("xpath=..")
        width, room = table.evaluate("e => e.scrollWidth"), wrapper.evaluate(
            "e => e.clientWidth")
        assert width <= room, f"budget table {n}: {width} px in a column of {room} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]

    gauge = _box(page, "[data-gauge-box]")
    assert 0 <= gauge["top"] < SCREEN["height"] and gauge["bottom"] > 0, gauge
    download = page.get_by_role("heading", name="Hent")
    expect(download).to_be_in_viewport()
    budget = _box(page, "[data-budget]")
    assert gauge["left"] >= budget["right"] or budget["right"] <= SCREEN["width"], (gauge, budget)
    scan(page, "skema-budget-hele")


def test_the_page_limit_passed_turns_the_findings_box_red(page: Page, tmp_path: Path) -> None:
    """Once the gauge has counted too many pages, the script counts its PAG001 in the
    findings box (an error, as pulje build gives it) without reloading the page."""
    head = "formaal:\n  forandringer: |\n"
    longer = tmp_path / "for-lang.yaml"
    longer.write_text(EXAMPLE.read_text(encoding="utf-8").replace(head, head + "".join(
        f"    {n}. {'Et langt afsnit, der fylder i skemaet. ' * 30}\n\n" for n in range(40))),
        encoding="utf-8")
    page.get_by_label("Word-skema eller svarfil").set_input_files(str(longer))
    page.get_by_role("button", name="Læs den ind").click()
    box = page.locator("[data-summary-box]")
    expect(box.locator("[data-summary-list]")).to_contain_text("PAG001", timeout=GAUGE_WAIT)
    expect(box).to_have_class(re.compile(r"\bhas-errors\b"))
    expect(box.locator("[data-summary]")).not_to_contain_text("0 fejl")
    scan(page, "skema-for-mange-sider")
