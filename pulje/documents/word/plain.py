"""A plain document — title, case facts, headings, paragraphs, numbered clauses, lists and
tables — written as Word (python-docx) and as plain text from one description, so the two can
never say different things. The committee case, the grant's notes and the reports use it.

Every text goes into a run as data (``& < > {{ }}`` come out literally); characters Word's XML
cannot hold are dropped. A place only a person can fill is a ``Span(placeholder=True)``: grey
and highlighted in Word, in brackets in the text, and always beginning with "Skriv her" — the
words the desk's placeholder check (DOC021) looks for, so a case sent on unfinished is caught.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulje.diagnostics.wording import colon, labelled
from pulje.files import write_bytes
from pulje.yamlsource import XML_ILLEGAL

#: How a place for a person begins (= ``pulje.drafts.controls.PLACEHOLDER_INLINE``).
PLACEHOLDER = "Skriv her"
FONT = "Calibri"
TEXT_WIDTH = 88
TEXT_WIDTH_CM = 16.0  # A4 less 2 × 2.5 cm


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    placeholder: bool = False


Spans = Sequence[Span]


def spans(*parts: str | Span) -> tuple[Span, ...]:
    return tuple(p if isinstance(p, Span) else Span(p) for p in parts)


def placeholder(what: str) -> Span:
    """A place a person must write: "Skriv her: <what>"."""
    return Span(f"{PLACEHOLDER}: {what}", placeholder=True)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    content: Spans
    italic: bool = False


@dataclass(frozen=True)
class Numbered:
    """Numbered items ("1. at …")."""

    items: Sequence[Spans]


@dataclass(frozen=True)
class Bullets:
    items: Sequence[Spans]


@dataclass(frozen=True)
class Table:
    head: Sequence[str]
    rows: Sequence[Sequence[str]]
    #: Columns from this one on are amounts (right-aligned).
    amounts_from: int = 99
    #: Rows (by index) printed in bold (totals).
    bold_rows: frozenset[int] = frozenset()


Block = Heading | Para | Numbered | Bullets | Table


@dataclass
class PlainDoc:
    title: str
    #: Label–value lines under the title (Sagsnr., Dok.nr., Åbent, Kompetence …).
    facts: list[tuple[str, str]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    #: The running header (small, grey): who and what.
    header: str = ""
    subject: str = ""
    author: str = ""

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    @property
    def has_placeholders(self) -> bool:
        return any(s.placeholder for b in self.blocks for s in _spans_of(b))


def _spans_of(block: Block) -> list[Span]:
    if isinstance(block, Para):
        return list(block.content)
    if isinstance(block, Numbered | Bullets):
        return [s for item in block.items for s in item]
    return []


def clean(text: str) -> str:
    return XML_ILLEGAL.sub("", text or "")


# --- plain text ------------------------------------------------------------------------------


def _plain(content: Spans) -> str:
    return "".join(f"[{clean(s.text)}]" if s.placeholder else clean(s.text) for s in content)


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        out += textwrap.wrap(para, TEXT_WIDTH, initial_indent=first, subsequent_indent=rest,
                             break_on_hyphens=False) or [first.rstrip()]
        first = rest
    return out


def to_text(doc: PlainDoc) -> str:
    """The document as plain text (UTF-8, lines of at most 88 characters): for case systems
    that take text."""
    lines = [clean(doc.title), "=" * min(len(clean(doc.title)), TEXT_WIDTH), ""]
    for label, value in doc.facts:
        lines.append(labelled(clean(label), clean(value)) if label else clean(value))
    for block in doc.blocks:
        lines.append("")
        if isinstance(block, Heading):
            lines += [clean(block.text), "-" * min(len(clean(block.text)), TEXT_WIDTH)]
        elif isinstance(block, Para):
            lines += _wrap(_plain(block.content))
        elif isinstance(block, Numbered):
            for n, item in enumerate(block.items, start=1):
                lines += _wrap(_plain(item), f"{n}. ", " " * (len(str(n)) + 2))
        elif isinstance(block, Bullets):
            for item in block.items:
                lines += _wrap(_plain(item), "- ", "  ")
        else:
            lines += _table_text(block)
    return "\n".join(line.rstrip() for line in lines).rstrip() + "\n"


def _table_text(table: Table) -> list[str]:
    rows = [list(map(clean, table.head)), *[list(map(clean, r)) for r in table.rows]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(table.head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i >= table.amounts_from else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return [line(rows[0]), "  ".join("-" * w for w in widths), *(line(r) for r in rows[1:])]


# --- Word ------------------------------------------------------------------------------------


def to_docx(doc: PlainDoc) -> bytes:
    """The document as a .docx (A4, Calibri, page numbers "Side X af Y")."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Cm, Pt, RGBColor

    from pulje.documents.word.lean import lean
    from pulje.documents.word.xml import el

    word: Any = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    styles = word.styles
    for name, size in (("Normal", 11), ("Title", 16), ("Heading 1", 13), ("Heading 2", 11.5)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(_qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(_qn(attr), None)
        if name != "Normal":
            style.font.bold = True
            style.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    props = word.core_properties
    props.title, props.subject = clean(doc.title)[:255], clean(doc.subject)[:255]
    props.author, props.language = clean(doc.author)[:255] or "pulje", "da-DK"

    if doc.header:
        p = section.header.paragraphs[0]
        run = p.add_run(clean(doc.header))
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Side ")
    _field(foot, "PAGE", el)
    foot.add_run(" af ")
    _field(foot, "NUMPAGES", el)

    word.add_paragraph(clean(doc.title), style="Title")
    for label, value in doc.facts:
        p = word.add_paragraph()
        p.paragraph_format.space_after = Pt(1)
        if label:
            p.add_run(f"{colon(clean(label))} ").bold = True
        p.add_run(clean(value))

    def runs(p: Any, content: Spans) -> None:
        for s in content:
            run = p.add_run(clean(s.text))
            run.bold = s.bold or None
            if s.placeholder:
                run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(clean(block.text), level=block.level)
        elif isinstance(block, Para):
            p = word.add_paragraph()
            runs(p, block.content)
            if block.italic:
                for run in p.runs:
                    run.italic = True
        elif isinstance(block, Numbered | Bullets):
            for n, item in enumerate(block.items, start=1):
                p = word.add_paragraph()
                p.paragraph_format.left_indent = Cm(0.75)
                p.paragraph_format.first_line_indent = Cm(-0.75)
                p.add_run(f"{n}.\t" if isinstance(block, Numbered) else "–\t")
                p.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
                runs(p, item)
        else:
            table = word.add_table(rows=1, cols=len(block.head))
            table.style = styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            table.autofit = False
            cells = [table.rows[0].cells, *[table.add_row().cells for _ in block.rows]]
            widths = column_widths(block, TEXT_WIDTH_CM)
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Cm(width)  # the grid, which LibreOffice lays out by
            for row_cells in cells:
                for cell, width in zip(row_cells, widths, strict=True):
                    cell.width = Cm(width)
            for r, (row_cells, texts) in enumerate(zip(cells, [block.head, *block.rows],
                                                       strict=True)):
                for i, (cell, text) in enumerate(zip(row_cells, texts, strict=True)):
                    p = cell.paragraphs[0]
                    p.paragraph_format.space_after = Pt(0)
                    if i >= block.amounts_from:
                        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    run = p.add_run(clean(text))
                    run.font.size = Pt(9)
                    run.bold = r == 0 or (r - 1) in block.bold_rows or None
            word.add_paragraph()
    lean(word)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def column_widths(table: Table, total: float) -> list[float]:
    """Amount columns as wide as their longest amount (an amount never wraps); the text
    columns share the rest by their longest text (at most 40 characters' worth, at least
    1.4 cm)."""
    rows = [table.head, *table.rows]
    longest = [max(len(clean(r[i])) for r in rows) for i in range(len(table.head))]
    n = len(longest)
    amounts = [i for i in range(n) if i >= table.amounts_from]
    widths = [0.0] * n
    for i in amounts:
        widths[i] = 0.3 + 0.17 * max(longest[i], 4)
    texts = [i for i in range(n) if i not in amounts]
    room = max(total - sum(widths), 1.4 * len(texts))
    wants = {i: max(4, min(40, longest[i])) for i in texts}
    for i in texts:
        widths[i] = max(1.4, room * wants[i] / sum(wants.values()))
    scale = total / sum(widths) if sum(widths) > total else 1.0
    return [w * scale for w in widths]


def _qn(name: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(name))


def _field(paragraph: Any, instruction: str, el: Any) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out."""
    begin, sep, end = (el("w:fldChar", fldCharType=k) for k in ("begin", "separate", "end"))
    instr = el("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    for part in (begin, instr, sep):
        paragraph.add_run()._r.append(part)
    paragraph.add_run("1")
    paragraph.add_run()._r.append(end)


def write_docx(doc: PlainDoc, target: Path, *, overwrite: bool = False) -> Path:
    """Write the .docx whole (never over an existing file unless ``overwrite``)."""
    return write_bytes(target, to_docx(doc), overwrite=overwrite)


def write_plain(doc: PlainDoc, target: Path, *, overwrite: bool = False) -> Path:
    return write_bytes(target, to_text(doc).encode("utf-8"), overwrite=overwrite)
