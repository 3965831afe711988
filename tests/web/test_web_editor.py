"""The project leader's form (pages/editor, editor/*): every kind of answer drawn as a field and
read back to the same answers; findings of validate beside the field they concern, gone once
corrected; a stale save refused with what changed; rows added without the script; the answer
file, Word form and workbook downloaded; a Word form uploaded into the application."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE, client_for, csrf
from docx import Document
from docx.oxml.ns import qn
from drafting import (
    ALL_ANSWERS,
    fields_of,
    page_of,
    post_form,
    saved,
    saved_text,
    upload_answers,
    version_of,
    write_pool,
)
from formdata import form_fields, replaced
from openpyxl import load_workbook
from starlette.testclient import TestClient

from pulje.answers.loader import load_text
from pulje.web import WebConfig


def docx_text(content: bytes) -> str:
    """The text of a Word file, a line a paragraph (inside tables and content controls too)."""
    body = Document(io.BytesIO(content)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in body.iter(qn("w:p")))


@pytest.fixture
def pools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_pool(tmp_path / "puljer")
    monkeypatch.setenv("PULJE_TEMPLATES", str(folder))
    return folder


@pytest.fixture
def writer(config: WebConfig, pools: Path) -> Iterator[TestClient]:
    with client_for(config) as c:
        yield c


def test_every_kind_of_answer_reads_back_to_the_same_answers(writer: TestClient) -> None:
    draft = upload_answers(writer, ALL_ANSWERS)
    expected = load_text(ALL_ANSWERS, "svar.yaml").model
    assert expected is not None and saved(writer, draft).model == expected
    fields = fields_of(writer, draft)
    names = {n for n, _v in fields}
    # the rows of the tables, the budget's cells by year, the grid, the choices: all drawn
    assert {"identifikation.medansoegere.1.navn", "budget.udgifter.0.fordeling.2025",
            "tidsplan.2024.1", "indsats.maalgrupper", "indsats.andel.maal.2024-12",
            "opkvalificering.medarbejdere.1.antal"} <= names
    answer = post_form(writer, draft, fields, json=True)
    assert answer.status_code == 200  # saved in the form's own spelling (50000.00, ja) …
    assert saved(writer, draft).model == expected
    again = post_form(writer, draft, fields_of(writer, draft), json=True)
    assert again.json()["made"] is False  # … and the same form again is no new version
    assert saved(writer, draft).model == expected


def test_a_finding_appears_beside_its_field_and_goes_when_corrected(writer: TestClient) -> None:
    draft = upload_answers(writer, ALL_ANSWERS)
    fields = fields_of(writer, draft)
    broken = post_form(writer, draft, replaced(fields, {"indsats.leder": ""}), json=True)
    assert broken.status_code == 200
    state = broken.json()
    assert state["made"] is True and state["version"] == 2
    mine = [f for f in state["findings"] if f["field"] == "felt-indsats.leder"]
    assert [f["code"] for f in mine] == ["TXT001"]
    assert "Hvem leder indsatsen?" in mine[0]["message"]
    # the page without the script shows the same finding tied to its field
    html = page_of(writer, draft)
    assert 'aria-invalid="true"' in html.split('id="felt-indsats.leder"', 1)[1].split(">", 1)[0]
    fixed = post_form(writer, draft, replaced(fields_of(writer, draft),
                                              {"indsats.leder": "Bo Ibsen"}), json=True)
    assert not [f for f in fixed.json()["findings"] if f["field"] == "felt-indsats.leder"]
    assert fixed.json()["version"] == 3


def test_money_in_danish_format_is_read_as_kroner(writer: TestClient) -> None:
    draft = upload_answers(writer, ALL_ANSWERS)
    fields = fields_of(writer, draft)
    assert ("oekonomi.ansoegt_beloeb", "1.250.000,50") in fields
    post_form(writer, draft, replaced(fields, {"oekonomi.ansoegt_beloeb": "2.000.000,25"}))
    model = saved(writer, draft).model
    assert model is not None
    assert str(model.model_dump()["oekonomi"]["ansoegt_beloeb"]) == "2000000.25"


def test_a_stale_save_is_refused_with_what_changed(config: WebConfig, pools: Path) -> None:
    with client_for(config) as first, client_for(config) as second:
        draft = upload_answers(first, ALL_ANSWERS)
        mine, theirs = fields_of(first, draft), fields_of(second, draft)
        assert post_form(first, draft, replaced(mine, {"indsats.leder": "Anne Holm"}),
                         json=True).status_code == 200
        refused = post_form(second, draft, replaced(theirs, {"indsats.pladser": "300"}),
                            json=True)
        assert refused.status_code == 409
        body = refused.json()
        assert body["conflict"] is True and body["version"] == 2
        assert [c["question"] for c in body["changes"]] == ["Hvem leder indsatsen?"]
        text = saved_text(first, draft)
        assert "Anne Holm" in text and "pladser: 1200" in text  # nothing of the second saved
        # without the script: the page again, both people's answers merged, the newer version
        page = post_form(second, draft, replaced(theirs, {"indsats.pladser": "300"}))
        assert page.status_code == 409 and version_of(page.text) == 2
        assert 'value="Anne Holm"' in page.text and 'value="300"' in page.text


def test_a_row_is_added_and_removed_without_the_script(writer: TestClient) -> None:
    draft = upload_answers(writer, ALL_ANSWERS)
    fields = fields_of(writer, draft)
    shown = post_form(writer, draft, fields, handling="tilfoej:opkvalificering.medarbejdere")
    assert shown.status_code == 200
    assert 'name="opkvalificering.medarbejdere.2.funktion"' in shown.text
    grown = replaced(form_fields(shown.text),
                     {"opkvalificering.medarbejdere.2.funktion": "Mentorer",
                      "opkvalificering.medarbejdere.2.antal": "3"})
    assert post_form(writer, draft, grown).status_code == 303
    staff = saved(writer, draft).data["opkvalificering"]["medarbejdere"]
    assert [r["funktion"] for r in staff] == ["Jobkonsulenter", "Sagsbehandlere", "Mentorer"]
    gone = post_form(writer, draft, fields_of(writer, draft),
                     handling="fjern:opkvalificering.medarbejdere.0")
    assert gone.status_code == 303
    staff = saved(writer, draft).data["opkvalificering"]["medarbejdere"]
    assert [r["funktion"] for r in staff] == ["Sagsbehandlere", "Mentorer"]


def test_the_answers_download_as_answer_file_word_form_and_workbook(writer: TestClient) -> None:
    draft = upload_answers(writer, ALL_ANSWERS)
    answers = writer.get(f"/ansoegninger/{draft}/svarfil")
    assert answers.status_code == 200
    assert "job-i-foreningslivet" in answers.headers["content-disposition"]
    word = writer.get(f"/ansoegninger/{draft}/skema.docx")
    assert word.status_code == 200
    text = docx_text(word.content)
    assert "Vi bruger kommunens foreningsregister." in text
    book = load_workbook(io.BytesIO(writer.get(f"/ansoegninger/{draft}/budget.xlsx").content))
    cells = {c.value for sheet in book for row in sheet.iter_rows() for c in row}
    assert "Projektleder, 20 t/uge" in cells


def test_a_word_form_uploaded_continues_the_application(writer: TestClient) -> None:
    draft = upload_answers(writer, ALL_ANSWERS)
    fields = fields_of(writer, draft)
    post_form(writer, draft, replaced(fields, {"indsats.leder": "Karin Lund"}))
    word = writer.get(f"/ansoegninger/{draft}/skema.docx").content
    other = upload_answers(writer, ALL_ANSWERS.replace("Bo Ibsen", "Ole Dam"))
    token = csrf(page_of(writer, other))
    answer = writer.post(f"/ansoegninger/{other}/indlaes", data={"csrf": token},
                         files=[("fil", ("skema.docx", word, "application/octet-stream"))])
    assert answer.status_code == 303
    assert saved(writer, other).data["indsats"]["leder"] == "Karin Lund"


def test_a_round_is_chosen_and_an_application_started(writer: TestClient) -> None:
    rounds = writer.get("/ansoegninger/ny")
    assert rounds.status_code == 200 and "Pulje til afprøvning af alle svartyper" in rounds.text
    answer = writer.post("/ansoegninger/ny", data={"csrf": csrf(rounds.text),
                                                    "pulje": "alle-typer", "runde": "2024"})
    assert answer.status_code == 303
    draft = str(answer.headers["location"]).rsplit("/", 1)[1]
    html = page_of(writer, draft)
    assert "Hvem leder indsatsen?" in html and version_of(html) == 1
    refused = writer.post("/ansoegninger/ny", data={"csrf": csrf(rounds.text),
                                                     "pulje": "../etc", "runde": "2024"})
    assert refused.status_code == 400


def test_every_round_of_the_catalogue_starts_draws_and_saves(config: WebConfig) -> None:
    from pulje.pools import all_pools

    with client_for(config) as c:
        token = csrf(c.get("/ansoegninger/ny").text)
        rounds = [(p.id, r.id) for p in all_pools() for r in p.runder]
        assert len(rounds) >= 3
        for pool, runde in rounds:
            answer = c.post("/ansoegninger/ny", data={"csrf": token, "pulje": pool,
                                                       "runde": runde})
            assert answer.status_code == 303, (pool, runde)
            draft = str(answer.headers["location"]).rsplit("/", 1)[1]
            saved_form = post_form(c, draft, fields_of(c, draft), json=True)
            assert saved_form.status_code == 200, (pool, runde, saved_form.text[:500])


def test_old_budget_category_ids_are_shown_as_the_guide_s_categories(config: WebConfig) -> None:
    """The example's old ids (andet, evaluering) are chosen in the drop-down as the budget
    model reads them (Øvrige udgifter, Projektevaluering), not added as raw options."""
    with client_for(config) as c:
        draft = upload_answers(c, EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name)
        page = page_of(c, draft)
    chosen = re.findall(r'<option value="([^"]*)" selected>([^<]*)</option>', page)
    assert ("oevrige", "Øvrige udgifter") in chosen
    assert ("projektevaluering", "Projektevaluering") in chosen
    assert not {"andet", "evaluering"} & {value for value, _text in chosen}
