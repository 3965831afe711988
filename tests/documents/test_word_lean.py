"""Lean Word files (``documents.word.lean``): every .docx pulje makes from python-docx's template
defines the styles it uses and no others (besides the defaults and the styles those build on),
has no ``stylesWithEffects`` part, keeps Word's latent styles, and lays out in LibreOffice to the
same pages with the same text as the same document with all of python-docx's styles."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from pulje.answers.loader import load_application
from pulje.documents import template_builder
from pulje.documents.budget_docx import render_budget_docx
from pulje.documents.form import build_context, form_bytes, render_bytes
from pulje.documents.word.lean import lean
from pulje.documents.word.plain import Bullets, Heading, Para, PlainDoc, Table, spans, to_docx
from pulje.office import convert_to_pdf, page_texts

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REFERENCE = re.compile(
    rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"{]*)"')
_DEFINED = re.compile(rb'<w:style [^>]*w:styleId="([^"]*)"')
_CHAIN = re.compile(rb'<w:(?:basedOn|link|next) w:val="([^"]*)"')


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _referenced(parts: dict[str, bytes]) -> set[str]:
    return {m.decode() for name, xml in parts.items()
            if name.endswith(".xml") and name != "word/styles.xml"
            for m in _REFERENCE.findall(xml)}


def _defined(parts: dict[str, bytes]) -> set[str]:
    return {m.decode() for m in _DEFINED.findall(parts["word/styles.xml"])}


def _assert_lean(data: bytes, keep: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    parts = _parts(data)
    defined, referenced = _defined(parts), _referenced(parts)
    assert referenced <= defined, f"styles named but not defined: {referenced - defined}"
    styles = parts["word/styles.xml"]
    # what may be there besides the styles named: defaults and what the kept ones build on
    allowed = referenced | keep | {m.decode() for m in re.findall(
        rb'<w:style [^>]*w:default="1"[^>]*w:styleId="([^"]*)"', styles)}
    grown = True
    while grown:
        chained = set()
        for block in re.findall(rb"<w:style .*?</w:style>", styles, re.S):
            sid = _DEFINED.search(block)
            if sid and sid.group(1).decode() in allowed:
                chained |= {m.decode() for m in _CHAIN.findall(block)}
        grown = not chained <= allowed
        allowed |= chained
    assert defined <= allowed, f"styles nothing uses: {defined - allowed}"
    assert len(defined) < 40
    assert b"<w:latentStyles" in styles  # Word offers its built-in styles as before
    assert "word/stylesWithEffects.xml" not in parts
    assert b"stylesWithEffects" not in parts["[Content_Types].xml"]
    assert b"stylesWithEffects" not in parts["word/_rels/document.xml.rels"]
    docx.Document(io.BytesIO(data))  # python-docx (and so pulje) still opens it


def test_python_docx_template_is_bloated_and_lean_trims_it() -> None:
    full = docx.Document()
    before = io.BytesIO()
    full.save(before)
    assert len(_defined(_parts(before.getvalue()))) > 100
    lean(full)
    after = io.BytesIO()
    full.save(after)
    _assert_lean(after.getvalue())
    assert len(after.getvalue()) < len(before.getvalue()) / 2


def test_the_forms_template_and_rendered_form_have_only_used_styles() -> None:
    loaded = load_application(EXAMPLE)
    assert loaded.pool is not None
    template = template_builder.template_bytes(loaded.pool, loaded.runde)
    # the answers' paragraph styles are named by template code ({{ b.stil }}): kept
    _assert_lean(template, {"Svar", "ListBullet"})
    form = form_bytes(loaded)
    _assert_lean(form, {"Svar", "ListBullet"})
    assert {"Svar", "ListBullet"} <= _referenced(_parts(form))  # the example uses both


def test_budget_and_plain_documents_are_lean(tmp_path: Path) -> None:
    loaded = load_application(EXAMPLE)
    target = tmp_path / "budget.docx"
    render_budget_docx(loaded, target)
    _assert_lean(target.read_bytes())
    plain = PlainDoc(title="Sag", subject="Pulje", author="pulje", header="Hoved", facts=[],
                     blocks=[Heading("Indstilling", 1), Para(spans("Tekst")),
                             Bullets([spans("en"), spans("to")]),
                             Table(head=["A", "Beløb"], rows=[["x", "1"]], amounts_from=1)])
    _assert_lean(to_docx(plain))


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
def test_the_lean_example_lays_out_as_with_all_styles(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_application(EXAMPLE)
    assert loaded.pool is not None and loaded.runde is not None
    context = build_context(loaded.model, loaded.pool, loaded.runde)
    lean_form = tmp_path / "lean.docx"
    lean_form.write_bytes(render_bytes(
        template_builder.template_bytes(loaded.pool, loaded.runde), context))
    monkeypatch.setattr(template_builder, "lean", lambda document, keep=(): None)
    full_template = template_builder._Builder(loaded.pool, loaded.runde).build()
    assert b"stylesWithEffects" in full_template
    full_form = tmp_path / "full.docx"
    full_form.write_bytes(render_bytes(full_template, context))
    assert lean_form.stat().st_size < full_form.stat().st_size / 1.5
    pdfs = convert_to_pdf([lean_form, full_form], tmp_path / "pdf")
    lean_pdf, full_pdf = pdfs[lean_form], pdfs[full_form]
    assert isinstance(lean_pdf, Path) and isinstance(full_pdf, Path), pdfs
    lean_pages, full_pages = page_texts(lean_pdf), page_texts(full_pdf)
    assert len(lean_pages) == len(full_pages) >= 12
    assert lean_pages == full_pages
