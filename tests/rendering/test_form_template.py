"""The Word template: built by code and up to date, tags in single runs, checked against the
schema both ways (``pulje template check``: TPL001–TPL004)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_form_support import W, open_docx, snapshot

from diagnostics import Severity, Translator
from diagnostics.codes import REGISTRY
from pools import load_pool, pool_ids
from rendering.template_builder import answer_paths, template_bytes
from rendering.templatecheck import check_template, schema_has
from schemas import model_for

POOL = "bedre-ressourceforloeb"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("pool_id", pool_ids())
def test_the_template_is_what_the_builder_makes(pool_id: str, tmp_path: Path) -> None:
    pool = load_pool(pool_id)
    built = template_bytes(pool)
    fresh = tmp_path / "fresh.docx"
    fresh.write_bytes(built)
    hint = f"the template is out of date: run python -m rendering.template_builder {pool_id}"
    assert snapshot(open_docx(fresh)) == snapshot(open_docx(pool.template_path)), hint
    assert _parts(built) == _parts(pool.template_path.read_bytes()), hint


def test_building_twice_gives_the_same_bytes() -> None:
    pool = load_pool(POOL)
    assert template_bytes(pool) == template_bytes(pool)


def test_every_jinja_tag_stands_in_one_run() -> None:
    data = _parts(load_pool(POOL).template_path.read_bytes())
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        if name not in data:
            continue
        xml = data[name].decode("utf-8")
        texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
        for text in texts:
            for open_, close in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
                assert text.count(open_) == text.count(close), (name, text)
        # and never a tag begun in one run and ended in another
        between = re.sub(r"<w:t(?: [^>]*)?>[^<]*</w:t>", "", xml)
        assert "{{" not in re.sub(r'w:val="[^"]*"', "", between), name


def test_the_template_has_no_round_dates_written_in() -> None:
    """The dated heads are expressions over the round, not text of one round."""
    xml = _parts(load_pool(POOL).template_path.read_bytes())["word/document.xml"].decode()
    for dated in ("2016", "2017", "2018", "Oktober", "august måned"):
        assert dated not in xml.replace("løntimer i hhv. juni, juli og august 2016", ""), dated


def test_the_template_is_a4_with_calibri_and_a_page_footer() -> None:
    document = docx.Document(str(load_pool(POOL).template_path))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    fonts = document.styles.element.find(qn("w:docDefaults")).iter(qn("w:rFonts"))
    assert {f.get(qn("w:ascii")) for f in fonts} == {"Calibri"}
    footer = "".join(t.text for t in section.footer._element.iter(f"{W}t"))
    assert footer.startswith("Side ") and " af " in footer


# --- template check ----------------------------------------------------------------------------


@pytest.mark.parametrize("pool_id", pool_ids())
def test_every_shipped_template_passes_the_check(pool_id: str) -> None:
    assert check_template(pool_id) == []


def test_tpl_codes_are_registered() -> None:
    for code in ("TPL001", "TPL002", "TPL003", "TPL004"):
        assert REGISTRY[code].severity is Severity.FEJL


def _edited(tmp_path: Path, edit) -> Path:
    """The shipped template with its document.xml changed by ``edit`` (a str → str)."""
    source = load_pool(POOL).template_path
    target = tmp_path / "ansoegning.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    return target


def _messages(found) -> list[tuple[str, str]]:
    tr = Translator("da")
    return [(d.code, tr.format(d.message, dict(d.params))) for d in found]


def test_a_name_the_schema_lacks_is_tpl001(tmp_path: Path) -> None:
    template = _edited(tmp_path, lambda xml: xml.replace(
        "in svar.spor1.udarbejdelse |", "in svar.spor1.udarbejdelsen |", 1
    ).replace("Finanslovskonto {{ pulje.finanslovskonto }}",
              "Finanslovskonto {{ pulje.konto }} {{ ukendt }}"))
    found = _messages(check_template(POOL, template))
    assert ("TPL001", "Skabelonen bruger 'svar.spor1.udarbejdelsen', som svarene til puljen "
            "bedre-ressourceforloeb ikke har.") in found
    assert any(code == "TPL001" and "'pulje.konto'" in text for code, text in found)
    assert any(code == "TPL001" and "'ukendt'" in text for code, text in found)
    # and, the question no longer being shown, TPL002 for the real field
    assert any(code == "TPL002" and "'spor1.udarbejdelse'" in text for code, text in found)


def test_a_question_the_template_never_shows_is_tpl002(tmp_path: Path) -> None:
    def drop_control(xml: str) -> str:
        start = xml.index('<w:tag w:val="forankring.videreformidling"/>')
        sdt = xml.rindex("<w:sdt>", 0, start)
        end = xml.index("</w:sdt>", start) + len("</w:sdt>")
        return xml[:sdt] + "<w:p/>" + xml[end:]

    found = _messages(check_template(POOL, _edited(tmp_path, drop_control)))
    assert found == [("TPL002", "Svarfeltet 'forankring.videreformidling' (\"Hvordan vil den "
                      "opnåede viden i projektet blive videreformidlet til relevante aktører?\") "
                      "vises ikke i skabelonen.")]


def test_a_missing_or_foreign_template_is_tpl003(tmp_path: Path) -> None:
    found = check_template(POOL, tmp_path / "findes-ikke.docx")
    assert [d.code for d in found] == ["TPL003"]
    text_file = tmp_path / "tekst.docx"
    text_file.write_text("ikke en Word-fil", encoding="utf-8")
    assert [d.code for d in check_template(POOL, text_file)] == ["TPL003"]
    empty_zip = tmp_path / "tom.docx"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("hej.txt", "hej")
    assert [d.code for d in check_template(POOL, empty_zip)] == ["TPL003"]


def test_broken_jinja_is_tpl004(tmp_path: Path) -> None:
    template = _edited(tmp_path, lambda xml: xml.replace("{%tc endfor %}", "{%tc endif %}", 1))
    assert [d.code for d in check_template(POOL, template)] == ["TPL004"]


def test_answer_paths_walk_the_schema() -> None:
    model = model_for(POOL.replace("-", "_"))
    paths = answer_paths(model)
    assert paths[:3] == ["identifikation.projektnavn", "identifikation.kommune",
                         "identifikation.ansvarlig.navn"]
    assert "opkvalificering.medarbejdere[].funktion" in paths
    assert "spor3.ordinaere_timer.maal" in paths and "spor3.ordinaere_timer.niveau" not in paths
    assert not any(p.startswith("budget") for p in paths)
    assert all(schema_has(model, p.replace("[]", ".[]").split(".")) for p in paths)
