"""The same broken value in an answer file, in a Word form and in the budget workbook gives the
same finding, each time at the place the user finds it and with a hint for that program:
file:line:col and the answer file's key; the form's heading, question and table cell; the
workbook's sheet, cell and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import drafts_samples as samples
import pytest
import workbook_samples as wbs
from answer_edits import EXAMPLE_TEXT, edit, pos, templates_with

from pulje.answers.loader import load_text
from pulje.checks import check
from pulje.diagnostics import Translator, render_text
from pulje.diagnostics.model import Location
from pulje.documents.budget_xlsx import render_budget_xlsx
from pulje.documents.datapart import embed
from pulje.drafts import import_docx

DA = Translator("da")
APPLIED_ZERO = ('ansoegt_beloeb: "2.150.000,00"', "ansoegt_beloeb: 0")


def _one(findings: list[Any], code: str) -> Any:
    found = [d for d in findings if d.code == code]
    assert len(found) == 1, render_text(findings, DA)
    return found[0]


def _hint(d: Any) -> str:
    return render_text([d], DA).split("\n")[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return samples.built(tmp_path_factory.mktemp("built") / "form.docx")


def test_the_amount_applied_for_of_zero_in_yaml_word_and_excel(built: Path,
                                                                 tmp_path: Path) -> None:
    # The answer file.
    text = edit(*APPLIED_ZERO)
    in_yaml = _one(check(load_text(text, "app.yaml")), "BUD012")
    line, col = pos(text, "ansoegt_beloeb: 0")
    assert in_yaml.location == Location("app.yaml", line, col + len("ansoegt_beloeb: "))
    assert render_text([in_yaml], DA) == (
        f"app.yaml:{line}:{col + 16}: BUD012 fejl Det ansøgte beløb (0,00 kr.) er ikke over 0 "
        "kr.\n  hint: Skriv det beløb, der søges om i tilskud, under oekonomi.ansoegt_beloeb.\n"
        "Fandt 1 fejl og 0 advarsler.")

    # The Word form: the answer to "Angiv det ansøgte beløb" in the Økonomi table.
    form = samples.edit_control(built, tmp_path / "nul.docx", "oekonomi.ansoegt_beloeb", "0")
    in_word = _one(import_docx(form, tmp_path / "a.yaml").diagnostics, "BUD012")
    assert in_word.location == Location(
        str(form), section="Økonomi: tabel 2, række 1, kolonne 2", heading="Økonomi",
        question="Angiv det ansøgte beløb", table=2, row=1, column=2)
    assert render_text([in_word], DA).split("\n")[:2] == [
        f'{form} (Økonomi › "Angiv det ansøgte beløb" › tabel 2, række 1, kolonne 2): BUD012 '
        "fejl Det ansøgte beløb (0,00 kr.) er ikke over 0 kr.",
        '  hint: Skriv det ansøgte tilskuds beløb som svar på "Angiv det ansøgte beløb".']

    # The workbook: the form leaves the amount blank; the workbook's "Ansøgt fra puljen" is 0.
    folder = tmp_path / "excel"
    folder.mkdir()
    blank_amount = samples.edit_control(built, tmp_path / "blank.docx",
                                        "oekonomi.ansoegt_beloeb", "")
    form2 = folder / "form.docx"
    form2.write_bytes(embed(blank_amount.read_bytes(), "bedre-ressourceforloeb", "2016", None))
    example = samples.example()
    book = folder / "form-budget.xlsx"
    render_budget_xlsx(example, book)

    def zero(ws: Any) -> None:
        rows, col = wbs.rows_of(ws), wbs.heads(ws)
        ws[f"{col['I alt']}{rows['Ansøgt fra puljen'][0]}"] = 0

    wbs.edit(book, book, zero)
    from openpyxl import load_workbook

    applied_row = wbs.rows_of(load_workbook(book)["Budget"])["Ansøgt fra puljen"][0]
    in_excel = _one(import_docx(form2, tmp_path / "b.yaml").diagnostics, "BUD012")
    assert in_excel.location == Location(str(book), sheet="Budget", cell=f"I{applied_row}",
                                         item="Ansøgt fra puljen")
    assert render_text([in_excel], DA).split("\n")[:2] == [
        f'{book} (Budget!I{applied_row} "Ansøgt fra puljen"): BUD012 fejl Det ansøgte beløb '
        "(0,00 kr.) er ikke over 0 kr.",
        f"  hint: Skriv det ansøgte tilskuds beløb i Budget!I{applied_row}."]
    # One code, three places, three hints.
    assert {in_yaml.code, in_word.code, in_excel.code} == {"BUD012"}
    assert len({_hint(in_yaml), _hint(in_word), _hint(in_excel)}) == 3


def test_a_line_of_an_ineligible_category_in_yaml_word_and_excel(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    templates_with(tmp_path, monkeypatch, [(
        "  kategorier: null", "  kategorier: null\n"
        "  ikke_tilskudsberettigede_kategorier: [oevrige]")])
    message = ("BUD013 fejl Linje 6, 'Forplejning på opkvalificeringsforløbets kursusdage (32 "
               "deltagere, 4 dage)', hører til kategorien Øvrige udgifter, som runden ikke "
               "giver tilskud til")
    # The answer file: at the line's 'kategori'.
    in_yaml = _one(check(load_text(EXAMPLE_TEXT, "app.yaml")), "BUD013")
    assert (in_yaml.location.line, in_yaml.location.col) == pos(
        EXAMPLE_TEXT, "andet\n      beskrivelse: Forplejning")
    assert message in render_text([in_yaml], DA)
    assert _hint(in_yaml).startswith("  hint: Udelad linjen, eller flyt den til en kategori")

    # The Word form that stores its budget (pulje build): the budget, the line's words.
    in_word = _one(import_docx(built, tmp_path / "a.yaml").diagnostics, "BUD013")
    assert in_word.location == Location(
        str(built), section="Detaljeret budget (gemt i dokumentet)",
        item="Forplejning på opkvalificeringsforløbets kursusdage (32 deltagere, 4 dage)")
    assert render_text([in_word], DA).startswith(
        f'{built} (Detaljeret budget (gemt i dokumentet) › "Forplejning på '
        'opkvalificeringsforløbets kursusdage (32…"): ' + message)

    # The workbook beside the form: the line's category cell.
    folder = tmp_path / "excel"
    folder.mkdir()
    form = folder / "form.docx"
    form.write_bytes(embed(built.read_bytes(), "bedre-ressourceforloeb", "2016", None))
    book = folder / "form-budget.xlsx"
    render_budget_xlsx(samples.example(), book)
    from openpyxl import load_workbook

    row = wbs.rows_of(load_workbook(book)["Budget"])["Øvrige udgifter"][0]
    in_excel = _one(import_docx(form, tmp_path / "b.yaml").diagnostics, "BUD013")
    assert in_excel.location == Location(
        str(book), sheet="Budget", cell=f"A{row}",
        item="Forplejning på opkvalificeringsforløbets kursusdage (32 deltagere, 4 dage)")
    shown = render_text([in_excel], DA)
    assert shown.startswith(f'{book} (Budget!A{row} "Forplejning på '
                            'opkvalificeringsforløbets kursusdage (32…"): BUD013 fejl Linje 11,')
    assert _hint(in_excel).startswith(f"  hint: Vælg en kategori, runden giver tilskud til, "
                                      f"i Budget!A{row} (")
    assert len({_hint(in_yaml), _hint(in_word), _hint(in_excel)}) == 2  # Word: as the file's
