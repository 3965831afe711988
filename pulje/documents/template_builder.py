"""The Word template of a round's form, made from the form's data.

    python -m pulje.documents.template_builder POOL [ROUND]   # writes <round>/ansoegning.docx

Nobody edits the template's XML by hand, and no round needs a template file: ``template_for``
makes it from ``skema.yaml`` when an application is rendered (about a tenth of a second; kept
in memory and in pulje's cache folder, ``pulje.pools.cache``, keyed by the form, the round, the
pool and the modules that make it). A round may ship its own ``ansoegning.docx`` (written by
the command above, then styled in Word), which is used instead; ``pulje template check``
checks it against the form.

The layout is a loop over the form's sections (``schemas.layout``):

- the form's header: its title ("Ansøgningsskema for <the pool's name>", or ``titel``), the
  finance account(s), where and how to send it and the page limit, from the round's facts as
  template variables (``pulje.navn``, ``pulje.finanslovskonto`` …; or the form's ``hoved``);
- per section: its heading (Word's "Heading 1") and introduction, then its questions, each
  drawn by its kind through ``documents.word.writer.WordWriter`` — as in STAR's forms a
  question | answer table, broken by tables across the page (the participant matrix, the
  tidsplan grid); a section only a choice switches on is shown only when chosen;
- a section whose only answer is the budget attachment is left out (``documents/budget_*``).

The dates in the måltal heads and the tidsplan's years are template expressions over the
round (``runde.baseline_maaned``, ``runde.maalinger``, ``runde.aar``). Page and type measures are
in ``documents.word.styles`` (``Layout``: A4, Calibri 11 — Carlito on Linux —, 1.25 line
spacing, margins 3/3/2.5/2.5 cm): with them the example runs to 12 pages. The bytes are
reproducible (fixed zip timestamps and document properties).

Content controls: see ``documents.form`` for the tag convention.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from pulje.documents.docprops import drop_thumbnail, set_app_part
from pulje.documents.filters import STYLE_BULLET, STYLE_TEXT
from pulje.documents.word.lean import lean
from pulje.documents.word.styles import (
    FIXED_TIME,
    LAYOUT,
    PAGE_HEIGHT_CM,
    PAGE_WIDTH_CM,
    STYLE_INTRO,
    STYLE_QUESTION,
    STYLE_TEXT_FIXED,
    Layout,
    apply_settings,
    define_styles,
    header_and_footer,
)
from pulje.documents.word.writer import WordWriter
from pulje.documents.word.xml import el, literal, order_ppr, reproducible
from pulje.files import write_bytes
from pulje.pools import EmailKanal, Pool, PortalKanal, Runde, load_pool
from pulje.pools.cache import cached
from schemas.form import Form, FormSection
from schemas.kinds.base import Ref
from schemas.layout import draw_section, shown

__all__ = ["STYLE_QUESTION", "TITLE", "answer_paths", "build_template", "form_sections",
           "header_lines", "template_bytes", "template_for"]

# --- the form's fixed header, as Jinja over the round's facts --------------------------------

TITLE = "Ansøgningsskema for {{ pulje.navn }}"
PAGE_HEADER = "{{ pulje.navn }}"
DRAFT_MARK = "{% if udkast %}UDKAST{% endif %}"
FORMATS = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel"}


def title_of(form: Form) -> str:
    """The form's title as template code."""
    return literal(form.titel) if form.titel else TITLE


def header_lines(form: Form, runde: Runde) -> list[str]:
    """The paragraphs under the title (template code): the form's own ``hoved``, else the
    finance account(s), where and how to send, and the page limit — each where the round
    gives it. For Bedre ressourceforløb 2016 this is the STAR form's header word for word."""
    if form.hoved is not None:
        return list(form.hoved)
    lines = []
    if runde.konti:
        word = "Finanslovskonto" if len(runde.konti) == 1 else "Finanslovskonti"
        lines.append(word + " {{ pulje.finanslovskonto }}")
    sentences = []
    kanal = runde.kanal
    if isinstance(kanal, EmailKanal):
        send = "Ansøgningen skal sendes til {{ pulje.styrelse }} via e-mail"
        if kanal.modtager:
            send += (" til adressen {{ pulje.modtager }}"
                     "{% if pulje.cc %} med cc til {{ pulje.cc | liste }}{% endif %}")
        sentences.append(send + ".")
        if kanal.emne:
            sentences.append("Emnefeltet skal udfyldes med: {{ pulje.emne }}.")
        if kanal.formater:
            names = [FORMATS[f] for f in kanal.formater]
            both = "både " if len(names) == 2 else ""
            sentences.append(f"Ansøgningen sendes {both}som "
                             + (" og ".join(names) if len(names) < 3 else
                                ", ".join(names[:-1]) + " og " + names[-1]) + ".")
    elif isinstance(kanal, PortalKanal):
        sentences.append("Ansøgningen skal sendes til {{ pulje.styrelse }} via "
                         "Tilskudsportalen.")
    if runde.sidegraense is not None:
        sentences.append("Ansøgningen må fylde maks. {{ pulje.sidegraense }} sider.")
    if sentences:
        lines.append(" ".join(sentences))
    return lines


def form_sections(form: Form) -> list[FormSection]:
    """The sections the Word form shows, in order (not the budget attachment)."""
    return [s for s in form.afsnit if shown(s)]


def answer_paths(form: Form) -> list[str]:
    """Every answer field the form shows, as dotted paths, in the form's order (list items
    ``name[]``: ``opkvalificering.medarbejdere[].funktion``; a table of months or the
    tidsplan counts as one field)."""
    out: list[str] = []
    for section in form_sections(form):
        if section.svar is not None:
            out += section.svar.kind.answer_paths(section.svar, section.id)
            continue
        for q in section.spoergsmaal:
            out += q.kind.answer_paths(q, f"{section.id}.{q.id}")
    return out


class _Builder:
    def __init__(self, pool: Pool, runde: Runde, layout: Layout = LAYOUT) -> None:
        self.pool = pool
        self.runde = runde
        self.form = runde.form
        self.layout = layout
        self.doc = docx.Document()
        self.writer = WordWriter(self.doc, layout)

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
        props.subject = self.runde.emne or ""
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.keywords = ""
        props.revision = 1
        props.created = FIXED_TIME
        props.modified = FIXED_TIME
        props.language = "da-DK"

    def build(self) -> bytes:
        self.setup()
        w = self.writer
        w.para("Title", title_of(self.form))
        for line in header_lines(self.form, self.runde):
            w.para(STYLE_TEXT_FIXED, line)
        for section in form_sections(self.form):
            switch = self.form.switches.get(section.id)
            if switch is None:
                self.part(section)
            else:
                w.switched(Ref(switch[0], ""), switch[1], partial(self.part, section))
        # python-docx's empty first paragraph of a new document goes
        body = self.doc.element.body
        first = body[0]
        if first.tag == qn("w:p") and not "".join(first.itertext()).strip():
            body.remove(first)
        set_app_part(self.doc)
        drop_thumbnail(self.doc)
        # the answers' paragraph styles are named by the template's code ({{ b.stil }})
        lean(self.doc, keep=(STYLE_TEXT, STYLE_BULLET))
        return reproducible(self.doc)

    def part(self, section: FormSection) -> None:
        """One part of the form: heading, introduction, then its questions."""
        w = self.writer
        if section.overskrift:
            w.para("Heading 1", literal(section.overskrift))
        if section.intro:
            intro = [w.para(STYLE_INTRO, literal(line)) for line in section.intro.split("\n")]
            # The introduction stays with the table's first row (no heading and introduction
            # alone at the foot of a page) when that row is short. Before a free-text answer it
            # need not: the row splits and starts on the same page. And it must not: LibreOffice
            # then now and then pushes the heading, the introduction and a row longer than a
            # page on to the next page, leaving a page all but empty.
            if section.questions[0].kind.free_text:
                intro.pop()
            for p in intro:
                ppr = p.find(qn("w:pPr"))
                ppr.append(el("w:keepNext"))
                order_ppr(ppr)
        draw_section(w, section)
        w.end_rows()


_TEMPLATES: dict[tuple[str, Layout], bytes] = {}


def template_bytes(pool: Pool, runde: Runde | None = None, layout: Layout = LAYOUT) -> bytes:
    """The template of ``pool``'s round (default: the newest) made from its form: the .docx
    file's bytes."""
    runde = runde or pool.runde()
    # made once per form content and round facts (and kept: a desk run renders many blanks)
    key = ("\0".join((runde.form.key, pool.model_dump_json(exclude={"runder"}),
                      runde.model_dump_json())), layout)
    found = _TEMPLATES.get(key)
    if found is None:
        if len(_TEMPLATES) >= 16:
            _TEMPLATES.clear()
        files = [pool.folder / "pool.yaml", runde.folder / "runde.yaml", runde.form_path]
        if layout == LAYOUT:  # the template of every build: kept between runs too
            found = cached("skabelon", files, lambda: _Builder(pool, runde, layout).build(),
                           code=(Path(__file__).parent,))
        else:
            found = _Builder(pool, runde, layout).build()
        _TEMPLATES[key] = found
    return found


def template_for(pool: Pool, runde: Runde | None = None) -> bytes:
    """The Word template an application of the round is rendered with: the round's own
    ``ansoegning.docx`` if it ships one, else the one made from its form."""
    runde = runde or pool.runde()
    own = runde.own_template
    if own is not None:
        return own.read_bytes()
    return template_bytes(pool, runde)


def template_name(pool: Pool, runde: Runde | None = None) -> str:
    """How messages name the template: the round's file, or its form (``skema.yaml``)."""
    runde = runde or pool.runde()
    own = runde.own_template
    return str(own) if own is not None else f"{runde.form_path} (Word)"


def build_template(pool_id: str, runde_id: str | None = None,
                   target: Path | None = None) -> Path:
    """Write the template made from a round's form to ``<round>/ansoegning.docx`` (or
    ``target``), replacing the file whole: a round's own template, to style in Word."""
    pool = load_pool(pool_id)
    runde = pool.runde(runde_id)
    path = write_bytes(target or runde.folder / "ansoegning.docx",
                       _Builder(pool, runde).build(), overwrite=True)
    path.chmod(0o644)  # a file of the repository, not a private one
    return path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or len(args) > 2:
        print("brug: python -m pulje.documents.template_builder PULJE [RUNDE]", file=sys.stderr)
        return 2
    print(build_template(args[0], args[1] if len(args) > 1 else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
