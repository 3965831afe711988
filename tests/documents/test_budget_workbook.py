"""The blank budget workbook of a round (``pulje init POOL --docx``): STAR's layout, the round's
categories and periods, live formulas, the lists the category cells take, locked formula
cells, and pulje's marks — and the same layout for the workbook ``pulje build`` makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from answer_edits import templates_with
from openpyxl import load_workbook

from pulje.documents import budget_layout as L
from pulje.documents.budget_xlsx import BLANK_ROWS, blank_workbook_bytes, render_budget_xlsx
from pulje.drafts.workbook import read_marks, read_workbook
from pulje.pools import load_pool
from schemas.budget import FINANSIERING_NAVNE, KATEGORI_NAVNE

POOL = "bedre-ressourceforloeb"


def _blank(tmp_path: Path, pool: str = POOL, **marks: str) -> Path:
    p = load_pool(pool)
    path = tmp_path / "budget.xlsx"
    path.write_bytes(blank_workbook_bytes(p, p.runde(), **marks))
    return path


def _column_a(ws: Any) -> list[Any]:
    return [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]


def _heads(ws: Any, row: int) -> dict[str, int]:
    """The heads of a row, up to the notes (the hidden lists lie beyond)."""
    out: dict[str, int] = {}
    for c in ws[row]:
        if c.value is not None:
            out[str(c.value)] = c.column
            if c.value == L.BEMAERKNING:
                break
    return out


def test_the_blank_workbook_has_every_category_in_the_guides_words(tmp_path: Path) -> None:
    ws = load_workbook(_blank(tmp_path))[L.SHEET]
    labels = _column_a(ws)
    header = labels.index(L.POST) + 1
    heads = _heads(ws, header)
    assert list(heads)[:5] == ["Post", "Beskrivelse", "Antal", "Enhedspris", "Enhed"]
    assert list(heads)[5:] == ["2017", "2018", "Ikke fordelt", "I alt", "Bemærkning"]
    for name in KATEGORI_NAVNE.values():
        assert labels.count(name) == BLANK_ROWS, name
        assert labels.count(f"{name} i alt") == 1
    assert labels.count(L.EXPENSES_TOTAL) == 1
    # The financing: the amount applied for, every type of the guide, the total, the balance.
    for name in FINANSIERING_NAVNE.values():
        assert name in labels
    for label in ("Ansøgt fra puljen", L.FINANCING_TOTAL, L.BALANCE):
        assert labels.count(label) == 1


def test_formulas_are_live_and_locked_inputs_are_open(tmp_path: Path) -> None:
    ws = load_workbook(_blank(tmp_path))[L.SHEET]
    labels = _column_a(ws)
    heads = _heads(ws, labels.index(L.POST) + 1)
    total, rest = heads["I alt"], heads["Ikke fordelt"]
    first = labels.index("Løn") + 1
    line = ws.cell(row=first, column=total)
    assert line.value == f"=ROUND(C{first}*D{first},2)"
    assert ws.cell(row=first, column=rest).value == f"=I{first}-SUM(F{first}:G{first})"
    subtotal = labels.index("Løn i alt") + 1
    assert ws.cell(row=subtotal, column=total).value == f"=SUM(I{first}:I{subtotal - 1})"
    expenses = labels.index(L.EXPENSES_TOTAL) + 1
    assert ws.cell(row=expenses, column=total).value.startswith("=SUM(")
    balance = labels.index(L.BALANCE) + 1
    financing = labels.index(L.FINANCING_TOTAL) + 1
    assert ws.cell(row=balance, column=total).value == f"=I{expenses}-I{financing}"
    # The sheet is protected (no password): formula cells locked, input cells not.
    assert ws.protection.sheet and not ws.protection.password
    assert not ws.protection.insertRows and not ws.protection.deleteRows
    assert not ws.protection.formatColumns
    for col in ("A", "B", "C", "D", "E", "F", "G", "I", "J"):
        assert not ws[f"{col}{first}"].protection.locked, col
    for ref in (f"H{first}", f"I{subtotal}", f"F{subtotal}", f"I{expenses}", f"I{balance}",
                f"I{financing}"):
        assert ws[ref].protection.locked, ref
    applied = labels.index("Ansøgt fra puljen") + 1
    assert not ws.cell(row=applied, column=total).protection.locked


def test_the_category_cells_take_the_rounds_list(tmp_path: Path) -> None:
    ws = load_workbook(_blank(tmp_path))[L.SHEET]
    labels = _column_a(ws)
    validations = ws.data_validations.dataValidation
    assert len(validations) == 2
    categories, types = validations
    first = labels.index("Løn") + 1
    assert f"A{first}" in categories.sqref and categories.type == "list"
    column = categories.formula1.split("$")[1]
    listed = [ws[f"{column}{r}"].value for r in range(1, 11)]
    assert listed == list(KATEGORI_NAVNE.values())
    assert ws.column_dimensions[column].hidden
    typed = [ws[f"{column}{r}"].value for r in range(11, 16)]
    assert typed == list(FINANSIERING_NAVNE.values())
    assert f"A{labels.index('Moms') + 1}" in types.sqref


def test_pulje_marks_the_workbook(tmp_path: Path) -> None:
    path = _blank(tmp_path, skema="ansøgning.docx", par="0123abcd")
    marks = read_marks(path)
    assert (marks.format, marks.pulje, marks.runde, marks.periodisering, marks.skema,
            marks.par) == (L.FORMAT, POOL, "2016", "aar", "ansøgning.docx", "0123abcd")
    assert marks.ours
    # Only one sheet: the marks are document properties, not a sheet a user may delete.
    assert load_workbook(path).sheetnames == ["Budget"]
    # A blank workbook reads back as an empty budget, without findings.
    read = read_workbook(path)
    assert (read.diagnostics, read.budget, read.applied) == (
        [], {"udgifter": [], "finansiering": []}, None)


def test_a_round_without_a_project_period_gets_columns_to_name(tmp_path: Path) -> None:
    ws = load_workbook(_blank(tmp_path, "afklaring-aktivitetsparate"))[L.SHEET]
    heads = _heads(ws, _column_a(ws).index(L.POST) + 1)
    assert [h for h in heads if h.startswith("År")] == ["År 1", "År 2", "År 3"]
    assert not ws.cell(row=_column_a(ws).index(L.POST) + 1, column=heads["År 1"]).protection.locked


@pytest.mark.parametrize(("periodisering", "heads"), [
    ("kvartal", ["1. kvt. 2017", "2. kvt. 2017", "3. kvt. 2017", "4. kvt. 2017",
                 "1. kvt. 2018", "2. kvt. 2018", "3. kvt. 2018", "4. kvt. 2018"]),
    ("maaned", [f"{m} {y}" for y in (2017, 2018) for m in (
        "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
        "nov.", "dec.")]),
])
def test_the_rounds_periodisation_gives_the_columns(
    periodisering: str, heads: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    templates_with(tmp_path, monkeypatch, [("  periodisering: null",
                                            f"  periodisering: {periodisering}")])
    ws = load_workbook(_blank(tmp_path))[L.SHEET]
    found = list(_heads(ws, _column_a(ws).index(L.POST) + 1))
    assert found[5:-3] == heads
    assert read_marks(tmp_path / "budget.xlsx").periodisering == periodisering


def test_ineligible_categories_are_left_out(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    templates_with(tmp_path, monkeypatch, [(
        "  kategorier: null", "  kategorier: null\n"
        "  ikke_tilskudsberettigede_kategorier: [udstyr, husleje]")])
    ws = load_workbook(_blank(tmp_path))[L.SHEET]
    labels = _column_a(ws)
    assert "Husleje" not in labels and "Anskaffelse af IT-udstyr, andet udstyr og inventar" \
        not in labels
    assert labels.count("Løn") == BLANK_ROWS


def test_the_built_workbook_is_marked_and_reads_back_as_its_answer_file(tmp_path: Path) -> None:
    from pulje.answers.loader import load_application

    example = load_application(Path(__file__).resolve().parents[2] / "applications"
                               / "albertslund-bedre-ressourceforloeb.yaml")
    assert example.model is not None
    target = tmp_path / "x-budget.xlsx"
    render_budget_xlsx(example, target)
    assert read_marks(target).pulje == POOL
    read = read_workbook(target)
    assert read.diagnostics == []
    assert read.applied is not None and read.applied == example.model.oekonomi.ansoegt_beloeb
    from schemas.budget import Budget

    got = Budget.model_validate(read.budget).model_dump(mode="json")
    want = example.model.budget.model_dump(mode="json")
    # The same lines (the workbook orders them by category, as STAR's guide does).
    key = repr
    assert sorted(map(key, got["udgifter"])) == sorted(map(key, want["udgifter"]))
    assert got["finansiering"] == want["finansiering"] == []
