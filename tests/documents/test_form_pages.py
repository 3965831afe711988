"""The example laid out by LibreOffice: 12–16 pages (the submitted original had 14), every
section's heading found on its pages, no page with a line or two alone, words broken only at a
hyphen, and the PDF titled and signed as the application."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from pulje.answers.loader import load_application
from pulje.documents.form import render_form, section_headings
from pulje.office import convert_to_pdf, count_pages, page_texts, section_pages
from pulje.pools import load_pool

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pages") / "albertslund.docx"
    render_form(load_application(EXAMPLE), target)
    return target


@pytest.fixture(scope="module")
def pdf(form: Path) -> Path:
    result = convert_to_pdf([form], form.parent)[form]
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


def _body_lines(page: str) -> list[str]:
    """A page's lines of text without the running head (the pool's name) and "Side x af y"."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [line for line in lines if line != "Pulje til Bedre ressourceforløb"
            and not re.fullmatch(r"Side \d+ af \d+", line)]


def test_no_page_holds_only_a_line_or_two(pdf: Path) -> None:
    """What widow/orphan control and keeping headings with their tables are for: no page
    that holds the last line or two of an answer and nothing else."""
    counts = [len(_body_lines(page)) for page in page_texts(pdf)]
    assert min(counts) >= 3, counts


_WORD = re.compile(r"[^\W\d_]+")


def test_words_break_only_at_a_hyphen(pdf: Path, form: Path) -> None:
    """Danish hyphenation in narrow cells: a line never ends in the middle of a word.

    A line's last word must be a word of the document (answers and fixed text), or end with
    a hyphen; the next part of a hyphenated word may start a line of its own.
    """
    words = set()
    for t in docx.Document(str(form)).element.body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        words.update(w.lower() for w in _WORD.findall(unicodedata.normalize("NFKC", t.text or "")))
    lines = [line.rstrip() for page in page_texts(pdf)
             for line in unicodedata.normalize("NFKC", page).splitlines() if line.strip()]
    heads = {_WORD.findall(line)[-1].lower() for line in lines
             if line.endswith("-") and _WORD.findall(line)}
    assert any(line.endswith("-") and _WORD.findall(line)[-1].lower() not in words
               for line in lines), "no word was hyphenated: is hyphen-da installed (make system)?"
    broken = []
    for line in lines:
        found = _WORD.findall(line)
        if not found or not line.endswith((found[-1], "-")):
            continue
        last = found[-1].lower()
        if last in words or any(head + last in words for head in heads):
            continue
        if line.endswith("-") and any(word.startswith(last) for word in words):
            continue
        broken.append(line)
    assert broken == []


def test_the_pdf_has_the_applications_title_and_author(pdf: Path) -> None:
    meta = PdfReader(pdf).metadata
    assert meta is not None
    assert meta.title is not None and meta.title.startswith("Ressourceforløb med fokus på")
    assert meta.author == "Lene Clausen"
