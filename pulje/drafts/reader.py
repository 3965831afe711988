"""Read a Word draft back into answer-file data: content controls → values, pulje's part → pool,
round and budget. Shared by ``pulje import`` and the desk (``pulje check``).

- Each tagged control's text is parsed by the kind of its field (``drafts.fields``); a text that
  does not fit (DOC008) is kept as it stands, so the answer file loses nothing.
- Controls the blank form of the pool's round has and the draft lacks are DOC005; tags that
  are no field DOC006; a field in two controls DOC007 (the first is read).
- Rows of list tables (``opkvalificering.medarbejdere``) are read by their place in the table,
  not by the number in their tags: a row Word copied with its controls, or a row added with
  plain cells (Tab in the last cell), is a row of its own, its cells read by column.
- The pool and round come from pulje's part (``drafts.datapart``), else from the document's
  title and the months in the tags; the budget comes from pulje's part, or from the budget
  workbook beside the draft (``drafts.pairing``; DOC014 if neither).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pulje.diagnostics import N_, Diagnostic, Location
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.wording import shorten
from pulje.drafts import codes, datapart
from pulje.drafts.assemble import assemble, is_row_index, order
from pulje.drafts.controls import Control, TableText, read_controls
from pulje.drafts.fields import (
    LINES,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    YES_NO,
    FieldSpec,
    Unfit,
    parse,
    resolve,
)
from pulje.drafts.package import BadDraft, DocxPackage, open_docx
from pulje.drafts.workbook import WorkbookBudget
from pulje.pools import Pool, Runde, all_pools, load_pool
from pulje.pools.cache import cached
from pulje.yamlsource import parse as parse_yaml
from schemas.types import format_month

_UNFIT = {
    NUMBER: N_("'{text}' in '{question}' is not a whole number (write e.g. 4 or 1.200)."),
    MONEY: N_("'{text}' in '{question}' is not an amount (write e.g. 2.150.000,00 kr.)."),
    PERCENT: N_("'{text}' in '{question}' is not a percentage (write e.g. 20 %)."),
    YES_NO: N_("'{text}' in '{question}' is not ja or nej."),
}
BUDGET_PLACE = "Detaljeret budget (gemt i dokumentet)"


@dataclass
class Draft:
    """A Word draft as far as it could be read.

    ``data`` is the answer file's content in the form's order (None when the draft has no
    controls of a known pool). ``places`` maps each tag read to its place in the document;
    ``text_paths`` are the free-text answers (written as block scalars).
    """

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    readable: bool = True
    has_controls: bool = False
    pool: Pool | None = None
    runde: Runde | None = None
    data: dict[str, Any] | None = None
    places: dict[str, str] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    text_paths: set[tuple[Any, ...]] = field(default_factory=set)
    unfit: set[tuple[Any, ...]] = field(default_factory=set)
    #: pulje's part of the draft (pool, round, stored budget, the workbook made with it).
    stored: datapart.DraftData | None = None
    #: The budget as stored in the draft (its lines' descriptions, to name a line).
    stored_budget: dict[str, Any] | None = None
    #: The budget workbook read with the draft (``drafts.pairing``): its budget is the draft's.
    workbook: WorkbookBudget | None = None
    #: The amount applied for came from the workbook (the form left it blank).
    applied_from_workbook: bool = False
    #: How many answers the form's controls hold (0: nothing at all is filled in).
    answered: int = 0
    #: The form's sections none of whose answer fields is in the document (deleted in Word).
    missing_sections: set[str] = field(default_factory=set)

    def locate(self, path: Iterable[Any]) -> Location:
        """The place in the document of the field at ``path`` (or its nearest ancestor): the
        section heading and question as the form prints them, and the table cell."""
        parts = [str(p) for p in path]
        book = self.workbook
        if book is not None and book.budget is not None and parts[:1] == ["budget"]:
            return book.locate(tuple(path)) or Location(book.file, sheet=book.sheet, cell="A1")
        if (book is not None and self.applied_from_workbook and book.applied_place is not None
                and parts == ["oekonomi", "ansoegt_beloeb"]):
            return book.applied_place
        if parts[:1] == ["budget"]:
            return Location(self.file, section=BUDGET_PLACE, item=_line_of(
                self.stored_budget, tuple(path)))
        whole = ".".join(parts)
        while parts:
            found = self.locations.get(".".join(parts))
            if found is not None:
                return found
            parts.pop()
        # A part of the form without a control of its own (a section, a table): its heading.
        for tag, section in self.sections.items():
            if section and (tag == whole or tag.startswith(whole + ".")):
                return Location(self.file, section=section, heading=section)
        return Location(self.file)


# --- the blank form's controls: what a draft must have ----------------------------------------


@lru_cache(maxsize=8)
def blank_form(pool_id: str, runde_id: str) -> bytes:
    """The blank form of a pool's round as rendered by ``documents.form`` (cached)."""
    from pulje.documents.form import build_context, render_bytes
    from pulje.documents.template_builder import template_for

    pool = load_pool(pool_id)
    runde = pool.runde(runde_id)
    return render_bytes(template_for(pool, runde), build_context(None, pool, runde))


@lru_cache(maxsize=8)
def expected_tags(pool_id: str, runde_id: str) -> tuple[tuple[str, str], ...]:
    """(tag, section heading) of every control of the blank form, in order.

    Rendering the blank form costs about a third of a second, more than reading a draft: the
    tags are kept in pulje's cache (``pools.cache``), keyed by the round's files, the hash of
    its Word template, and the modules that render and read it."""
    from pulje.documents.template_builder import template_for

    pool = load_pool(pool_id)
    runde = pool.runde(runde_id)
    template = template_for(pool, runde)
    files = [pool.folder / "pool.yaml", runde.folder / "runde.yaml", runde.form_path]
    if runde.own_template is not None:
        files.append(runde.own_template)
    here = Path(__file__).parent
    return cached("felter", files, partial(_blank_tags, pool_id, runde_id),
                  code=(here.parent / "documents", here),
                  extra=hashlib.sha256(template).hexdigest())


def _blank_tags(pool_id: str, runde_id: str) -> tuple[tuple[str, str], ...]:
    package = open_docx(blank_form(pool_id, runde_id), "blank.docx")
    return tuple((c.tag, c.section) for c in read_controls(package).controls)


# --- which pool ---------------------------------------------------------------------------


def _core_title(package: DocxPackage) -> str:
    name = "docProps/core.xml"
    if not package.has(name):
        return ""
    with contextlib.suppress(BadDraft):
        root = package.xml(name)
        node = root.find("{http://purl.org/dc/elements/1.1/}title")
        if node is not None and node.text:
            return " ".join(node.text.split())
    return ""


def pool_by_name(texts: Iterable[str]) -> Pool | None:
    """The pool whose name ("Pulje til Bedre ressourceforløb") stands in one of ``texts``."""
    folded = [" ".join(t.split()).casefold() for t in texts if t]
    for pool in all_pools():
        name = pool.navn.casefold()
        if any(name in t for t in folded):
            return pool
    return None


def _runde_from_tags(pool: Pool, tags: Iterable[str]) -> Runde:
    months = {p for t in tags for p in t.split(".") if len(p) == 7 and p[4] == "-"}
    for runde in reversed(pool.runder):
        if months and months <= {format_month(m) for m in runde.maalinger}:
            return runde
    return pool.runde()


# --- reading ------------------------------------------------------------------------------


def _line_of(budget: dict[str, Any] | None, path: tuple[Any, ...]) -> str | None:
    """The description of the budget line at ``path`` (``budget.udgifter[2]…``), if any."""
    if budget is None or len(path) < 3 or not isinstance(path[2], int):
        return None
    lines = budget.get(str(path[1])) if isinstance(path[1], str) else None
    if isinstance(lines, list) and 0 <= path[2] < len(lines) and isinstance(lines[path[2]], dict):
        text = lines[path[2]].get("beskrivelse")
        return text if isinstance(text, str) else None
    return None


def where(file: str, control: Control, question: str | None = None) -> Location:
    """The place of a content control as its reader finds it: the section heading above it,
    the question it answers (its title, as the form prints the question), its table cell."""
    table, row, column = control.cell if control.cell is not None else (None, None, None)
    return Location(file, section=control.place or None, heading=control.section or None,
                    question=question or control.alias or None, table=table, row=row,
                    column=column)


def read_draft(
    path: Path, display: str | None = None, *, package: DocxPackage | None = None
) -> Draft:
    """Read a .docx draft; every problem becomes a DOC finding in the result, never raised.

    ``package``: the draft as ``open_docx`` already opened it (the desk checks it first)."""
    name = display or str(path)
    draft = Draft(name)
    try:
        if package is None:
            package = open_docx(path, name)
        scan = read_controls(package)
    except BadDraft as exc:
        draft.readable = False
        draft.diagnostics.append(exc.diagnostic(name))
        return draft
    stored: datapart.DraftData | None = None
    try:
        stored = datapart.read(package)
    except BadDraft:
        draft.diagnostics.append(codes.DOC015(
            N_("pulje's part of {file}, which holds the pool, round and budget, is damaged."),
            N_("Write the budget in the answer file by hand, or build the draft again."),
            file=name,
        ).at(Location(name)))
    draft.stored = stored
    controls = scan.controls
    if not controls:
        if stored is not None and scan.untagged:
            draft.diagnostics.append(codes.DOC019(
                N_("The content controls of {file} have lost their field names (tags); the "
                   "file was probably saved by a program that drops them (LibreOffice before "
                   "7.5). Only its text is checked."),
                N_("Edit drafts in Word or LibreOffice 7.5 or newer, or copy the answers into "
                   "the answer file."),
                file=name,
            ).at(Location(name)))
        if stored is not None:
            with contextlib.suppress(PuljeError):
                draft.pool = load_pool(stored.pulje)
                draft.runde = draft.pool.runde(stored.runde)
        return draft
    draft.has_controls = True
    _identify(draft, package, stored, controls)
    if draft.pool is None or draft.runde is None:
        return draft
    _read_values(draft, controls, scan.tables)
    _read_budget(draft, stored)
    return draft


def _identify(draft: Draft, package: DocxPackage, stored: datapart.DraftData | None,
              controls: list[Control]) -> None:
    pool: Pool | None = None
    runde: Runde | None = None
    try:
        if stored is not None:
            pool = load_pool(stored.pulje)
            runde = pool.runde(stored.runde)
        else:
            pool = pool_by_name([_core_title(package), *(c.section for c in controls[:3])])
            runde = _runde_from_tags(pool, (c.tag for c in controls)) if pool else None
    except PuljeError as exc:
        draft.diagnostics.append(codes.DOC013(
            exc.message, exc.hint, **exc.params,
        ).at(Location(draft.file)))
        return
    if pool is None:
        draft.diagnostics.append(codes.DOC013(
            N_("{file} does not say which pool it applies to, and no pool's name is in its "
               "title."),
            N_("Start from a form made by 'pulje init POOL --docx FILE' or 'pulje build'."),
            file=draft.file,
        ).at(Location(draft.file)))
        return
    draft.pool, draft.runde = pool, runde


def _read_values(draft: Draft, controls: list[Control], tables: dict[int, TableText]) -> None:
    assert draft.pool is not None and draft.runde is not None
    form = draft.runde.form
    model = draft.runde.answer_model
    expected = expected_tags(draft.pool.id, draft.runde.id)
    draft.sections = {tag: section for tag, section in expected}
    values: list[tuple[tuple[Any, ...], FieldSpec, Any]] = []
    seen: dict[str, Control] = {}
    rows: dict[tuple[Any, ...], list[tuple[FieldSpec, Control]]] = {}
    for control in controls:
        spec = resolve(form, control.tag)
        here = where(draft.file, control)
        if spec is None:
            draft.diagnostics.append(codes.DOC006(
                N_("The content control '{tag}' is not a field of the form."),
                N_("Delete the control, or give it the tag of the field it answers."),
                tag=control.tag,
            ).at(here))
            continue
        if spec.container:
            continue
        if spec.in_list and control.cell is not None:
            # Rows of a list table are read by their place, not by the number in their tag:
            # a row Word copied (tags and all) or added (no controls) is a row of its own.
            rows.setdefault((*_list_path(spec), control.cell[0]), []).append((spec, control))
            continue
        if control.tag in seen:
            draft.diagnostics.append(codes.DOC007(
                N_("The field '{tag}' stands in more than one content control; the first is "
                   "read ({first})."),
                N_("Delete the extra control (copied with its text?)."),
                tag=control.tag, first=seen[control.tag].place or "-",
            ).at(here))
            continue
        seen[control.tag] = control
        _value(draft, model, values, spec, control.text, control.lines, here, control.alias)
    for key, found in rows.items():
        _list_rows(draft, model, values, key[:-1], found, tables.get(key[-1]))
        seen.update({control.tag: control for _, control in found})
    chosen = _chosen(form, values)
    present = _sections_of(form, seen)
    draft.missing_sections = _sections_of(form, (tag for tag, _ in expected)) - present
    for tag, section in expected:
        spec = resolve(form, tag)
        if tag in seen or spec is None or spec.in_list or spec.container:
            continue
        if str(spec.path[0]) in form.switches and str(spec.path[0]) not in chosen:
            continue  # a section the draft's choice did not switch on
        if str(spec.path[0]) in draft.missing_sections:
            continue  # the whole section is gone: TXT003 names it once, not each field
        draft.diagnostics.append(codes.DOC005(
            N_("The field '{tag}' ('{question}') has no content control in the document."),
            N_("Build the draft again with 'pulje build', or copy the control from a blank "
               "form ('pulje init POOL --docx FILE')."),
            tag=tag, question=shorten(spec.title or tag, 80),
        ).at(Location(draft.file, section=section or None, heading=section or None,
                      question=spec.title or None)))
    draft.answered = len(values)
    draft.data = assemble(draft.pool.id, draft.runde, values, present)


def _sections_of(form: Any, tags: Iterable[str]) -> set[str]:
    """The sections that the fields ``tags`` belong to."""
    out = set()
    for tag in tags:
        spec = resolve(form, tag)
        if spec is not None:
            out.add(str(spec.path[0]))
    return out


def _chosen(form: Any, values: list[tuple[tuple[Any, ...], FieldSpec, Any]]) -> set[str]:
    """The sections a choice of the draft switches on (read from its controls)."""
    answers = {spec.path: value for _, spec, value in values}
    out = set()
    for section_id, (path, option) in form.switches.items():
        value = answers.get(tuple(path))
        if value == option or (isinstance(value, list) and option in value):
            out.add(section_id)
    return out


def _value(draft: Draft, model: type[BaseModel], values: list[tuple[tuple[Any, ...], FieldSpec,
           Any]], spec: FieldSpec, text: str, lines: list[str], here: Location,
           label: str) -> None:
    """Parse one control's (or cell's) text into ``values``; DOC008 when it does not fit."""
    draft.places[spec.tag] = here.section or ""
    draft.locations[spec.tag] = here
    try:
        value = parse(spec, text, lines)
    except Unfit as exc:
        draft.diagnostics.append(codes.DOC008(
            _UNFIT.get(exc.expected, _UNFIT[NUMBER]),
            N_("Write only the value in the control in Word, save the form and check it "
               "again (pulje import keeps the text in the answer file it writes)."),
            text=shorten(text, 60), question=shorten(label or spec.title or spec.tag, 100),
        ).at(here))
        draft.unfit.add(spec.path)
        value = text.strip()
    if value is None:
        return
    if spec.kind == TEXT:
        draft.text_paths.add(spec.path)
    values.append((order(model, spec), spec, value))


def _list_path(spec: FieldSpec) -> tuple[Any, ...]:
    """The path of the list a row field belongs to: up to the row number."""
    index = max(i for i, part in enumerate(spec.path) if isinstance(part, int)
                and is_row_index(spec, i))
    return spec.path[:index]


def _list_rows(draft: Draft, model: type[BaseModel],
               values: list[tuple[tuple[Any, ...], FieldSpec, Any]], list_path: tuple[Any, ...],
               found: list[tuple[FieldSpec, Control]], table: TableText | None) -> None:
    """The rows of one list table, numbered by their place from its first row with controls."""
    by_row: dict[int, dict[tuple[Any, ...], tuple[FieldSpec, Control]]] = {}
    columns: dict[tuple[Any, ...], tuple[int, FieldSpec]] = {}
    for spec, control in found:
        assert control.cell is not None
        _, row, col = control.cell
        field = spec.path[len(list_path) + 1:]
        by_row.setdefault(row, {}).setdefault(field, (spec, control))
        columns.setdefault(field, (col, spec))
    first = min(by_row)
    last = max(by_row) if table is None else max(max(by_row), len(table.rows))
    index = 0
    for row in range(first, last + 1):
        cells: list[tuple[FieldSpec, str, list[str], Location, str]] = []
        for field, (col, spec) in columns.items():
            tagged = by_row.get(row, {}).get(field)
            if tagged is not None:
                control = tagged[1]
                cells.append((spec, control.text, control.lines, where(draft.file, control),
                              control.alias))
            elif table is not None and row - 1 < len(table.rows):
                texts = table.rows[row - 1]
                text = texts[col - 1] if 0 < col <= len(texts) else ""
                heading = table.place.split(":", 1)[0] if ":" in table.place else None
                place = Location(draft.file, section=f"{table.place}, række {row}, kolonne {col}",
                                 heading=heading, question=spec.title or None,
                                 table=table.number, row=row, column=col)
                cells.append((spec, text, [text] if text else [], place, spec.title))
        if not any(text.strip() for _, text, _, _, _ in cells):
            continue
        for spec, text, lines, place, label in cells:
            path = (*list_path, index, *spec.path[len(list_path) + 1:])
            moved = replace(spec, path=path, tag=".".join(str(p) for p in path))
            _value(draft, model, values, moved, text, lines, place, label)
        index += 1


def _read_budget(draft: Draft, stored: datapart.DraftData | None) -> None:
    """The budget stored in pulje's part of the draft, if any (``drafts.pairing`` says when a
    draft has no budget at all)."""
    assert draft.data is not None
    if stored is None or stored.budget_yaml is None:
        return
    doc = parse_yaml(stored.budget_yaml, f"{draft.file} (budget)")
    if doc.diagnostics or not isinstance(doc.data, dict | None):
        draft.diagnostics.append(codes.DOC015(
            N_("The budget stored in {file} cannot be read."),
            N_("Write the budget in the answer file by hand, or build the draft again."),
            file=draft.file,
        ).at(Location(draft.file, section=BUDGET_PLACE)))
        draft.stored_budget = {}
        return
    draft.stored_budget = doc.data or {}
    # An empty budget stored is a budget section without lines (BUD010), as in the answer file.
    draft.data["budget"] = doc.data or {}


__all__ = ["LINES", "Draft", "blank_form", "expected_tags", "read_draft"]
