"""`pulje build` end to end: render, convert with LibreOffice, count pages, write whole or not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from cli import main
from pulje.diagnostics import Translator, render_text
from pulje.diagnostics.errors import WouldOverwrite
from pulje.files.hashing import sha256_file
from pulje.report.workflow import build

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("build") / "albertslund"
    return build(EXAMPLE, out)


def test_example_builds_every_document(built) -> None:
    assert built.written
    names = sorted(p.name for p in built.out_dir.iterdir())
    stem = EXAMPLE.stem
    assert names == sorted([
        f"{stem}.docx", f"{stem}.pdf", f"{stem}-bilag-budget.docx", f"{stem}-bilag-budget.pdf",
        f"{stem}-budget.xlsx", "report.json",
    ])
    assert not [p for p in built.out_dir.parent.iterdir() if p.name.startswith(".")]


def test_page_count_is_that_of_the_pdf_and_within_the_real_range(built) -> None:
    pdf = built.files["ansoegning.pdf"]
    assert built.pages == len(PdfReader(pdf).pages)
    # The real submitted application had 14 pages; the limit is 15.
    assert 12 <= built.pages <= 16
    assert built.limit == 15


def test_report_has_hashes_pages_and_sections(built) -> None:
    report = json.loads(built.files["report"].read_text(encoding="utf-8"))
    for name, meta in report["filer"].items():
        path = built.out_dir / name
        assert meta["sha256"] == sha256_file(path)
        assert meta["bytes"] == path.stat().st_size
    assert "report.json" not in report["filer"]
    assert report["format"] == "pulje-rapport/2"
    assert report["sider"] == built.pages
    assert report["sidegraense"] == 15
    assert report["beloeb"] == "2150000.00"
    starts = [s["fra_side"] for s in report["afsnit"]]
    assert starts == sorted(starts) and len(starts) >= 10
    assert report["afsnit"][-1]["til_side"] == built.pages


def _all_text(doc) -> str:
    """Every run of text in the body, content controls included (python-docx skips w:sdt)."""
    return "".join(t.text or "" for t in doc.element.body.iter(qn("w:t")))


def test_docx_opens_again_and_shows_danish_amounts(built) -> None:
    doc = Document(str(built.files["ansoegning.docx"]))
    assert "2.150.000,00 kr." in _all_text(doc)


def test_a_budget_broken_by_one_krone_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "2.150.000,00" in text
    broken.write_text(text.replace('2.150.000,00', '2.150.001,00', 1), encoding="utf-8")
    out = tmp_path / "out"
    result = build(broken, out)
    assert not result.written
    assert [d.code for d in result.diagnostics if d.severity.value == "fejl"] == ["BUD003"]
    assert not out.exists()


def test_draft_builds_despite_errors_and_marks_pages(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('2.150.000,00', '2.150.001,00', 1),
        encoding="utf-8",
    )
    result = build(broken, tmp_path / "out", pdf=False, draft=True)
    assert result.written
    doc = Document(str(result.files["ansoegning.docx"]))
    header = " ".join(p.text for s in doc.sections for p in s.header.paragraphs)
    assert "UDKAST" in header
    report = json.loads(result.files["report"].read_text(encoding="utf-8"))
    assert report["udkast"] is True
    assert any(d["code"] == "BUD003" for d in report["diagnostics"])


def test_an_application_of_twenty_pages_is_refused_naming_sections(tmp_path: Path) -> None:
    long = tmp_path / "long.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    filler = "    " + ("Borgeren inddrages i hele forløbet, og indsatsen følges tæt. " * 60)
    marker = "  koordinering: |\n"
    assert marker in text
    long.write_text(text.replace(marker, marker + (filler + "\n\n") * 6, 1), encoding="utf-8")
    out = tmp_path / "out"
    result = build(long, out)
    assert not result.written and not out.exists()
    over = [d for d in result.diagnostics if d.code == "PAG001"]
    assert len(over) == 1
    assert result.pages is not None and result.pages > 15
    hint = over[0].params["sections"]
    assert "Spor 3" in hint or "organisation" in hint.lower()


def test_cli_build_prints_pages_of_limit(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(EXAMPLE), "-o", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert " af 15 sider" in res.output


def test_cli_build_with_errors_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace('2.150.000,00', '2.150.001,00', 1),
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["build", str(bad), "-o", str(tmp_path / "o"), "--no-pdf"])
    assert res.exit_code == 1
    assert "BUD003" in res.output
    assert not (tmp_path / "o").exists()


def test_pages_command_counts_docx_and_pdf(built, tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["pages", str(built.files["ansoegning.docx"]),
                                    str(built.files["ansoegning.pdf"])])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 2
    assert all(line.endswith(f"{built.pages} sider") for line in lines)


def test_built_docx_imports_back_to_the_same_answers(built, tmp_path: Path) -> None:
    from pulje.answers.loader import load_application
    from pulje.drafts import import_docx

    result = import_docx(built.files["ansoegning.docx"], tmp_path / "back.yaml")
    assert result.written is not None
    assert not [d for d in result.diagnostics if d.code.startswith("DOC")]
    original = load_application(EXAMPLE).model
    back = load_application(result.written).model
    assert original is not None and back is not None
    assert back.model_dump() == original.model_dump()


# --------------------------------------------------------------------------------------------
# Nothing a user made is lost: build replaces only its own, unchanged files (issue 8, item 9)


def _build(out: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(out), "--no-pdf", *args])


def _report_sha(out: Path, name: str) -> str:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report["filer"][name]["sha256"]


DOCX = f"{EXAMPLE.stem}.docx"


def test_building_twice_unchanged_replaces_the_outputs(tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert build(EXAMPLE, out, pdf=False).written
    (out / DOCX).write_bytes(b"stale")  # marks the file, so the test sees it replaced …
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    report["filer"][DOCX]["sha256"] = sha256_file(out / DOCX)  # … as pulje's own
    (out / "report.json").write_text(json.dumps(report), encoding="utf-8")
    res = _build(out)
    assert res.exit_code == 0, res.output
    assert (out / DOCX).read_bytes() != b"stale"
    assert sha256_file(out / DOCX) == _report_sha(out, DOCX)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [DOCX, f"{EXAMPLE.stem}-bilag-budget.docx", f"{EXAMPLE.stem}-budget.xlsx", "report.json"]
    )


def test_an_edited_docx_is_never_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert build(EXAMPLE, out, pdf=False).written
    edited = (out / DOCX).read_bytes() + b"\0 the project leader's edit"
    (out / DOCX).write_bytes(edited)
    res = _build(out)
    assert res.exit_code == 2, res.output
    assert str(out / DOCX) in res.output
    assert "--force" in res.output and "-o" in res.output
    assert (out / DOCX).read_bytes() == edited
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left
    res = _build(out, "--force")
    assert res.exit_code == 0, res.output
    assert (out / DOCX).read_bytes() != edited
    assert sha256_file(out / DOCX) == _report_sha(out, DOCX)


@pytest.mark.parametrize("step", ["_render", "stale"])
def test_a_file_saved_during_the_build_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Word saves the file while the build renders (the check just before the files are
    moved in finds it), or even after that check (each file is replaced only while it is
    still the one pulje recorded: pulje.files.place with unchanged=…)."""
    import pulje.report.workflow as build_module
    out = tmp_path / "o"
    assert build(EXAMPLE, out, pdf=False).written
    real = getattr(build_module, step)

    def while_word_saves(*args: object, **kwargs: object) -> object:
        done = real(*args, **kwargs)
        (out / DOCX).write_bytes(b"saved in Word meanwhile")
        return done

    monkeypatch.setattr(build_module, step, while_word_saves)
    with pytest.raises(WouldOverwrite):
        build(EXAMPLE, out, pdf=False)
    assert (out / DOCX).read_bytes() == b"saved in Word meanwhile"


def test_an_output_folder_of_an_older_pulje_is_still_pulje_s(tmp_path: Path) -> None:
    """A folder with a report of the first format (tests/fixtures/v1, made by pulje before
    the format changed): its files are pulje's, and replaced; one edited since is not."""
    out = tmp_path / "o"
    shutil.copytree(ROOT / "tests" / "fixtures" / "v1" / "uddata", out)
    workbook = out / f"{EXAMPLE.stem}-budget.xlsx"
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["format"] == (
        "pulje-rapport/1")
    edited = tmp_path / "edited"
    shutil.copytree(out, edited)
    assert build(EXAMPLE, out, pdf=False).written
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["format"] == (
        "pulje-rapport/2")
    (edited / workbook.name).write_bytes(b"PK edited in Excel")
    with pytest.raises(WouldOverwrite):
        build(EXAMPLE, edited, pdf=False)
    assert (edited / workbook.name).read_bytes() == b"PK edited in Excel"


@pytest.mark.parametrize("report", [None, "{}", "ikke json", '{"format": "pulje-rapport/1"}'])
def test_a_file_pulje_did_not_write_is_refused(tmp_path: Path, report: str | None) -> None:
    # No report.json (or one that is not pulje's) with files present: the files are not
    # known to be pulje's.
    out = tmp_path / "o"
    out.mkdir()
    (out / DOCX).write_bytes(b"my own application")
    if report is not None:
        (out / "report.json").write_text(report, encoding="utf-8")
    res = _build(out)
    assert res.exit_code == 2, res.output
    assert str(out / DOCX) in res.output or str(out / "report.json") in res.output
    assert (out / DOCX).read_bytes() == b"my own application"


def test_a_foreign_report_is_refused_even_alone(tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "report.json").write_text('{"mine": true}', encoding="utf-8")
    res = _build(out)
    assert res.exit_code == 2
    assert str(out / "report.json") in res.output
    assert (out / "report.json").read_text(encoding="utf-8") == '{"mine": true}'


def test_other_files_in_the_folder_are_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "noter.txt").write_text("mine", encoding="utf-8")
    (out / "indsendelse-20261122-100000").mkdir()
    assert build(EXAMPLE, out, pdf=False).written
    assert build(EXAMPLE, out, pdf=False).written
    assert (out / "noter.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "indsendelse-20261122-100000").is_dir()


def test_a_draft_does_not_replace_a_final_build_without_force(tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert build(EXAMPLE, out, pdf=False).written
    final = (out / DOCX).read_bytes()
    res = _build(out, "--draft")
    assert res.exit_code == 2, res.output
    assert str(out) in res.output and "--force" in res.output
    assert (out / DOCX).read_bytes() == final
    res = _build(out, "--draft", "--force")
    assert res.exit_code == 0, res.output
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["udkast"] is True
    # A final build may replace a draft: that is the way forward.
    assert _build(out).exit_code == 0


def test_outputs_the_build_no_longer_makes_are_removed_only_if_unchanged(
    built, tmp_path: Path
) -> None:
    """A build without PDF over one with PDF: the old, unchanged PDFs would not match the new
    Word files, so they go; a PDF the user changed stays."""
    out = tmp_path / "o"
    shutil.copytree(built.out_dir, out)
    budget_pdf = out / f"{EXAMPLE.stem}-bilag-budget.pdf"
    budget_pdf.write_bytes(budget_pdf.read_bytes() + b"\n% noted")
    assert build(EXAMPLE, out, pdf=False).written
    assert not (out / f"{EXAMPLE.stem}.pdf").exists()
    assert budget_pdf.read_bytes().endswith(b"% noted")


def test_a_target_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.write_text("a file", encoding="utf-8")
    res = _build(out)
    assert res.exit_code == 2
    assert out.read_text(encoding="utf-8") == "a file"


# --------------------------------------------------------------------------------------------
# Bounded work: a giant answer is refused at once, and no message names a staging folder


def _giant(tmp_path: Path, words: int = 50_000) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    marker = "  koordinering: |\n"
    sentence = "Borgeren inddrages i hele forløbet og indsatsen følges tæt af alle parter. "
    giant = tmp_path / "giant.yaml"
    giant.write_text(text.replace(marker, marker + "    " + sentence * (words // 12) + "\n", 1),
                     encoding="utf-8")
    return giant


def _logging_soffice(tmp_path: Path, body: str) -> tuple[Path, Path]:
    calls = tmp_path / "soffice-calls.log"
    script = tmp_path / "soffice"
    script.write_text(f'#!/bin/sh\necho run >> "{calls}"\n{body}')
    script.chmod(0o755)
    return script, calls


def test_a_giant_answer_gets_pag001_without_running_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # LibreOffice needs minutes for 50,000 words in one answer (4 min here before: two
    # timeouts of 120 s); the text alone cannot fit in 15 pages, so no run is needed.
    giant = _giant(tmp_path)
    soffice, calls = _logging_soffice(tmp_path, "exit 1\n")
    monkeypatch.setenv("PULJE_SOFFICE", str(soffice))
    out = tmp_path / "out"
    result = build(giant, out)
    assert not result.written and not out.exists()
    assert not calls.exists()
    over = [d for d in result.diagnostics if d.code == "PAG001"]
    assert len(over) == 1
    assert over[0].params["pages"] > 15
    assert over[0].params["field"] == "spor3.koordinering"
    line = giant.read_text(encoding="utf-8").splitlines().index("  koordinering: |") + 1
    assert over[0].location is not None and over[0].location.file == str(giant)
    assert over[0].location.line in (line, line + 1)
    res = CliRunner().invoke(main, ["build", str(giant), "-o", str(out)])
    assert res.exit_code == 1
    assert "PAG001" in res.output and "mindst" in res.output


def test_a_giant_draft_pays_the_timeout_once_and_names_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    import pulje.report.workflow as build_module
    from pulje.office import convert_to_pdf

    real = shutil.which("soffice")
    assert real
    # Converts one file after the other like LibreOffice, and hangs on the giant form.
    soffice, calls = _logging_soffice(
        tmp_path,
        'opts=""; files=""\n'
        'for a in "$@"; do\n'
        '  case "$a" in *.docx) files="$files $a";; *) opts="$opts $a";; esac\n'
        "done\n"
        "for f in $files; do\n"
        '  if [ "$(stat -c %s "$f")" -gt 150000 ]; then sleep 60; fi\n'
        f'  "{real}" $opts "$f" || exit $?\n'
        "done\n",
    )
    monkeypatch.setenv("PULJE_SOFFICE", str(soffice))
    monkeypatch.setattr(build_module, "convert_to_pdf",
                        functools.partial(convert_to_pdf, timeout=10))  # slack for a loaded machine
    out = tmp_path / "out"
    result = build(_giant(tmp_path), out, draft=True)
    assert result.written
    assert calls.read_text().count("run") == 2  # the hung batch, then the attachment alone
    codes = sorted(d.code for d in result.diagnostics if d.severity.value == "fejl")
    assert codes == ["PAG001", "PAG003"]
    assert (out / "giant-bilag-budget.pdf").is_file()
    failed = next(d for d in result.diagnostics if d.code == "PAG003")
    assert failed.location is not None and failed.location.file == str(out / "giant.docx")
    assert failed.params["file"] == str(out / "giant.docx")
    shown = render_text(result.diagnostics, Translator("da"))
    assert f"{tmp_path}/." not in shown and "/.out." not in shown, shown
    assert "pulje-lo" not in shown
