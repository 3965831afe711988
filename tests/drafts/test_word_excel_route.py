"""The Word and Excel route, end to end: a blank application (form + budget workbook), filled in
Word and in a spreadsheet, the workbook recalculated and saved by LibreOffice Calc, then read
back as one application by ``pulje import`` and ``pulje check``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import drafts_samples as samples
import pytest
import workbook_samples as wbs
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from pulje.answers.loader import load_application
from pulje.diagnostics import Translator, render_text
from pulje.documents.budget_xlsx import render_budget_xlsx
from pulje.documents.datapart import embed
from pulje.drafts import check_paths, import_docx, write_blank_application
from pulje.drafts.datapart import read as read_part
from pulje.drafts.package import open_docx
from pulje.drafts.workbook import read_marks
from schemas.budget import KATEGORI_NAVNE, Budget

D = Decimal
DA = Translator("da")
POOL = wbs.POOL


def without_budget(source: Path, target: Path, *, par: str | None = None) -> Path:
    """A form with the example's answers, whose budget lives in the workbook: the form's part
    names its pool and round (and the pair's id), and carries no budget."""
    data = source.read_bytes()
    extra = {"par": par} if par else None
    target.write_bytes(embed(data, POOL, "2016", None, extra))
    return target


@pytest.fixture(scope="module")
def route(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A blank application written by 'pulje init --docx'; the form filled in (the example's
    answers, in its controls) and the workbook typed in; Calc recalculating the workbook."""
    root = tmp_path_factory.mktemp("route")
    form, book = write_blank_application(POOL, root / "blank" / "ansøgning.docx") if (
        root / "blank").mkdir() is None else (None, None)
    assert form is not None and book is not None
    par = read_part(open_docx(form))
    assert par is not None and par.par and par.budgetark == "ansøgning-budget.xlsx"
    example = samples.example().model
    typed = wbs.edit(book, root / "typed.xlsx", wbs.type_budget(example))
    built = samples.built(root / "built.docx")
    calc = wbs.recalculate([typed], root)
    folder = root / "ansoegning"
    folder.mkdir()
    filled = without_budget(built, folder / "ansøgning.docx", par=par.par)
    (folder / "ansøgning-budget.xlsx").write_bytes(calc[typed].read_bytes())
    return SimpleNamespace(root=root, folder=folder, form=filled,
                           book=folder / "ansøgning-budget.xlsx", blank_book=book,
                           typed=typed, example=example, par=par.par)


def test_calc_saved_the_workbook_with_shared_strings_and_results(route: SimpleNamespace) -> None:
    assert wbs.shared_strings(route.book) and wbs.cached_formulas(route.book) > 50
    assert not wbs.shared_strings(route.typed) and wbs.cached_formulas(route.typed) == 0
    marks = read_marks(route.book)
    assert (marks.pulje, marks.runde, marks.par) == (POOL, "2016", route.par)


def test_the_calc_workbook_without_stored_results_reads_the_same(route: SimpleNamespace) -> None:
    """Calc's workbook (shared strings) with every formula's result removed, as a program
    saves it that leaves the computing to Excel: the same budget and amount applied for; the
    sheet's own sums, never computed, are not compared (no REG006)."""
    from pulje.drafts.workbook import read_workbook

    stripped = wbs.without_cached_values(route.book, route.root / "uden-resultater.xlsx")
    assert wbs.shared_strings(stripped) and wbs.cached_formulas(stripped) == 0
    computed = read_workbook(route.book, "a.xlsx")
    uncomputed = read_workbook(stripped, "a.xlsx")
    assert uncomputed.budget is not None and uncomputed.budget == computed.budget
    assert uncomputed.applied == computed.applied == D("2150000.00")
    assert {d.code for d in computed.diagnostics} == {"REG006"}
    assert uncomputed.diagnostics == []


def test_import_reads_form_and_workbook_as_one_application(route: SimpleNamespace) -> None:
    target = route.root / "svar.yaml"
    result = import_docx(route.form, target, workbook=route.book)
    # Read right, but the sheet's own figures are not: the prices typed as text give
    # "#VALUE!" in their lines, and the amount applied for typed as text is left out of
    # the financing's sum. Each is a warning at its cell.
    sheet = load_workbook(route.book)["Budget"]
    rows, col = wbs.rows_of(sheet), wbs.heads(sheet)
    lines = [r for name in KATEGORI_NAVNE.values() for r in rows.get(name, [])]
    typed_as_text = sorted(r for r in lines
                           if isinstance(sheet[f"{col['Enhedspris']}{r}"].value, str))
    assert len(typed_as_text) == 4  # 45.000,00, 3,54 kr. and 12.500 kr. (twice)
    warned = sorted((d.code, d.location.cell) for d in result.diagnostics
                    if d.code == "REG006" and d.location is not None)
    assert warned == sorted([("REG006", f"I{r}") for r in typed_as_text]
                            + [("REG006", f"I{rows['Finansiering i alt'][0]}")])
    assert sorted({d.code for d in result.diagnostics}) == ["BUD011", "REG006"], render_text(
        result.diagnostics, DA)
    assert result.workbook == str(route.book)
    loaded = load_application(target)
    assert loaded.model is not None and loaded.diagnostics == []
    got = loaded.model.model_dump(mode="json")
    want = route.example.model_dump(mode="json")
    # Every answer of the form, and the budget's lines (the workbook orders them by
    # category, as STAR's guide does).
    assert {k: v for k, v in got.items() if k != "budget"} == {
        k: v for k, v in want.items() if k != "budget"}
    assert sorted(map(repr, got["budget"]["udgifter"])) == sorted(
        map(repr, want["budget"]["udgifter"]))
    assert Budget.model_validate(got["budget"]).udgifter_i_alt() == D("2150000.00")
    # The same from the command line, the workbook found beside the form by its name.
    cli = CliRunner().invoke(main, ["import", str(route.form), "-o",
                                    str(route.root / "svar2.yaml")])
    assert cli.exit_code == 0, cli.output
    assert f"Budgettet er læst fra {route.book}." in cli.output


def test_the_workbook_is_found_by_its_marks_when_renamed(route: SimpleNamespace) -> None:
    folder = route.root / "omdoebt"
    folder.mkdir()
    form = folder / "ansøgning.docx"
    form.write_bytes(route.form.read_bytes())
    (folder / "mit budget.xlsx").write_bytes(route.book.read_bytes())
    result = import_docx(form, folder / "svar.yaml")
    assert result.workbook == str(folder / "mit budget.xlsx")
    assert not [d for d in result.diagnostics if d.severity.value == "fejl"]


def test_a_form_without_budget_and_workbook_says_where_to_get_one(
    route: SimpleNamespace, tmp_path: Path,
) -> None:
    form = tmp_path / "alene.docx"
    form.write_bytes(route.form.read_bytes())
    result = import_docx(form, tmp_path / "svar.yaml")
    doc014 = [d for d in result.diagnostics if d.code == "DOC014"]
    assert len(doc014) == 1 and doc014[0].severity.value == "fejl"
    text = render_text(doc014, DA)
    assert text.startswith(
        f"{form}: DOC014 fejl {form} bærer intet detaljeret budget, og budgetregnearket "
        "alene-budget.xlsx ligger ikke ved siden af: ansøgningen har intet budget.\n"
        "  hint: Lav regnearket med 'pulje init bedre-ressourceforloeb --runde 2016 --budget "
        "alene-budget.xlsx', udfyld budgettet i Excel, og læg det ved siden af skemaet (eller "
        "giv det til pulje import efter skemaet).")


def test_edits_in_calc_and_a_row_added_read_back_right(route: SimpleNamespace) -> None:
    """The workbook ``pulje build`` made, edited: a unit price changed, a line written into a
    new row (inserted by a program that does not move formulas), an amount typed as text —
    then recalculated by Calc. pulje reads the inputs and says where the sheet's own sums no
    longer cover the lines."""
    root = route.root / "bygget"
    root.mkdir()
    example = samples.example()
    built_book = root / "x-budget.xlsx"
    render_budget_xlsx(example, built_book)

    def change(ws: Any) -> None:
        rows, col = wbs.rows_of(ws), wbs.heads(ws)
        first = rows["Løn"][0]
        ws[f"{col['Enhedspris']}{first}"] = "46.000,00"
        ws[f"{col['2017']}{first}"] = 552000
        ws[f"{col['2018']}{first}"] = "552.000,00"
        at = rows["Revision i alt"][0]
        ws.insert_rows(at)
        ws[f"A{at}"] = "Revision"
        ws[f"{col['Beskrivelse']}{at}"] = "Revisors gennemgang af slutregnskabet"
        ws[f"{col['Antal']}{at}"] = 1
        ws[f"{col['Enhedspris']}{at}"] = "1.250,50"
        ws[f"{col['2018']}{at}"] = "1.250,50"

    edited = wbs.edit(built_book, root / "edited.xlsx", change)
    calc = wbs.recalculate([edited], root)[edited]
    from pulje.drafts.workbook import read_workbook

    read = read_workbook(calc, "x-budget.xlsx")
    assert read.budget is not None
    lines = {line["beskrivelse"]: line for line in read.budget["udgifter"]}
    assert lines["Projektleder, 37 t/uge"]["enhedspris"] == D("46000.00")
    assert lines["Projektleder, 37 t/uge"]["fordeling"] == {2017: D("552000.00"),
                                                          2018: D("552000.00")}
    assert lines["Revisors gennemgang af slutregnskabet"] == {
        "kategori": "revision", "beskrivelse": "Revisors gennemgang af slutregnskabet",
        "enheder": D(1), "enhedspris": D("1250.50"), "fordeling": {2018: D("1250.50")}}
    budget = Budget.model_validate(read.budget)
    assert budget.udgifter_i_alt() == D("2150000.00") + D("24000.00") + D("1250.50")
    # The sheet's own sums: "Revision i alt" no longer covers the inserted row, and the
    # expense total follows it; each warning names its cell and row.
    warned = {(d.code, d.location.cell, d.location.item) for d in read.diagnostics
              if d.location is not None}
    revision = wbs.rows_of(load_workbook(calc)["Budget"])["Revision i alt"][0]
    assert ("REG006", f"I{revision}", "Revision i alt") in warned
    assert all(code == "REG006" for code, _, _ in warned)


def test_check_shows_the_workbook_next_to_its_form(
    route: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One application in two rows: the form's findings in its row, the budget's in the
    workbook's row, at their cells — here a line of a category the round does not fund."""
    from answer_edits import templates_with

    templates_with(tmp_path, monkeypatch, [(
        "  kategorier: null", "  kategorier: null\n  ikke_tilskudsberettigede_kategorier: "
        "[oevrige]\n  kilde: Puljens vejledning 2016")])
    folder = route.root / "desk"
    folder.mkdir()
    form = folder / "b.docx"
    form.write_bytes(route.form.read_bytes())
    # Named otherwise than by the form (a-…): found by pulje's marks, shown after the form.
    (folder / "a-budget.xlsx").write_bytes(route.book.read_bytes())
    result = check_paths([folder])
    rows = [(Path(r.file).name, r.kind, r.status) for r in result.files]
    assert rows == [("b.docx", "word", "klar"), ("a-budget.xlsx", "regneark", "fejl")]
    form_row, book_row = result.files
    assert "BUD013" not in {d.code for d in form_row.diagnostics}
    (finding,) = [d for d in book_row.diagnostics if d.code == "BUD013"]
    sheet = load_workbook(route.book)["Budget"]
    row = wbs.rows_of(sheet)["Øvrige udgifter"][0]
    text = render_text([finding], DA)
    assert text == (
        f'{folder / "a-budget.xlsx"} (Budget!A{row} "Forplejning på opkvalificeringsforløbets '
        'kursusdage (32…"): BUD013 fejl Linje 11, \'Forplejning på opkvalificeringsforløbets '
        "kursusdage (32 deltagere, 4 dage)', hører til kategorien Øvrige udgifter, som runden "
        "ikke giver tilskud til (runden giver tilskud til: Løn, Eksterne konsulenter og "
        "undervisere, Materialer, formidling og information, Transport – kørselsgodtgørelse, "
        "rejser og ophold, Husleje, Administration, Projektevaluering, Revision, Anskaffelse af "
        "IT-udstyr, andet udstyr og inventar; kilde: Puljens vejledning 2016).\n"
        f"  hint: Vælg en kategori, runden giver tilskud til, i Budget!A{row} (Løn, Eksterne "
        "konsulenter og undervisere, Materialer, formidling og information, Transport – "
        "kørselsgodtgørelse, rejser og ophold, Husleje, Administration, Projektevaluering, "
        "Revision, Anskaffelse af IT-udstyr, andet udstyr og inventar), eller slet rækken.\n"
        "Fandt 1 fejl og 0 advarsler.")
