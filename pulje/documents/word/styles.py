"""The form's page and type: A4, margins, fonts, paragraph styles, hyphenation, header and
footer (``documents.template_builder`` uses them; the measures are ``Layout``). The low-level
XML helpers are ``documents.word.xml``.

Automatic hyphenation is on (the document's language is da-DK; LibreOffice needs the Danish
patterns, ``hyphen-da``), widow/orphan control is on in Normal and so in every style, the
title and headings are never hyphenated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from pulje.documents.word.xml import el, no_hyphens

# --- layout --------------------------------------------------------------------------------

FONT = "Calibri"  # rendered on Linux with the metric-compatible Carlito
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7  # A4


@dataclass(frozen=True)
class Layout:
    """Page and type measures of the form (cm and pt)."""

    margin_top: float = 3.0
    margin_bottom: float = 3.0
    margin_left: float = 2.5
    margin_right: float = 2.5
    font_size: float = 11
    line_spacing: float = 1.25
    space_after: float = 10  # after a paragraph of text
    question_before: float = 0
    question_bold: bool = False
    cell_font_size: float = 10
    question_width: float = 6.0  # the question column of a part's question | answer table

    @property
    def text_width(self) -> float:
        return PAGE_WIDTH_CM - self.margin_left - self.margin_right


LAYOUT = Layout()
SHADE_HEAD = "D9D9D9"
SHADE_LABEL = "F2F2F2"
FIXED_TIME = datetime(2016, 9, 1, 0, 0, 0)
ZIP_TIME = (2016, 9, 1, 0, 0, 0)

STYLE_QUESTION = "Spørgsmål"
STYLE_INTRO = "Indledning"
STYLE_ANSWER = "Svar"  # = filters.STYLE_TEXT, the id answer paragraphs get
STYLE_CELL = "Tabeltekst"
STYLE_CELL_HEAD = "Tabelhoved"
STYLE_NOTE = "Note"
STYLE_NOTE_Q = "Note til spørgsmål"
STYLE_TEXT_FIXED = "Brødtekst"


# --- the document's set-up --------------------------------------------------------------------


def apply_settings(doc: Document) -> None:
    """Automatic hyphenation (Danish, the document's language), and no leftovers of
    python-docx's default document: its proofing state ("already spell-checked") and its
    preview picture."""
    part = doc.settings.element
    for tag in ("w:proofState", "w:savePreviewPicture", "w:autoHyphenation",
                "w:consecutiveHyphenLimit"):
        for old in part.findall(qn(tag)):
            part.remove(old)
    tab = part.find(qn("w:defaultTabStop"))
    at = list(part).index(tab) + 1 if tab is not None else 0
    # CT_Settings' order: defaultTabStop, autoHyphenation, consecutiveHyphenLimit, …
    part.insert(at, el("w:autoHyphenation"))
    part.insert(at + 1, el("w:consecutiveHyphenLimit", val="2"))

def define_styles(doc: Document, lay: Layout) -> None:
    """Normal, title and headings, and the form's own paragraph styles."""
    styles = doc.styles
    # Name the font everywhere, and drop theme fonts (they would win over the name).
    for rfonts in styles.element.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    for lang in rpr.findall(qn("w:lang")):
        rpr.remove(lang)
    rpr.append(el("w:lang", val="da-DK", eastAsia="en-US", bidi="ar-SA"))

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(lay.font_size)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(lay.space_after)
    fmt.line_spacing = lay.line_spacing
    fmt.widow_control = True  # no first or last line of a paragraph alone on a page

    for name, size, before, after in (
        ("Title", 16, 0, 6), ("Heading 1", 14, 18, 6), ("Heading 2", 12, 12, 4),
    ):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):  # Title's bottom border and the like
            ppr.remove(border)
        no_hyphens(ppr)
    title_rpr = styles["Title"].element.find(qn("w:rPr"))
    if title_rpr is not None:
        for tag in ("w:spacing", "w:kern"):
            for old in title_rpr.findall(qn(tag)):
                title_rpr.remove(old)

    def para(name: str, base: str = "Normal") -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style

    fixed = para(STYLE_TEXT_FIXED)
    fixed.paragraph_format.space_after = Pt(lay.space_after)

    question = para(STYLE_QUESTION)
    question.font.bold = lay.question_bold
    question.paragraph_format.space_before = Pt(lay.question_before)
    question.paragraph_format.space_after = Pt(4)

    question_note = para(STYLE_NOTE_Q, STYLE_QUESTION)
    question_note.font.bold = False
    question_note.font.size = Pt(lay.cell_font_size)

    intro = para(STYLE_INTRO)
    intro.paragraph_format.space_after = Pt(lay.space_after)
    # no keep_with_next here: see part()

    answer = para(STYLE_ANSWER)
    answer.paragraph_format.space_after = Pt(lay.space_after)

    cell = para(STYLE_CELL)
    cell.font.size = Pt(lay.cell_font_size)
    cell.paragraph_format.space_after = Pt(2)

    head = para(STYLE_CELL_HEAD, STYLE_CELL)
    head.font.bold = True

    note = para(STYLE_NOTE)
    note.font.size = Pt(9)
    note.font.italic = True
    note.paragraph_format.space_before = Pt(2)
    note.paragraph_format.space_after = Pt(6)

    bullet = styles["List Bullet"]
    bullet.paragraph_format.space_after = Pt(2)


def header_and_footer(doc: Document, lay: Layout, header_text: str, mark_text: str) -> None:
    """The running head (``header_text``, then ``mark_text`` at the right edge) and "Side x af
    y" in the footer."""
    section = doc.sections[0]
    for name in ("Header", "Footer"):  # one right tab at the text's edge
        ppr = doc.styles[name].element.get_or_add_pPr()
        for tabs in ppr.findall(qn("w:tabs")):
            ppr.remove(tabs)
        doc.styles[name].paragraph_format.tab_stops.add_tab_stop(
            Cm(lay.text_width), WD_TAB_ALIGNMENT.RIGHT
        )
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    run = header.add_run(header_text)
    run.font.size = Pt(9)
    header.add_run("\t")
    mark = header.add_run(mark_text)
    mark.bold = True
    mark.font.size = Pt(14)
    mark.font.color.rgb = RGBColor(0xC0, 0, 0)

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Side ").font.size = Pt(9)
    _field(footer, "PAGE")
    footer.add_run(" af ").font.size = Pt(9)
    _field(footer, "NUMPAGES")


def _field(paragraph: Paragraph, code: str) -> None:
    """A PAGE/NUMPAGES field (complex field, with "1" as its last shown result)."""
    def run(child: Any) -> None:
        r = paragraph.add_run()
        r.font.size = Pt(9)
        r._r.append(child)

    run(el("w:fldChar", fldCharType="begin"))
    instr = el("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {code} "
    run(instr)
    run(el("w:fldChar", fldCharType="separate"))
    paragraph.add_run("1").font.size = Pt(9)
    run(el("w:fldChar", fldCharType="end"))
