"""One computation feeds all: for a round that spreads the budget per year, per quarter and per
month, every category's figure per period is the same in ``budget_figures``, in the Word
attachment, in the text of its PDF (laid out by LibreOffice) and in the workbook as LibreOffice
Calc recalculates it."""

from __future__ import annotations

import copy
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from answer_edits import EXAMPLE_TEXT, templates_with
from calc import recalculate
from docx import Document
from openpyxl import load_workbook

from pulje.answers.answerfile import dump
from pulje.answers.loader import load_text
from pulje.documents.budget import BudgetFigures, amount_text, budget_figures
from pulje.documents.budget_docx import render_budget_docx
from pulje.documents.budget_xlsx import render_budget_xlsx
from pulje.office import convert_to_pdf, page_texts

PERIODS = {"aar": 1, "kvartal": 4, "maaned": 12}
ORE = Decimal("0.01")
#: Lines of the three categories the example leaves out, so that all ten of the guide's are
#: in the documents.
MORE_LINES = [
    {"kategori": "husleje", "beskrivelse": "Lokaler til gruppeforløb", "enheder": 20,
     "enhed": "dag", "enhedspris": 2500, "fordeling": {2017: 25000, 2018: 25000}},
    {"kategori": "administration", "beskrivelse": "Projektets regnskab", "enheder": 1,
     "enhedspris": 30000, "fordeling": {2017: 15000, 2018: 15000}},
    {"kategori": "udstyr", "beskrivelse": "Bærbare computere til jobkonsulenterne",
     "enheder": 4, "enhed": "stk.", "enhedspris": 8000, "fordeling": {2017: 32000}},
]


def _spread(data: dict[str, Any], kind: str) -> None:
    """The example's amounts per year spread evenly over the year's quarters or months (the
    last takes the øre left over)."""
    n = PERIODS[kind]
    if n == 1:
        return
    for line in data["budget"]["udgifter"]:
        spread: dict[str, Decimal] = {}
        for year, amount in line["fordeling"].items():
            total = Decimal(str(amount))
            part = (total / n).quantize(ORE, ROUND_DOWN)
            for i in range(1, n + 1):
                key = f"{year}-K{i}" if kind == "kvartal" else f"{year}-{i:02d}"
                spread[key] = part if i < n else total - part * (n - 1)
        line["fordeling"] = spread


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[BudgetFigures, Path,
                                                                      Path, Path]]:
    """Per periodisation: the figures, the .docx, its PDF and the recalculated .xlsx."""
    root = tmp_path_factory.mktemp("perioder")
    out: dict[str, tuple[BudgetFigures, Path, Path]] = {}
    mp = pytest.MonkeyPatch()
    try:
        for kind in PERIODS:
            templates_with(root, mp, [("  periodisering: null", f"  periodisering: {kind}")],
                           folder=f"templates-{kind}")
            data = yaml.safe_load(EXAMPLE_TEXT)
            data["budget"]["udgifter"] += copy.deepcopy(MORE_LINES)
            _spread(data, kind)
            loaded = load_text(dump(data), f"{kind}.yaml")
            assert loaded.model is not None and loaded.diagnostics == []
            docx, xlsx = root / f"{kind}.docx", root / f"{kind}.xlsx"
            render_budget_docx(loaded, docx)
            render_budget_xlsx(loaded, xlsx)
            out[kind] = (budget_figures(loaded.model, loaded.runde), docx, xlsx)
    finally:
        mp.undo()
    pdfs = convert_to_pdf([docx for _, docx, _ in out.values()], root / "pdf")
    books = recalculate([xlsx for _, _, xlsx in out.values()], root)
    result = {}
    for kind, (figures, docx, xlsx) in out.items():
        pdf = pdfs[docx]
        assert isinstance(pdf, Path), pdf
        result[kind] = (figures, docx, pdf, books[xlsx])
    return result


def _expected(f: BudgetFigures) -> dict[tuple[str, str], str]:
    """(row, period) → the amount as the documents print it, for each category and the
    expenses in all, per period of the round and in all."""
    out: dict[tuple[str, str], str] = {}
    for c in f.categories:
        for p, amount in zip(f.periods, c.per_period, strict=True):
            out[(c.navn, p.tekst())] = amount_text(amount)
        out[(c.navn, "I alt")] = amount_text(c.total)
    for p, amount in zip(f.periods, f.expenses_per_period, strict=True):
        out[("Udgifter i alt", p.tekst())] = amount_text(amount)
    out[("Udgifter i alt", "I alt")] = amount_text(f.expenses_total)
    return out


def _word(docx: Path, f: BudgetFigures) -> dict[tuple[str, str], str]:
    """The same figures, read from the Word attachment's tables."""
    out: dict[tuple[str, str], str] = {}
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(docx)).tables]
    lines = tables[0]
    head = [h.removesuffix(" (kr.)") for h in lines[0]]
    for row in lines:
        label = row[0].removesuffix(" i alt")
        if row[0].endswith(" i alt") or row[0] == "Udgifter i alt":
            label = "Udgifter i alt" if row[0] == "Udgifter i alt" else label
            out[(label, "I alt")] = row[-1]
            if f.periodisering == "aar":
                for h, cell in zip(head, row, strict=True):
                    if h.isdigit():
                        out[(label, h)] = cell
    for table in tables[1:-1]:  # the tables per quarter or month
        head = [h.removesuffix(" (kr.)") for h in table[0]]
        for row in table[1:]:
            for h, cell in zip(head[1:], row[1:], strict=True):
                out[(row[0], h)] = cell
    return out


def _pdf(pdf: Path, f: BudgetFigures) -> dict[tuple[str, str], str]:
    """The same figures, read from the text LibreOffice laid out: a table's head (its cells
    may wrap over lines), then a line per row with its label and amounts."""
    out: dict[tuple[str, str], str] = {}
    labels = [c.navn for c in f.categories] + ["Udgifter i alt"]
    head: list[str] = []
    heading: list[str] | None = None
    for line in "\n".join(page_texts(pdf)).split("\n"):
        if line.startswith("Post "):
            heading = [line.removeprefix("Post ")]
            continue
        if heading is not None and not any(line.startswith(label) for label in labels):
            heading.append(line)
            continue
        if heading is not None:
            parts = " ".join(heading).split("(kr.)")
            # The line table's first heads are words, not periods.
            head = [" ".join(p.replace("Beskrivelse", "").replace("Antal × enhedspris", "")
                             .split()) for p in parts if p.strip()]
            heading = None
        for label in labels:
            for shown in (f"{label} i alt ", f"{label} "):
                if line.startswith(shown) and head:
                    amounts = line[len(shown):].split()
                    if len(amounts) == len(head):
                        for h, a in zip(head, amounts, strict=True):
                            out[(label, h)] = a
                    break
    return out


def _workbook(xlsx: Path, f: BudgetFigures) -> dict[tuple[str, str], str]:
    """The same figures, as LibreOffice Calc computed them from the workbook's formulas."""
    ws = load_workbook(xlsx, data_only=True)["Budget"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    header = rows["Post"]
    cols = {str(ws.cell(row=header, column=c).value): c for c in range(1, ws.max_column + 1)}
    out: dict[tuple[str, str], str] = {}
    for label in [c.navn for c in f.categories] + ["Udgifter"]:
        row = rows[f"{label} i alt"]
        name = "Udgifter i alt" if label == "Udgifter" else label
        for h in [p.tekst() for p in f.periods] + ["I alt"]:
            value = ws.cell(row=row, column=cols[h]).value
            out[(name, h)] = amount_text(Decimal(repr(value)).quantize(ORE))
    return out


@pytest.mark.parametrize("kind", list(PERIODS))
def test_every_category_per_period_is_the_same_everywhere(
    kind: str, made: dict[str, tuple[BudgetFigures, Path, Path, Path]],
) -> None:
    f, docx, pdf, xlsx = made[kind]
    assert f.periodisering == kind
    assert len(f.periods) == 2 * PERIODS[kind]
    assert len(f.categories) == 10
    data = yaml.safe_load(EXAMPLE_TEXT)
    lines = data["budget"]["udgifter"] + MORE_LINES
    assert f.expenses_total == sum(Decimal(str(a)) for line in lines
                                   for a in line["fordeling"].values())
    expected = _expected(f)
    assert len(expected) == 11 * (len(f.periods) + 1)
    word = _word(docx, f)
    assert {k: word.get(k) for k in expected} == expected
    in_pdf = _pdf(pdf, f)
    assert {k: in_pdf.get(k) for k in expected} == expected
    book = _workbook(xlsx, f)
    assert {k: book.get(k) for k in expected} == expected


def test_the_years_are_the_same_in_every_periodisation(
    made: dict[str, tuple[BudgetFigures, Path, Path, Path]],
) -> None:
    """Spreading per quarter or month changes the columns, not the budget."""
    years = {kind: [(c.navn, c.per_year, c.total) for c in f.categories]
             for kind, (f, _, _, _) in made.items()}
    assert years["aar"] == years["kvartal"] == years["maaned"]
