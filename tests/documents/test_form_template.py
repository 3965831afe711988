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
from test_form_support import W, open_docx, snapshot, tables

from pulje.diagnostics import Severity, Translator
from pulje.diagnostics.codes import REGISTRY
from pulje.documents.template_builder import answer_paths, template_bytes
from pulje.documents.templatecheck import check_template, schema_has
from pulje.pools import load_pool, pool_ids
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
    hint = f"the template is out of date: run python -m pulje.documents.template_builder {pool_id}"
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


# --- a second pool ------------------------------------------------------------------------------

SECOND_POOL_YAML = """\
id: anden-pulje
navn: Pulje til Afprøvning af skabelonbyggeren
skema: anden_pulje_test
finanslovskonto: 17.00.00.00
modtager: test@star.dk
emne: Ansøgning til afprøvning
sidegraense: 5
runder:
  - id: "2020"
    baseline_maaned: 2019-11
    maalinger: [2021-06, 2022-06, 2023-06]
    projektperiode: {fra: 2021-01-01, til: 2021-12-31}
"""


def _second_schema():
    """A schema module of another form: other sections, a three-measurement round."""
    import types
    from typing import ClassVar, Literal

    from pydantic import Field

    from schemas.common import (
        Application,
        Budget,
        Maaltal,
        Opkvalificering,
        Section,
        Tidsplan,
        question,
    )
    from schemas.types import Money, Tekst

    class Forside(Section):
        projektnavn: Tekst | None = question("Projektets navn", short=3)
        beloeb: Money | None = Field(default=None, title="Ansøgt beløb")

    class Plan(Section):
        heading: ClassVar[str] = "Tidsplan for afprøvningen"

    class Indsats(Section):
        heading: ClassVar[str] = "Indsatsen"
        intro: ClassVar[str] = "Beskriv indsatsen og dens mål."
        beskrivelse: Tekst | None = question("Hvad går indsatsen ud på?")
        maal: Maaltal = Field(default_factory=Maaltal, title="Hvilke mål har indsatsen?",
                              json_schema_extra={"table": "Måltal beskæftigelse"})

    class Ansoegning(Application):
        pulje: Literal["anden-pulje"] = "anden-pulje"
        forside: Forside = Field(default_factory=Forside)
        indsats: Indsats = Field(default_factory=Indsats)
        plan: Tidsplan = Field(default_factory=dict, title="Plan",
                               json_schema_extra={"section": Plan})
        opkvalificering: Opkvalificering = Field(default_factory=Opkvalificering)
        budget: Budget = Field(default_factory=Budget)

    module = types.ModuleType("schemas.anden_pulje_test")
    module.MODEL = Ansoegning  # type: ignore[attr-defined]
    return module


def test_a_second_pool_gets_its_template_from_the_same_builder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from pulje.documents.form import build_context, render_bytes, section_headings

    monkeypatch.setitem(sys.modules, "schemas.anden_pulje_test", _second_schema())
    monkeypatch.setenv("PULJE_TEMPLATES", str(tmp_path))
    (tmp_path / "anden-pulje").mkdir()
    (tmp_path / "anden-pulje" / "pool.yaml").write_text(SECOND_POOL_YAML, encoding="utf-8")
    pool = load_pool("anden-pulje")
    pool.template_path.write_bytes(template_bytes(pool))
    assert check_template("anden-pulje") == []
    assert section_headings(pool) == [
        ("forside", "Ansøgningsskema for Pulje til Afprøvning af skabelonbyggeren"),
        ("indsats", "Indsatsen"), ("plan", "Tidsplan for afprøvningen"),
        ("opkvalificering", "Opkvalificering af medarbejdere"),
    ]
    model = sys.modules["schemas.anden_pulje_test"].MODEL.model_validate({
        "forside": {"projektnavn": "Afprøvning", "beloeb": "100.000"},
        "indsats": {"beskrivelse": "Første afsnit.\n\n- et punkt",
                    "maal": {"niveau": 5, "maal": {"2021-06": 10, "2022-06": 15}}},
        "plan": {2021: {2: ["Start"]}},
        "opkvalificering": {"medarbejdere": [{"funktion": "Rådgiver", "antal": 3}]},
    })
    target = tmp_path / "anden.docx"
    target.write_bytes(render_bytes(pool.template_path, build_context(model, pool, pool.runde())))
    result = open_docx(target)
    controls = {c.tag: c.text for c in result.controls}
    assert controls["forside.beloeb"] == "100.000,00 kr."
    assert controls["indsats.beskrivelse"] == "Første afsnit.\net punkt"
    assert controls["indsats.maal.maal.2021-06"] == "10 %"
    assert controls["indsats.maal.maal.2023-06"] == ""  # a measurement left unanswered
    assert controls["plan.2021.2"] == "Start"
    assert controls["opkvalificering.medarbejdere.0.antal"] == "3"
    heads = ["Niveau for november måned 2019", "Pr. Juni 2021", "Pr. Juni 2022", "Pr. Juni 2023"]
    assert any(row == heads for table in tables(result.body) for row in table)
    text = snapshot(result)
    assert "Indsatsen" in text and "Beskriv indsatsen og dens mål." in text
    assert "Spor 1" not in text
