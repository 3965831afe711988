"""office.estimate.min_pages: a lower bound on pages that the real layout never undercuts.

The claim that matters is safety: a false bound would refuse an application that fits. So
documents built to be as dense as possible (the narrowest letters, small type, tight line
spacing, narrow columns, other fonts) are laid out by the real LibreOffice, and the bound must
not exceed their real page count — while staying useful (within a factor of a few).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from pulje.office import convert_to_pdf
from pulje.office.estimate import min_pages

REAL_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
DANISH = "Borgeren inddrages i hele forløbet, og indsatsen følges tæt af jobcentret. "


def _doc(path: Path, text: str, *, font: str = "Calibri", size: float = 11,
         spacing: float | None = None, exact: float | None = None, italic: bool = False,
         columns: int = 0) -> Path:
    document = docx.Document()
    if columns:
        table = document.add_table(rows=1, cols=columns)
        cells = [table.cell(0, i) for i in range(columns)]
        paragraphs = [cell.paragraphs[0] for cell in cells]
    else:
        paragraphs = [document.add_paragraph()]
    for paragraph in paragraphs:
        run = paragraph.add_run(text)
        run.font.name = font
        run.font.size = Pt(size)
        run.font.italic = italic
        fmt = paragraph.paragraph_format
        if spacing is not None:
            fmt.line_spacing = spacing
        if exact is not None:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(exact)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int | None, int]]:
    assert REAL_SOFFICE, "LibreOffice must be installed"
    root = tmp_path_factory.mktemp("estimate")
    every = "".join(
        [chr(c) for c in range(0x30, 0x7B) if chr(c).isalnum()]
        + [chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha()]
    )
    docs = {
        "narrowest": _doc(root / "i.docx", "il" * 15_000),
        "narrowest-no-spaces-small": _doc(root / "i8.docx", "ilij" * 6_000, size=8),
        "danish": _doc(root / "da.docx", DANISH * 600),
        "tight-lines": _doc(root / "tight.docx", DANISH * 400, size=9, spacing=0.8),
        "exact-lines": _doc(root / "exact.docx", DANISH * 400, size=8, exact=8),
        "table": _doc(root / "table.docx", DANISH * 150, size=10, columns=3),
        "liberation-italic": _doc(root / "lib.docx", every * 150, font="Liberation Sans",
                                  italic=True),
        "mixed-case": _doc(root / "mix.docx", (every + " ") * 120, font="Carlito", size=10),
    }
    pdfs = convert_to_pdf(list(docs.values()), root / "pdf", timeout=120)
    out: dict[str, tuple[int | None, int]] = {}
    for name, path in docs.items():
        pdf = pdfs[path]
        assert isinstance(pdf, Path), pdf
        out[name] = (min_pages(path), len(PdfReader(pdf).pages))
    return out


def test_the_bound_never_exceeds_the_real_page_count(
    laid_out: dict[str, tuple[int | None, int]],
) -> None:
    for name, (bound, pages) in laid_out.items():
        assert bound is not None, name
        assert bound <= pages, (name, bound, pages)


def test_the_bound_is_useful_for_ordinary_text(
    laid_out: dict[str, tuple[int | None, int]],
) -> None:
    # Within a factor of three of the real count for running Danish text.
    bound, pages = laid_out["danish"]
    assert bound is not None and pages >= 4
    assert bound * 3 >= pages, (bound, pages)


def test_condensed_letters_give_no_bound(tmp_path: Path) -> None:
    path = _doc(tmp_path / "c.docx", DANISH * 200)
    document = docx.Document(str(path))
    rpr = document.paragraphs[0].runs[0]._r.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "-20")
    rpr.append(spacing)
    document.save(str(path))
    assert min_pages(path) is None


def test_hidden_text_and_unreadable_files_count_nothing(tmp_path: Path) -> None:
    path = _doc(tmp_path / "h.docx", DANISH * 2000)
    assert (min_pages(path) or 0) > 1
    document = docx.Document(str(path))
    document.paragraphs[0].runs[0].font.hidden = True
    document.save(str(path))
    assert min_pages(path) == 0
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"PK\x03\x04 not really")
    assert min_pages(junk) is None
