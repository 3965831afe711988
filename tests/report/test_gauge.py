"""The page gauge (``report.gauge.measure``) counts what ``pulje build`` counts: the same pages,
the same sections and the same PAG findings, with the cold converter and with a warm one."""

from __future__ import annotations

from pathlib import Path

import pytest

from pulje.answers.loader import load_application, load_text
from pulje.office import WarmOffice
from pulje.report.gauge import measure
from pulje.report.workflow import build

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    return build(EXAMPLE, tmp_path_factory.mktemp("build") / "ud")


def test_the_gauge_counts_what_build_counts(built, tmp_path: Path) -> None:
    gauge = measure(load_application(EXAMPLE), tmp_path)
    assert built.written and gauge.pages == built.pages
    assert gauge.limit == built.limit == 15
    assert gauge.sections == built.sections
    assert [d.code for d in gauge.diagnostics] == [
        d.code for d in built.diagnostics if d.code.startswith("PAG")]
    assert gauge.beyond == []


def test_the_warm_converter_gives_the_same_gauge(built, tmp_path: Path) -> None:
    with WarmOffice() as office:
        gauge = measure(load_application(EXAMPLE), tmp_path, convert=office.convert_to_pdf)
    assert gauge.pages == built.pages
    assert gauge.sections == built.sections


def test_over_the_limit_the_sections_beyond_it_are_named(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  udarbejdelse: |\n", "  udarbejdelse: |\n    " + "Mere tekst om drejebogen. " * 900
        + "\n\n", 1)
    gauge = measure(load_text(text, "lang.yaml"), tmp_path)
    assert gauge.pages is not None and gauge.pages > 15
    assert [d.code for d in gauge.diagnostics] == ["PAG001"]
    assert gauge.beyond and gauge.beyond[-1].key == "forankring"
    assert all(s.end_page > 15 for s in gauge.beyond)


def test_a_giant_answer_is_bounded_without_libreoffice(tmp_path: Path) -> None:
    def never(sources, outdir):  # type: ignore[no-untyped-def]
        raise AssertionError("LibreOffice must not be asked")

    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  udarbejdelse: |\n", "  udarbejdelse: |\n    " + "ord " * 60_000 + "\n\n", 1)
    gauge = measure(load_text(text, "kaempe.yaml"), tmp_path, convert=never)
    assert gauge.pages is None and gauge.at_least is not None and gauge.at_least > 15
    assert [d.code for d in gauge.diagnostics] == ["PAG001"]


def test_the_desks_text_reader_gives_the_same_sections(built, tmp_path: Path) -> None:
    """pulje web reads the pages' text with pdftotext (drafts.pdftext), faster than pypdf:
    the same pages and sections as build."""
    from pulje.office.pdftext import fast_page_texts

    with WarmOffice() as office:
        gauge = measure(load_application(EXAMPLE), tmp_path, convert=office.convert_to_pdf,
                        texts_of=fast_page_texts)
    assert gauge.pages == built.pages
    assert gauge.sections == built.sections
