"""The example laid out by LibreOffice: 12–16 pages (the submitted original had 14), every
section's heading found on its pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from answers.loader import load_application
from office import convert_to_pdf, count_pages, page_texts, section_pages
from pools import load_pool
from rendering.form import render_form, section_headings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    form = folder / "albertslund.docx"
    render_form(load_application(EXAMPLE), form)
    result = convert_to_pdf([form], folder)[form]
    assert isinstance(result, Path), result
    return result


def test_the_example_fills_12_to_16_pages(pdf: Path) -> None:
    assert 12 <= count_pages(pdf) <= 16


def test_every_section_heading_is_found_on_its_pages(pdf: Path) -> None:
    headings = section_headings(load_pool("bedre-ressourceforloeb"))
    spans = section_pages(page_texts(pdf), headings)
    assert [s.key for s in spans] == [key for key, _ in headings]
    assert spans[0].start_page == 1
    assert spans[-1].end_page == count_pages(pdf)
    assert all(a.start_page <= b.start_page for a, b in zip(spans, spans[1:], strict=False))
