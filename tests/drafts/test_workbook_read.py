"""Reading the budget workbook back: what a user types (numbers as Danish text, "kr."), how
programs save it (inline or shared strings, formulas without stored results, rows added,
deleted or left empty, columns widened, cells merged), and bad files — every problem a REG
finding at its sheet and cell, with the line's description."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import workbook_samples as wbs

from pulje.diagnostics import Translator, render_text
from pulje.diagnostics.model import Location
from pulje.drafts.workbook import read_workbook

D = Decimal
DA = Translator("da")


def fill_in(ws: Any) -> None:
    """What a project leader types into a blank workbook."""
    rows = wbs.rows_of(ws)
    col = wbs.heads(ws)
    loen, husleje = rows["Løn"], rows["Husleje"]
    r = loen[0]
    ws[f"{col['Beskrivelse']}{r}"] = "Projektleder, 37 t/uge"
    ws[f"{col['Antal']}{r}"] = 24
    ws[f"{col['Enhed']}{r}"] = "måned"
    ws[f"{col['Enhedspris']}{r}"] = "45.000 kr."  # typed as text, with the currency
    ws[f"{col['2017']}{r}"] = 540000
    ws[f"{col['2018']}{r}"] = "540.000,00"
    ws[f"{col['Bemærkning']}{r}"] = "Fuld tid i hele perioden."
    r = loen[2]  # the middle row left empty
    ws[f"{col['Beskrivelse']}{r}"] = "Sagsbehandler"
    ws[f"{col['Antal']}{r}"] = "2,5"
    ws[f"{col['Enhed']}{r}"] = "time"
    ws[f"{col['Enhedspris']}{r}"] = "1.250,50"
    ws[f"{col['2018']}{r}"] = 3126.25
    r = husleje[0]
    ws[f"{col['Beskrivelse']}{r}"] = "Mødelokale"
    ws[f"{col['Antal']}{r}"] = 10
    ws[f"{col['Enhedspris']}{r}"] = 500
    ws[f"{col['2017']}{r}"] = 5000
    moms = rows["Moms"][0]
    ws[f"{col['Beskrivelse']}{moms}"] = "Momskompensation"
    ws[f"{col['I alt']}{moms}"] = "1.000"
    applied = rows["Ansøgt fra puljen"][0]
    ws[f"{col['I alt']}{applied}"] = 1087126.25
    ws.column_dimensions[col["Beskrivelse"]].width = 90  # a column widened


EXPECTED = {
    "udgifter": [
        {"kategori": "loen", "beskrivelse": "Projektleder, 37 t/uge", "enheder": D(24),
         "enhedspris": D("45000.00"), "enhed": "måned",
         "fordeling": {2017: D("540000.00"), 2018: D("540000.00")},
         "bemaerkning": "Fuld tid i hele perioden."},
        {"kategori": "loen", "beskrivelse": "Sagsbehandler", "enheder": D("2.5"),
         "enhedspris": D("1250.50"), "enhed": "time", "fordeling": {2018: D("3126.25")}},
        {"kategori": "husleje", "beskrivelse": "Mødelokale", "enheder": D(10),
         "enhedspris": D("500.00"), "fordeling": {2017: D("5000.00")}},
    ],
    "finansiering": [
        {"type": "moms", "beskrivelse": "Momskompensation", "beloeb": D("1000.00")},
    ],
}


def test_a_workbook_filled_in_reads_back_as_typed(tmp_path: Path) -> None:
    book = wbs.edit(wbs.blank(tmp_path / "b.xlsx"), tmp_path / "f.xlsx", fill_in)
    assert not wbs.shared_strings(book) and wbs.cached_formulas(book) == 0
    read = read_workbook(book)
    assert read.diagnostics == []
    assert read.budget == EXPECTED
    assert read.applied == D("1087126.25")
    assert read.marks.pulje == wbs.POOL


def test_rows_deleted_and_added_are_read_by_their_labels(tmp_path: Path) -> None:
    book = wbs.edit(wbs.blank(tmp_path / "b.xlsx"), tmp_path / "f.xlsx", fill_in)

    def change(ws: Any) -> None:
        rows = wbs.rows_of(ws)
        col = wbs.heads(ws)
        ws.delete_rows(rows["Transport – kørselsgodtgørelse, rejser og ophold"][0], 3)
        ws.delete_rows(rows["Løn"][1])  # the empty row between two lines
        at = wbs.rows_of(ws)["Løn i alt"][0]
        ws.insert_rows(at)  # a row added at the end of the block
        ws[f"A{at}"] = "Løn"
        ws[f"{col['Beskrivelse']}{at}"] = "Mentor"
        ws[f"{col['Antal']}{at}"] = 10
        ws[f"{col['Enhedspris']}{at}"] = 400
        ws[f"{col['2017']}{at}"] = 4000

    edited = wbs.edit(book, tmp_path / "g.xlsx", change)
    read = read_workbook(edited)
    assert read.diagnostics == []
    assert read.budget is not None
    assert [line["beskrivelse"] for line in read.budget["udgifter"]] == [
        "Projektleder, 37 t/uge", "Sagsbehandler", "Mentor", "Mødelokale"]
    assert read.budget["udgifter"][2] == {"kategori": "loen", "beskrivelse": "Mentor",
                                          "enheder": D(10), "enhedspris": D("400.00"),
                                          "fordeling": {2017: D("4000.00")}}


def _findings(read: Any) -> list[tuple[str, Location | None, str, str]]:
    out = []
    for d in read.diagnostics:
        text = render_text([d], DA).split("\n")
        out.append((d.code, d.location, text[0].split(": ", 1)[1], text[1].strip()))
    return out


def test_a_bad_number_is_a_finding_at_its_cell_with_the_lines_description(
    tmp_path: Path,
) -> None:
    def change(ws: Any) -> None:
        fill_in(ws)
        r = wbs.rows_of(ws)["Løn"][0]
        ws[f"{wbs.heads(ws)['Antal']}{r}"] = "ca. 24"

    book = wbs.edit(wbs.blank(tmp_path / "b.xlsx"), tmp_path / "f.xlsx", change)
    read = read_workbook(book, "budget.xlsx")
    [(code, where, message, hint)] = _findings(read)
    assert code == "REG003"
    assert where == Location("budget.xlsx", sheet="Budget", cell="C9",
                             item="Projektleder, 37 t/uge")
    assert message == ("REG003 fejl 'ca. 24' i C9 er ikke et tal (linjen 'Projektleder, 37 "
                       "t/uge').")
    assert hint == "hint: Skriv kun tallet i Budget!C9, fx 1250,50."
    assert render_text(read.diagnostics, DA).startswith(
        'budget.xlsx (Budget!C9 "Projektleder, 37 t/uge"): REG003 fejl')
    # The text is kept, so the answer file loses nothing; the finding names it once.
    assert read.budget is not None and read.budget["udgifter"][0]["enheder"] == "ca. 24"
    assert ("budget", "udgifter", 0, "enheder") in read.unfit


def test_category_description_merge_and_formula_findings(tmp_path: Path) -> None:
    def change(ws: Any) -> None:
        fill_in(ws)
        rows, col = wbs.rows_of(ws), wbs.heads(ws)
        ws[f"A{rows['Løn'][0]}"] = "Kaffe"  # not a category
        r = rows["Revision"][0]
        ws[f"{col['Antal']}{r}"] = 2  # no description
        ws[f"{col['Enhedspris']}{r}"] = 12500
        r = rows["Administration"][0]
        ws[f"{col['Beskrivelse']}{r}"] = "Bogføring"
        ws[f"{col['Antal']}{r}"] = 12
        ws.merge_cells(f"{col['Antal']}{r}:{col['Enhedspris']}{r}")
        r = rows["Projektevaluering"][0]
        ws[f"{col['Beskrivelse']}{r}"] = "Evaluering"
        ws[f"{col['Antal']}{r}"] = "=2*3"  # a formula no program has computed
        ws[f"{col['Enhedspris']}{r}"] = 325

    blank_book = wbs.blank(tmp_path / "b.xlsx")
    book = wbs.edit(blank_book, tmp_path / "f.xlsx", change)
    read = read_workbook(book, "b.xlsx")
    found = {(code, where.cell if where else None, where.item if where else None)
             for code, where, _, _ in _findings(read)}
    from openpyxl import load_workbook

    rows = wbs.rows_of(load_workbook(blank_book)["Budget"])
    admin, evaluation = rows["Administration"][0], rows["Projektevaluering"][0]
    assert found == {
        ("REG004", "A9", "Projektleder, 37 t/uge"),
        ("REG005", f"B{rows['Revision'][0]}", None),
        ("REG007", f"C{admin}:D{admin}", None),  # and nothing more about that line
        ("REG010", f"C{evaluation}", "Evaluering"),
    }


def test_shared_strings_and_formulas_without_stored_results(tmp_path: Path) -> None:
    """A workbook as Excel may save it: shared strings, and formulas it never computed."""
    book = wbs.edit(wbs.blank(tmp_path / "b.xlsx"), tmp_path / "f.xlsx", fill_in)
    from openpyxl import load_workbook

    # Shared strings instead of openpyxl's inline ones: written by hand into the package.
    shared = tmp_path / "shared.xlsx"
    _to_shared_strings(book, shared)
    assert wbs.shared_strings(shared)
    assert load_workbook(shared)["Budget"]["A9"].value == "Løn"
    read = read_workbook(shared)
    assert read.diagnostics == [] and read.budget == EXPECTED


def test_inline_and_shared_strings_in_one_workbook(tmp_path: Path) -> None:
    """Strings of both kinds side by side in one sheet (as a program that adds rows to a file
    Excel saved writes them), no formula with a stored result."""
    book = wbs.edit(wbs.blank(tmp_path / "b.xlsx"), tmp_path / "f.xlsx", fill_in)
    mixed = tmp_path / "mixed.xlsx"
    _to_shared_strings(book, mixed, every=2)
    with zipfile.ZipFile(mixed) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert sheet.count('t="inlineStr"') > 20 and sheet.count('t="s"') > 20
    assert wbs.cached_formulas(mixed) == 0
    read = read_workbook(mixed)
    assert read.diagnostics == [] and read.budget == EXPECTED


def _to_shared_strings(source: Path, target: Path, every: int = 1) -> None:
    import re
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(source) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    strings: list[str] = []

    seen = 0

    def swap(m: re.Match[str]) -> str:
        from html import unescape

        nonlocal seen
        seen += 1
        if seen % every:
            return m.group(0)  # left inline

        strings.append(unescape(m.group(3)))
        return f'<c r="{m.group(1)}"{m.group(2)} t="s"><v>{len(strings) - 1}</v></c>'

    sheet = re.sub(r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>',
                   swap, sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    items = "".join(f"<si><t xml:space=\"preserve\">{escape(s)}</t></si>" for s in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    types = parts["[Content_Types].xml"].decode("utf-8").replace(
        "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8").replace(
        "</Relationships>", '<Relationship Id="rIdShared" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>")
    parts["xl/_rels/workbook.xml.rels"] = rels.encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)


def test_amounts_in_a_column_without_a_period_head(tmp_path: Path) -> None:
    """A round without a project period: the user names the columns; one left unnamed."""
    def change(ws: Any) -> None:
        rows, col = wbs.rows_of(ws), wbs.heads(ws)
        head = rows["Post"][0]
        ws[f"{col['År 1']}{head}"] = "2021"
        r = rows["Løn"][0]
        ws[f"{col['Beskrivelse']}{r}"] = "Leder"
        ws[f"{col['Antal']}{r}"] = 1
        ws[f"{col['Enhedspris']}{r}"] = 1000
        ws[f"{col['År 1']}{r}"] = 600
        ws[f"{col['År 2']}{r}"] = 400

    book = wbs.edit(wbs.blank(tmp_path / "b.xlsx", "afklaring-aktivitetsparate"),
                    tmp_path / "f.xlsx", change)
    read = read_workbook(book, "f.xlsx")
    assert [(d.code, d.location.cell if d.location else None) for d in read.diagnostics] == [
        ("REG008", "G9")]
    assert read.budget is not None
    assert read.budget["udgifter"][0]["fordeling"] == {2021: D("600.00")}


@pytest.mark.parametrize("content", [
    b"not a workbook at all",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,  # an encrypted or old .xls
    b"PK\x03\x04 truncated",
])
def test_a_file_that_is_no_workbook_is_one_reg001(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    read = read_workbook(path, "x.xlsx")
    assert not read.readable and read.budget is None
    assert [(d.code, d.location) for d in read.diagnostics] == [
        ("REG001", Location("x.xlsx"))]


def test_a_zip_bomb_and_a_dtd_are_refused_before_they_are_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    read = read_workbook(bomb)
    assert [d.code for d in read.diagnostics] == ["REG001"] and "zip" in DA.format(
        read.diagnostics[0].message, dict(read.diagnostics[0].params))
    dtd = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(wbs.blank(tmp_path / "b.xlsx")) as zin, zipfile.ZipFile(dtd, "w") as z:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[-1]
            z.writestr(info, data)
    assert [d.code for d in read_workbook(dtd).diagnostics] == ["REG001"]


def test_a_workbook_without_pulje_layout(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Mit eget budget"
    wb.save(tmp_path / "eget.xlsx")
    read = read_workbook(tmp_path / "eget.xlsx")
    assert [d.code for d in read.diagnostics] == ["REG002"] and read.budget is None
    assert not read.marks.ours


def test_a_category_merged_down_its_block_stands_for_each_row(tmp_path: Path) -> None:
    def change(ws: Any) -> None:
        fill_in(ws)
        loen = wbs.rows_of(ws)["Løn"]
        ws.merge_cells(f"A{loen[0]}:A{loen[-1]}")

    book = wbs.edit(wbs.blank(tmp_path / "b.xlsx"), tmp_path / "f.xlsx", change)
    read = read_workbook(book)
    assert read.diagnostics == [] and read.budget == EXPECTED


def test_a_zero_in_a_period_is_no_spread_there(tmp_path: Path) -> None:
    """pulje's own workbook shows 0,00 in the project's periods a line does not use; typed
    or written, a 0 there is not a part of the line's spread."""
    def zeros(ws: Any) -> None:
        fill_in(ws)
        rows, col = wbs.rows_of(ws), wbs.heads(ws)
        ws[f"{col['2018']}{rows['Husleje'][0]}"] = 0
        ws[f"{col['2017']}{rows['Løn'][2]}"] = "0,00"

    read = read_workbook(wbs.edit(wbs.blank(tmp_path / "b.xlsx"), tmp_path / "z.xlsx", zeros))
    assert read.diagnostics == [] and read.budget == EXPECTED
