"""An application's documents in the browser (pages/documents) and its page gauge
(editor/gauge): built as pulje build builds them, downloaded by the names the build recorded
only, submitted by the project office as pulje submit does (package, e-mail draft, archive,
portfolio), and the gauge's count equal to the build's."""

from __future__ import annotations

import re
import time

import pytest
from conftest import EXAMPLE, client_for, csrf, login, user
from drafting import upload_answers
from starlette.testclient import TestClient

from pulje.archive import Archive
from pulje.portfolio import Status, open_portfolio
from pulje.report.gauge import PageGauge
from pulje.report.pagecheck import page_findings
from pulje.web import WebConfig
from pulje.web.editor import gauge


@pytest.fixture
def built(config: WebConfig) -> tuple[WebConfig, str]:
    """The example as an application, built (final) once."""
    with client_for(config) as c:
        draft = upload_answers(c, EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name)
        page = c.get(f"/ansoegninger/{draft}/dokumenter")
        answer = c.post(f"/ansoegninger/{draft}/byg", data={"csrf": csrf(page.text),
                                                             "udgave": "endelig"})
        assert answer.status_code == 303
    return config, draft


def _files(html: str, draft: str) -> list[str]:
    return re.findall(rf'href="/ansoegninger/{draft}/fil/([^"]+)"', html)


def test_the_build_lists_its_files_and_only_they_download(built: tuple[WebConfig, str]
                                                          ) -> None:
    config, draft = built
    with client_for(config) as c:
        page = c.get(f"/ansoegninger/{draft}/dokumenter").text
        assert re.search(r"af version 1: 12 af 15 sider", page)
        files = _files(page, draft)
        pdf = next(f for f in files if f.endswith(".pdf") and "-bilag-" not in f)
        stem = pdf.removesuffix(".pdf")
        assert stem.startswith("ressourceforloeb-med-fokus-paa-borgerinddragelse")
        assert set(files) == {f"{stem}{end}" for end in (
            "-bilag-budget.docx", "-bilag-budget.pdf", "-budget.xlsx", ".docx", ".pdf")} | {
                "report.json"}
        answer = c.get(f"/ansoegninger/{draft}/fil/{pdf}")
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
        for wrong in ("..%2F..%2Fbrugere.json", "report.json.bak", "%2Fetc%2Fpasswd"):
            assert c.get(f"/ansoegninger/{draft}/fil/{wrong}").status_code == 404


def test_a_draft_build_with_errors_keeps_the_files_of_the_last_build(
        built: tuple[WebConfig, str]) -> None:
    config, draft = built
    broken = EXAMPLE.read_text(encoding="utf-8").replace("kommune: Albertslund Kommune",
                                                         "kommune:")
    with client_for(config) as c:
        token = csrf(c.get(f"/ansoegninger/{draft}").text)
        answer = c.post(f"/ansoegninger/{draft}/indlaes", data={"csrf": token}, files=[
            ("fil", ("svar.yaml", broken.encode("utf-8"), "application/yaml"))])
        assert answer.status_code == 303
        page = c.get(f"/ansoegninger/{draft}/dokumenter")
        c.post(f"/ansoegninger/{draft}/byg", data={"csrf": csrf(page.text),
                                                   "udgave": "endelig"})
        after = c.get(f"/ansoegninger/{draft}/dokumenter").text
        assert "Version 2 blev ikke dannet: ansøgningen har fejl." in after
        assert "Filerne herunder er fra version 1." in after and _files(after, draft)


def test_the_office_submits_and_the_writer_may_not(built: tuple[WebConfig, str]) -> None:
    config, draft = built
    user(config, "karen", "kontor")
    user(config, "sofie", "skriver")
    with client_for(config) as c:  # the local single user made the draft; the office sees all
        login(c, "sofie")
        page = c.get(f"/ansoegninger/{draft}/dokumenter")
        assert page.status_code == 404  # another's application: not hers to see
    with client_for(config) as c:
        login(c, "karen")
        page = c.get(f"/ansoegninger/{draft}/dokumenter")
        assert page.status_code == 200 and "Indsend version 1" in page.text
        answer = c.post(f"/ansoegninger/{draft}/indsend", data={"csrf": csrf(page.text)})
        assert answer.status_code == 303
        after = c.get(f"/ansoegninger/{draft}/dokumenter").text
        package = c.get(f"/ansoegninger/{draft}/indsendelse/1/zip")
        assert package.status_code == 200 and package.content.startswith(b"PK")
        mail = c.get(f"/ansoegninger/{draft}/indsendelse/1/eml")
        assert mail.status_code == 200 and b"Subject:" in mail.content
        assert c.get(f"/ansoegninger/{draft}/indsendelse/2/zip").status_code == 404
    assert config.archive_root is not None
    entries = Archive(config.archive_root).list()
    assert len(entries) == 1 and f'href="/arkiv/{entries[0].id}"' in after
    apps = open_portfolio(config.archive_root).store.applications()
    assert [a.status for a in apps] == [Status.indsendt]


def test_the_gauge_counts_what_the_build_counts(built: tuple[WebConfig, str]) -> None:
    config, draft = built
    with client_for(config) as c:
        state = _counted(c, draft)
        report = c.get(f"/ansoegninger/{draft}/fil/report.json").json()
    assert state["pages"] == report["sider"] == 12 and state["limit"] == 15
    assert state["text"] == "12 af 15 sider" and not state["over"]
    assert [(s["title"], s["from"], s["to"]) for s in state["sections"]] == [  # type: ignore
        (a["titel"], a["fra_side"], a["til_side"]) for a in report["afsnit"]]


def _counted(c: TestClient, draft: str, timeout: float = 240) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        state = c.get(f"/ansoegninger/{draft}/sider").json()
        if state["current"]:
            return dict(state)
        assert time.monotonic() < deadline, state
        time.sleep(0.2)


def test_the_page_limit_passed_is_shown(config: WebConfig) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    head = "formaal:\n  forandringer: |\n"
    longer = text.replace(head, head + "".join(
        f"    {n}. {'Et langt afsnit, der fylder i skemaet. ' * 30}\n\n" for n in range(40)))
    with client_for(config) as c:
        draft = upload_answers(c, longer)
        state = _counted(c, draft)
    assert state["over"] is True
    pages = state["pages"]
    assert isinstance(pages, int) and pages > 15
    assert state["text"] == f"{pages} af 15 sider: {pages - 15} for mange"
    assert any(s["beyond"] for s in state["sections"])  # type: ignore[attr-defined]


def test_the_page_limit_passed_is_an_error_in_the_findings_box(
        config: WebConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gauge's PAG001 (as pulje build gives it) is counted in the findings box once the
    gauge has counted: in the gauge's answer for the script and on the page."""
    def too_long(loaded: object, work: object, **_: object) -> PageGauge:
        return PageGauge(pages=21, limit=15,
                         diagnostics=page_findings("ansoegning.pdf", 21, 15, []))
    monkeypatch.setattr(gauge, "measure", too_long)
    monkeypatch.setattr(gauge.GaugeJobs, "_warm", lambda self: None)
    with client_for(config) as c:
        draft = upload_answers(c, EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name)
        state = _counted(c, draft)
        page = c.get(f"/ansoegninger/{draft}").text
    assert state["text"] == "21 af 15 sider: 6 for mange"
    box = state["validation"]
    assert isinstance(box, dict) and box["counts"]["fejl"] >= 1
    assert [f["severity"] for f in box["findings"] if f["code"] == "PAG001"] == ["fejl"]
    summary = page.split("data-summary-box", 1)[1].split("</section>", 1)[0]
    assert 'class="summary has-errors"' in page and "PAG001" in summary
