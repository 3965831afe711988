"""Build a pool's Word template (``templates/<pool>/ansoegning.docx``) from its schema.

    python -m pulje.documents.template_builder [POOL ...]      # no POOL: every pool

Nobody edits the template's XML by hand: this module writes it with python-docx from the
pool's schema module, so a second pool with another schema gets its template from the same
code. What goes where:

- the form's header (title, finance account, where to send it, the page limit) with the
  pool's facts as template variables (``pulje.navn``, ``pulje.finanslovskonto`` …);
- one part per top-level field of the answer model, in the model's order: a ``Section``
  gives its ``heading`` (Word's "Heading 1") and ``intro``; a field with
  ``json_schema_extra={"section": SomeSection}`` takes both from that class (a section without
  a heading, the identification, follows the form's title directly);
- inside a part, as in STAR's form, a two-column table: the question (or label) on the left,
  the answer on the right, one row per field, by its type and metadata
  (``json_schema_extra``):

  ====================================  ==================================================
  field                                  the answer cell
  ====================================  ==================================================
  ``question(...)`` (free text)          the answer's paragraphs and bullets
  ``Maaltal`` with ``table``             the table's title and a table: level at the
                                         round's baseline month (unless ``baseline:
                                         False``) and a target per measurement month
  ``dict[Maaned, int]`` with ``table``   a table: one value per measurement month
                                         (``unit: "uger"`` → "4 uger")
  ``list[Model]``                        a table with the item fields as columns
  scalars                                the value, Danish style (``value_filter``)
  a nested model                         a row with its title, then a row per field
  ====================================  ==================================================

  and across the page, breaking the two-column table:

  ====================================  ==================================================
  ``dict[int, dict[int, list[str]]]``    the tidsplan grid: per project year a row of the
                                         quarters "1. kvt." … "4. kvt.", cells = activities
  two or more fields of one model type   a matrix: rows = the fields, columns = its fields
  (målgruppe's ``Deltagere``)
  ====================================  ==================================================

  ``note`` (under the question) and ``table_note`` (under its table) in ``json_schema_extra``
  add fixed text the form has there;
- a ``Budget`` section (or ``json_schema_extra={"attachment": True}``) is left out: the
  budget is an attachment of its own (``documents/budget_*``).

Every Jinja tag is written inside one run, so Word's run splitting never breaks a tag. The
dates in the måltal heads ("Niveau for august måned 2016", "Pr. Oktober 2017") are template
expressions over the round (``runde.baseline_maaned``, ``runde.maalinger``), filled in when
an application is rendered; so is the number of measurement columns (docxtpl ``{%tc``).

Content controls: see ``documents.form`` for the tag convention; every answer is written here
inside a ``w:sdt`` whose ``w:tag`` is the field's path and whose ``w:alias`` is its question.

Page and type measures are in ``documents.template_styles`` (``Layout``: A4, Calibri 11 —
Carlito on Linux —, 1.25 line spacing, margins 3/3/2.5/2.5 cm; the styles, Danish hyphenation,
widow control, header and footer): with them the example runs to 12 pages, as the submitted
original ran to 14 (it also had a figure and no hyphenation). The built file is byte-for-byte
reproducible (fixed zip timestamps and document properties); a rendered application gets its
own properties (``documents.docprops``).
"""

from __future__ import annotations

import io
import sys
import typing
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table, _Cell
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pulje.documents.docprops import drop_thumbnail, set_app_part
from pulje.documents.template_styles import (
    FIXED_TIME,
    LAYOUT,
    PAGE_HEIGHT_CM,
    PAGE_WIDTH_CM,
    SHADE_HEAD,
    SHADE_LABEL,
    STYLE_ANSWER,
    STYLE_CELL,
    STYLE_CELL_HEAD,
    STYLE_INTRO,
    STYLE_NOTE,
    STYLE_NOTE_Q,
    STYLE_TEXT_FIXED,
    ZIP_TIME,
    Layout,
    apply_settings,
    define_styles,
    el,
    header_and_footer,
    order_ppr,
)
from pulje.documents.template_styles import (
    STYLE_QUESTION as STYLE_QUESTION,  # drafts.textcheck reads it from here
)
from pulje.files import write_bytes
from pulje.pools import Pool, load_pool, pool_ids
from schemas import model_for
from schemas.common import Budget, Maaltal, Section
from schemas.introspect import field_extra, optional_inner, unwrap
from schemas.types import parse_ja_nej, parse_money, parse_month, parse_percent

# --- the form's fixed header, as Jinja over the pool's facts ---------------------------------

TITLE = "Ansøgningsskema for {{ pulje.navn }}"
ACCOUNT = "Finanslovskonto {{ pulje.finanslovskonto }}"
INSTRUCTIONS = (
    "Ansøgningen skal sendes til {{ pulje.styrelse }} via e-mail til adressen "
    "{{ pulje.modtager }}{% if pulje.cc %} med cc til {{ pulje.cc | liste }}{% endif %}. "
    "Emnefeltet skal udfyldes med: {{ pulje.emne }}. "
    "Ansøgningen må fylde maks. {{ pulje.sidegraense }} sider."
)
PAGE_HEADER = "{{ pulje.navn }}"
DRAFT_MARK = "{% if udkast %}UDKAST{% endif %}"
BASELINE_HEAD = (
    "Niveau for {{ runde.baseline_maaned | maanedsnavn }} måned {{ runde.baseline_maaned.year }}"
)
MEASUREMENT_HEAD = "Pr. {{ m | maaned | capitalize }}"
QUARTER_HEADS = ("1. kvt.", "2. kvt.", "3. kvt.", "4. kvt.")

#: Top-level fields that are not answers.
META_FIELDS = ("pulje", "runde")

# --- reading a schema ------------------------------------------------------------------------


def _base_and_validators(annotation: Any, info: FieldInfo | None) -> tuple[Any, set[Any]]:
    """The plain type under Optional/Annotated, and the validator functions on the way."""
    inner, metadata = unwrap(annotation)
    if info is not None:
        metadata += info.metadata
    funcs = {getattr(m, "func", None) for m in metadata}
    funcs.discard(None)
    return inner, funcs


def value_filter(annotation: Any, info: FieldInfo | None = None) -> str:
    """The filter that prints a scalar of this type the Danish way."""
    base, funcs = _base_and_validators(annotation, info)
    if parse_money in funcs:
        return "kr"
    if parse_percent in funcs:
        return "pct"
    if parse_ja_nej in funcs or base is bool:
        return "janej"
    if parse_month in funcs:
        return "maaned"
    if base is date:
        return "dato"
    if base in (int, Decimal, float):
        return "antal"
    return "tekst"


def model_of(annotation: Any) -> type[BaseModel] | None:
    inner = optional_inner(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner
    return None


def list_item_model(annotation: Any) -> type[BaseModel] | None:
    inner = optional_inner(annotation)
    if typing.get_origin(inner) is list:
        return model_of(typing.get_args(inner)[0])
    return None


def _is_quarter_grid(annotation: Any) -> bool:
    inner = optional_inner(annotation)
    if typing.get_origin(inner) is not dict:
        return False
    value = optional_inner(typing.get_args(inner)[1])
    return typing.get_origin(value) is dict


def _is_month_table(annotation: Any) -> bool:
    inner = optional_inner(annotation)
    if typing.get_origin(inner) is not dict:
        return False
    _, funcs = _base_and_validators(typing.get_args(inner)[0], None)
    return parse_month in funcs


def is_attachment(info: FieldInfo) -> bool:
    model = model_of(info.annotation)
    return bool(field_extra(info).get("attachment")) or (
        model is not None and issubclass(model, Budget)
    )


def section_class(info: FieldInfo) -> type[Section] | None:
    """The Section a top-level field stands for: its own type or ``extra["section"]``."""
    model = model_of(info.annotation)
    if model is not None and issubclass(model, Section):
        return model
    declared = field_extra(info).get("section")
    if isinstance(declared, type) and issubclass(declared, Section):
        return declared
    return None


def form_sections(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The top-level fields that are parts of the form, in order (not meta, not attachments)."""
    return [
        (name, info)
        for name, info in model.model_fields.items()
        if name not in META_FIELDS and not is_attachment(info)
    ]


# --- what the form must show (shared with templatecheck) -------------------------------------


def answer_paths(model: type[BaseModel]) -> list[str]:
    """Every answer field the form shows, as dotted schema paths, in the form's order.

    List items are written ``name[]`` (``opkvalificering.medarbejdere[].funktion``); dicts
    (måltal per month, the tidsplan) count as one field.
    """
    out: list[str] = []
    for name, info in form_sections(model):
        out += _answer_paths(info, name)
    return out


def _answer_paths(info: FieldInfo, path: str) -> list[str]:
    if field_extra(info).get("baseline") is False and model_of(info.annotation) is Maaltal:
        return [f"{path}.maal"]
    item = list_item_model(info.annotation)
    if item is not None:
        out: list[str] = []
        for name, child in item.model_fields.items():
            out += _answer_paths(child, f"{path}[].{name}")
        return out
    model = model_of(info.annotation)
    if model is None:
        return [path]
    out = []
    for name, child in model.model_fields.items():
        out += _answer_paths(child, f"{path}.{name}")
    return out


# --- low-level XML ---------------------------------------------------------------------------


def _sdt(tag: str, alias: str, *, inline: bool) -> tuple[Any, Any]:
    """A content control; returns (sdt, sdtContent)."""
    sdt = el("w:sdt")
    pr = el("w:sdtPr")
    pr.append(el("w:alias", val=alias))
    pr.append(el("w:tag", val=tag))
    if inline:
        pr.append(el("w:text", multiLine="1"))
    sdt.append(pr)
    content = el("w:sdtContent")
    sdt.append(content)
    return sdt, content


def _run(text: str, *, bold: bool = False) -> Any:
    run = el("w:r")
    if bold:
        rpr = el("w:rPr")
        rpr.append(el("w:b"))
        run.append(rpr)
    t = el("w:t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run


def _paragraph(style: str | None, text: str | None = None) -> Any:
    p = el("w:p")
    if style:
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val=style))
        p.append(ppr)
    if text:
        p.append(_run(text))
    return p


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    tcpr.append(el("w:shd", val="clear", color="auto", fill=fill))


def _clear(cell: _Cell) -> Any:
    """Empty a cell of its paragraphs; returns the ``w:tc``."""
    tc = cell._tc
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    return tc


def _widths(table: Table, widths_cm: Sequence[float]) -> None:
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        _widths_row(row, widths_cm)


def _widths_row(row: Any, widths_cm: Sequence[float]) -> None:
    for tc, width in zip(row._tr.findall(qn("w:tc")), widths_cm, strict=False):
        tcpr = tc.get_or_add_tcPr()
        for old in tcpr.findall(qn("w:tcW")):
            tcpr.remove(old)
        tcpr.insert(0, el("w:tcW", w=str(int(Cm(width).twips)), type="dxa"))


# --- the builder -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """Where an answer stands: its Jinja expression, its tag and the question it answers."""

    expr: str
    tag: str
    alias: str


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Builder:
    def __init__(self, pool: Pool, layout: Layout = LAYOUT) -> None:
        self.pool = pool
        self.layout = layout
        self.model = model_for(pool.skema)
        self.doc = docx.Document()
        self.body = self.doc.element.body
        self.rows: Table | None = None

    # document set-up -------------------------------------------------------------------

    def setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        lay = self.layout
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
        section.top_margin, section.bottom_margin = Cm(lay.margin_top), Cm(lay.margin_bottom)
        section.left_margin, section.right_margin = Cm(lay.margin_left), Cm(lay.margin_right)
        section.header_distance, section.footer_distance = Cm(1.25), Cm(1.0)
        define_styles(self.doc, lay)
        header_and_footer(self.doc, lay, PAGE_HEADER, DRAFT_MARK)
        apply_settings(self.doc)
        # The template's own properties; a rendered form gets the application's
        # (documents.docprops). Nothing here may tell a user not to edit their file.
        props = self.doc.core_properties
        props.title = self.pool.navn
        props.subject = self.pool.emne
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        props.created = FIXED_TIME
        props.modified = FIXED_TIME
        props.language = "da-DK"

    # body helpers -----------------------------------------------------------------------

    def _p(self, style: str | None, text: str | None = None) -> Any:
        """A paragraph of the named style (``w:pStyle`` holds the style's id, not its name)."""
        return _paragraph(self.doc.styles[style].style_id if style else None, text)

    def add(self, element: Any) -> Any:
        self.body.insert_element_before(element, "w:sectPr")
        return element

    def para(self, style: str | None, text: str | None = None) -> Any:
        return self.add(self._p(style, text))

    def table(self, rows: int, cols: int, widths: Sequence[float]) -> Table:
        table: Table = self.doc.add_table(rows=rows, cols=cols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _widths(table, widths)
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.style = self.doc.styles[STYLE_CELL]
        return table

    def cell_text(self, cell: _Cell, text: str, *, head: bool = False,
                  style: str = STYLE_CELL) -> None:
        tc = _clear(cell)
        tc.append(self._p(STYLE_CELL_HEAD if head else style, text))
        if head:
            _shade(cell, SHADE_HEAD)

    def inline_answer(self, p: Any, answer: Answer, flt: str) -> None:
        sdt, content = _sdt(answer.tag, answer.alias, inline=True)
        content.append(_run("{{ " + answer.expr + " | " + flt + " }}"))
        p.append(sdt)

    def cell_inline(self, cell: _Cell, answer: Answer, flt: str, *,
                    style: str = STYLE_CELL) -> None:
        tc = _clear(cell)
        p = self._p(style)
        self.inline_answer(p, answer, flt)
        tc.append(p)

    def block_answer(self, container: Callable[[Any], Any], answer: Answer) -> None:
        """Paragraphs and bullets of a free-text answer in a block-level content control."""
        sdt, content = _sdt(answer.tag, answer.alias, inline=False)
        content.append(self._p(None, "{%p for b in " + answer.expr + " | afsnit %}"))
        p = el("w:p")
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val="{{ b.stil }}"))
        ppr.append(el("w:keepNext", val="{{ b.hold }}"))
        p.append(ppr)
        p.append(_run("{{ b.tekst }}"))
        content.append(p)
        content.append(self._p(None, "{%p endfor %}"))
        container(sdt)

    def cell_block(self, cell: _Cell, answer: Answer) -> None:
        tc = _clear(cell)
        self.block_answer(tc.append, answer)

    def cell_lines(self, cell: _Cell, answer: Answer, items_expr: str) -> None:
        """A cell holding a list of texts, one paragraph each, in a block-level control."""
        tc = _clear(cell)
        sdt, content = _sdt(answer.tag, answer.alias, inline=False)
        content.append(self._p(None, "{%p for a in " + items_expr + " | celler %}"))
        content.append(self._p(STYLE_CELL, "{{ a }}"))
        content.append(self._p(None, "{%p endfor %}"))
        tc.append(sdt)

    # the form -----------------------------------------------------------------------------

    def build(self) -> bytes:
        self.setup()
        self.para("Title", TITLE)
        self.para(STYLE_TEXT_FIXED, ACCOUNT)
        self.para(STYLE_TEXT_FIXED, INSTRUCTIONS)
        for name, info in form_sections(self.model):
            self.part(name, info)
        # python-docx's empty first paragraph of a new document goes
        first = self.body[0]
        if first.tag == qn("w:p") and not "".join(first.itertext()).strip():
            self.body.remove(first)
        set_app_part(self.doc)
        drop_thumbnail(self.doc)
        return _reproducible(self.doc)

    def part(self, name: str, info: FieldInfo) -> None:
        """One part of the form: heading, introduction, then its fields."""
        section = section_class(info)
        if section is not None and section.heading:
            self.para("Heading 1", section.heading)
        model = model_of(info.annotation)
        if section is not None and section.intro:
            intro = [self.para(STYLE_INTRO, line) for line in section.intro.split("\n")]
            # The introduction stays with the table's first row (no heading and introduction
            # alone at the foot of a page) when that row is short. Before a free-text answer it
            # need not: the row splits and starts on the same page. And it must not: LibreOffice
            # then now and then pushes the heading, the introduction and a row longer than a
            # page on to the next page, leaving a page all but empty.
            first = next(iter(model.model_fields.values()), None) if model is not None else info
            if first is None or self.kind(first) == "question":
                intro.pop()
            for p in intro:
                ppr = p.find(qn("w:pPr"))
                ppr.append(el("w:keepNext"))
                order_ppr(ppr)
        if model is not None:
            self.fields(model, name, "svar." + name)
        else:
            self.field(name, info, name, "svar." + name)
        self.end_rows()

    def fields(self, model: type[BaseModel], path: str, expr: str) -> None:
        items = list(model.model_fields.items())
        i = 0
        while i < len(items):
            name, info = items[i]
            if self.kind(info) == "row":
                same = model_of(info.annotation)
                j = i + 1
                while (j < len(items) and self.kind(items[j][1]) == "row"
                       and same is not None and model_of(items[j][1].annotation) is same):
                    j += 1
                if same is not None and j - i >= 2:
                    self.matrix(items[i:j], same, path, expr)
                    i = j
                    continue
            self.field(name, info, _join(path, name), f"{expr}.{name}")
            i += 1

    def kind(self, info: FieldInfo) -> str:
        if field_extra(info).get("question"):
            return "question"
        if model_of(info.annotation) is Maaltal:
            return "maaltal"
        if _is_quarter_grid(info.annotation):
            return "grid"
        if _is_month_table(info.annotation):
            return "months"
        if list_item_model(info.annotation) is not None:
            return "list"
        return "row"

    def field(self, name: str, info: FieldInfo, path: str, expr: str) -> None:
        """One field: a row of the part's question | answer table (the grid: a table)."""
        kind = self.kind(info)
        if kind == "grid":
            self.end_rows()
            self.grid(Answer(expr, path, info.title or name))
            return
        if kind == "row":
            self.label_rows(name, info, path, expr)
            return
        ex = field_extra(info)
        title = info.title or name
        left, right = self.row()
        self.cell_text(left, title, style=STYLE_QUESTION)
        if ex.get("note"):
            left._tc.append(self._p(STYLE_NOTE_Q, str(ex["note"])))
        answer = Answer(expr, path, title)
        if kind == "question":
            self.cell_block(right, answer)
            return
        tc = _clear(right)
        if ex.get("table"):
            tc.append(self._p(STYLE_CELL_HEAD, str(ex["table"])))
        if kind == "maaltal":
            table = self.maaltal(right, answer, ex)
        elif kind == "months":
            table = self.months(right, answer, ex)
        else:
            item = list_item_model(info.annotation)
            assert item is not None
            table = self.list_table(right, answer, item)
        del table
        tc.append(self._p(STYLE_NOTE, str(ex.get("table_note") or "")))

    # the question | answer table of a part -----------------------------------------------

    def row(self) -> tuple[_Cell, _Cell]:
        """A new row of the current part's two-column table (started when needed)."""
        if self.rows is None:
            lay = self.layout
            self.rows = self.table(0, 2, (lay.question_width, lay.text_width - lay.question_width))
        row = self.rows.add_row()  # type: ignore[no-untyped-call]
        _widths_row(row, (self.layout.question_width,
                          self.layout.text_width - self.layout.question_width))
        left, right = row.cells
        _shade(left, SHADE_LABEL)
        return left, right

    def end_rows(self) -> None:
        self.rows = None

    def label_rows(self, name: str, info: FieldInfo, path: str, expr: str,
                   alias_prefix: str = "",
                   partners: Sequence[tuple[str, str, FieldInfo]] = ()) -> None:
        """A scalar: label | value. A nested model: its title as a row, then its fields.

        ``partners`` are fields that answer the same question (``answer_of`` this one, as the
        other-funding source answers with its amount): their values follow in the same cell.
        """
        sub = model_of(info.annotation)
        if sub is not None:
            if info.title:
                left, right = self.row()
                merged = left.merge(right)
                self.cell_text(merged, f"{info.title}:", style=STYLE_QUESTION)
                alias_prefix = f"{alias_prefix}{info.title}: "
            children = sub.model_fields
            for child, child_info in children.items():
                if field_extra(child_info).get("answer_of") in children:
                    continue  # in its partner's cell
                child_path, child_expr = f"{path}.{child}", f"{expr}.{child}"
                if self.kind(child_info) == "row":
                    self.label_rows(child, child_info, child_path, child_expr, alias_prefix, [
                        (f"{path}.{n}", f"{expr}.{n}", i) for n, i in children.items()
                        if field_extra(i).get("answer_of") == child
                    ])
                else:
                    self.field(child, child_info, child_path, child_expr)
            return
        title = info.title or name
        left, right = self.row()
        self.cell_text(left, title, style=STYLE_QUESTION)
        self.cell_inline(right, Answer(expr, path, alias_prefix + title),
                         value_filter(info.annotation, info), style=STYLE_ANSWER)
        for partner_path, partner_expr, partner in partners:
            p = self._p(STYLE_ANSWER)
            right._tc.append(p)
            self.inline_answer(p, Answer(
                partner_expr, partner_path, f"{alias_prefix}{title} ({partner.title})"
            ), value_filter(partner.annotation, partner))

    # tables -------------------------------------------------------------------------------

    def matrix(self, group: list[tuple[str, FieldInfo]], model: type[BaseModel], path: str,
               expr: str) -> None:
        """Fields of one model type as rows, its fields as columns (målgruppe)."""
        self.end_rows()
        columns = list(model.model_fields.items())
        first = self.layout.question_width
        rest = (self.layout.text_width - first) / len(columns)
        table = self.table(len(group) + 1, len(columns) + 1, (first, *[rest] * len(columns)))
        head = table.rows[0].cells
        self.cell_text(head[0], "", head=True)
        for cell, (_, info) in zip(head[1:], columns, strict=True):
            self.cell_text(cell, info.title or "", head=True)
        for row, (name, info) in zip(table.rows[1:], group, strict=True):
            cells = row.cells
            self.cell_text(cells[0], info.title or name, style=STYLE_QUESTION)
            _shade(cells[0], SHADE_LABEL)
            for cell, (col, col_info) in zip(cells[1:], columns, strict=True):
                alias = f"{info.title or name} {col_info.title or col}"
                answer = Answer(f"{expr}.{name}.{col}", f"{_join(path, name)}.{col}", alias)
                self.cell_inline(cell, answer, value_filter(col_info.annotation, col_info),
                                 style=STYLE_ANSWER)

    def nested(self, cell: _Cell, rows: int, widths: Sequence[float]) -> Table:
        """A table inside an answer cell, before the cell's last paragraph."""
        table = cell.add_table(rows, len(widths))
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        _widths(table, widths)
        cell._tc.remove(cell._tc[-1])  # python-docx's trailing paragraph; the caller ends it
        return table

    def _cols(self, n: int) -> float:
        return min(3.2, (self.layout.text_width - self.layout.question_width - 0.6) / n)

    def maaltal(self, cell: _Cell, answer: Answer, ex: dict[str, Any]) -> Table:
        """Level at the baseline month (unless ``baseline: False``), a target per measurement."""
        baseline = ex.get("baseline", True) is not False
        fields = Maaltal.model_fields
        w = self._cols(3 if baseline else 2)
        table = self.nested(cell, 2, ([w] if baseline else []) + [w, w, w])
        heads, values = table.rows[0].cells, table.rows[1].cells
        col = 0
        if baseline:
            self.cell_text(heads[0], BASELINE_HEAD, head=True)
            level = Answer(f"{answer.expr}.niveau", f"{answer.tag}.niveau",
                           f"{answer.alias} ({fields['niveau'].title})")
            self.cell_inline(values[0], level, "pct")
            remark = Answer(f"{answer.expr}.niveau_bemaerkning",
                            f"{answer.tag}.niveau_bemaerkning",
                            f"{answer.alias} ({fields['niveau_bemaerkning'].title})")
            p = self._p(STYLE_NOTE)
            self.inline_answer(p, remark, "tekst")
            values[0]._tc.append(p)
            col = 1
        self._loop_columns(heads, values, col, MEASUREMENT_HEAD, Answer(
            f"{answer.expr}.maal | hent(m)",
            f"{answer.tag}.maal.{{{{ m | iso_maaned }}}}", answer.alias,
        ), "pct")
        return table

    def months(self, cell: _Cell, answer: Answer, ex: dict[str, Any]) -> Table:
        """One value per measurement month (``unit: "uger"`` → "4 uger")."""
        flt = "uger" if ex.get("unit") == "uger" else "antal"
        w = self._cols(2)
        table = self.nested(cell, 2, (w, w, w))
        heads, values = table.rows[0].cells, table.rows[1].cells
        self._loop_columns(heads, values, 0, MEASUREMENT_HEAD, Answer(
            f"{answer.expr} | hent(m)", f"{answer.tag}.{{{{ m | iso_maaned }}}}", answer.alias,
        ), flt)
        return table

    def _loop_columns(self, heads: Sequence[_Cell], values: Sequence[_Cell], col: int,
                      head: str, answer: Answer, flt: str) -> None:
        """Three cells → a ``{%tc for m in runde.maalinger %}`` column per measurement."""
        for cells in (heads, values):
            self.cell_text(cells[col], "{%tc for m in runde.maalinger %}")
            self.cell_text(cells[col + 2], "{%tc endfor %}")
        self.cell_text(heads[col + 1], head, head=True)
        self.cell_inline(values[col + 1], answer, flt)

    def list_table(self, cell: _Cell, answer: Answer, item: type[BaseModel]) -> Table:
        """A row per item, its fields as columns (opkvalificering: Funktion | Antal)."""
        columns = list(item.model_fields.items())
        table = self.nested(cell, 4, self._list_widths(columns))
        for head, (name, info) in zip(table.rows[0].cells, columns, strict=True):
            self.cell_text(head, info.title or name, head=True)
        names = ", ".join(f"'{name}'" for name, _ in columns)
        self.cell_text(table.rows[1].cells[0],
                       "{%tr for r in " + answer.expr + " | raekker(" + names + ") %}")
        for value, (name, info) in zip(table.rows[2].cells, columns, strict=True):
            self.cell_inline(value, Answer(
                f"r.{name}", f"{answer.tag}.{{{{ loop.index0 }}}}.{name}",
                f"{answer.alias} ({info.title or name})",
            ), value_filter(info.annotation, info))
        self.cell_text(table.rows[3].cells[0], "{%tr endfor %}")
        return table

    def _list_widths(self, columns: list[tuple[str, FieldInfo]]) -> list[float]:
        available = self.layout.text_width - self.layout.question_width - 0.6
        narrow = [value_filter(info.annotation, info) != "tekst" for _, info in columns]
        n_narrow = sum(narrow)
        wide = (available - 1.8 * n_narrow) / max(1, len(columns) - n_narrow)
        return [1.8 if is_narrow else wide for is_narrow in narrow]

    def grid(self, answer: Answer) -> None:
        """The tidsplan: per project year a head row (year, quarters) and a row of cells."""
        year_col = 1.6
        quarter = (self.layout.text_width - year_col) / 4
        table = self.table(4, 5, (year_col, *[quarter] * 4))
        self.cell_text(table.rows[0].cells[0], "{%tr for aar in runde.aar %}")
        heads, cells = table.rows[1].cells, table.rows[2].cells
        self.cell_text(heads[0], "{{ aar }}", head=True)
        _shade(heads[0].merge(cells[0]), SHADE_HEAD)
        for q, text in enumerate(QUARTER_HEADS, start=1):
            self.cell_text(heads[q], text, head=True)
            self.cell_lines(cells[q], Answer(
                "", f"{answer.tag}.{{{{ aar }}}}.{q}", f"{answer.alias}: {{{{ aar }}}}, {text}",
            ), f"{answer.expr} | aktiviteter(aar, {q})")
        self.cell_text(table.rows[3].cells[0], "{%tr endfor %}")


def _reproducible(document: Any) -> bytes:
    """The document's bytes, with fixed zip timestamps and member order."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def template_bytes(pool: Pool, layout: Layout = LAYOUT) -> bytes:
    """The template of ``pool`` as it should be: the .docx file's bytes."""
    return _Builder(pool, layout).build()


def build_template(pool_id: str, target: Path | None = None) -> Path:
    """Build ``templates/<pool>/<skabelon>`` (or ``target``), replacing the file whole."""
    pool = load_pool(pool_id)
    path = write_bytes(target or pool.template_path, template_bytes(pool), overwrite=True)
    path.chmod(0o644)  # a file of the repository, not a private one
    return path


def main(argv: Sequence[str] | None = None) -> int:
    ids = list(sys.argv[1:] if argv is None else argv) or pool_ids()
    for pool_id in ids:
        path = build_template(pool_id)
        print(f"{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
