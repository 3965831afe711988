"""Multi-file validate: every file gets its result whatever the others contain; an unexpected
error in one file is a finding for that file (SCH012), never a traceback; files that are not
answer files (Word, PDF, spreadsheets …) are named as such and point to check or import."""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from answer_edits import EXAMPLE_TEXT, edit
from click.testing import CliRunner, Result
from pypdf import PdfWriter

from cli import main
from pulje import checks
from pulje.checks import validate_files
from pulje.diagnostics import Translator
from pulje.diagnostics.errors import UnreadableInput

DA = Translator("da")
BAD_EMAIL = ("Lene.clausen@albertslund.dk", "lene.clausen@albertslund")


@pytest.fixture(autouse=True)
def _here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "PULJE_TEMPLATES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def put(name: str, content: str | bytes) -> Path:
    path = Path(name)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def word(name: str) -> Path:
    document = docx.Document()
    document.add_paragraph("Ansøgning")
    document.save(name)
    return Path(name)


def pdf(name: str) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(name, "wb") as fh:
        writer.write(fh)
    return Path(name)


def workbook(name: str) -> Path:
    book = openpyxl.Workbook()
    book.save(name)
    return Path(name)


def odt(name: str) -> Path:
    with zipfile.ZipFile(name, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return Path(name)


def test_a_broken_file_between_good_ones_stops_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    good = put("god.yaml", EXAMPLE_TEXT)
    bad = put("fejl.yaml", edit(*BAD_EMAIL))
    faulty = put("fault.yaml", EXAMPLE_TEXT)
    real = checks.load_application

    def load(path: Path, **kwargs):
        if path.name == "fault.yaml":
            raise MemoryError("a fault in pulje")
        return real(path, **kwargs)

    monkeypatch.setattr(checks, "load_application", load)
    result = validate_files([good, faulty, bad, Path("findes-ikke.yaml")])
    by_file = {loaded.file: [d.code for d in found] for loaded, found in result.results}
    assert by_file == {"god.yaml": ["BUD011"], "fault.yaml": ["SCH012"],
                       "fejl.yaml": ["BUD011", "KON001"]}
    assert [str(p) for p, _ in result.unreadable] == ["findes-ikke.yaml"]
    [d] = [d for d in result.diagnostics if d.code == "SCH012"]
    assert d.location is not None and d.location.file == "fault.yaml"
    assert DA.format(d.message, dict(d.params)) == (
        "pulje fejlede under kontrollen af denne fil (MemoryError)."
    )


def test_the_command_gives_every_file_its_findings_and_exit_2_for_the_unreadable() -> None:
    put("god.yaml", EXAMPLE_TEXT)
    put("fejl.yaml", edit(*BAD_EMAIL))
    word("udkast.docx")
    result = run("--lang", "en", "validate", "--format", "json", "god.yaml", "udkast.docx",
                 "fejl.yaml")
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert sorted((d["file"], d["code"]) for d in body["diagnostics"]) == [
        ("fejl.yaml", "BUD011"), ("fejl.yaml", "KON001"), ("god.yaml", "BUD011"),
    ]
    assert "udkast.docx is a Word document, not an answer file." in result.stderr
    # the files are named as the user gave them; no path of pulje's own shows
    assert tempfile.gettempdir() not in result.stdout + result.stderr


OTHERS = [
    pytest.param(word, "udkast.docx", "er et Word-dokument, ikke en svarfil.", "pulje import",
                 id="docx"),
    pytest.param(word, "udkast.yaml", "er et Word-dokument, ikke en svarfil.", "pulje check",
                 id="docx-named-yaml"),
    pytest.param(pdf, "udkast.pdf", "er en PDF, ikke en svarfil.", "pulje check", id="pdf"),
    pytest.param(workbook, "budget.xlsx", "er en Excel-projektmappe, ikke en svarfil.",
                 "pulje check", id="xlsx"),
    pytest.param(odt, "udkast.odt", "er et OpenDocument-tekstdokument (.odt), ikke en svarfil.",
                 "pulje import", id="odt"),
    pytest.param(lambda n: put(n, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "gl.doc",
                 "er et Word-dokument i det gamle format (.doc), ikke en svarfil.", ".docx",
                 id="doc"),
    pytest.param(lambda n: put(n, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "gl.xls",
                 "er en Excel-projektmappe i det gamle format (.xls), ikke en svarfil.",
                 "pulje check", id="xls"),
    pytest.param(lambda n: put(n, b"{\\rtf1\\ansi hej}"), "brev.rtf",
                 "er et RTF-dokument, ikke en svarfil.", ".docx", id="rtf"),
    pytest.param(lambda n: put(n, b"\x8c\x00\xff garbage"), "skadet.docx",
                 "er et Word-dokument, ikke en svarfil.", "pulje check", id="binary-named-docx"),
]


@pytest.mark.parametrize(("make", "name", "said", "points_to"), OTHERS)
def test_a_file_that_is_not_an_answer_file_says_what_it_is(make, name, said, points_to) -> None:
    make(name)
    result = run("validate", name)
    assert result.exit_code == 2
    assert f"{name} {said}" in result.stderr
    assert points_to in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_answer_file_named_docx_is_still_read_as_one() -> None:
    put("svar.docx", EXAMPLE_TEXT)
    assert run("validate", "svar.docx").exit_code == 0


def test_validate_refuses_a_fifo_without_opening_it() -> None:
    os.mkfifo("rør.yaml")
    with pytest.raises(UnreadableInput) as info:
        checks.load_application(Path("rør.yaml"))
    assert "ikke en almindelig fil" in info.value.text(DA)


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read() -> None:
    path = Path("kæmpe.yaml")
    with path.open("wb") as fh:
        fh.truncate(30_000_000)  # sparse: nothing is written, and nothing must be read
    with pytest.raises(UnreadableInput) as info:
        checks.load_application(path)
    assert "for meget til en svarfil" in info.value.text(DA)
