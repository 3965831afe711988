"""The .xlsx budget: its totals are live formulas, and what they give are the budget's figures.

The workbooks are recalculated by LibreOffice Calc headless (one run, a private profile) and
every subtotal, total, line amount, the financing total and the balance are compared with
``budget_figures``, for the example and for variants: co-financing and income, unbalanced, a
line not spread over the years, awkward units × prices, and user text that looks like a formula.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from answer_edits import variant
from openpyxl import load_workbook

from pulje.answers.loader import LoadedApplication, load_application
from pulje.documents.budget import BudgetFigures, budget_figures
from pulje.documents.budget_xlsx import render_budget_xlsx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
D = Decimal
CALC_INSTALL = "apt-get install -y libreoffice-calc-nogui"
FORMULA_TEXT = "=SUM(A1:A9) & <b>fed</b> {{ 7*7 }}"


# --- variants of the example --------------------------------------------------------------------




def cofinanced(data: dict[str, Any]) -> None:
    data["budget"]["finansiering"] = [
        {"type": "medfinansiering", "beskrivelse": "Albertslund Kommune, projektlederens løn 25 %",
         "beloeb": 270000},
        {"type": "medfinansiering", "beskrivelse": "Albertslund Kommune, lokaler", "beloeb": 30000},
        {"type": "tilskud", "beskrivelse": "Fonden for bedre beskæftigelse", "beloeb": 100000},
        {"type": "indtaegt", "beskrivelse": "=Deltagerbetaling & <nabokommuner>", "beloeb": 50000},
    ]
    data["oekonomi"]["ansoegt_beloeb"] = "1.700.000,00"
    data["oekonomi"]["anden_finansiering"] = {
        "ansoegt": "ja", "beloeb": 100000, "kilde": "Fonden for bedre beskæftigelse",
    }


def unbalanced(data: dict[str, Any]) -> None:
    data["oekonomi"]["ansoegt_beloeb"] = "2.100.000,00"


def special_text(data: dict[str, Any]) -> None:
    lines = data["budget"]["udgifter"]
    lines[0]["beskrivelse"] = FORMULA_TEXT
    lines[1]["beskrivelse"] = "+45 12 34 56 78 & -1"
    lines[2]["enhed"] = "=time"


def unallocated(data: dict[str, Any]) -> None:
    lines = data["budget"]["udgifter"]
    del lines[4]["fordeling"]
    lines[10]["fordeling"] = {2017: 12500, 2019: 12500}


def odd_units(data: dict[str, Any]) -> None:
    """Units × prices a spreadsheet could round differently, and lines without units."""
    data["budget"]["udgifter"] += [
        # 2,5 × 3,33 = 8,325: Decimal rounds half to even (8,32), ROUND() half up (8,33).
        {"kategori": "andet", "beskrivelse": "Frimærker", "enheder": "2.5", "enhedspris": "3.33",
         "fordeling": {2017: "8.32"}},
        # 0,5 × 0,03 = 0,015: both round to 0,02.
        {"kategori": "andet", "beskrivelse": "Clips", "enheder": "0.5", "enhedspris": "0.03",
         "fordeling": {2018: "0.02"}},
        {"kategori": "lokaler", "beskrivelse": "Mødelokale, samlet pris", "beloeb": "1234.56",
         "fordeling": {2017: "1000.00", 2018: "234.56"}},
        # An amount that disagrees with units × price (a draft): the amount as written counts.
        {"kategori": "it_udstyr", "beskrivelse": "Bærbar", "enheder": 2, "enhedspris": 7000,
         "beloeb": 13999.99, "fordeling": {2017: 13999.99}},
    ]


VARIANTS: dict[str, Callable[[dict[str, Any]], None] | None] = {
    "example": None,
    "cofinanced": cofinanced,
    "unbalanced": unbalanced,
    "special": special_text,
    "unallocated": unallocated,
    "odd": odd_units,
}


def loaded_variant(name: str) -> LoadedApplication:
    mutate = VARIANTS[name]
    return load_application(EXAMPLE) if mutate is None else variant(mutate)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, BudgetFigures]]:
    """Each variant rendered to .xlsx, with its figures."""
    folder = tmp_path_factory.mktemp("xlsx")
    out = {}
    for name in VARIANTS:
        loaded = loaded_variant(name)
        assert loaded.model is not None
        target = folder / f"{name}.xlsx"
        render_budget_xlsx(loaded, target)
        out[name] = (target, budget_figures(loaded.model, loaded.runde))
    return out


@pytest.fixture(scope="module")
def recalculated(
    books: dict[str, tuple[Path, BudgetFigures]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The workbooks after LibreOffice Calc has opened, recalculated and saved them."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, f"LibreOffice Calc must be installed: {CALC_INSTALL}"
    work = tmp_path_factory.mktemp("recalc")
    outdir = work / "out"
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--norestore", "--nologo", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
         "--outdir", str(outdir), *(str(path) for path, _ in books.values())],
        capture_output=True, text=True, timeout=240, check=False,
    )
    result = {name: outdir / path.name for name, (path, _) in books.items()}
    missing = [str(p) for p in result.values() if not p.is_file()]
    assert not missing, (
        f"LibreOffice did not recalculate {missing} (is Calc installed? {CALC_INSTALL}):\n"
        f"{run.stdout}\n{run.stderr}"
    )
    return result


# --- reading a sheet ----------------------------------------------------------------------------


class Sheet:
    """A budget sheet read back: rows by the label in column A, columns by their head."""

    def __init__(self, path: Path, *, values: bool) -> None:
        wb = load_workbook(path, data_only=values)
        assert wb.sheetnames == ["Budget"]
        self.ws = wb["Budget"]
        self.rows = [list(r) for r in self.ws.iter_rows()]
        self.header = next(i for i, r in enumerate(self.rows) if r[0].value == "Post")
        self.col = {str(c.value): j for j, c in enumerate(self.rows[self.header])
                    if c.value is not None}
        self.end = self.index("Udgifter i alt")

    def index(self, label: str) -> int:
        found = [i for i, r in enumerate(self.rows) if r[0].value == label]
        assert len(found) == 1, (label, found)
        return found[0]

    def cell(self, label: str, column: str) -> Any:
        return self.rows[self.index(label)][self.col[column]]

    def line_rows(self) -> list[list[Any]]:
        """The expense lines, in order: rows between the head and the total with a description."""
        return [r for r in self.rows[self.header + 1:self.end]
                if r[self.col["Beskrivelse"]].value is not None]

    def amount_columns(self, figures: BudgetFigures) -> list[str]:
        extra = ["Ikke fordelt"] if figures.has_ikke_fordelt else []
        return [str(y) for y in figures.years] + extra + ["I alt"]


def money(value: Any) -> Decimal:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return round(Decimal(repr(value)), 2)


def expected_rows(f: BudgetFigures) -> dict[str, tuple[Decimal, ...]]:
    """Label in column A → the amounts across the amount columns."""
    def amounts(
        per_year: tuple[Decimal, ...], rest: Decimal, total: Decimal
    ) -> tuple[Decimal, ...]:
        return (*per_year, *((rest,) if f.has_ikke_fordelt else ()), total)

    out = {f"{c.navn} i alt": amounts(c.per_year, c.ikke_fordelt, c.total) for c in f.categories}
    out["Udgifter i alt"] = amounts(f.expenses_per_year, f.expenses_ikke_fordelt,
                                    f.expenses_total)
    return out


# --- the formulas give the figures --------------------------------------------------------------


@pytest.mark.parametrize("name", list(VARIANTS))
def test_recalculated_formulas_give_the_figures(
    name: str, books: dict[str, tuple[Path, BudgetFigures]], recalculated: dict[str, Path]
) -> None:
    _, f = books[name]
    sheet = Sheet(recalculated[name], values=True)
    columns = sheet.amount_columns(f)
    for label, expected in expected_rows(f).items():
        got = tuple(money(sheet.cell(label, c).value) for c in columns)
        assert got == expected, label
    rows = sheet.line_rows()
    assert len(rows) == len(f.lines)
    for row, line in zip(rows, f.lines, strict=True):
        assert row[sheet.col["Beskrivelse"]].value == line.beskrivelse
        got = tuple(money(row[sheet.col[c]].value) for c in columns)
        rest = (line.ikke_fordelt,) if f.has_ikke_fordelt else ()
        assert got == (*line.per_year, *rest, line.beloeb), line.beskrivelse
    assert money(sheet.cell("Ansøgt fra puljen", "I alt").value) == f.applied
    assert money(sheet.cell("Finansiering i alt", "I alt").value) == f.financing_total
    assert money(sheet.cell("Balance (udgifter − finansiering)", "I alt").value) == f.balance


def test_the_variants_figures(books: dict[str, tuple[Path, BudgetFigures]]) -> None:
    """What the recalculation above is compared with, pinned for the record."""
    assert books["example"][1].expenses_total == D("2150000.00")
    assert books["example"][1].balance == D("0.00")
    cof = books["cofinanced"][1]
    assert (cof.applied, cof.other_financing_total, cof.balance) == (
        D("1700000.00"), D("450000.00"), D("0.00"))
    assert books["unbalanced"][1].balance == D("50000.00")
    odd = books["odd"][1]
    frimaerker = next(line for line in odd.lines if line.beskrivelse == "Frimærker")
    assert frimaerker.beloeb == D("8.32")
    assert odd.expenses_total == D("2150000.00") + D("8.32") + D("0.02") + D("1234.56") + D(
        "13999.99")
    assert odd.balance == odd.expenses_total - D("2150000.00")


def test_cofinancing_lines_are_in_the_financing_block(
    recalculated: dict[str, Path], books: dict[str, tuple[Path, BudgetFigures]]
) -> None:
    sheet = Sheet(recalculated["cofinanced"], values=True)
    start = next(i for i, r in enumerate(sheet.rows)
                 if r[0].value == "Finansiering" and r[1].value == "Beskrivelse / kilde")
    block = [(r[0].value, r[1].value, r[sheet.col["I alt"]].value)
             for r in sheet.rows[start + 1:sheet.index("Finansiering i alt") + 1]]
    assert block == [
        ("Ansøgt fra puljen", "Pulje til Bedre ressourceforløb", 1700000),
        ("Medfinansiering", "Albertslund Kommune, projektlederens løn 25 %", 270000),
        ("Medfinansiering", "Albertslund Kommune, lokaler", 30000),
        ("Medfinansiering i alt", None, 300000),
        ("Tilskud fra andre tilskudsgivere", "Fonden for bedre beskæftigelse", 100000),
        ("Moms", "Ingen", 0),
        ("Afskrivninger", "Ingen", 0),
        ("Indtægter", "=Deltagerbetaling & <nabokommuner>", 50000),
        ("Finansiering i alt", None, 2150000),
    ]


# --- formulas, formats and layout of the file as written --------------------------------------


def test_totals_are_formulas_not_numbers(books: dict[str, tuple[Path, BudgetFigures]]) -> None:
    path, f = books["example"]
    sheet = Sheet(path, values=False)
    antal = sheet.col["Antal"] + 1
    pris = sheet.col["Enhedspris"] + 1
    for label in expected_rows(f):
        for c in sheet.amount_columns(f):
            cell = sheet.cell(label, c)
            assert isinstance(cell.value, str) and cell.value.startswith("=SUM("), (label, c)
            assert cell.number_format == "#,##0.00"
    letters = {n: chr(ord("A") + n - 1) for n in (antal, pris)}
    for row in sheet.line_rows():
        total = row[sheet.col["I alt"]]
        r = total.row
        assert total.value == f"={letters[antal]}{r}*{letters[pris]}{r}"
        assert total.number_format == "#,##0.00"
        for year in f.years:
            assert row[sheet.col[str(year)]].number_format == "#,##0.00"
    assert sheet.cell("Finansiering i alt", "I alt").value.startswith("=SUM(")
    balance = sheet.cell("Balance (udgifter − finansiering)", "I alt").value
    assert re.fullmatch(r"=[A-Z]+\d+-[A-Z]+\d+", balance)
    # The layout: frozen head, set widths, Danish-friendly number format.
    assert sheet.ws.title == "Budget"
    assert sheet.ws.freeze_panes == f"C{sheet.header + 2}"
    assert sheet.ws.column_dimensions["B"].width >= 40
    assert sheet.ws.column_dimensions["A"].width >= 30


def test_odd_lines_keep_their_amounts(books: dict[str, tuple[Path, BudgetFigures]]) -> None:
    sheet = Sheet(books["odd"][0], values=False)
    by_text = {r[sheet.col["Beskrivelse"]].value: r[sheet.col["I alt"]] for r in sheet.line_rows()}
    # Half an øre: the spreadsheet would round otherwise, so the amount is written as a number.
    assert by_text["Frimærker"].value == pytest.approx(8.32)
    r = by_text["Clips"].row
    assert by_text["Clips"].value == f"=ROUND(C{r}*D{r},2)"
    assert by_text["Mødelokale, samlet pris"].value == pytest.approx(1234.56)
    assert by_text["Bærbar"].value == pytest.approx(13999.99)


def test_text_that_looks_like_a_formula_stays_text(
    books: dict[str, tuple[Path, BudgetFigures]], recalculated: dict[str, Path]
) -> None:
    path, _ = books["special"]
    sheet = Sheet(path, values=False)
    rows = sheet.line_rows()
    first, second = (r[sheet.col["Beskrivelse"]] for r in rows[:2])
    assert (first.value, first.data_type) == (FORMULA_TEXT, "s")
    assert (second.value, second.data_type) == ("+45 12 34 56 78 & -1", "s")
    unit = rows[2][sheet.col["Enhed"]]
    assert (unit.value, unit.data_type) == ("=time", "s")
    # In the file itself: a string, never a <f> formula element.
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>SUM(A1:A9)" not in xml and "<f>time" not in xml
    cell = re.search(rf'<c r="{first.coordinate}"[^>]*>.*?</c>', xml)
    assert cell is not None
    assert 't="inlineStr"' in cell.group(0)
    assert "<t>=SUM(A1:A9) &amp; &lt;b&gt;fed&lt;/b&gt; {{ 7*7 }}</t>" in cell.group(0)
    # And LibreOffice, having recalculated the sheet, still holds the literal text.
    after = Sheet(recalculated["special"], values=True)
    texts = [r[after.col["Beskrivelse"]].value for r in after.line_rows()[:2]]
    assert texts == [FORMULA_TEXT, "+45 12 34 56 78 & -1"]
    assert after.line_rows()[2][after.col["Enhed"]].value == "=time"
