"""The Word template: made by code from the round's form (no template file needed), tags in
single runs, a round's own template used where it ships one, checked against the form both
ways (``pulje template check``: TPL001–TPL004)."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_form_support import W, open_docx, snapshot, tables, template_file

from pulje.diagnostics import Severity, Translator
from pulje.diagnostics.codes import REGISTRY
from pulje.documents.template_builder import (
    answer_paths,
    build_template,
    template_bytes,
    template_for,
)
from pulje.documents.templatecheck import check_template, schema_has
from pulje.pools import load_pool, pool_ids, templates_dir

POOL = "bedre-ressourceforloeb"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("pool_id", pool_ids())
def test_no_shipped_round_needs_a_template_file(pool_id: str) -> None:
    """Copying a round's folder and editing its text is enough: the template is made from
    the form, so no round of pulje's own pools ships one."""
    for runde in load_pool(pool_id).runder:
        assert runde.own_template is None
        assert template_for(load_pool(pool_id), runde) == template_bytes(load_pool(pool_id),
                                                                         runde)


def test_building_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = build_template(POOL, target=tmp_path / "a.docx").read_bytes()
    second = build_template(POOL, target=tmp_path / "b.docx").read_bytes()
    assert first == second == template_bytes(load_pool(POOL))


def test_a_round_that_ships_its_own_template_is_rendered_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project office may style the template in Word and leave it in the round's folder."""
    base = tmp_path / "templates"
    shutil.copytree(templates_dir(), base, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PULJE_TEMPLATES", str(base))
    path = build_template(POOL, "2016")
    assert path == base / POOL / "2016" / "ansoegning.docx"
    data = _parts(path.read_bytes())
    xml = data["word/document.xml"].decode("utf-8").replace(
        "Ansøgningsskema for {{ pulje.navn }}", "Ansøgning (egen skabelon) for {{ pulje.navn }}")
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in data.items():
            archive.writestr(name, xml if name == "word/document.xml" else content)
    pool = load_pool(POOL)
    assert pool.runde().own_template == path
    assert b"egen skabelon" in _parts(template_for(pool))["word/document.xml"]
    assert check_template(POOL) == []


def test_every_jinja_tag_stands_in_one_run() -> None:
    data = _parts(template_for(load_pool(POOL)))
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
    xml = _parts(template_for(load_pool(POOL)))["word/document.xml"].decode()
    for dated in ("2016", "2017", "2018", "Oktober", "august måned"):
        assert dated not in xml.replace("løntimer i hhv. juni, juli og august 2016", ""), dated


def test_the_template_is_a4_with_calibri_and_a_page_footer() -> None:
    document = docx.Document(io.BytesIO(template_for(load_pool(POOL))))
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
    """The template with its document.xml changed by ``edit`` (a str → str)."""
    (tmp_path / "made").mkdir()
    source = template_file(tmp_path / "made")
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


def test_answer_paths_walk_the_form() -> None:
    runde = load_pool(POOL).runde()
    model = runde.answer_model
    paths = answer_paths(runde.form)
    assert paths[:3] == ["identifikation.projektnavn", "identifikation.kommune",
                         "identifikation.ansvarlig.navn"]
    assert "opkvalificering.medarbejdere[].funktion" in paths
    assert "spor3.ordinaere_timer.maal" in paths and "spor3.ordinaere_timer.niveau" not in paths
    assert not any(p.startswith("budget") for p in paths)
    assert all(schema_has(model, p.replace("[]", ".[]").split(".")) for p in paths)


# --- a second pool ------------------------------------------------------------------------------

SECOND_POOL = {
    "pool.yaml": "id: anden-pulje\nnavn: Pulje til Afprøvning af skabelonbyggeren\n",
    "2020/runde.yaml": """\
konti: [17.00.00.00]
kanal: {type: email, modtager: test@star.dk, emne: Ansøgning til afprøvning}
sidegraense: 5
baseline_maaned: 2019-11
maalinger: [2021-06, 2022-06, 2023-06]
projektperiode: {fra: 2021-01-01, til: 2021-12-31}
""",
    "2020/skema.yaml": """\
afsnit:
  - id: forside
    spoergsmaal:
      - {id: projektnavn, type: tekst, tekst: Projektets navn, kort: 3}
      - {id: beloeb, type: beloeb, tekst: Ansøgt beløb}
  - id: indsats
    overskrift: Indsatsen
    intro: Beskriv indsatsen og dens mål.
    spoergsmaal:
      - {id: beskrivelse, type: tekst, tekst: Hvad går indsatsen ud på?}
      - {id: maal, type: maaltal, tekst: Hvilke mål har indsatsen?, tabel: Måltal beskæftigelse}
  - del: tidsplan
    id: plan
    overskrift: Tidsplan for afprøvningen
    intro: ""
  - del: opkvalificering
  - del: budget
""",
}


def test_a_second_pool_gets_its_template_from_the_same_builder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pulje.documents.form import build_context, render_bytes, section_headings

    monkeypatch.setenv("PULJE_TEMPLATES", str(tmp_path))
    for name, text in SECOND_POOL.items():
        path = tmp_path / "anden-pulje" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    pool = load_pool("anden-pulje")
    assert check_template("anden-pulje") == []
    assert section_headings(pool) == [
        ("forside", "Ansøgningsskema for Pulje til Afprøvning af skabelonbyggeren"),
        ("indsats", "Indsatsen"), ("plan", "Tidsplan for afprøvningen"),
        ("opkvalificering", "Opkvalificering af medarbejdere"),
    ]
    model = pool.runde().answer_model.model_validate({
        "pulje": "anden-pulje",
        "forside": {"projektnavn": "Afprøvning", "beloeb": "100.000"},
        "indsats": {"beskrivelse": "Første afsnit.\n\n- et punkt",
                    "maal": {"niveau": 5, "maal": {"2021-06": 10, "2022-06": 15}}},
        "plan": {2021: {2: ["Start"]}},
        "opkvalificering": {"medarbejdere": [{"funktion": "Rådgiver", "antal": 3}]},
    })
    target = tmp_path / "anden.docx"
    target.write_bytes(render_bytes(template_for(pool), build_context(model, pool, pool.runde())))
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


def test_the_template_made_from_the_form_is_kept_between_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    monkeypatch.setenv("PULJE_CACHE", str(tmp_path / "cache"))
    code = ("import hashlib, sys; from pulje.pools import load_pool; "
            "from pulje.documents.template_builder import template_bytes; "
            "sys.stdout.write(hashlib.sha256(template_bytes(load_pool("
            "'bedre-ressourceforloeb'))).hexdigest())")
    root = Path(__file__).resolve().parents[2]
    runs = [subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                           text=True, check=True).stdout for _ in range(2)]
    import hashlib

    assert runs[0] == runs[1] == hashlib.sha256(template_bytes(load_pool(POOL))).hexdigest()
    assert [p.name.split("-")[0] for p in (tmp_path / "cache").glob("skabelon-*.pickle")] == [
        "skabelon"]
