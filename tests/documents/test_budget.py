"""The budget attachment: its figures, and the Word document (and its PDF) made from them.

Everything starts from Albertslund's example (expenses 2.150.000,00 kr. over 2017–2018, no
co-financing) or a small variant of it: co-financing and income with a lower amount applied for,
an unbalanced budget, a line not spread over the years, user text with ``& < > {{ }}``.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from answer_edits import variant
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from pulje.answers.loader import LoadedApplication, load_application, load_text
from pulje.checks import check
from pulje.diagnostics.model import Severity
from pulje.documents.budget import (
    TITLE,
    BudgetFigures,
    budget_figures,
    printable,
)
from pulje.documents.budget_docx import render_budget_docx
from schemas.kinds.budget import KATEGORI_NAVNE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
D = Decimal
SPECIAL = "Kaffe & kage <til> \"møder\" 'x' {{ 7*7 }} {% for x in y %}{% endfor %}"


# --- the example and its variants --------------------------------------------------------------




def cofinanced(data: dict[str, Any]) -> None:
    """Co-financing, another grant and income; the amount applied for lowered to match."""
    data["budget"]["finansiering"] = [
        {"type": "medfinansiering", "beskrivelse": "Albertslund Kommune, projektlederens løn 25 %",
         "beloeb": 270000, "fordeling": {2017: 135000, 2018: 135000}},
        {"type": "medfinansiering", "beskrivelse": "Albertslund Kommune, lokaler & <IT>",
         "beloeb": 30000},
        {"type": "tilskud", "beskrivelse": "Fonden for {{ bedre }} beskæftigelse",
         "beloeb": 100000},
        {"type": "indtaegt", "beskrivelse": "Deltagerbetaling fra nabokommuner",
         "beloeb": 50000},
    ]
    data["oekonomi"]["ansoegt_beloeb"] = "1.700.000,00"
    data["oekonomi"]["anden_finansiering"] = {
        "ansoegt": "ja", "beloeb": 100000, "kilde": "Fonden for bedre beskæftigelse",
    }


def unbalanced(data: dict[str, Any]) -> None:
    data["oekonomi"]["ansoegt_beloeb"] = "2.100.000,00"


def special_text(data: dict[str, Any]) -> None:
    data["budget"]["udgifter"][0]["beskrivelse"] = SPECIAL
    data["budget"]["udgifter"][1]["beskrivelse"] = "=SUM(A1:A9) & <b>fed</b>"


def unallocated(data: dict[str, Any]) -> None:
    """A draft's budget: one line not spread over the years, one spread into 2019."""
    lines = data["budget"]["udgifter"]
    del lines[4]["fordeling"]  # the course: 50.000,00 not spread over any year
    lines[10]["fordeling"] = {2017: 12500, 2019: 12500}  # the audit: 2019 is outside the period


@pytest.fixture(scope="module")
def example() -> LoadedApplication:
    loaded = load_application(EXAMPLE)
    assert loaded.model is not None
    return loaded


def figures_of(loaded: LoadedApplication) -> BudgetFigures:
    assert loaded.model is not None
    return budget_figures(loaded.model, loaded.runde)


def all_amounts(f: BudgetFigures) -> list[Decimal]:
    out = [f.expenses_total, f.expenses_ikke_fordelt, f.applied, f.other_financing_total,
           f.financing_total, f.balance, *f.expenses_per_year]
    for c in f.categories:
        out += [c.total, c.ikke_fordelt, *c.per_year]
        for line in c.lines:
            out += [line.beloeb, line.ikke_fordelt, *line.per_year]
    for g in f.financing:
        out += [g.total, *(line.beloeb for line in g.lines)]
    return out


# --- figures -----------------------------------------------------------------------------------


def test_example_figures(example: LoadedApplication) -> None:
    f = figures_of(example)
    assert f.years == (2017, 2018)
    assert f.expenses_total == D("2150000.00")
    assert f.applied == D("2150000.00")
    assert f.other_financing_total == D("0.00")
    assert f.financing_total == D("2150000.00")
    assert f.balance == D("0.00")
    assert f.expenses_per_year == (D("1032806.00"), D("1117194.00"))
    assert sum(f.expenses_per_year) == f.expenses_total
    assert not f.has_ikke_fordelt
    # Every amount a Decimal in whole øre.
    for amount in all_amounts(f):
        assert isinstance(amount, Decimal) and amount.as_tuple().exponent == -2, amount

    # Per-year sums equal the lines' fordeling as written in the answer file.
    model: Any = example.model
    for i, year in enumerate(f.years):
        assert f.expenses_per_year[i] == sum(line.fordeling[year] for line in model.budget.udgifter)
    # Categories in STAR's fixed order; each line once, with the amount of the answer file.
    order = list(KATEGORI_NAVNE)
    assert [order.index(c.kategori) for c in f.categories] == sorted(
        order.index(c.kategori) for c in f.categories
    )
    assert [c.navn for c in f.categories] == [
        "Løn", "Eksterne konsulenter og undervisere", "Materialer, formidling og information",
        "Transport – kørselsgodtgørelse, rejser og ophold", "Projektevaluering", "Revision",
        "Øvrige udgifter",
    ]
    assert sorted(line.beskrivelse for line in f.lines) == sorted(
        line.beskrivelse for line in model.budget.udgifter
    )
    loen = f.categories[0]
    assert (loen.per_year, loen.total) == ((D("913200.00"), D("1003800.00")), D("1917000.00"))
    for c in f.categories:
        assert c.total == sum(line.beloeb for line in c.lines)
        assert c.per_year == tuple(
            sum(line.per_year[i] for line in c.lines) for i in range(len(f.years))
        )
    first = f.lines[0]
    assert (first.enheder, first.enhedspris, first.beloeb) == (24, D("45000.00"), D("1080000.00"))
    assert first.from_units
    assert [g.type for g in f.financing] == ["medfinansiering", "tilskud", "moms",
                                             "afskrivninger", "indtaegt"]
    assert all(not g.lines and g.total == 0 for g in f.financing)


def test_cofinanced_budget_balances() -> None:
    loaded = variant(cofinanced)
    # The variant is a budget pulje itself accepts: no BUD finding worse than info.
    assert [d.code for d in check(loaded) if d.code.startswith("BUD")
            and d.severity != Severity.INFO] == []
    f = figures_of(loaded)
    assert f.applied == D("1700000.00")
    assert f.group("medfinansiering").total == D("300000.00")
    assert len(f.group("medfinansiering").lines) == 2
    assert f.group("tilskud").total == D("100000.00")
    assert f.group("indtaegt").total == D("50000.00")
    assert f.other_financing_total == D("450000.00")
    assert f.financing_total == D("2150000.00") == f.expenses_total
    assert f.balance == D("0.00")


def test_unbalanced_budget_shows_the_difference() -> None:
    f = figures_of(variant(unbalanced))
    assert f.financing_total == D("2100000.00")
    assert f.balance == D("50000.00")


def test_unallocated_and_out_of_period_years_still_add_up() -> None:
    f = figures_of(variant(unallocated))
    assert f.years == (2017, 2018, 2019)
    assert f.has_ikke_fordelt
    assert f.expenses_ikke_fordelt == D("50000.00")
    assert f.expenses_total == D("2150000.00")
    rows = [(line.per_year, line.ikke_fordelt, line.beloeb) for line in f.lines]
    rows += [(c.per_year, c.ikke_fordelt, c.total) for c in f.categories]
    rows.append((f.expenses_per_year, f.expenses_ikke_fordelt, f.expenses_total))
    for per_year, rest, total in rows:
        assert sum(per_year) + rest == total
    audit = f.categories[-2]
    assert audit.navn == "Revision" and audit.per_year == (D("12500.00"), D("0.00"), D("12500.00"))


def test_printable_drops_characters_word_cannot_hold() -> None:
    assert printable("a\x01b\x0bc\td") == "abc\td"
    assert printable(None) == ""


# --- the Word document -------------------------------------------------------------------------


def docx_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return paragraphs, tables


def row_of(table: list[list[str]], first: str) -> list[str]:
    found = [row for row in table if row[0] == first]
    assert len(found) == 1, (first, found)
    return found[0]


def test_docx_of_the_example(example: LoadedApplication, tmp_path: Path) -> None:
    target = tmp_path / "budget.docx"
    render_budget_docx(example, target)
    f = figures_of(example)
    paragraphs, tables = docx_text(target)
    assert paragraphs[0] == TITLE == "Bilag: Detaljeret budget"
    head = "\n".join(paragraphs[:8])
    assert "Projekt: Ressourceforløb med fokus på borgerinddragelse" in head
    assert "Ansøger: Albertslund Kommune" in head
    assert "Pulje: Pulje til Bedre ressourceforløb" in head
    assert "Projektperiode: 1. januar 2017 – 31. december 2018" in head

    expenses, financing = tables
    assert expenses[0] == ["Post", "Beskrivelse", "Antal × enhedspris", "2017 (kr.)",
                           "2018 (kr.)", "I alt (kr.)"]
    cells = "\n".join(c for row in expenses for c in row)
    for line in f.lines:
        assert line.beskrivelse in cells
    projektleder = next(row for row in expenses if row[1].startswith("Projektleder, 37 t/uge"))
    assert projektleder == ["Løn", projektleder[1], "24 måneder × 45.000,00", "540.000,00",
                            "540.000,00", "1.080.000,00"]
    assert "Fuld tid i hele projektperioden" in projektleder[1]  # the line's note
    loen = row_of(expenses, "Løn i alt")
    assert loen[-3:] == ["913.200,00", "1.003.800,00", "1.917.000,00"]
    for c in f.categories:
        row_of(expenses, f"{c.navn} i alt")
    total = row_of(expenses, "Udgifter i alt")
    assert total[-3:] == ["1.032.806,00", "1.117.194,00", "2.150.000,00"]

    assert financing[0] == ["Finansiering", "Beskrivelse / kilde", "Beløb (kr.)"]
    assert row_of(financing, "Ansøgt fra puljen")[1:] == ["Pulje til Bedre ressourceforløb",
                                                          "2.150.000,00"]
    assert row_of(financing, "Medfinansiering")[-1] == "0,00"
    assert row_of(financing, "Tilskud fra andre tilskudsgivere")[-1] == "0,00"
    assert row_of(financing, "Indtægter")[-1] == "0,00"
    assert row_of(financing, "Finansiering i alt")[-1] == "2.150.000,00"

    balance = [p for p in paragraphs if p.startswith("Balance:")]
    assert len(balance) == 1 and balance[0].startswith("Balance: 0,00 kr.")
    assert "svarer til finansieringen" in balance[0]


def test_docx_layout(example: LoadedApplication, tmp_path: Path) -> None:
    target = tmp_path / "budget.docx"
    render_budget_docx(example, target)
    doc = Document(str(target))
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21.0)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert doc.styles["Normal"].font.name == "Calibri"
    fonts = doc.styles.element.xpath("//w:docDefaults//w:rFonts")[0]
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Calibri"
    assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would override Calibri
    # The footer: "Side X af Y" with live PAGE and NUMPAGES fields.
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.xpath(".//w:instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "".join(footer.itertext()).startswith("Side ")
    assert " af " in "".join(footer.itertext())
    assert "UDKAST" not in "".join(section.header._element.itertext())
    # Amount cells are right-aligned, text cells not; the header row repeats on each page.
    table = doc.tables[0]
    total_row = next(r for r in table.rows if r.cells[0].text == "Udgifter i alt")
    assert total_row.cells[-1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    line_row = table.rows[1]
    assert line_row.cells[-1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert line_row.cells[1].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_docx_draft_marks_the_pages(example: LoadedApplication, tmp_path: Path) -> None:
    target = tmp_path / "budget.docx"
    render_budget_docx(example, target, draft=True)
    doc = Document(str(target))
    assert "UDKAST" in "".join(doc.sections[0].header._element.itertext())
    assert len(doc.sections) == 1  # so the header is on every page


def test_docx_user_text_comes_out_literally(tmp_path: Path) -> None:
    loaded = variant(lambda d: (special_text(d), cofinanced(d)))
    target = tmp_path / "budget.docx"
    render_budget_docx(loaded, target)
    _, (expenses, financing) = docx_text(target)
    cells = [c for row in expenses for c in row]
    assert any(c.startswith(SPECIAL) for c in cells)
    assert any(c.startswith("=SUM(A1:A9) & <b>fed</b>") for c in cells)
    fin = [c for row in financing for c in row]
    assert "Albertslund Kommune, lokaler & <IT>" in fin
    assert "Fonden for {{ bedre }} beskæftigelse" in fin


def test_docx_with_cofinancing_and_income(tmp_path: Path) -> None:
    loaded = variant(cofinanced)
    target = tmp_path / "budget.docx"
    render_budget_docx(loaded, target)
    paragraphs, (_, financing) = docx_text(target)
    assert row_of(financing, "Ansøgt fra puljen")[-1] == "1.700.000,00"
    medfin = [row for row in financing if "projektlederens løn 25 %" in row[1]]
    assert medfin == [["Medfinansiering",
                       "Albertslund Kommune, projektlederens løn 25 %", "270.000,00"]]
    assert row_of(financing, "Medfinansiering i alt")[-1] == "300.000,00"
    assert row_of(financing, "Tilskud fra andre tilskudsgivere")[-1] == "100.000,00"
    assert row_of(financing, "Indtægter")[1:] == ["Deltagerbetaling fra nabokommuner",
                                                  "50.000,00"]
    assert row_of(financing, "Finansiering i alt")[-1] == "2.150.000,00"
    assert any(p.startswith("Balance: 0,00 kr.") for p in paragraphs)


def test_docx_of_an_unbalanced_budget(tmp_path: Path) -> None:
    target = tmp_path / "budget.docx"
    render_budget_docx(variant(unbalanced), target)
    paragraphs, (_, financing) = docx_text(target)
    assert row_of(financing, "Finansiering i alt")[-1] == "2.100.000,00"
    balance = [p for p in paragraphs if p.startswith("Balance:")]
    assert balance[0].startswith("Balance: 50.000,00 kr.")
    assert "Udgifterne overstiger finansieringen med 50.000,00 kr." in balance[0]


def test_docx_of_an_unallocated_budget(tmp_path: Path) -> None:
    target = tmp_path / "budget.docx"
    render_budget_docx(variant(unallocated), target)
    _, (expenses, _) = docx_text(target)
    assert expenses[0][3:] == ["2017 (kr.)", "2018 (kr.)", "2019 (kr.)", "Ikke fordelt (kr.)",
                               "I alt (kr.)"]
    assert row_of(expenses, "Udgifter i alt")[-2:] == ["50.000,00", "2.150.000,00"]


def test_render_refuses_a_file_without_a_model(tmp_path: Path) -> None:
    broken = load_text("pulje: bedre-ressourceforloeb\nbudget: 7\n", "broken.yaml")
    assert broken.model is None
    with pytest.raises(ValueError):
        render_budget_docx(broken, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


# --- the PDF: pages of the attachment, counted on their own -------------------------------------


def test_pdf_page_count_of_the_attachment(example: LoadedApplication, tmp_path: Path) -> None:
    from pulje.office import convert_to_pdf, count_pages, page_texts

    assert shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice must be installed"
    final, draft = tmp_path / "budget.docx", tmp_path / "udkast.docx"
    render_budget_docx(example, final)
    render_budget_docx(example, draft, draft=True)
    results = convert_to_pdf([final, draft], tmp_path / "pdf")
    pdfs = {}
    for source, result in results.items():
        assert isinstance(result, Path), result
        pdfs[source] = result
    pages = count_pages(pdfs[final])
    assert 1 <= pages <= 3  # 2 with Carlito on Linux
    texts = page_texts(pdfs[final])
    assert len(texts) == pages
    assert f"Side 1 af {pages}" in texts[0]
    assert f"Side {pages} af {pages}" in texts[-1]
    whole = "\n".join(texts)
    assert "Bilag: Detaljeret budget" in whole
    assert "2.150.000,00" in whole and "Balance: 0,00 kr." in whole
    assert "UDKAST" not in whole
    draft_texts = page_texts(pdfs[draft])
    assert draft_texts and all("UDKAST" in t for t in draft_texts)
