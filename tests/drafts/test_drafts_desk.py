"""The project office's desk (``pulje check``) with the real LibreOffice, on a folder of mixed
drafts: answer files, Word drafts (edited in Word), PDFs, and every kind of bad file.
(Folders of odd entries: test_desk_entries.py; pulje's own output: test_desk_own_output.py.)

The folder is checked once (module fixture) and the tests look at the result; the PDFs it holds
are made in one LibreOffice run as well.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import drafts_samples as samples
import pytest
from click.testing import CliRunner

import pulje.drafts.desk as desk
from cli import main
from pulje.diagnostics import Translator
from pulje.drafts import DeskResult, DeskRow, check_paths, render_desk_json, render_desk_text
from pulje.office import convert_to_pdf

DA = Translator("da")
pytestmark = pytest.mark.skipif(samples.REAL_SOFFICE is None, reason="LibreOffice is needed")

GOOD = ["albertslund.docx", "albertslund.pdf", "albertslund.yaml", "i-haanden.docx"]
#: Read through their controls or answers: all that decides them is checked.
FULL = ["albertslund.docx", "albertslund.yaml"]
#: Only their text and pages can be checked.
TEXT_ONLY = ["albertslund.pdf", "i-haanden.docx"]
BAD = {
    "beskadiget.docx": "DOC001",
    "tekst.docx": "DOC001",
    "kode.docx": "DOC001",
    "bombe.docx": "DOC002",
    "bombe-mange-dele.docx": "DOC002",
    "loegn.docx": "DOC001",
    "krypteret.pdf": "DOC003",
    "itu.pdf": "DOC003",
}
ORGANISATION = "Projektets organisation og ledelse"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    work = tmp_path_factory.mktemp("work")
    folder = tmp_path_factory.mktemp("indbakke")
    built = samples.built(folder / "albertslund.docx")
    shutil.copyfile(samples.EXAMPLE, folder / "albertslund.yaml")
    samples.edit_control(built, folder / "rettet-500.docx", "maalgruppe.indstilles.i_alt", "500")
    samples.edit_control(built, folder / "ca-4.docx", "maalgruppe.indstilles.pr_maaned", "ca. 4")
    form = samples.form_only(work / "form.docx")
    samples.change_document(form, folder / "i-haanden.docx", samples.unwrap_controls)
    cut = samples.change_document(form, work / "uden-organisation.docx",
                                  samples.cut_section(ORGANISATION))
    pdfs = convert_to_pdf([form, cut], work / "pdf")
    example_pdf, cut_pdf = pdfs[form], pdfs[cut]
    assert isinstance(example_pdf, Path) and isinstance(cut_pdf, Path)
    shutil.copyfile(example_pdf, folder / "albertslund.pdf")
    shutil.copyfile(cut_pdf, folder / "uden-organisation.pdf")
    samples.truncated_zip(built, folder / "beskadiget.docx")
    samples.text_named_docx(folder / "tekst.docx")
    samples.ole_file(folder / "kode.docx")
    samples.zip_bomb(folder / "bombe.docx")
    samples.many_parts_bomb(folder / "bombe-mange-dele.docx")
    samples.lying_zip(built, folder / "loegn.docx")
    samples.encrypted_pdf(example_pdf, folder / "krypteret.pdf")
    samples.broken_pdf(example_pdf, folder / "itu.pdf")
    (folder / "noter.txt").write_text("ikke et udkast", encoding="utf-8")
    (folder / "~$albertslund.docx").write_bytes(b"Word's lock file")
    before = samples.listing(folder)

    calls: list[list[Path]] = []
    real = desk.convert_to_pdf
    progress: list[tuple[int, int]] = []

    def counting(sources: Any, outdir: Path, **kw: Any) -> Any:
        calls.append(list(sources))
        return real(sources, outdir, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(desk, "convert_to_pdf", counting)
        started = time.monotonic()
        result = check_paths([folder], progress=lambda done, total: progress.append((done, total)))
        seconds = time.monotonic() - started
    rows = {Path(row.file).name: row for row in result.files}
    return SimpleNamespace(folder=folder, result=result, rows=rows, calls=calls, before=before,
                           seconds=seconds, progress=progress)


def _codes(row: DeskRow) -> list[str]:
    return sorted(d.code for d in row.diagnostics)


def _text(d: Any) -> str:
    return DA.format(d.message, dict(d.params))


def _cells(line: str) -> list[str]:
    """A row of the text table: its columns stand two or more spaces apart."""
    return re.split(r"\s{2,}", line.strip())


def test_one_row_per_entry_in_name_order_nothing_skipped(batch: SimpleNamespace) -> None:
    names = [Path(row.file).name for row in batch.result.files]
    assert names == sorted(names)
    assert set(names) == set(GOOD) | set(BAD) | {"rettet-500.docx", "ca-4.docx",
                                                 "uden-organisation.pdf", "noter.txt",
                                                 "~$albertslund.docx"}
    assert batch.rows["noter.txt"].status == "ikke kontrolleret"
    assert [d.code for d in batch.rows["noter.txt"].diagnostics] == ["DOC030"]
    assert [d.code for d in batch.rows["~$albertslund.docx"].diagnostics] == ["DOC035"]


def test_all_word_files_are_converted_in_one_libreoffice_run(batch: SimpleNamespace) -> None:
    (sources,) = batch.calls
    # The Word drafts that could be read (rettet-500, ca-4, i-haanden, albertslund), and the
    # form rendered from the answer file; none of the bad ones.
    assert len(sources) == 5
    # LibreOffice gets pulje's private copies, never a file in the user's folder.
    assert not any(batch.folder in p.parents for p in sources)


def test_the_good_drafts_are_ready_with_their_pages(batch: SimpleNamespace) -> None:
    for name in GOOD:
        row = batch.rows[name]
        expected = "klar" if name in FULL else "kun tekst"
        assert row.status == expected, (name, [(d.code, _text(d)) for d in row.diagnostics])
        assert row.fejl == 0
        assert row.sider is not None and 12 <= row.sider <= 15
        assert row.graense == 15
        assert row.beloeb == 2150000
        assert row.pulje == "bedre-ressourceforloeb"
    assert batch.rows["albertslund.docx"].kind == "word"
    assert batch.rows["albertslund.yaml"].kind == "svarfil"
    assert batch.rows["i-haanden.docx"].kind == "word-tekst"
    assert batch.rows["albertslund.pdf"].kind == "pdf"
    # The Word draft and the answer file it came from lay out the same.
    assert batch.rows["albertslund.docx"].sider == batch.rows["albertslund.yaml"].sider


def test_a_pdf_of_the_example_has_every_heading_and_question(batch: SimpleNamespace) -> None:
    for name in ("albertslund.pdf", "i-haanden.docx"):
        codes = _codes(batch.rows[name])
        assert "DOC009" not in codes and "DOC010" not in codes, name
        (amount,) = [d for d in batch.rows[name].diagnostics if d.code == "DOC011"]
        assert _text(amount) == "Ansøgt beløb: 2.150.000,00 kr."


def test_a_pdf_with_a_section_removed_fails_the_heading_check(batch: SimpleNamespace) -> None:
    row = batch.rows["uden-organisation.pdf"]
    assert row.status == "fejl"
    (heading,) = [d for d in row.diagnostics if d.code == "DOC009"]
    assert _text(heading) == f'Skemaets overskrift "{ORGANISATION}" står ikke i dokumentet.'
    questions = [d for d in row.diagnostics if d.code == "DOC010"]
    assert {d.params["question"] for d in questions} >= {
        "Hvordan sammensættes styregruppen?",
        "Hvad er projektlederens rolle i henholdsvis styregruppen og projektet?",
    }
    assert all(d.location is not None and d.location.section == ORGANISATION
               for d in questions)
    assert row.sider is not None and row.sider < batch.rows["albertslund.pdf"].sider


def test_an_edit_in_word_changes_the_findings_at_its_place(batch: SimpleNamespace) -> None:
    row = batch.rows["rettet-500.docx"]
    assert row.status == "fejl"
    (finding,) = [d for d in row.diagnostics if d.code == "MAL001"]
    assert finding.location is not None
    assert finding.location.file == row.file
    assert finding.location.section == "Projektets målgruppe: tabel 3, række 2, kolonne 3"


def test_ca_4_is_a_doc_finding_with_its_place(batch: SimpleNamespace) -> None:
    row = batch.rows["ca-4.docx"]
    assert row.status == "fejl"
    (finding,) = [d for d in row.diagnostics if d.code == "DOC008"]
    assert finding.location is not None
    assert finding.location.section == "Projektets målgruppe: tabel 3, række 2, kolonne 2"
    assert "SCH006" not in _codes(row)
    assert row.sider is not None  # its pages are counted all the same


def test_every_bad_file_gets_its_doc_finding_and_the_rest_is_checked(
    batch: SimpleNamespace,
) -> None:
    for name, code in BAD.items():
        row = batch.rows[name]
        assert _codes(row) == [code], (name, [_text(d) for d in row.diagnostics])
        assert row.status == "ulæselig"
        assert row.sider is None
    assert "adgangskode" in _text(batch.rows["krypteret.pdf"].diagnostics[0])
    assert "adgangskode" in _text(batch.rows["kode.docx"].diagnostics[0])
    assert batch.result.has_errors
    assert not batch.result.unusable


def test_nothing_is_written_next_to_the_inputs(batch: SimpleNamespace) -> None:
    assert samples.listing(batch.folder) == batch.before


def test_progress_is_reported_up_to_every_file(batch: SimpleNamespace) -> None:
    total = len(batch.result.files)
    assert batch.progress[0] == (0, total)
    assert batch.progress[-1] == (total, total)


def test_the_folder_is_checked_in_seconds(batch: SimpleNamespace) -> None:
    assert batch.seconds < 30


def test_the_text_report_is_a_table_then_the_findings(batch: SimpleNamespace) -> None:
    text = render_desk_text(batch.result, DA)
    lines = text.splitlines()
    assert _cells(lines[0]) == ["Fil", "Type", "Fejl", "Advarsler", "Sider", "Status"]
    table = lines[1: 1 + len(batch.result.files)]
    by_name = {Path(_cells(line)[0]).name: _cells(line)[1:] for line in table}
    assert by_name["albertslund.docx"] == [
        "Word-udkast", "0", "0", f"{batch.rows['albertslund.docx'].sider}/15", "klar"]
    assert by_name["albertslund.pdf"][-1] == "kun tekst og sider kontrolleret"
    assert by_name["tekst.docx"] == ["Word-udkast", "1", "0", "–", "ulæselig"]
    assert by_name["noter.txt"] == ["anden", "0", "1", "–", "ikke kontrolleret"]
    assert f"{batch.rows['ca-4.docx'].file} (Word-udkast):" in text
    errors = sum(r.fejl for r in batch.result.files)
    warnings = sum(r.advarsler for r in batch.result.files)
    notes = sum(1 for r in batch.result.files for d in r.diagnostics
                if d.severity.value == "info")
    # the same sentence as pulje validate's: "Fandt 4 fejl, 1 advarsel og 2 bemærkninger."
    counted = [f"{errors} fejl", f"{warnings} " + ("advarsel" if warnings == 1 else "advarsler")]
    if notes:
        counted.append(f"{notes} bemærkning" + ("" if notes == 1 else "er"))
    assert lines[-1] == (
        "17 filer: 2 klar, 2 kun tekst og sider kontrolleret, 3 med fejl, 8 ulæselige, "
        f"2 ikke kontrolleret. Fandt {', '.join(counted[:-1])} og {counted[-1]}."
    )


def test_a_missing_path_makes_the_check_unusable(tmp_path: Path) -> None:
    result = check_paths([tmp_path / "findes-ikke.pdf"])
    assert result.unusable
    (row,) = result.files
    assert row.status == "findes ikke"
    assert _codes(row) == ["DOC016"]


def test_a_hanging_libreoffice_fails_one_file_and_the_rest_is_checked(
    batch: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'for f in "$@"; do\n'
        '  case "$f" in *.docx) if grep -q HAENGER "$f"; then sleep 60; fi;; esac\n'
        "done\n"
        f'exec "{samples.REAL_SOFFICE}" "$@"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PULJE_SOFFICE", str(fake))
    inbox = tmp_path / "indbakke"
    inbox.mkdir()
    good = shutil.copyfile(batch.folder / "albertslund.docx", inbox / "god.docx")
    hangs = samples.with_marker(good, inbox / "haenger.docx", b"HAENGER")
    pdf = shutil.copyfile(batch.folder / "albertslund.pdf", inbox / "albertslund.pdf")
    result = check_paths([hangs, good, pdf], timeout=5)
    rows = {Path(r.file).name: r for r in result.files}
    assert [d.code for d in rows["haenger.docx"].diagnostics if d.code.startswith("DOC")] == [
        "DOC004"
    ]
    finding = next(d for d in rows["haenger.docx"].diagnostics if d.code == "DOC004")
    assert _text(finding) == f"LibreOffice brugte mere end 5 sekunder på {hangs} og blev stoppet."
    assert rows["haenger.docx"].sider is None
    assert rows["god.docx"].sider == batch.rows["albertslund.docx"].sider
    assert rows["god.docx"].status == "klar"
    assert rows["albertslund.pdf"].status == "kun tekst"


def test_without_libreoffice_word_files_get_a_finding_and_pdfs_are_checked(
    batch: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULJE_SOFFICE", str(tmp_path / "intet-soffice"))
    result = check_paths([batch.folder / "albertslund.docx", batch.folder / "albertslund.pdf"])
    docx_row, pdf_row = result.files
    assert "DOC004" in _codes(docx_row) and docx_row.sider is None
    assert pdf_row.status == "kun tekst"
    assert pdf_row.sider == batch.rows["albertslund.pdf"].sider


def test_pypdf_reads_a_pdf_as_pdftotext_does(
    batch: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULJE_PDFTEXT", "pypdf")  # as on a machine without poppler-utils
    files = [batch.folder / "albertslund.pdf", batch.folder / "uden-organisation.pdf"]
    slow = {Path(r.file).name: r for r in check_paths(files).files}
    for name, row in slow.items():
        assert (row.sider, row.status, _codes(row)) == (
            batch.rows[name].sider, batch.rows[name].status, _codes(batch.rows[name])
        )


# --- the command line -------------------------------------------------------------------------


def test_pulje_check_prints_one_line_per_file_and_exits_1(batch: SimpleNamespace) -> None:
    out = CliRunner().invoke(main, ["--lang", "da", "check", str(batch.folder)])
    assert out.exit_code == 1, out.output
    lines = out.output.splitlines()
    assert _cells(lines[0]) == ["Fil", "Type", "Fejl", "Advarsler", "Sider", "Status"]
    table = lines[1: 1 + len(batch.result.files)]
    assert [Path(_cells(line)[0]).name for line in table] == sorted(batch.rows)
    words = {"klar": "klar", "kun tekst": "kun tekst og sider kontrolleret", "fejl": "fejl",
             "ulæselig": "ulæselig", "ikke kontrolleret": "ikke kontrolleret"}
    assert [_cells(line)[-1] for line in table] == [
        words[batch.rows[Path(_cells(line)[0]).name].status] for line in table
    ]


def test_pulje_check_json_parses(batch: SimpleNamespace) -> None:
    files = [batch.folder / "albertslund.pdf", batch.folder / "tekst.docx"]
    out = CliRunner().invoke(main, ["--lang", "da", "check", "--format", "json",
                                    *map(str, files)])
    assert out.exit_code == 1, out.output
    body = json.loads(out.output)
    pdf, text = body["filer"]
    assert (pdf["status"], pdf["fejl"], pdf["sidegraense"]) == ("kun tekst", 0, 15)
    assert (pdf["status_text"], pdf["kontrol"]) == ("kun tekst og sider kontrolleret", "tekst")
    assert pdf["beloeb"] == "2150000.00"
    assert pdf["sider"] == batch.rows["albertslund.pdf"].sider
    assert (text["status"], [d["code"] for d in text["diagnostics"]]) == ("ulæselig", ["DOC001"])
    assert body["summary"]["filer"] == 2


def test_pulje_check_of_a_missing_path_exits_2(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["--lang", "da", "check", str(tmp_path / "nej.pdf")])
    assert out.exit_code == 2
    assert "findes ikke" in out.output


def test_json_of_a_result_round_trips_its_counts() -> None:
    result = DeskResult(files=[DeskRow("a.pdf", "pdf", scope="tekst"),
                               DeskRow("b.docx", "word", scope="fuld"),
                               DeskRow("c.pdf", "pdf")])
    body = json.loads(render_desk_json(result, DA))
    assert [f["status"] for f in body["filer"]] == ["kun tekst", "klar", "ikke kontrolleret"]
    summary = body["summary"]
    assert (summary["klar"], summary["kun_tekst"], summary["ikke_kontrolleret"]) == (1, 1, 1)
    assert summary["filer"] == 3 == sum(
        summary[k] for k in ("klar", "kun_tekst", "fejl", "ulaeselige", "findes_ikke",
                             "ikke_kontrolleret"))


def test_a_row_is_ready_only_when_everything_that_decides_it_was_checked() -> None:
    assert DeskRow("a.pdf", "pdf").status == "ikke kontrolleret"  # nothing checked yet
    assert DeskRow("a.pdf", "pdf", scope="tekst").status == "kun tekst"
    assert DeskRow("a.docx", "word", scope="fuld").status == "klar"
