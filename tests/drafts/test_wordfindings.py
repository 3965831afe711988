"""A Word draft carries the findings of its answer file, in Word's words: nothing doubled or
added by reading it back; a form with nothing filled in is one finding; a section deleted in
Word is named by its heading as printed. No LibreOffice: reading needs only the XML."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import drafts_samples as samples
import pytest
from click.testing import CliRunner

from cli import main
from pulje.answers.loader import load_text
from pulje.checks import check
from pulje.diagnostics import Diagnostic, Translator
from pulje.diagnostics.report import message_text
from pulje.documents.form import render_draft
from pulje.drafts import write_blank_docx
from pulje.drafts.importer import answer_text
from pulje.drafts.pairing import read_application
from pulje.drafts.wordfindings import draft_findings

POOL = "bedre-ressourceforloeb"
DA, EN = Translator("da"), Translator("en")
ORGANISATION = "Projektets organisation og ledelse"


def _found(docx: Path) -> list[Diagnostic]:
    draft = read_application(docx, beside=docx)
    loaded = load_text(answer_text(draft, docx.name), str(docx))
    return draft_findings(loaded, draft)


def _key(d: Diagnostic) -> tuple[str, str, tuple[object, ...]]:
    return d.code, str(d.message), tuple(d.path)


@pytest.mark.parametrize("blanked", [
    # a whole section left blank (its four questions), and the answers of another
    ("spor1", "organisation"),
    # every section but one left blank
    ("identifikation", "maalgruppe", "formaal", "spor1", "spor2", "spor3", "organisation",
     "virksomhedssamarbejde", "tvaerfagligt_samarbejde", "opkvalificering", "forankring"),
])
def test_a_draft_has_the_findings_of_its_answer_file(tmp_path: Path,
                                                     blanked: tuple[str, ...]) -> None:
    text = samples.EXAMPLE.read_text(encoding="utf-8")
    lines, skip = [], False
    for line in text.splitlines():
        top = line[:1].isalpha()
        if top:
            skip = line.split(":", 1)[0] in blanked
            lines.append(line.split(":", 1)[0] + ": {}" if skip else line)
        elif not skip:
            lines.append(line)
    # each blanked section as a new answer file writes it: its questions there, unanswered
    loaded = load_text("\n".join(lines) + "\n", "svar.yaml")
    for section in blanked:
        assert section in loaded.model.model_fields_set  # type: ignore[union-attr]
    docx = tmp_path / "udkast.docx"
    render_draft(loaded, docx)
    mine = Counter(_key(d) for d in check(loaded))
    read = Counter(_key(d) for d in _found(docx))
    assert read == mine
    assert "TXT003" not in {code for code, _, _ in read}


def test_a_form_with_nothing_filled_in_is_one_finding(tmp_path: Path) -> None:
    blank = write_blank_docx(POOL, tmp_path / "tomt.docx")
    [finding] = _found(blank)
    assert finding.code == "DOC040"
    da, da_hint = message_text(finding, DA)
    assert da == "Skemaet er slet ikke udfyldt: ingen af dets 55 svarfelter har et svar."
    assert finding.location is not None and finding.location.file.endswith("tomt.docx")
    assert "Word" in da_hint
    en, _ = message_text(finding, EN)
    assert en.startswith("Nothing is filled in in the form: none of its 55")
    # one answer filled in: the form's findings are its questions' again, no section missing
    one = samples.edit_control(blank, tmp_path / "en.docx", "formaal.forandringer", "Flere i job.")
    found = _found(one)
    assert {d.code for d in found} >= {"TXT001", "MAA004"}
    assert "DOC040" not in {d.code for d in found} and "TXT003" not in {d.code for d in found}


def test_a_section_deleted_in_word_is_one_finding_in_words_of_the_form(tmp_path: Path) -> None:
    built = samples.built(tmp_path / "albertslund.docx")
    cut = samples.change_document(built, tmp_path / "uden.docx", samples.cut_section(ORGANISATION))
    found = _found(cut)
    missing = [d for d in found if d.code == "TXT003"]
    assert len(missing) == 1
    assert [d.code for d in found if d.code == "DOC005"] == []  # not once per field as well
    da, hint = message_text(missing[0], DA)
    assert da == (f"Afsnittet '{ORGANISATION}' mangler i skemaet: ingen af dets svarfelter "
                  "er i dokumentet.")
    assert "svarfil" not in da and "pulje init bedre-ressourceforloeb --docx" in hint
    en, _ = message_text(missing[0], EN)
    assert en.startswith(f"The section '{ORGANISATION}' is missing from the form")
    # the answer file's own words stay for an answer file
    text = samples.EXAMPLE.read_text(encoding="utf-8")
    start = text.index("\norganisation:")
    end = text.index("\nvirksomhedssamarbejde:")
    [yaml_finding] = [d for d in check(load_text(text[:start] + text[end:], "svar.yaml"))
                      if d.code == "TXT003"]
    assert message_text(yaml_finding, DA)[0].endswith("mangler i svarfilen.")


def test_import_of_a_form_with_nothing_filled_in_writes_nothing(tmp_path: Path) -> None:
    blank = tmp_path / "skema.docx"
    runner = CliRunner()
    assert runner.invoke(main, ["--lang", "da", "init", POOL, "--docx", str(blank)]).exit_code == 0
    answers = tmp_path / "svar.yaml"
    out = runner.invoke(main, ["--lang", "da", "import", str(blank), "-o", str(answers)])
    assert out.exit_code == 1
    assert out.output.count("DOC040") == 1 and "TXT003" not in out.output
    assert "TXT001" not in out.output
    assert not answers.exists()
