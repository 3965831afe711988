"""The STAR form rendered from the example: fixed text in order, tables, literal text, bullets,
Danish formats, content controls, draft marking and a golden text snapshot.

Every test renders with the real template and opens the .docx again with python-docx.
Set ``PULJE_UPDATE_GOLDEN=1`` to rewrite ``golden/albertslund.txt`` after a deliberate change.
"""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from test_form_support import (
    W,
    flat_text,
    keep_next,
    open_docx,
    para_style,
    para_text,
    snapshot,
    tables,
)

from pulje.answers.loader import LoadedApplication, load_application, load_text
from pulje.diagnostics import Translator
from pulje.documents.filters import join_blocks
from pulje.documents.form import (
    TemplateVariableMissing,
    build_context,
    render_blank,
    render_bytes,
    render_form,
    section_headings,
)
from pulje.documents.template_builder import template_for
from pulje.pools import Runde, load_pool
from schemas.common import Model
from schemas.kinds import kind

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
# The form's text as the project's spec gives it (/work/shared/spec); a copy stands beside the
# tests, so that a fresh clone checks it too.
_SHARED_SPEC = ROOT.parent / "shared" / "spec" / "bedre-ressourceforloeb-form.md"
SPEC = (_SHARED_SPEC if _SHARED_SPEC.is_file()
        else Path(__file__).parent / "spec" / "bedre-ressourceforloeb-form.md")
GOLDEN = Path(__file__).parent / "golden" / "albertslund.txt"
POOL = "bedre-ressourceforloeb"

MONTHS_DA = {1: "januar", 2: "februar", 3: "marts", 4: "april", 5: "maj", 6: "juni", 7: "juli",
             8: "august", 9: "september", 10: "oktober", 11: "november", 12: "december"}


def _normal(text: str) -> str:
    return " ".join(text.split())


def spec_fragments() -> list[str]:
    """The form's fixed text from the spec's ``>`` lines, in order.

    Consecutive ``>`` lines are one passage (a numbered "2. >" starts the next); an answer after
    " — " is cut off and ends the passage; " / " separates
    texts that stand in separate cells of the form (e.g. "Navn / Adresse").
    """
    passages: list[list[str]] = []
    current: list[str] = []
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*(\d+\.\s*)?>\s?(.*)$", line)
        if m and m.group(1) and current:  # "2. >" begins the next numbered question
            passages.append(current)
            current = []
        if m:
            current.append(m.group(2))
            if " — " in line:  # "question — *answer*": the answer ends the passage
                passages.append(current)
                current = []
        elif current:
            passages.append(current)
            current = []
    if current:
        passages.append(current)
    out = []
    for lines in passages:
        text = _normal(" ".join(lines)).split(" — ")[0]
        out += [_normal(part) for part in text.split(" / ") if part.strip()]
    return out


def assert_in_order(haystack: str, needles: list[str]) -> None:
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        assert found >= 0, f"not found (in order) after position {at}: {needle!r}"
        at = found + len(needle)


@pytest.fixture(scope="module")
def loaded() -> LoadedApplication:
    result = load_application(EXAMPLE)
    assert result.model is not None, result.diagnostics
    return result


@pytest.fixture(scope="module")
def rendered(loaded: LoadedApplication, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("form") / "albertslund.docx"
    render_form(loaded, target)
    return target


@pytest.fixture(scope="module")
def doc(rendered: Path):
    return open_docx(rendered)


def _dated_heads(runde: Runde) -> list[str]:
    b = runde.baseline_maaned
    heads = [f"Niveau for {MONTHS_DA[b.month]} måned {b.year}"]
    heads += [f"Pr. {MONTHS_DA[m.month].capitalize()} {m.year}" for m in runde.maalinger]
    return heads


# --- fixed text --------------------------------------------------------------------------------


def test_every_fixed_text_of_the_spec_stands_in_order(doc) -> None:
    fragments = spec_fragments()
    assert len(fragments) >= 45
    assert fragments[0].startswith("Ansøgningsskema for Pulje til Bedre ressourceforløb")
    assert_in_order(flat_text(doc), fragments)


def test_the_dated_table_heads_come_from_the_round(doc, loaded: LoadedApplication) -> None:
    heads = _dated_heads(loaded.runde)
    assert heads == ["Niveau for august måned 2016", "Pr. Oktober 2017", "Pr. Oktober 2018"]
    text = flat_text(doc)
    spor3 = text[text.index("Spor 3 Mening og retning"):]
    assert_in_order(spor3, ["Måltal virksomhedsrettet indsats", *heads,
                            "Se kommunale tal i benchmarkrapport fra jobindsats her.",
                            "Måltal mentorstøtte", *heads,
                            "Udgangspunktet for måltallene er det nationale gennemsnit.",
                            "Måltal ordinære timer", *heads[1:]])
    spor2 = text[text.index("Spor 2 Borgerejerskab"):text.index("Spor 3 Mening")]
    assert_in_order(spor2, ["Måltal sagsbehandlingstider", *heads[1:], "4 uger", "4 uger"])


def test_another_round_gives_other_heads_and_columns(loaded: LoadedApplication,
                                                     tmp_path: Path) -> None:
    pool = load_pool(POOL)
    runde = Runde.model_validate({
        "id": "2019", "baseline_maaned": "2019-03",
        "maalinger": ["2020-06", "2021-06", "2022-06"],
        "projektperiode": {"fra": "2020-01-01", "til": "2022-12-31"},
    })
    target = tmp_path / "other.docx"
    target.write_bytes(render_bytes(template_for(pool), build_context(loaded.model, pool, runde)))
    other = open_docx(target)
    heads = ["Niveau for marts måned 2019", "Pr. Juni 2020", "Pr. Juni 2021", "Pr. Juni 2022"]
    assert heads in [t[0] for t in tables(other.body)]
    grid = next(t for t in tables(other.body) if t and t[0][1:] == ["1. kvt.", "2. kvt.",
                                                                     "3. kvt.", "4. kvt."])
    assert [row[0] for row in grid[::2]] == ["2020", "2021", "2022"]
    assert "2016" not in flat_text(other).replace("august 2016", "")


def test_headings_are_word_headings_in_the_order_of_section_headings(doc) -> None:
    pool = load_pool(POOL)
    headings = section_headings(pool)
    assert [k for k, _ in headings] == [
        "identifikation", "oekonomi", "maalgruppe", "formaal", "spor1", "spor2", "spor3",
        "organisation", "virksomhedssamarbejde", "tvaerfagligt_samarbejde", "tidsplan",
        "opkvalificering", "forankring",
    ]
    assert headings[0][1] == "Ansøgningsskema for Pulje til Bedre ressourceforløb"
    styled = [(para_style(p), para_text(p)) for p in doc.body.findall(f"{W}p")]
    word_headings = [t for s, t in styled if s in ("Heading1", "Title")]
    assert word_headings == [title for _, title in headings]


def test_header_names_the_pool_and_footer_counts_pages(doc, rendered: Path) -> None:
    assert doc.header.startswith("Pulje til Bedre ressourceforløb")
    assert "UDKAST" not in doc.header
    assert doc.footer == "Side 1 af 1"  # the fields' cached results; Word/LibreOffice update them
    footer = docx.Document(str(rendered)).sections[0].footer._element
    codes = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert codes == ["PAGE", "NUMPAGES"]


def test_draft_marks_every_page(loaded: LoadedApplication, tmp_path: Path) -> None:
    target = tmp_path / "draft.docx"
    render_form(loaded, target, draft=True)
    draft = docx.Document(str(target))
    assert len(draft.sections) == 1  # one section, so its header is on every page
    assert "UDKAST" in open_docx(target).header


def test_page_is_a4_and_the_font_is_calibri(rendered: Path) -> None:
    document = docx.Document(str(rendered))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.styles["Normal"].font.name == "Calibri"
    assert document.styles["Normal"].font.size.pt == 11
    fonts = document.styles.element.iter(f"{W}rFonts")
    for rfonts in fonts:
        assert not any(k.endswith("Theme") for k in rfonts.attrib), "theme fonts override names"


# --- tables ------------------------------------------------------------------------------------


def _table_with(doc, first_cell_text: str) -> list[list[str]]:
    for table in tables(doc.body):
        if any(first_cell_text in cell for row in table for cell in row):
            return table
    raise AssertionError(f"no table with {first_cell_text!r}")


def test_maalgruppe_is_a_two_by_two_table(doc) -> None:
    table = _table_with(doc, "Borgere der tilkendes et ressourceforløb.")
    assert table == [
        ["", "Forventet antal deltagere i projektet på månedsbasis.",
         "Forventet antal deltagere i projektet i den samlede projektperiode."],
        ["Borgere der indstilles til møde med rehabiliteringsteamet, og som sandsynligvis vil "
         "blive tilkendt et ressourceforløb.", "4", "96"],
        ["Borgere der tilkendes et ressourceforløb.", "4", "96"],
    ]


def test_maaltal_tables_hold_level_and_targets(doc) -> None:
    heads = ["Niveau for august måned 2016", "Pr. Oktober 2017", "Pr. Oktober 2018"]
    found = [t for t in tables(doc.body) if t and t[0] in (heads, heads[1:])]
    assert [t[1] for t in found] == [
        ["4 uger", "4 uger"],
        ["8 %\nRapport august, tal for juli", "20 %", "30 %"],
        ["10 %\nifg benchmark rapport august tal fra juli", "50 %", "50 %"],
        ["3 %", "5 %"],
    ]


def test_tidsplan_is_a_grid_of_years_and_quarters(doc, loaded: LoadedApplication) -> None:
    grid = _table_with(doc, "1. kvt.")
    assert len(grid) == 4
    assert grid[0] == ["2017", "1. kvt.", "2. kvt.", "3. kvt.", "4. kvt."]
    assert grid[2] == ["2018", "1. kvt.", "2. kvt.", "3. kvt.", "4. kvt."]
    plan = loaded.model.tidsplan  # type: ignore[union-attr]
    for row, year in ((grid[1], 2017), (grid[3], 2018)):
        assert row[0] == ""  # the year's cell, merged down
        assert row[1:] == ["\n".join(plan[year][q]) for q in (1, 2, 3, 4)]
    assert grid[1][1] == ("Udarbejdelse af drejebog\nAnsættelse af virksomhedskonsulent og "
                          "projektleder\nNy organisering af sagsbehandlingen")


def test_opkvalificering_is_a_function_and_count_table(doc) -> None:
    table = _table_with(doc, "Funktion")
    assert table[0] == ["Funktion", "Antal"]
    assert table[1] == ["Forberedende sagsbehandlere fra kontanthjælpsteamet", "9"]
    assert len(table) == 8
    assert sum(int(row[1]) for row in table[1:]) == 32


def test_identification_and_economy_rows(doc) -> None:
    ident = _table_with(doc, "Projektets navn")
    assert ident[1] == ["Ansøger / Kommune", "Albertslund Kommune"]
    assert ident[2] == ["Projekt- og tilskudsansvarlig:"]
    assert ident[3:] == [["Navn", "Lene Clausen"], ["Adresse", "Bytorvet 25, 2620 Albertslund"],
                         ["Telefon", "4368 7422"], ["E-mail", "Lene.clausen@albertslund.dk"]]
    economy = _table_with(doc, "Angiv det ansøgte beløb")
    assert economy[0] == ["Angiv det ansøgte beløb", "2.150.000,00 kr."]
    assert economy[1][1] == "nej"
    assert economy[2] == ["Hvis ja, hvor stort et beløb er der ansøgt om og hvor er tilskuddet "
                          "ansøgt fra?", ""]


# --- text: paragraphs, bullets, literal characters --------------------------------------------


def test_paragraphs_become_word_paragraphs_and_dashes_real_bullets(doc, rendered: Path) -> None:
    control = doc.by_tag()["organisation.projektleder_rolle"]
    styles = [para_style(p) for p in control.paragraphs]
    texts = [para_text(p) for p in control.paragraphs]
    assert texts[0] == "Projektleders roller i projektet er:"
    assert styles[0] == "Svar" and keep_next(control.paragraphs[0])
    assert texts[1:7] == ["sikre og understøtte målopfyldning", "ledelsesinformation",
                          "opfølgning og revidering af drejebogen",
                          "sikre kvalitet og styring i sagsgangen",
                          "faglige sparring for sagsbehandler, virksomhedskonsulent og mentor",
                          "styrkelse af arbejdsgange og processer"]
    assert styles[1:7] == ["ListBullet"] * 6
    assert styles[7] == "Svar" and texts[7] == "Projektlederens rolle i styregruppen:"
    # "List Bullet" is a real list: Word's style carries the numbering (a bullet).
    bullet = docx.Document(str(rendered)).styles["List Bullet"]
    assert bullet.element.find(f"{W}pPr").find(f"{W}numPr") is not None
    # numbered paragraphs stay text
    aims = doc.by_tag()["formaal.forandringer"]
    assert [para_style(p) for p in aims.paragraphs] == ["Svar"] * 6
    assert para_text(aims.paragraphs[1]).startswith("1. At borgeren oplever")


def _example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _load(data: dict[str, Any]) -> LoadedApplication:
    result = load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "edited.yaml")
    assert result.model is not None, result.diagnostics
    return result


NASTY = ("A & B <test> \"citat\" 'enkelt' {{ 7*7 }} {% for x in y %}{% endfor %} {# c #} ]]> "
         "{_{ docxtpl }_} {_% tag %_}")


def test_special_characters_and_jinja_syntax_come_out_literally(tmp_path: Path) -> None:
    data = _example_data()
    data["spor1"]["hovedelementer"] = f"{NASTY}\n\n- {NASTY}\nlinje 2 {NASTY}"
    data["identifikation"]["kommune"] = NASTY
    data["identifikation"]["projektnavn"] = "{{ svar.identifikation.kommune }}"
    data["opkvalificering"]["medarbejdere"][0]["funktion"] = NASTY
    data["tidsplan"][2017][1][0] = NASTY
    data["spor3"]["virksomhedsrettet"]["niveau_bemaerkning"] = "{%p endfor %}"
    target = tmp_path / "nasty.docx"
    render_form(_load(data), target)
    result = open_docx(target)
    controls = result.by_tag()
    block = controls["spor1.hovedelementer"]
    assert [para_text(p) for p in block.paragraphs] == [NASTY, f"{NASTY}\nlinje 2 {NASTY}"]
    assert [para_style(p) for p in block.paragraphs] == ["Svar", "ListBullet"]
    assert controls["identifikation.kommune"].text == NASTY
    assert controls["identifikation.projektnavn"].text == "{{ svar.identifikation.kommune }}"
    assert controls["opkvalificering.medarbejdere.0.funktion"].text == NASTY
    assert controls["tidsplan.2017.1"].text.split("\n")[0] == NASTY
    assert controls["spor3.virksomhedsrettet.niveau_bemaerkning"].text == "{%p endfor %}"
    assert "49" not in flat_text(result)


def test_a_template_asking_for_a_missing_name_fails_loudly(loaded: LoadedApplication,
                                                             tmp_path: Path) -> None:
    template = tmp_path / "skabelon.docx"
    document = docx.Document()
    document.add_paragraph("Svar: {{ svar.spor1.findes_ikke }}")
    document.save(str(template))
    pool = load_pool(POOL)
    with pytest.raises(TemplateVariableMissing) as caught:
        render_bytes(template, build_context(loaded.model, pool, loaded.runde))
    text = caught.value.text(Translator("da"))
    assert "svar.spor1.findes_ikke" in text
    assert "som svarene ikke har" in text


# --- content controls --------------------------------------------------------------------------


def _expected(value: Any, path: str, info: Any, out: dict[str, Any]) -> None:
    """Each answer's tag and the value its control must show (formatted as in the form)."""
    if isinstance(value, Model):
        extra = info.json_schema_extra if info is not None else None
        shown_level = not (isinstance(extra, dict) and extra.get("baseline") is False)
        for name, child in type(value).model_fields.items():
            if not shown_level and name.startswith("niveau"):
                continue  # a target-only table ("Måltal ordinære timer") shows no level
            _expected(getattr(value, name), f"{path}.{name}".lstrip("."), child, out)
    elif isinstance(value, list) and value and isinstance(value[0], Model):
        for i, item in enumerate(value):
            _expected(item, f"{path}.{i}", None, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            part = f"{key:%Y-%m}" if isinstance(key, date) else str(key)
            if isinstance(item, dict):
                for q, acts in item.items():
                    out[f"{path}.{part}.{q}"] = "\n".join(acts)
            else:
                out[f"{path}.{part}"] = item
    else:
        out[path] = value


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def test_every_answer_is_in_a_control_tagged_with_its_path(doc, loaded: LoadedApplication) -> None:
    model = loaded.model
    expected: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        if name not in ("pulje", "runde", "budget"):
            _expected(getattr(model, name), name, info, expected)
    tags = [c.tag for c in doc.controls]
    assert len(tags) == len(set(tags)), "a tag stands twice"
    assert sorted(tags) == sorted(expected)
    controls = doc.by_tag()
    for tag, value in expected.items():
        control = controls[tag]
        if control.inline:
            if isinstance(value, Decimal | int) and not isinstance(value, bool):
                continue  # formatted: checked literally below
            assert control.text == _shown(value), tag
        elif tag.startswith("tidsplan."):
            assert control.text == value, tag
        else:
            paragraphs = [(para_text(p), para_style(p) == "ListBullet", keep_next(p))
                          for p in control.paragraphs]
            assert join_blocks(paragraphs) == _shown(value), tag
    literal = {
        "oekonomi.ansoegt_beloeb": "2.150.000,00 kr.",
        "oekonomi.anden_finansiering.ansoegt": "nej",
        "oekonomi.anden_finansiering.beloeb": "",
        "oekonomi.anden_finansiering.kilde": "",
        "maalgruppe.indstilles.pr_maaned": "4",
        "maalgruppe.tilkendes.i_alt": "96",
        "spor2.maaltal_uger.2017-10": "4 uger",
        "spor3.virksomhedsrettet.niveau": "8 %",
        "spor3.virksomhedsrettet.maal.2017-10": "20 %",
        "spor3.virksomhedsrettet.maal.2018-10": "30 %",
        "spor3.mentorstoette.maal.2018-10": "50 %",
        "spor3.ordinaere_timer.maal.2017-10": "3 %",
        "opkvalificering.medarbejdere.6.antal": "3",
        "identifikation.ansvarlig.telefon": "4368 7422",
    }
    assert {tag: controls[tag].text for tag in literal} == literal


def test_controls_carry_the_question_as_alias(doc) -> None:
    controls = doc.by_tag()
    assert controls["spor1.hovedelementer"].alias == (
        "Hvad er hovedelementerne og hvad er nyt i drejebogen ift. kommunens nuværende praksis?")
    assert controls["oekonomi.ansoegt_beloeb"].alias == "Angiv det ansøgte beløb"
    assert controls["identifikation.ansvarlig.navn"].alias == (
        "Projekt- og tilskudsansvarlig: Navn")
    assert all(c.alias for c in doc.controls)
    assert all(c.inline for c in doc.controls if c.tag.endswith((".niveau", ".antal")))
    assert not controls["tidsplan.2017.4"].inline


def test_a_blank_form_has_every_control_empty(tmp_path: Path, doc) -> None:
    target = tmp_path / "blank.docx"
    render_blank(load_pool(POOL), target)
    blank = open_docx(target)
    tags = {c.tag for c in blank.controls}
    assert "spor1.hovedelementer" in tags and "tidsplan.2018.4" in tags
    assert "opkvalificering.medarbejdere.0.funktion" in tags  # one empty row to fill in
    assert "spor3.virksomhedsrettet.maal.2017-10" in tags
    assert {c.tag: c.text for c in blank.controls if c.text} == {}
    filled = {c.tag for c in doc.controls}
    assert tags - filled == set()


# --- amounts ------------------------------------------------------------------------------------


def test_amount_applied_for_is_in_danish_format(doc) -> None:
    assert doc.by_tag()["oekonomi.ansoegt_beloeb"].text == "2.150.000,00 kr."
    assert kind("beloeb").display(None) == ""  # an amount not given is an empty control


# --- golden snapshot -----------------------------------------------------------------------------


def test_golden_snapshot_of_the_rendered_example(doc) -> None:
    text = snapshot(doc)
    if os.environ.get("PULJE_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.is_file(), "no golden file: run with PULJE_UPDATE_GOLDEN=1"
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the rendered example differs from golden/albertslund.txt; if the change is meant, "
        "run PULJE_UPDATE_GOLDEN=1 pytest tests/documents/test_form.py"
    )


def test_a_missing_or_foreign_template_and_an_unloaded_file_fail_with_danish_messages(
    loaded: LoadedApplication, tmp_path: Path
) -> None:
    from pulje.documents.form import NotRenderable, TemplateBroken

    pool = load_pool(POOL)
    context = build_context(loaded.model, pool, loaded.runde)
    tr = Translator("da")
    with pytest.raises(TemplateBroken) as missing:
        render_bytes(tmp_path / "findes-ikke.docx", context)
    assert "mangler" in missing.value.text(tr)
    foreign = tmp_path / "tekst.docx"
    foreign.write_text("ikke Word", encoding="utf-8")
    with pytest.raises(TemplateBroken) as broken:
        render_bytes(foreign, context)
    assert "er ikke et Word-dokument (.docx)" in broken.value.text(tr)
    unloaded = load_text("pulje: bedre-ressourceforloeb\nukendt: 1\n", "fejl.yaml")
    with pytest.raises(NotRenderable):
        render_form(unloaded, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()
