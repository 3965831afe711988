"""The form shows STAR's questions and only those, reads back whole, hyphenates and keeps
widows in Danish, and says what a kommune expects in its document properties."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest
from answer_edits import EXAMPLE_TEXT, edits
from docx.oxml.ns import qn
from test_form import SPEC
from test_form_support import W, cell_text, open_docx, para_style, template_file

from pulje.answers.loader import load_application, load_text
from pulje.documents.form import (
    build_context,
    render_blank,
    render_bytes,
    render_draft,
    render_form,
)
from pulje.drafts import import_docx
from pulje.pools import load_pool

POOL = "bedre-ressourceforloeb"
OTHER_FUNDING = "Hvis ja, hvor stort et beløb er der ansøgt om og hvor er tilskuddet ansøgt fra?"
STV = ("Hvis kommunen modtager midler fra puljen Særlig tilrettelagt virksomhedsforløb (STV), "
       "beskriv da hvordan samspillet vil være imellem Bedre ressourceforløb og STV.")
WITH_OTHER_FUNDING = ("    ansoegt: nej",
                      "    ansoegt: ja\n    beloeb: 100000\n    kilde: Fonden for bedre "
                      "beskæftigelse")
# Text that tells a user not to touch their own document.
DO_NOT_EDIT = re.compile(r"ret ikke|rediger ikke|må ikke (?:rettes|ændres)|do not edit|"
                         r"don't edit|ikke i hånden|by hand", re.IGNORECASE)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _spec_text() -> str:
    """The spec as running text: quote marks and list numbers before ``>`` taken off."""
    lines = [re.sub(r"^\s*(?:\d+\.\s*)?>\s?", "", line)
             for line in SPEC.read_text(encoding="utf-8").splitlines()]
    return _normal(" ".join(lines))


def _in_control(element) -> bool:
    node = element.getparent()
    while node is not None:
        if node.tag == f"{W}sdt":
            return True
        node = node.getparent()
    return False


def _fixed_paragraphs(body) -> list[str]:
    """The text of every paragraph, leaving out what stands in the answers' content controls."""
    out = []
    for p in body.iter(f"{W}p"):
        if _in_control(p):
            continue
        text = _normal("".join(t.text or "" for t in p.iter(f"{W}t") if not _in_control(t)))
        if text:
            out.append(text)
    return out


def _rendered(tmp_path: Path, text: str = EXAMPLE_TEXT, name: str = "form.docx") -> Path:
    source = tmp_path / "svar.yaml"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / name
    render_form(load_application(source), target)
    return target


def _rows(path: Path) -> list[tuple[str, object]]:
    """(text of the first cell, the row's w:tr) of every row of the top-level tables."""
    body = docx.Document(str(path)).element.body
    out = []
    for tbl in body.findall(f"{W}tbl"):
        for tr in tbl.findall(f"{W}tr"):
            cells = tr.findall(f"{W}tc")
            out.append((_normal(cell_text(cells[0])), tr))
    return out


# --- STAR's questions and only those --------------------------------------------------------


def test_every_fixed_text_of_the_form_is_stars(tmp_path: Path) -> None:
    """No heading, question, label or table head that the form does not have."""
    spec = _spec_text()
    fixed = _fixed_paragraphs(open_docx(_rendered(tmp_path)).body)
    assert len(fixed) > 60
    assert [text for text in fixed if text not in spec] == []


def test_other_funding_is_one_answer_to_one_question(tmp_path: Path) -> None:
    form = _rendered(tmp_path, edits(WITH_OTHER_FUNDING))
    rows = [tr for first, tr in _rows(form) if first == OTHER_FUNDING]
    assert len(rows) == 1
    answer = rows[0].findall(f"{W}tc")[1]
    tags = [sdt.find(f"{W}sdtPr/{W}tag").get(qn("w:val")) for sdt in answer.iter(f"{W}sdt")]
    assert tags == ["oekonomi.anden_finansiering.beloeb", "oekonomi.anden_finansiering.kilde"]
    assert cell_text(answer).splitlines() == ["100.000,00 kr.", "Fonden for bedre beskæftigelse"]
    flat = " ".join(first for first, _ in _rows(form))
    assert "Hvor er tilskuddet ansøgt fra" not in flat


def test_other_funding_reads_back_as_it_was_written(tmp_path: Path) -> None:
    text = edits(WITH_OTHER_FUNDING)
    source = tmp_path / "svar.yaml"
    source.write_text(text, encoding="utf-8")
    original = load_application(source)
    draft = tmp_path / "udkast.docx"
    render_draft(original, draft)
    result = import_docx(draft, tmp_path / "tilbage.yaml")
    back = load_application(tmp_path / "tilbage.yaml")
    assert result.written is not None and back.model is not None and original.model is not None
    assert back.model.model_dump() == original.model.model_dump()
    assert back.model.oekonomi.anden_finansiering.kilde == "Fonden for bedre beskæftigelse"


def test_stv_is_asked_once_as_the_form_asks_it(tmp_path: Path) -> None:
    rows = [first for first, _ in _rows(_rendered(tmp_path))]
    assert [first for first in rows if "STV" in first] == [STV]
    assert not any("Modtager kommunen midler" in first for first in rows)


def test_an_answer_file_with_the_retired_stv_yes_no_still_loads() -> None:
    text = EXAMPLE_TEXT.replace("  stv_samspil: Ikke aktuelt",
                                "  modtager_stv: ja\n  stv_samspil: Ikke aktuelt")
    assert text != EXAMPLE_TEXT
    loaded = load_text(text, "gammel.yaml")
    assert loaded.model is not None
    assert [d.code for d in loaded.diagnostics] == []


# --- hyphenation, widows, language ------------------------------------------------------------


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def test_the_form_is_danish_hyphenates_and_keeps_widows(tmp_path: Path) -> None:
    form = _rendered(tmp_path)
    document = docx.Document(str(form))
    settings = document.settings.element
    assert settings.find(qn("w:autoHyphenation")) is not None
    assert settings.find(qn("w:proofState")) is None  # the user's text is not "spell-checked"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert {lang.get(qn("w:val")) for lang in defaults.iter(qn("w:lang"))} == {"da-DK"}
    assert document.styles["Normal"].paragraph_format.widow_control is True
    for name in ("Title", "Heading 1"):  # headings are not hyphenated
        assert document.styles[name].element.pPr.find(qn("w:suppressAutoHyphens")) is not None


def test_the_template_is_hyphenated_like_the_form(tmp_path: Path) -> None:
    settings = _part(template_file(tmp_path), "word/settings.xml")
    assert "<w:autoHyphenation/>" in settings


# --- document properties ------------------------------------------------------------------------


def _app(path: Path) -> str:
    return _part(path, "docProps/app.xml")


def test_properties_name_the_project_the_person_and_the_kommune(tmp_path: Path) -> None:
    loaded = load_text(EXAMPLE_TEXT, "svar.yaml")
    assert loaded.model is not None and loaded.pool is not None and loaded.runde is not None
    built = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    target = tmp_path / "egenskaber.docx"
    target.write_bytes(render_bytes(
        template_file(tmp_path), build_context(loaded.model, loaded.pool, loaded.runde),
        created=built,
    ))
    core = docx.Document(str(target)).core_properties
    assert core.title == ("Ressourceforløb med fokus på borgerinddragelse samt tværfaglig, "
                          "helhedsorienteret og virksomhedsrettet indsats.")
    assert core.author == core.last_modified_by == "Lene Clausen"
    assert core.subject == "Ansøgning til pulje Bedre ressourceforløb"
    assert core.created == core.modified == built
    assert core.language == "da-DK"
    assert (core.comments, core.keywords, core.category) == ("", "", "")
    assert core.last_printed is None
    app = _app(target)
    assert "<Company>Albertslund Kommune</Company>" in app
    assert "<Application>pulje</Application>" in app


def test_a_build_is_created_now(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    core = docx.Document(str(_rendered(tmp_path))).core_properties
    after = datetime.now(UTC)
    assert core.created is not None
    assert before <= core.created <= after + timedelta(seconds=1)


def test_without_a_project_name_the_title_is_the_pools_and_a_blank_form_has_no_author(
    tmp_path: Path,
) -> None:
    target = tmp_path / "tomt.docx"
    render_blank(load_pool(POOL), target)
    core = docx.Document(str(target)).core_properties
    assert (core.title, core.author) == ("Pulje til Bedre ressourceforløb", "")
    assert "<Company></Company>" in _app(target) or "<Company/>" in _app(target)


def test_a_long_or_odd_project_name_becomes_a_title_word_keeps(tmp_path: Path) -> None:
    name = "Et projekt\tmed & < > og " + "meget " * 80
    text = EXAMPLE_TEXT.replace(
        "    Ressourceforløb med fokus på borgerinddragelse samt tværfaglig, helhedsorienteret og "
        "virksomhedsrettet indsats.", "    " + name)
    title = docx.Document(str(_rendered(tmp_path, text))).core_properties.title
    assert title.startswith("Et projekt med & < > og meget meget")
    assert len(title) <= 255 and "\t" not in title and title.endswith("…")


@pytest.mark.parametrize("kind", ["build", "template", "blank", "draft"])
def test_no_part_of_the_file_tells_the_user_not_to_edit_it(tmp_path: Path, kind: str) -> None:
    if kind == "template":
        path = template_file(tmp_path)
    elif kind == "blank":
        path = tmp_path / "tomt.docx"
        render_blank(load_pool(POOL), path)
    elif kind == "draft":
        path = tmp_path / "udkast.docx"
        render_draft(load_text(EXAMPLE_TEXT, "svar.yaml"), path, draft=True)
    else:
        path = _rendered(tmp_path)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        names = archive.namelist()
        found = {name: DO_NOT_EDIT.findall(archive.read(name).decode("utf-8", "replace"))
                 for name in names if name.endswith((".xml", ".rels"))}
    assert {name: hits for name, hits in found.items() if hits} == {}
    # nor a preview picture of python-docx's own default document
    assert not [name for name in names if "thumbnail" in name]


def test_the_answer_cells_paragraph_style_is_the_answer_style(tmp_path: Path) -> None:
    form = _rendered(tmp_path, edits(WITH_OTHER_FUNDING))
    [row] = [tr for first, tr in _rows(form) if first == OTHER_FUNDING]
    answer = row.findall(f"{W}tc")[1]
    assert {para_style(p) for p in answer.findall(f"{W}p")} == {"Svar"}
