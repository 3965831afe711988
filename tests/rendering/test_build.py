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
from rendering.build import build, sha256_file

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
    pdf = built.files["pdf"]
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
    assert report["sider"]["ansoegning"] == built.pages
    assert report["sider"]["graense"] == 15
    assert report["ansoegt_beloeb"] == "2150000.00"
    starts = [s["fra_side"] for s in report["afsnit"]]
    assert starts == sorted(starts) and len(starts) >= 10
    assert report["afsnit"][-1]["til_side"] == built.pages


def _all_text(doc) -> str:
    """Every run of text in the body, content controls included (python-docx skips w:sdt)."""
    return "".join(t.text or "" for t in doc.element.body.iter(qn("w:t")))


def test_docx_opens_again_and_shows_danish_amounts(built) -> None:
    doc = Document(str(built.files["docx"]))
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
    doc = Document(str(result.files["docx"]))
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
    res = CliRunner().invoke(main, ["pages", str(built.files["docx"]), str(built.files["pdf"])])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 2
    assert all(line.endswith(f"{built.pages} sider") for line in lines)


def test_built_docx_imports_back_to_the_same_answers(built, tmp_path: Path) -> None:
    from answers.loader import load_application
    from drafts import import_docx

    result = import_docx(built.files["docx"], tmp_path / "back.yaml")
    assert result.written is not None
    assert not [d for d in result.diagnostics if d.code.startswith("DOC")]
    original = load_application(EXAMPLE).model
    back = load_application(result.written).model
    assert original is not None and back is not None
    assert back.model_dump() == original.model_dump()
