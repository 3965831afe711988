"""Render an application into its round's Word template: the STAR form, filled in.

``render_form(loaded, target)`` fills the round's template (made from its form by
``documents.template_builder``, or the round's own ``ansoegning.docx``) with docxtpl in a
sandboxed, autoescaping, strict Jinja
environment: a user's ``& < > " '``, ``{{ 7*7 }}`` or ``{% for %}`` come out as the literal
text, and a template asking for a name the answers lack raises ``TemplateVariableMissing``.

The template's context:

``svar``     the answers: the model as plain dicts, lists and values (dates stay dates)
``pulje``    the pool's and its round's facts: ``navn``, ``finanslovskonto`` (the round's
             konti, "a og b"), ``styrelse``, ``modtager``, ``cc`` (list), ``emne``,
             ``sidegraense`` (None when the round gives none)
``runde``    the round: ``id``, ``konti``, ``baseline_maaned`` and ``maalinger`` (dates, first
             of the month), ``fra``/``til`` (the project period), ``aar`` (its years)
``udkast``   True for a draft: every page's header says "UDKAST"
``alle_afsnit`` True for a blank form: the sections a choice switches on are all shown (in
             a filled-in form only those chosen)

Content controls (for reading a Word draft back, issue 4)
---------------------------------------------------------
Every answer stands in a Word content control (``w:sdt``). Its ``w:tag`` is the answer's
field path in the answer file, dot-separated, with list indices and dict keys as parts; its
``w:alias`` (the title Word shows) is the question. No other ``w:sdt`` carries a tag.

=============================================  ===========================  ==================
tag                                            kind                         content
=============================================  ===========================  ==================
``spor1.hovedelementer``                       block-level, in the answer   the paragraphs
                                               cell of the question's row
``identifikation.projektnavn``                 block-level, in a cell       the paragraphs
``identifikation.ansvarlig.telefon``           inline, plain text           the text
``oekonomi.ansoegt_beloeb``                    inline, plain text           2.150.000,00 kr.
``oekonomi.anden_finansiering.ansoegt``        inline, plain text           ja / nej
``maalgruppe.indstilles.pr_maaned``            inline, plain text           4
``spor2.maaltal_uger.2017-10``                 inline, plain text           4 uger
``spor3.virksomhedsrettet.niveau``             inline, plain text           8 %
``spor3.virksomhedsrettet.niveau_bemaerkning`` inline, plain text           the text
``spor3.virksomhedsrettet.maal.2017-10``       inline, plain text           20 %
``tidsplan.2017.1``                            block-level, in a cell       an activity each
``opkvalificering.medarbejdere.0.funktion``    inline, plain text           the text
``opkvalificering.medarbejdere.0.antal``       inline, plain text           9
=============================================  ===========================  ==================

The form is laid out as tables (a question | answer table per part, the målgruppe matrix, the
måltal and opkvalificering tables nested in their answer cells, the tidsplan grid), but the
tags alone say what each control holds: read them wherever they stand. A block-level control
in a cell is written inside the ``w:tc``; Word may save it around the cell instead
(``w:tr/w:sdt/w:sdtContent/w:tc``).

- Block-level controls (free-text answers) hold one ``w:p`` per paragraph. A paragraph with
  style ``ListBullet`` (Word's "List Bullet", a real bulleted list) is a "- " line of the
  answer; any other paragraph is text, ``w:br`` inside it a single newline. Paragraphs are
  joined with a blank line, except after a paragraph marked "keep with next"
  (``w:keepNext`` true), which is followed by a single newline: ``filters.join_blocks`` is
  the exact inverse of ``filters.afsnit``. An empty answer is one empty paragraph.
- Inline controls (``w:text``, plain text) hold the value as the form prints it: amounts
  "2.150.000,00 kr.", percentages "20 %", weeks "4 uger", numbers "1.200", ja/nej. An empty
  control is an unanswered field.
- Tidsplan cells: one paragraph per activity; an empty cell is one empty paragraph.
- Months in tags are ``YYYY-MM`` (the answer file's keys); years and quarters are numbers.
  Rows of list tables count from 0; an empty list is shown as one empty row.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from pulje.answers.loader import LoadedApplication
from pulje.diagnostics import N_
from pulje.diagnostics.errors import PuljeError
from pulje.documents import docprops
from pulje.documents.datapart import draft_part, embed
from pulje.documents.filters import FILTERS, liste, xml_safe
from pulje.documents.template_builder import (
    form_sections,
    template_for,
    template_name,
    title_of,
)
from pulje.files import write_bytes
from pulje.pools import Pool, Runde


class RenderError(PuljeError):
    """Raised when an application cannot be rendered into its Word template."""


class TemplateVariableMissing(RenderError):
    """Raised when the template asks for a name (or field) that the answers do not have."""


class TemplateBroken(RenderError):
    """Raised when the template is missing, not a Word file, or not a valid template."""


class NotRenderable(RenderError):
    """Raised when the answer file did not load far enough to be rendered (no model)."""


# After rendering, docxtpl turns "{_{", "}_}", "{_%" and "%_}" into "{{", "}}", "{%" and "%}"
# everywhere, a user's text included. Every value printed is given a private-use mark inside
# such a pair (Jinja's ``finalize``), which ``_unmark`` takes out of the rendered text again.
_MARK = "\ue000"
_DOCXTPL_ESCAPES = ("{_{", "}_}", "{_%", "%_}")


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and "_" in value:
        for pair in _DOCXTPL_ESCAPES:
            value = value.replace(pair, pair[:1] + _MARK + pair[1:])
    return value


def _unmark(body: Any) -> None:
    for t in body.iter(qn("w:t")):
        if t.text and _MARK in t.text:
            t.text = t.text.replace(_MARK, "")


def make_environment() -> SandboxedEnvironment:
    """The Jinja environment of every template: sandboxed, autoescaping, strict."""
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
    env.filters.update(FILTERS)
    return env


class _Compiled(SandboxedEnvironment):
    """``make_environment``'s, keeping the templates it compiled by their text: docxtpl hands
    over a Word template's XML as a string on every render, the same string for the same
    template, and compiling it costs more than filling it in (a third of a second for the
    form; ``pulje web`` renders after every change)."""

    KEEP = 16

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
        self.filters.update(FILTERS)
        self._compiled: dict[str, Any] = {}
        self._guard = threading.Lock()

    def from_string(self, source: Any, globals: Any = None,  # noqa: A002 - Jinja's name
                    template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._guard:
            found = self._compiled.get(source)
        if found is None:
            found = super().from_string(source)
            with self._guard:
                if len(self._compiled) >= self.KEEP:
                    self._compiled.pop(next(iter(self._compiled)))
                self._compiled[source] = found
        return found


_RENDERING = _Compiled()


# --- context ---------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A model as dicts and lists of its Python values (no serializers: dates stay dates)."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def pool_context(pool: Pool, runde: Runde | None = None) -> dict[str, Any]:
    """The pool's facts and its round's (default: the newest) as the header prints them."""
    runde = runde or pool.runde()
    return {
        "id": pool.id,
        "navn": pool.navn,
        "finanslovskonto": liste(runde.konti),
        "styrelse": pool.styrelse,
        "modtager": runde.modtager,
        "cc": runde.cc,
        "emne": runde.emne,
        "sidegraense": runde.sidegraense,
    }


def round_context(runde: Runde) -> dict[str, Any]:
    period = runde.periode
    return {
        "id": runde.id,
        "konti": list(runde.konti),
        "baseline_maaned": runde.baseline_maaned,
        "maalinger": list(runde.maalinger),
        "fra": period.start if period else None,
        "til": period.end if period else None,
        "aar": period.years if period else [],
    }


def build_context(
    answers: BaseModel | None, pool: Pool, runde: Runde, *, draft: bool = False
) -> dict[str, Any]:
    """The template's context; ``answers`` None gives a blank form of the round's form."""
    blank = answers is None
    if answers is None:
        answers = runde.answer_model.model_validate({"pulje": pool.id})
    return {
        "alle_afsnit": blank,
        "svar": xml_safe(plain(answers)),
        "pulje": xml_safe(pool_context(pool, runde)),
        "runde": round_context(runde),
        "udkast": draft,
    }


# --- rendering -------------------------------------------------------------------------------

_UNDEFINED_NAME = (
    re.compile(r"has no attribute '([^']+)'"),
    re.compile(r"'([^']+)' is undefined"),
    re.compile(r"no element '?([^']+)'?"),
)


def _opened(template: Path | bytes) -> DocxTemplate:
    return DocxTemplate(io.BytesIO(template) if isinstance(template, bytes) else str(template))


def template_sources(path: Path | bytes) -> list[str]:
    """The Jinja code of a .docx template: its body, headers and footers, as docxtpl sees it."""
    tpl = _opened(path)
    tpl.init_docx()
    out = [tpl.patch_xml(tpl.xml_to_string(tpl.docx._element.body))]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _key, part in tpl.get_headers_footers(uri):
            out.append(tpl.patch_xml(tpl.get_part_xml(part)))
    return out


def _missing_name(exc: UndefinedError, template: Path | bytes) -> str:
    """The name Jinja could not find, as the template writes it (``svar.spor9.x``) if found."""
    text = str(exc)
    name = text
    for pattern in _UNDEFINED_NAME:
        m = pattern.search(text)
        if m:
            name = m.group(1)
            break
    try:
        sources = template_sources(template)
    except Exception:  # the name alone will do
        return name
    used = re.compile(r"(?<![\w.])(?:[A-Za-z_][\w.]*\.)?" + re.escape(name) + r"\b[\w.]*")
    for source in sources:
        for tag in re.findall(r"{{.*?}}|{%.*?%}", source, flags=re.DOTALL):
            m = used.search(tag)
            if m:
                return m.group(0)
    return name


def render_bytes(template: Path | bytes, context: dict[str, Any], *,
                 created: datetime | None = None, name: str | None = None) -> bytes:
    """Render ``template`` (a file, or a template's bytes called ``name``) with ``context``;
    the .docx's bytes.

    The document's properties are the application's (``docprops.properties_of``), created
    ``created`` (default: now)."""
    file = name or (str(template) if isinstance(template, Path) else "ansoegning.docx")
    facts = context.get("pulje")
    pool = str(facts.get("id", "")) if isinstance(facts, dict) else ""
    if isinstance(template, Path) and not template.is_file():
        raise TemplateBroken(
            N_("The Word template {file} is missing."),
            N_("Build it with 'python -m pulje.documents.template_builder {pool}'."),
            file=file, pool=pool,
        )
    try:
        tpl = _opened(template)
        tpl.render(context, jinja_env=_RENDERING, autoescape=True)
        _unmark(tpl.docx.element.body)
        fix_table_grids(tpl.docx.element.body)
        docprops.apply(tpl.docx, docprops.properties_of(context, created))
        out = io.BytesIO()
        tpl.save(out)
    except UndefinedError as exc:
        raise TemplateVariableMissing(
            N_("The Word template {file} asks for '{name}', which the answers do not have."),
            N_("Run 'pulje template check' and rebuild the template from the schema."),
            file=file, name=_missing_name(exc, template), pool=pool,
        ) from None
    except (TemplateSyntaxError, SecurityError) as exc:
        raise TemplateBroken(
            N_("The Word template {file} is not a valid template: {problem}"),
            N_("Rebuild it with 'python -m pulje.documents.template_builder {pool}'."),
            file=file, problem=str(exc), pool=pool,
        ) from None
    except TemplateError as exc:
        raise TemplateBroken(
            N_("The Word template {file} could not be filled in: {problem}"),
            N_("Rebuild it with 'python -m pulje.documents.template_builder {pool}'."),
            file=file, problem=str(exc), pool=pool,
        ) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        # not a zip, or a zip that is not a Word document
        raise TemplateBroken(
            N_("The Word template {file} is not a Word document (.docx)."),
            N_("Rebuild it with 'python -m pulje.documents.template_builder {pool}'."),
            file=file, pool=pool,
        ) from exc
    return out.getvalue()


def fix_table_grids(body: Any) -> None:
    """Set each table's column grid from its cells' widths.

    docxtpl's ``{%tc for %}`` column loops leave the template's grid behind, and LibreOffice
    lays tables out by the grid: take the widths of the fullest row without merged columns.
    """
    for tbl in body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None:
            continue
        best: list[str] | None = None
        for tr in tbl.findall(qn("w:tr")):
            widths = [_cell_width(tc) for tc in tr.findall(qn("w:tc"))]
            complete = bool(widths) and all(w is not None for w in widths)
            if complete and (best is None or len(widths) > len(best)):
                best = [w for w in widths if w is not None]
        if best is None:
            continue
        for col in grid.findall(qn("w:gridCol")):
            grid.remove(col)
        for width in best:
            col = grid.makeelement(qn("w:gridCol"), {qn("w:w"): width})
            grid.append(col)


def _cell_width(tc: Any) -> str | None:
    """A cell's width in twips, or None when it spans columns or has no width."""
    tcpr = tc.find(qn("w:tcPr"))
    if tcpr is None or tcpr.find(qn("w:gridSpan")) is not None:
        return None
    tcw = tcpr.find(qn("w:tcW"))
    if tcw is None or tcw.get(qn("w:type")) != "dxa":
        return None
    value = tcw.get(qn("w:w"))
    return value if value and value.isdigit() else None


def form_bytes(loaded: LoadedApplication, *, draft: bool = False) -> bytes:
    """The form of a loaded answer file (``answers.loader.LoadedApplication``), as .docx bytes.

    ``draft`` marks every page "UDKAST". Raises ``RenderError`` subclasses.
    """
    if loaded.model is None or loaded.pool is None or loaded.runde is None:
        raise NotRenderable(
            N_("{file} cannot be rendered: the answer file could not be read."),
            N_("Run 'pulje validate {file}' and correct the errors first."),
            file=str(loaded.file),
        )
    pool: Pool = loaded.pool
    context = build_context(loaded.model, pool, loaded.runde, draft=draft)
    return render_bytes(template_for(pool, loaded.runde), context,
                        name=template_name(pool, loaded.runde))


def render_form(loaded: LoadedApplication, target: Path, *, draft: bool = False) -> None:
    """Render a loaded answer file to ``target`` (``form_bytes``).

    The file is written whole (temp file, then rename) and replaces an older one of the same
    name. Raises ``RenderError`` subclasses.
    """
    write_bytes(Path(target), form_bytes(loaded, draft=draft), overwrite=True)


def render_draft(loaded: LoadedApplication, target: Path, *, draft: bool = False) -> None:
    """``render_form`` plus pulje's part (pool, round and budget, ``documents.datapart``), so
    that the document reads back whole with ``pulje import``. Replaces ``target`` whole."""
    docx = form_bytes(loaded, draft=draft)
    # form_bytes refuses an answer file without a model, so there is one to take the budget from
    assert loaded.model is not None and loaded.pool is not None and loaded.runde is not None
    pool_id, runde_id, budget = draft_part(loaded.model, loaded.pool, loaded.runde)
    write_bytes(Path(target), embed(docx, pool_id, runde_id, budget), overwrite=True)


def render_blank(pool: Pool, target: Path, *, runde: Runde | None = None) -> None:
    """A blank form of ``pool`` (every control empty), e.g. for ``pulje init --docx``."""
    runde = runde or pool.runde()
    context = build_context(None, pool, runde)
    write_bytes(Path(target), render_bytes(template_for(pool, runde), context,
                                           name=template_name(pool, runde)), overwrite=True)


# --- sections, for the page report -----------------------------------------------------------


def title_text(pool: Pool, runde: Runde | None = None) -> str:
    """The form's title as it stands in the document ("Ansøgningsskema for Pulje til …")."""
    runde = runde or pool.runde()
    return make_environment().from_string(title_of(runde.form)).render(
        pulje=pool_context(pool, runde))


def section_headings(pool: Pool, runde: Runde | None = None,
                     answers: BaseModel | None = None) -> list[tuple[str, str]]:
    """(section key, heading as it stands in the document), in the document's order, for
    ``pool``'s round (default: the newest); with ``answers``, only the sections that apply
    to them (a section a choice switches on only when chosen).

    The key is the answer file's top-level field (``spor1``, ``tidsplan`` …). A part without a
    heading of its own (the identification at the top) is found by the form's title.
    """
    runde = runde or pool.runde()
    form = runde.form
    out: list[tuple[str, str]] = []
    for section in form_sections(form):
        if answers is not None and not form.active(answers, section.id):
            continue
        if section.overskrift:
            out.append((section.id, section.overskrift))
        elif not out:
            out.append((section.id, title_text(pool, runde)))
    return out
