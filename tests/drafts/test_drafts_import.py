"""Word round trip: build → edit in Word (python-docx) → import, and the blank form of init --docx.

No LibreOffice here: reading a draft needs only its XML.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import drafts_samples as samples
import pytest
from click.testing import CliRunner

from cli import main
from pulje.answers.answerfile import dump
from pulje.answers.loader import load_application
from pulje.diagnostics import Translator, render_text
from pulje.diagnostics.errors import UnreadableInput, WouldOverwrite
from pulje.drafts import ImportResult, describe_import, import_docx, write_blank_docx
from pulje.drafts.controls import PLACEHOLDER_BLOCK, PLACEHOLDER_INLINE, read_controls
from pulje.drafts.fields import Unfit, parse_amount, parse_number, parse_pct, parse_yes_no
from pulje.drafts.package import open_docx
from pulje.drafts.pairing import read_application
from pulje.drafts.reader import read_draft
from pulje.yamlsource import parse

DA = Translator("da")
POOL = "bedre-ressourceforloeb"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The example built once, and the answer file it imports to."""
    folder = tmp_path_factory.mktemp("built")
    docx = samples.built(folder / "albertslund.docx")
    target = folder / "importeret.yaml"
    result = import_docx(docx, target)
    return SimpleNamespace(folder=folder, docx=docx, target=target, result=result)


def _codes(result: ImportResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def _import(docx: Path, folder: Path, name: str = "svar.yaml") -> ImportResult:
    return import_docx(docx, folder / name)


# --- the round trip -------------------------------------------------------------------------


def test_build_then_import_gives_the_original_answers(built: SimpleNamespace) -> None:
    original = samples.example()
    assert built.result.written == built.target
    loaded = load_application(built.target)
    assert loaded.diagnostics == []
    assert loaded.model is not None and original.model is not None
    assert loaded.model.model_dump() == original.model.model_dump()
    # Every field of the form came from a control; the budget came from pulje's part.
    assert built.result.fields == 69
    assert not [d for d in built.result.diagnostics if d.code.startswith(("DOC", "SCH"))]


def test_the_answer_file_is_in_the_forms_order_with_block_scalars(built: SimpleNamespace) -> None:
    text = built.target.read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines()
            if line and not line.startswith((" ", "#"))]
    assert keys == ["pulje", "runde", "identifikation", "oekonomi", "maalgruppe", "formaal",
                    "spor1", "spor2", "spor3", "organisation", "virksomhedssamarbejde",
                    "tvaerfagligt_samarbejde", "tidsplan", "opkvalificering", "forankring",
                    "budget"]
    assert "  hovedelementer: |-\n    Drejebogen vil består af 3 hovedredskaber" in text
    # A bullet list comes back as "- " lines directly below the paragraph they follow.
    assert "    Projektleders roller i projektet er:\n    - sikre og understøtte" in text
    assert '    "2017-10": 20\n' in text
    assert "  ansoegt_beloeb: 2150000.00\n" in text


def test_describe_import_says_what_was_written(built: SimpleNamespace) -> None:
    text = describe_import(built.result, DA)
    assert text.splitlines()[0] == (
        f"Skrev {built.target} (69 felter læst fra {built.docx})."
    )


def test_an_edit_in_word_comes_back_and_changes_the_findings(
    built: SimpleNamespace, tmp_path: Path
) -> None:
    edited = samples.edit_control(built.docx, tmp_path / "rettet.docx",
                                  "maalgruppe.indstilles.i_alt", "500")
    result = _import(edited, tmp_path)
    loaded = load_application(tmp_path / "svar.yaml")
    assert loaded.model is not None
    assert loaded.model.model_dump()["maalgruppe"]["indstilles"]["i_alt"] == 500
    assert "MAL001" not in _codes(built.result)
    found = [d for d in result.diagnostics if d.code == "MAL001"]
    assert len(found) == 1
    assert DA.format(found[0].message, dict(found[0].params)).startswith("500 i hele perioden")
    # The budget survived python-docx's save: it is in pulje's part, which Word keeps too.
    assert loaded.model.model_dump()["budget"] == samples.example().model.model_dump()["budget"]


def test_ca_4_in_a_number_control_is_a_doc_finding_at_its_place(
    built: SimpleNamespace, tmp_path: Path
) -> None:
    edited = samples.edit_control(built.docx, tmp_path / "ca.docx",
                                  "maalgruppe.indstilles.pr_maaned", "ca. 4")
    result = _import(edited, tmp_path)
    (finding,) = [d for d in result.diagnostics if d.code == "DOC008"]
    assert finding.location is not None
    assert finding.location.file == str(edited)
    assert finding.location.section == "Projektets målgruppe: tabel 3, række 2, kolonne 2"
    assert DA.format(finding.message, dict(finding.params)) == (
        "'ca. 4' i 'Borgere der indstilles til møde med rehabiliteringsteamet, og som "
        "sandsynligvis vil blive tilkendt…' er ikke et helt tal (skriv fx 4 eller 1.200)."
    )
    # The text is kept in the answer file for the user to correct, and not reported twice.
    assert '    pr_maaned: "ca. 4"\n' in (tmp_path / "svar.yaml").read_text(encoding="utf-8")
    assert "SCH006" not in _codes(result)
    text = render_text(result.diagnostics, DA)
    # The place as the form prints it: the heading, the question (cut), the table's cell.
    assert (f"{edited} (Projektets målgruppe › \"Borgere der indstilles til møde med "
            "rehabiliteringsteamet, og som…\" › tabel 3, række 2, kolonne 2): DOC008 fejl"
            ) in text
    assert (finding.location.heading, finding.location.table, finding.location.row,
            finding.location.column) == ("Projektets målgruppe", 3, 2, 2)


@pytest.mark.parametrize(("tag", "text", "field", "value"), [
    ("oekonomi.ansoegt_beloeb", "2.150.000,00 kr.", ("oekonomi", "ansoegt_beloeb"), "2150000.00"),
    ("oekonomi.ansoegt_beloeb", "2150000", ("oekonomi", "ansoegt_beloeb"), "2150000.00"),
    ("spor3.virksomhedsrettet.maal.2017-10", "22,5 %",
     ("spor3", "virksomhedsrettet", "maal"), {"2017-10": "22.5", "2018-10": "30"}),
    ("spor2.maaltal_uger.2018-10", "6 uger", ("spor2", "maaltal_uger"),
     {"2017-10": 4, "2018-10": 6}),
    ("oekonomi.anden_finansiering.ansoegt", "Ja", ("oekonomi", "anden_finansiering", "ansoegt"),
     True),
    ("opkvalificering.medarbejdere.6.antal", "1.200", ("opkvalificering", "medarbejdere"),
     None),
])
def test_values_as_the_form_prints_them_are_read(
    built: SimpleNamespace, tmp_path: Path, tag: str, text: str, field: tuple[str, ...],
    value: Any,
) -> None:
    edited = samples.edit_control(built.docx, tmp_path / "v.docx", tag, text)
    result = _import(edited, tmp_path)
    assert not [d for d in result.diagnostics if d.code.startswith(("DOC", "SCH"))]
    loaded = load_application(tmp_path / "svar.yaml")
    assert loaded.model is not None
    data = loaded.model.model_dump(mode="json")
    for part in field:
        data = data[part]
    if value is None:
        assert data[6] == {"funktion": "Koordinerende sagsbehandlere", "antal": 1200}
    else:
        assert data == value


def test_rows_added_to_a_list_table_in_word_come_back(
    built: SimpleNamespace, tmp_path: Path
) -> None:
    tag = "opkvalificering.medarbejdere.6.funktion"
    doc = samples.change_document(built.docx, tmp_path / "a.docx", samples.copy_last_row(
        tag, ["Mentorer", "5"]))
    doc = samples.change_document(doc, tmp_path / "b.docx", samples.add_plain_row(
        tag, ["Jobkonsulenter", "1.200"]))
    result = _import(doc, tmp_path)
    assert not [d for d in result.diagnostics if d.code.startswith(("DOC", "SCH"))]
    loaded = load_application(tmp_path / "svar.yaml")
    assert loaded.model is not None
    rows = loaded.model.model_dump()["opkvalificering"]["medarbejdere"]
    assert [(r["funktion"], r["antal"]) for r in rows[-3:]] == [
        ("Koordinerende sagsbehandlere", 3), ("Mentorer", 5), ("Jobkonsulenter", 1200),
    ]
    assert len(rows) == 9


def test_a_bad_number_in_an_added_row_is_found_at_its_cell(
    built: SimpleNamespace, tmp_path: Path
) -> None:
    doc = samples.change_document(built.docx, tmp_path / "a.docx", samples.add_plain_row(
        "opkvalificering.medarbejdere.0.antal", ["Jobkonsulenter", "ca. fem"]))
    result = _import(doc, tmp_path)
    (finding,) = [d for d in result.diagnostics if d.code == "DOC008"]
    assert finding.location is not None
    assert finding.location.section == (
        "Opkvalificering af medarbejdere: tabel 17, række 9, kolonne 2"
    )
    assert finding.params["text"] == "ca. fem"


def test_missing_unknown_and_duplicated_controls(built: SimpleNamespace, tmp_path: Path) -> None:
    doc = samples.change_document(built.docx, tmp_path / "a.docx",
                                  samples.drop_control("spor1.udarbejdelse"))
    retag = samples.retag_control("spor1.implementering", "spor1.implementring")
    doc = samples.change_document(doc, tmp_path / "b.docx", retag)
    doc = samples.change_document(doc, tmp_path / "c.docx",
                                  samples.duplicate_control("formaal.forandringer"))
    result = _import(doc, tmp_path)
    found = [(d.code, d.params["tag"], d.location.section if d.location else None)
             for d in result.diagnostics if d.code.startswith("DOC")]
    spor1 = "Spor 1 - Fælles forberedelse af sagen"
    assert sorted(found) == [
        ("DOC005", "spor1.implementering", spor1),  # its tag was changed …
        ("DOC005", "spor1.udarbejdelse", spor1),
        ("DOC006", "spor1.implementring", f"{spor1}: tabel 5, række 3, kolonne 2"),  # … to this
        ("DOC007", "formaal.forandringer", "Projektets formål: tabel 4, række 1, kolonne 2"),
    ]
    # Both questions left without a control are then unanswered in the answer file.
    assert sum(1 for d in result.diagnostics if d.code == "TXT001") == 2


def test_an_existing_answer_file_is_never_overwritten_without_force(
    built: SimpleNamespace, tmp_path: Path
) -> None:
    target = tmp_path / "svar.yaml"
    target.write_text("mit eget\n", encoding="utf-8")
    with pytest.raises(WouldOverwrite):
        import_docx(built.docx, target)
    assert target.read_text(encoding="utf-8") == "mit eget\n"
    result = import_docx(built.docx, target, force=True)
    assert result.written == target
    assert target.read_text(encoding="utf-8").count("pulje: ") == 1


def test_a_draft_that_is_not_there_or_not_word_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput):
        import_docx(tmp_path / "findes-ikke.docx", tmp_path / "svar.yaml")
    result = _import(samples.text_named_docx(tmp_path / "tekst.docx"), tmp_path)
    assert _codes(result) == ["DOC001"]
    assert result.written is None
    assert not (tmp_path / "svar.yaml").exists()
    target = tmp_path / "svar.yaml"
    assert describe_import(result, DA) == f"Der blev ikke skrevet noget til {target}."


def test_a_word_file_without_controls_has_nothing_to_import(tmp_path: Path) -> None:
    plain = samples.change_document(samples.form_only(tmp_path / "f.docx"), tmp_path / "h.docx",
                                    samples.unwrap_controls)
    result = _import(plain, tmp_path)
    assert _codes(result) == ["DOC005"]
    assert result.written is None


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    result = _import(samples.zip_bomb(tmp_path / "bombe.docx"), tmp_path)
    assert _codes(result) == ["DOC002"]
    (finding,) = result.diagnostics
    assert "zip-bombe" in DA.format(finding.message, dict(finding.params))


def test_a_password_protected_word_file_is_named_as_such(tmp_path: Path) -> None:
    result = _import(samples.ole_file(tmp_path / "kode.docx"), tmp_path)
    (finding,) = result.diagnostics
    assert finding.code == "DOC001"
    assert "adgangskode" in DA.format(finding.message, dict(finding.params))


def test_an_excel_file_named_docx_is_not_word(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "regneark.docx"
    Workbook().save(path)
    result = _import(path, tmp_path)
    assert _codes(result) == ["DOC001"]
    assert "ikke et Word-dokument" in DA.format(result.diagnostics[0].message,
                                                dict(result.diagnostics[0].params))


def test_xml_with_a_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dtd.docx"
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'))
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a '
                         '"aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><x>&b;</x>')
    result = _import(path, tmp_path)
    assert _codes(result) == ["DOC001"]
    assert "DTD" in DA.format(result.diagnostics[0].message, dict(result.diagnostics[0].params))


# --- Word as it saves: split runs, tracked changes, line breaks -----------------------------


def test_tracked_changes_and_line_breaks_read_as_word_shows_them(
    built: SimpleNamespace, tmp_path: Path
) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    def change(document: Any) -> None:
        (sdt,) = samples._sdts(document, "identifikation.ansvarlig.adresse")
        content = sdt.find(qn("w:sdtContent"))
        for child in list(content):
            content.remove(child)
        content.append(parse_xml(
            f"<w:r {nsdecls('w')}><w:t>Bytorvet 25</w:t><w:br/><w:t>2620 </w:t></w:r>"))
        content.append(parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>København'
            "</w:delText></w:r></w:del>"))
        content.append(parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t>Albertslund</w:t></w:r>'
            "</w:ins>"))

    doc = samples.change_document(built.docx, tmp_path / "spor.docx", change)
    draft = read_draft(doc)
    assert draft.data is not None
    assert draft.data["identifikation"]["ansvarlig"]["adresse"] == "Bytorvet 25\n2620 Albertslund"


# --- the blank form (pulje init --docx) ---------------------------------------------------------


def test_the_blank_form_has_the_controls_of_a_built_form_with_placeholders(
    built: SimpleNamespace, tmp_path: Path
) -> None:
    blank = write_blank_docx(POOL, tmp_path / "tomt.docx")
    scan = read_controls(open_docx(blank))
    built_scan = read_controls(open_docx(built.docx))
    assert [c.tag for c in scan.controls if ".medarbejdere." not in c.tag] == [
        c.tag for c in built_scan.controls if ".medarbejdere." not in c.tag
    ]
    shown = {c.tag: c for c in scan.controls}
    assert shown["spor1.hovedelementer"].placeholder
    assert shown["spor1.hovedelementer"].text == ""
    raw = samples.docx_bytes_of(blank)["word/document.xml"].decode("utf-8")
    assert PLACEHOLDER_BLOCK in raw and PLACEHOLDER_INLINE in raw
    assert "w:showingPlcHdr" in raw
    # Nothing from the placeholders ends up as an answer; a form without its budget workbook
    # beside it has no budget, and says where to get one.
    draft = read_application(blank, beside=blank)
    sections = {k: v for k, v in (draft.data or {}).items() if k not in ("pulje", "runde")}
    assert (draft.data or {})["pulje"] == POOL and draft.answered == 0
    assert sections and all(v in ({}, []) for v in sections.values())  # there, unanswered
    assert [d.code for d in draft.diagnostics] == ["DOC014"]
    assert draft.diagnostics[0].params["workbook"] == "tomt-budget.xlsx"


def test_the_blank_form_is_never_written_over_a_file(tmp_path: Path) -> None:
    target = tmp_path / "tomt.docx"
    target.write_bytes(b"mit")
    with pytest.raises(WouldOverwrite):
        write_blank_docx(POOL, target)
    assert target.read_bytes() == b"mit"


def test_a_blank_form_filled_in_word_imports(tmp_path: Path) -> None:
    blank = write_blank_docx(POOL, tmp_path / "tomt.docx")
    filled = samples.edit_control(blank, tmp_path / "udfyldt.docx", "formaal.forandringer",
                                  "Flere borgere i job.")
    filled = samples.edit_control(filled, tmp_path / "udfyldt2.docx",
                                  "maalgruppe.tilkendes.pr_maaned", "3")
    draft = read_draft(filled)
    assert draft.data is not None
    assert draft.data["formaal"] == {"forandringer": "Flere borgere i job."}
    assert draft.data["maalgruppe"] == {"tilkendes": {"pr_maaned": 3}}


def test_cli_init_docx_then_import(tmp_path: Path) -> None:
    runner = CliRunner()
    blank = tmp_path / "skema.docx"
    out = runner.invoke(main, ["--lang", "da", "init", POOL, "--docx", str(blank)])
    assert out.exit_code == 0, out.output
    assert blank.is_file()
    answers = tmp_path / "svar.yaml"
    # (a form with nothing filled in imports nothing: tests/drafts/test_wordfindings.py)
    blank = samples.edit_control(blank, tmp_path / "udfyldt.docx", "formaal.forandringer",
                                 "Flere borgere i job.")
    out = runner.invoke(main, ["--lang", "da", "import", str(blank), "-o", str(answers)])
    assert out.exit_code == 1  # a form with unanswered questions: fejl
    assert f"Skrev {answers}" in out.output
    again = runner.invoke(main, ["--lang", "da", "import", str(blank), "-o", str(answers)])
    assert again.exit_code == 2
    assert "findes allerede" in again.output


# --- values and the answer file's text ---------------------------------------------------------


def test_parsing_the_forms_printed_values() -> None:
    assert parse_number("1.200") == 1200
    assert parse_number(" 4 uger ") == 4
    assert parse_amount("2.150.000,00 kr.") == parse_amount("2150000") == 2150000
    assert parse_amount("12.500 DKK") == 12500
    assert parse_pct("20 %") == 20 and parse_pct("2,5%") == parse_pct("2.5 pct.")
    assert parse_yes_no("Nej") is False and parse_yes_no("ja.") is True
    for bad, parser in [("ca. 4", parse_number), ("4,5", parse_number), ("-3", parse_number),
                        ("omkring 2 mio.", parse_amount), ("1,234 kr.", parse_amount),
                        ("tyve %", parse_pct), ("måske", parse_yes_no)]:
        with pytest.raises(Unfit):
            parser(bad)


def test_any_text_is_written_so_that_it_reads_back_exactly() -> None:
    rng = random.Random(4)
    alphabet = "ab æøå\t\n\r\"'\\:#-|>{}[]&*!%@`,?0\x85\u2028\u2029\x7f\ufeff\U0001f600 "
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        data = {"a": {"b": text, "c": [text, {"d": text}], "2017-10": text}}
        for as_block in (True, False):
            doc = parse(dump(data, is_text=lambda _p, b=as_block: b), "x.yaml")
            assert doc.diagnostics == [] and doc.data == data, repr(text)
