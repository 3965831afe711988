"""The forms' abstract writer (``schemas.kinds.base.FormWriter``) in python-docx: what a kind
asks for — a question | answer row, a free-text answer, a value, a table bound to the round's
months, a participant matrix, a table of rows, the tidsplan grid — as Word XML with docxtpl's
Jinja tags, every answer in a content control (tag = its path, alias = its question).

Every Jinja tag is written inside one run, so Word's run splitting never breaks a tag; a fixed
text of the form holding Jinja's delimiters is written literally (``xml.literal``). Values are
printed through the Jinja filter named by their kind's word (``documents.filters``), which is
the kind's ``display``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.table import Table, _Cell

from pulje.documents.word.styles import (
    SHADE_HEAD,
    SHADE_LABEL,
    STYLE_ANSWER,
    STYLE_CELL,
    STYLE_CELL_HEAD,
    STYLE_NOTE,
    STYLE_NOTE_Q,
    STYLE_QUESTION,
    Layout,
)
from pulje.documents.word.xml import (
    clear,
    el,
    literal,
    paragraph,
    run,
    sdt,
    shade,
    widths,
    widths_row,
)
from schemas.kinds.base import Ref

BASELINE_HEAD = (
    "Niveau for {{ runde.baseline_maaned | maanedsnavn }} måned {{ runde.baseline_maaned.year }}"
)
MEASUREMENT_HEAD = "Pr. {{ m | maaned | capitalize }}"
QUARTER_HEADS = ("1. kvt.", "2. kvt.", "3. kvt.", "4. kvt.")
CHECKED, UNCHECKED = "☒", "☐"


@dataclass(frozen=True)
class Answer:
    """Where an answer stands in the template: its Jinja expression, tag and question."""

    expr: str
    tag: str
    alias: str


def answer(ref: Ref) -> Answer:
    """The template's view of an answer; the question (alias) is fixed text of the form."""
    return Answer("svar." + ".".join(ref.path), ref.tag, literal(ref.alias))


@dataclass
class Slot:
    """The answer cell of a question | answer row; ``used``: it holds a value already."""

    cell: _Cell
    used: bool = False


class WordWriter:
    """Draws a form's parts into a python-docx document's body."""

    def __init__(self, doc: Document, layout: Layout) -> None:
        self.doc = doc
        self.layout = layout
        self.body = doc.element.body
        self.table_of_rows: Table | None = None

    # body -------------------------------------------------------------------------------

    def p(self, style: str | None, text: str | None = None) -> Any:
        """A paragraph of the named style (``w:pStyle`` holds the style's id, not its name)."""
        return paragraph(self.doc.styles[style].style_id if style else None, text)

    def add(self, element: Any) -> Any:
        self.body.insert_element_before(element, "w:sectPr")
        return element

    def para(self, style: str | None, text: str | None = None) -> Any:
        return self.add(self.p(style, text))

    def table(self, rows: int, cols: int, widths_cm: Sequence[float]) -> Table:
        table: Table = self.doc.add_table(rows=rows, cols=cols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        widths(table, widths_cm)
        for row in table.rows:
            for cell in row.cells:
                for par in cell.paragraphs:
                    par.style = self.doc.styles[STYLE_CELL]
        return table

    def cell_text(self, cell: _Cell, text: str, *, head: bool = False,
                  style: str = STYLE_CELL) -> None:
        tc = clear(cell)
        tc.append(self.p(STYLE_CELL_HEAD if head else style, text))
        if head:
            shade(cell, SHADE_HEAD)

    def inline_answer(self, par: Any, ans: Answer, flt: str) -> None:
        control, content = sdt(ans.tag, ans.alias, inline=True)
        content.append(run("{{ " + ans.expr + " | " + flt + " }}"))
        par.append(control)

    def cell_inline(self, cell: _Cell, ans: Answer, flt: str, *, style: str = STYLE_CELL) -> None:
        tc = clear(cell)
        par = self.p(style)
        self.inline_answer(par, ans, flt)
        tc.append(par)

    def block_answer(self, container: Callable[[Any], Any], ans: Answer) -> None:
        """Paragraphs and bullets of a free-text answer in a block-level content control."""
        control, content = sdt(ans.tag, ans.alias, inline=False)
        content.append(self.p(None, "{%p for b in " + ans.expr + " | afsnit %}"))
        par = el("w:p")
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val="{{ b.stil }}"))
        ppr.append(el("w:keepNext", val="{{ b.hold }}"))
        par.append(ppr)
        par.append(run("{{ b.tekst }}"))
        content.append(par)
        content.append(self.p(None, "{%p endfor %}"))
        container(control)

    def cell_lines(self, cell: _Cell, ans: Answer, items_expr: str) -> None:
        """A cell holding a list of texts, one paragraph each, in a block-level control."""
        tc = clear(cell)
        control, content = sdt(ans.tag, ans.alias, inline=False)
        content.append(self.p(None, "{%p for a in " + items_expr + " | celler %}"))
        content.append(self.p(STYLE_CELL, "{{ a }}"))
        content.append(self.p(None, "{%p endfor %}"))
        tc.append(control)

    # the question | answer table of a part -----------------------------------------------

    def end_rows(self) -> None:
        self.table_of_rows = None

    def _row(self) -> tuple[_Cell, _Cell]:
        if self.table_of_rows is None:
            lay = self.layout
            self.table_of_rows = self.table(
                0, 2, (lay.question_width, lay.text_width - lay.question_width))
        row = self.table_of_rows.add_row()  # type: ignore[no-untyped-call]
        widths_row(row, (self.layout.question_width,
                         self.layout.text_width - self.layout.question_width))
        left, right = row.cells
        shade(left, SHADE_LABEL)
        return left, right

    def row(self, label: str, note: str | None = None) -> Slot:
        left, right = self._row()
        self.cell_text(left, literal(label), style=STYLE_QUESTION)
        if note:
            left._tc.append(self.p(STYLE_NOTE_Q, literal(note)))
        return Slot(right)

    def caption(self, text: str) -> None:
        left, right = self._row()
        merged = left.merge(right)
        self.cell_text(merged, literal(text), style=STYLE_QUESTION)

    def text(self, slot: Slot, ref: Ref) -> None:
        tc = clear(slot.cell)
        self.block_answer(tc.append, answer(ref))
        slot.used = True

    def free_text(self, ref: Ref) -> None:
        self.end_rows()
        self.block_answer(self.add, answer(ref))

    def value(self, slot: Slot, ref: Ref, kind: str) -> None:
        if not slot.used:
            self.cell_inline(slot.cell, answer(ref), kind, style=STYLE_ANSWER)
            slot.used = True
            return
        par = self.p(STYLE_ANSWER)
        slot.cell._tc.append(par)
        self.inline_answer(par, answer(ref), kind)

    def choice(self, slot: Slot, ref: Ref, options: Sequence[tuple[str, str]]) -> None:
        """The options one a paragraph, ☒ before those chosen, in one block-level control."""
        ans = answer(ref)
        tc = clear(slot.cell)
        control, content = sdt(ans.tag, ans.alias, inline=False)
        for option_id, text in options:
            par = self.p(STYLE_ANSWER)
            par.append(run("{{ " + ans.expr + " | afkrydset('" + option_id + "') }}"))
            par.append(run(" " + literal(text)))
            content.append(par)
        tc.append(control)
        slot.used = True

    # tables -------------------------------------------------------------------------------

    def nested(self, cell: _Cell, rows: int, widths_cm: Sequence[float]) -> Table:
        """A table inside an answer cell, before the cell's last paragraph."""
        table = cell.add_table(rows, len(widths_cm))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        widths(table, widths_cm)
        cell._tc.remove(cell._tc[-1])  # python-docx's trailing paragraph; the caller ends it
        return table

    def _cols(self, n: int) -> float:
        return min(3.2, (self.layout.text_width - self.layout.question_width - 0.6) / n)

    def _titled(self, slot: Slot, title: str | None) -> Any:
        tc = clear(slot.cell)
        if title:
            tc.append(self.p(STYLE_CELL_HEAD, literal(title)))
        slot.used = True
        return tc

    def measurements(self, slot: Slot, ref: Ref, kind: str, *, title: str | None,
                     note: str | None, baseline: tuple[Ref, Ref] | None) -> None:
        """Level at the baseline month (with ``baseline``), a value per measurement month."""
        tc = self._titled(slot, title)
        w = self._cols(3 if baseline else 2)
        table = self.nested(slot.cell, 2, ([w] if baseline else []) + [w, w, w])
        heads, values = table.rows[0].cells, table.rows[1].cells
        col = 0
        if baseline is not None:
            level, remark = baseline
            self.cell_text(heads[0], BASELINE_HEAD, head=True)
            self.cell_inline(values[0], answer(level), "procent")
            par = self.p(STYLE_NOTE)
            self.inline_answer(par, answer(remark), "linje")
            values[0]._tc.append(par)
            col = 1
        ans = answer(ref)
        for cells in (heads, values):  # three cells → a column per measurement (docxtpl)
            self.cell_text(cells[col], "{%tc for m in runde.maalinger %}")
            self.cell_text(cells[col + 2], "{%tc endfor %}")
        self.cell_text(heads[col + 1], MEASUREMENT_HEAD, head=True)
        self.cell_inline(values[col + 1], Answer(
            f"{ans.expr} | hent(m)", f"{ans.tag}.{{{{ m | iso_maaned }}}}", ans.alias), kind)
        tc.append(self.p(STYLE_NOTE, literal(note or "")))

    def matrix(self, rows: Sequence[tuple[str, Ref]], columns: Sequence[tuple[str, str]],
               kind: str) -> None:
        """Rows of one kind as rows, its fields as columns (målgruppe)."""
        self.end_rows()
        first = self.layout.question_width
        rest = (self.layout.text_width - first) / len(columns)
        table = self.table(len(rows) + 1, len(columns) + 1, (first, *[rest] * len(columns)))
        head = table.rows[0].cells
        self.cell_text(head[0], "", head=True)
        for cell, (_, title) in zip(head[1:], columns, strict=True):
            self.cell_text(cell, literal(title), head=True)
        for row, (label, ref) in zip(table.rows[1:], rows, strict=True):
            cells = row.cells
            self.cell_text(cells[0], literal(label), style=STYLE_QUESTION)
            shade(cells[0], SHADE_LABEL)
            for cell, (name, title) in zip(cells[1:], columns, strict=True):
                self.cell_inline(cell, answer(ref.child(name, f"{label} {title}")), kind,
                                 style=STYLE_ANSWER)

    def rows(self, slot: Slot, ref: Ref, columns: Sequence[tuple[str, str, str]], *,
             title: str | None, note: str | None) -> None:
        """A row per item, its fields as columns (opkvalificering: Funktion | Antal)."""
        tc = self._titled(slot, title)
        table = self.nested(slot.cell, 4, self._list_widths(columns))
        for head, (_, text, _) in zip(table.rows[0].cells, columns, strict=True):
            self.cell_text(head, literal(text), head=True)
        ans = answer(ref)
        names = ", ".join(f"'{name}'" for name, _, _ in columns)
        self.cell_text(table.rows[1].cells[0],
                       "{%tr for r in " + ans.expr + " | raekker(" + names + ") %}")
        for value, (name, text, kind) in zip(table.rows[2].cells, columns, strict=True):
            self.cell_inline(value, Answer(
                f"r.{name}", f"{ans.tag}.{{{{ loop.index0 }}}}.{name}",
                f"{ans.alias} ({literal(text)})",
            ), kind)
        self.cell_text(table.rows[3].cells[0], "{%tr endfor %}")
        tc.append(self.p(STYLE_NOTE, literal(note or "")))

    def _list_widths(self, columns: Sequence[tuple[str, str, str]]) -> list[float]:
        available = self.layout.text_width - self.layout.question_width - 0.6
        narrow = [kind not in ("linje", "kommune", "tekst") for _, _, kind in columns]
        n_narrow = sum(narrow)
        wide = (available - 1.8 * n_narrow) / max(1, len(columns) - n_narrow)
        return [1.8 if is_narrow else wide for is_narrow in narrow]

    def quarters(self, ref: Ref) -> None:
        """The tidsplan: per project year a head row (year, quarters) and a row of cells."""
        self.end_rows()
        ans = answer(ref)
        year_col = 1.6
        quarter = (self.layout.text_width - year_col) / 4
        table = self.table(4, 5, (year_col, *[quarter] * 4))
        self.cell_text(table.rows[0].cells[0], "{%tr for aar in runde.aar %}")
        heads, cells = table.rows[1].cells, table.rows[2].cells
        self.cell_text(heads[0], "{{ aar }}", head=True)
        shade(heads[0].merge(cells[0]), SHADE_HEAD)
        for q, text in enumerate(QUARTER_HEADS, start=1):
            self.cell_text(heads[q], text, head=True)
            self.cell_lines(cells[q], Answer(
                "", f"{ans.tag}.{{{{ aar }}}}.{q}", f"{ans.alias}: {{{{ aar }}}}, {text}",
            ), f"{ans.expr} | aktiviteter(aar, {q})")
        self.cell_text(table.rows[3].cells[0], "{%tr endfor %}")

    def budget(self, ref: Ref) -> None:
        """The detailed budget in the form: a row per expense (category, description, amount)
        and the total."""
        self.end_rows()
        ans = answer(ref)
        lay = self.layout
        amount = 3.2
        table = self.table(5, 3, (lay.question_width,
                                  lay.text_width - lay.question_width - amount, amount))
        for cell, text in zip(table.rows[0].cells, ("Udgiftskategori", "Beskrivelse", "Beløb"),
                              strict=True):
            self.cell_text(cell, text, head=True)
        self.cell_text(table.rows[1].cells[0], "{%tr for l in " + ans.expr + ".udgifter %}")
        line = table.rows[2].cells
        self.cell_text(line[0], "{{ l.kategori | kategori }}")
        self.cell_text(line[1], "{{ l.beskrivelse }}")
        self.cell_text(line[2], "{{ l | linjebeloeb | beloeb }}")
        self.cell_text(table.rows[3].cells[0], "{%tr endfor %}")
        total = table.rows[4].cells
        self.cell_text(total[0], "Udgifter i alt", style=STYLE_QUESTION)
        self.cell_text(total[2], "{{ " + ans.expr + ".udgifter | udgifter_i_alt | beloeb }}",
                       style=STYLE_QUESTION)

    def switched(self, question: Ref, option: str, draw: Callable[[], None]) -> None:
        """What ``draw`` adds, only when ``option`` is chosen in ``question``."""
        self.end_rows()
        self.para(None, "{%p if alle_afsnit or " + answer(question).expr + " | afkrydset('"
                  + option + "') == '" + CHECKED + "' %}")
        draw()
        self.end_rows()
        self.para(None, "{%p endif %}")
