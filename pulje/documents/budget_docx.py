"""The budget attachment as a Word document of its own: "Bilag: Detaljeret budget".

Built with python-docx, not a template: every text goes into a run as data, so a description
holding ``& < > {{ }}`` comes out literally. A4, Calibri, the expense table by category and year
with subtotals and total, the financing table, the balance, and a footer "Side X af Y".
All figures come from ``documents.budget.budget_figures``, as in the .xlsx.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pulje.answers.loader import LoadedApplication
from pulje.diagnostics.i18n import Translator
from pulje.documents.budget import (
    APPLIED_LABEL,
    TITLE,
    ZERO,
    BudgetFigures,
    amount_text,
    balance_explanation,
    budget_figures,
    identifikation_of,
    printable,
    units_text,
)
from pulje.documents.word.lean import lean
from pulje.documents.word.styles import apply_settings

FONT = "Calibri"
DRAFT_MARK = "UDKAST"
_A4 = (Cm(21.0), Cm(29.7))
_MARGIN = Cm(1.8)
_AMOUNT_WIDTH = Cm(2.3)
_POST_WIDTH = Cm(2.7)
_UNITS_WIDTH = Cm(3.1)
_TABLE_PT = 9
_SUBTOTAL_SHADE = "F2F2F2"
_TOTAL_SHADE = "D9D9D9"
_HEAD_SHADE = "D9E2F3"


def render_budget_docx(loaded: LoadedApplication, target: Path, *, draft: bool = False) -> None:
    """Write the budget attachment of ``loaded`` to ``target`` (.docx).

    ``draft`` marks every page "UDKAST". The file is written in place; a caller wanting it whole
    or not at all renders to a temporary name and renames. Raises ``ValueError`` when the answer
    file could not be read into a model.
    """
    if loaded.model is None or loaded.pool is None:
        raise ValueError(f"{loaded.file}: the answer file has no valid model to render")
    figures = budget_figures(loaded.model, loaded.runde)
    ident = identifikation_of(loaded.model)
    tr = Translator("da")

    doc: Any = Document()
    _styles(doc)
    # The guide's long category words in a narrow column: Danish hyphenation, as the form.
    apply_settings(doc)
    amount_columns = len(figures.years) + (1 if figures.has_ikke_fordelt else 0) + 1
    if figures.periodisering != "aar":
        amount_columns = max(amount_columns, _PERIODS_PER_TABLE + 1)
    section = _page(doc, landscape=amount_columns > 4)
    usable = section.page_width - section.left_margin - section.right_margin
    _header(section, loaded.pool.navn, draft)
    _footer(section)

    doc.core_properties.title = TITLE
    doc.core_properties.subject = loaded.pool.navn
    doc.core_properties.author = printable(ident.kommune) or "pulje"
    doc.core_properties.language = "da-DK"

    doc.add_heading(TITLE + (f" ({DRAFT_MARK})" if draft else ""), level=1)
    facts: list[tuple[str, str]] = []
    if ident.projektnavn:
        facts.append(("Projekt", " ".join(printable(ident.projektnavn).split())))
    if ident.kommune:
        facts.append(("Ansøger", printable(ident.kommune)))
    facts.append(("Pulje", loaded.pool.navn))
    period = loaded.runde.periode if loaded.runde is not None else None
    if period is not None:
        facts.append(("Projektperiode", f"{tr.date(period.start)} – {tr.date(period.end)}"))
    for label, text in facts:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        p.add_run(f"{label}: ").bold = True
        p.add_run(text)

    doc.add_heading("Udgifter", level=2)
    _expense_table(doc, figures, usable)
    if figures.periodisering != "aar" and figures.periods:
        _period_tables(doc, figures, usable)
    doc.add_heading("Finansiering", level=2)
    _financing_table(doc, figures, loaded.pool.navn, usable)

    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(12)
    p.add_run(f"Balance: {tr.kroner(figures.balance)}").bold = True
    p.add_run(
        f" (udgifter i alt {tr.kroner(figures.expenses_total)} − finansiering i alt "
        f"{tr.kroner(figures.financing_total)}). {balance_explanation(figures)}"
    )
    lean(doc)
    doc.save(str(target))


# --- page, styles, header and footer ---------------------------------------------------------


def _page(doc: Any, *, landscape: bool) -> Any:
    section = doc.sections[0]
    width, height = _A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)
    section.header_distance = Cm(0.9)
    section.footer_distance = Cm(0.9)
    return section


def _calibri(rpr: Any) -> None:
    """Calibri for every script, without the theme fonts that would override it."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _styles(doc: Any) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is not None:
        _calibri(rpr)
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), "da-DK")
    sizes = {"Normal": 10.5, "Heading 1": 16, "Heading 2": 12.5, "Header": 9, "Footer": 9}
    for name, size in sizes.items():
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        _calibri(style.element.get_or_add_rPr())
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
        style.paragraph_format.space_before = Pt(12 if name == "Heading 2" else 0)
        style.paragraph_format.space_after = Pt(6)


def _header(section: Any, pool_name: str, draft: bool) -> None:
    header = section.header
    p = header.paragraphs[0]
    p.text = ""
    run = p.add_run(f"{pool_name} · {TITLE}")
    run.font.size = Pt(8.5)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    if draft:
        mark = header.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = mark.add_run(DRAFT_MARK)
        r.bold = True
        r.font.size = Pt(20)
        r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out."""

    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _footer(section: Any) -> None:
    p = section.footer.paragraphs[0]
    p.text = ""
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Side ")
    _field(p, "PAGE", "1")
    p.add_run(" af ")
    _field(p, "NUMPAGES", "1")


# --- tables ----------------------------------------------------------------------------------


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _row_props(row: Any, *, header: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()
    if header:
        el = OxmlElement("w:tblHeader")  # repeated at the top of every page
        trpr.append(el)
    trpr.append(OxmlElement("w:cantSplit"))


def _write(
    cell: Any,
    text: str,
    *,
    bold: bool = False,
    right: bool = False,
    note: str | None = None,
) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(_TABLE_PT)
    if note:
        q = cell.add_paragraph()
        q.paragraph_format.space_after = Pt(0)
        r = q.add_run(note)
        r.italic = True
        r.font.size = Pt(_TABLE_PT - 1)
        r.font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def _table(doc: Any, widths: list[int]) -> Any:
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def _add_row(
    table: Any,
    widths: list[int],
    texts: list[str],
    *,
    amounts_from: int,
    bold: bool = False,
    shade: str | None = None,
    header: bool = False,
    notes: dict[int, str] | None = None,
    span_label: bool = False,
) -> None:
    """A row of ``texts``; with ``span_label`` the cells before the amounts become one cell
    holding ``texts[0]`` (the others must be empty)."""
    row = table.add_row()
    _row_props(row, header=header)
    cells = list(row.cells)
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
        if shade:
            _shade(cell, shade)
    if span_label and amounts_from > 1:
        assert not any(texts[1:amounts_from])
        cells[0].merge(cells[amounts_from - 1])
        cells = [cells[0], *cells[amounts_from:]]
        texts = [texts[0], *texts[amounts_from:]]
        amounts_from = 1
    for i, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        _write(
            cell, text, bold=bold or header, right=i >= amounts_from,
            note=(notes or {}).get(i),
        )


def _year_rest(amount: Decimal, per_year: tuple[Decimal, ...]) -> Decimal:
    return amount - sum(per_year, ZERO)


def _expense_table(doc: Any, figures: BudgetFigures, usable: int) -> None:
    """The lines by category with their amounts per year (the round's quarters or months
    follow in tables of their own, ``_period_tables``)."""
    extra = any(_year_rest(line.beloeb, line.per_year) != ZERO for line in figures.lines)
    n_amounts = len(figures.years) + (1 if extra else 0) + 1
    fixed = _POST_WIDTH + _UNITS_WIDTH + n_amounts * _AMOUNT_WIDTH
    widths = [_POST_WIDTH, max(usable - fixed, Cm(3.5)), _UNITS_WIDTH] + [_AMOUNT_WIDTH] * n_amounts
    first_amount = 3
    head = ["Post", "Beskrivelse", "Antal × enhedspris"]
    head += [f"{year} (kr.)" for year in figures.years]
    head += ["Ikke fordelt (kr.)"] if extra else []
    head += ["I alt (kr.)"]
    table = _table(doc, widths)
    _add_row(table, widths, head, amounts_from=first_amount, header=True, shade=_HEAD_SHADE)

    def amounts(per_year: tuple[Decimal, ...], total: Decimal) -> list[str]:
        out = [amount_text(a) for a in per_year]
        out += [amount_text(_year_rest(total, per_year))] if extra else []
        return out + [amount_text(total)]

    for category in figures.categories:
        for i, line in enumerate(category.lines):
            texts = [category.navn if i == 0 else "", printable(line.beskrivelse), units_text(line)]
            texts += amounts(line.per_year, line.beloeb)
            note = printable(line.bemaerkning).strip()
            _add_row(table, widths, texts, amounts_from=first_amount,
                     notes={1: note} if note else None)
        texts = [f"{category.navn} i alt", "", ""]
        texts += amounts(category.per_year, category.total)
        _add_row(table, widths, texts, amounts_from=first_amount, bold=True,
                 shade=_SUBTOTAL_SHADE, span_label=True)
    texts = ["Udgifter i alt", "", ""]
    texts += amounts(figures.expenses_per_year, figures.expenses_total)
    _add_row(table, widths, texts, amounts_from=first_amount, bold=True, shade=_TOTAL_SHADE,
             span_label=True)


#: At most this many periods side by side in one table of the attachment.
_PERIODS_PER_TABLE = 6


def _period_chunks(figures: BudgetFigures) -> list[list[int]]:
    """The period columns in tables: a year's quarters, or half a year's months."""
    chunks: list[list[int]] = []
    for i, p in enumerate(figures.periods):
        key = (p.aar, 0 if p.maaned is None else (p.maaned - 1) // _PERIODS_PER_TABLE)
        if chunks and _chunk_key(figures, chunks[-1][0]) == key:
            chunks[-1].append(i)
        else:
            chunks.append([i])
    return chunks


def _chunk_key(figures: BudgetFigures, index: int) -> tuple[int, int]:
    p = figures.periods[index]
    return (p.aar, 0 if p.maaned is None else (p.maaned - 1) // _PERIODS_PER_TABLE)


def _period_tables(doc: Any, figures: BudgetFigures, usable: int) -> None:
    """The expenses of each category per quarter or month, in tables of a year (quarters) or
    half a year (months)."""
    word, plural = (("kvartal", "kvartaler") if figures.periodisering == "kvartal"
                    else ("måned", "måneder"))
    doc.add_heading(f"Udgifter pr. {word}", level=2)
    extra = figures.has_ikke_fordelt
    for chunk in _period_chunks(figures):
        n = len(chunk)
        label_width = max(usable - n * _AMOUNT_WIDTH, Cm(4.0))
        widths = [label_width] + [_AMOUNT_WIDTH] * n
        table = _table(doc, widths)
        head = ["Post", *(f"{figures.periods[i].tekst()} (kr.)" for i in chunk)]
        _add_row(table, widths, head, amounts_from=1, header=True, shade=_HEAD_SHADE)
        for category in figures.categories:
            _add_row(table, widths, [category.navn,
                                     *(amount_text(category.per_period[i]) for i in chunk)],
                     amounts_from=1)
        _add_row(table, widths, ["Udgifter i alt",
                                 *(amount_text(figures.expenses_per_period[i]) for i in chunk)],
                 amounts_from=1, bold=True, shade=_TOTAL_SHADE)
        doc.add_paragraph().paragraph_format.space_after = Pt(2)
    if extra:
        p = doc.add_paragraph()
        p.add_run(f"Ikke fordelt på {plural}: {amount_text(figures.expenses_ikke_fordelt)} kr.")


def _financing_table(doc: Any, figures: BudgetFigures, pool_name: str, usable: int) -> None:
    label_width = Cm(5.2)
    amount_width = Cm(3.0)
    widths = [label_width, usable - label_width - amount_width, amount_width]
    table = _table(doc, widths)
    _add_row(table, widths, ["Finansiering", "Beskrivelse / kilde", "Beløb (kr.)"],
             amounts_from=2, header=True, shade=_HEAD_SHADE)
    _add_row(table, widths, [APPLIED_LABEL, pool_name, amount_text(figures.applied)],
             amounts_from=2)
    for group in figures.financing:
        if not group.lines:
            _add_row(table, widths, [group.navn, "Ingen", amount_text(ZERO)], amounts_from=2)
            continue
        for i, line in enumerate(group.lines):
            _add_row(
                table, widths,
                [group.navn if i == 0 else "", printable(line.beskrivelse),
                 amount_text(line.beloeb)],
                amounts_from=2,
            )
        if len(group.lines) > 1:
            _add_row(table, widths, [f"{group.navn} i alt", "", amount_text(group.total)],
                     amounts_from=2, bold=True, shade=_SUBTOTAL_SHADE, span_label=True)
    _add_row(table, widths, ["Finansiering i alt", "", amount_text(figures.financing_total)],
             amounts_from=2, bold=True, shade=_TOTAL_SHADE, span_label=True)
