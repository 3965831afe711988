"""Page counts, page texts and section spans; unreadable PDFs give a Danish error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfWriter

from pulje.diagnostics.i18n import Translator
from pulje.office import (
    SectionSpan,
    UnreadablePdf,
    beyond_limit,
    count_pages,
    page_texts,
    section_pages,
)
from pulje.office import pages as pages_module

DA = Translator("da")


def _blank_pdf(path: Path, pages: int, user_password: str | None = None) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if user_password is not None:
        # RC4 needs no optional crypto package; AES would.
        writer.encrypt(user_password, owner_password="ejer", algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _error_text(pdf: Path) -> str:
    with pytest.raises(UnreadablePdf) as info:
        count_pages(pdf)
    with pytest.raises(UnreadablePdf):
        page_texts(pdf)
    return info.value.text(DA)


def test_counts_pages(tmp_path: Path) -> None:
    assert count_pages(_blank_pdf(tmp_path / "fire.pdf", 4)) == 4
    assert page_texts(tmp_path / "fire.pdf") == ["", "", "", ""]


def test_pdf_with_a_password_is_unreadable(tmp_path: Path) -> None:
    pdf = _blank_pdf(tmp_path / "hemmelig.pdf", 2, user_password="hemmelig")
    assert "er beskyttet med en adgangskode" in _error_text(pdf)


def test_pdf_restricted_only_by_an_owner_password_is_read(tmp_path: Path) -> None:
    pdf = _blank_pdf(tmp_path / "begraenset.pdf", 2, user_password="")
    assert count_pages(pdf) == 2


def test_garbage_is_not_a_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "skrald.pdf"
    pdf.write_bytes(os.urandom(3000))
    assert _error_text(pdf).startswith(f"{pdf} er ikke en PDF-fil.")


def test_damaged_pdf_is_unreadable(tmp_path: Path) -> None:
    pdf = tmp_path / "oedelagt.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    assert _error_text(pdf).startswith(f"{pdf} er beskadiget")


def test_truncated_pdf_is_unreadable(tmp_path: Path) -> None:
    whole = _blank_pdf(tmp_path / "hel.pdf", 3).read_bytes()
    pdf = tmp_path / "halv.pdf"
    pdf.write_bytes(whole[: len(whole) // 3])
    assert "er beskadiget" in _error_text(pdf)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert _error_text(tmp_path / "findes-ikke.pdf").startswith(
        f"{tmp_path / 'findes-ikke.pdf'} kunne ikke læses."
    )


def test_too_large_pdf_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = _blank_pdf(tmp_path / "stor.pdf", 1)
    monkeypatch.setattr(pages_module, "MAX_PDF_BYTES", 100)
    assert "fylder mere end" in _error_text(pdf)


HEADINGS = [("formaal", "Projektets formål"), ("budget", "Budget og finansiering")]


def _spans(texts: list[str], headings: list[tuple[str, str]] = HEADINGS) -> list[tuple[str, ...]]:
    return [(s.key, str(s.start_page), str(s.end_page), str(s.pages)) for s in
            section_pages(texts, headings)]


def test_headings_match_across_line_breaks_case_and_hyphenation() -> None:
    texts = [
        "PROJEKTETS\nFORMÅL\nvi vil hjælpe",
        "mere tekst",
        "Budget og finan-\nsiering\nLønudgifter",
    ]
    assert _spans(texts) == [("formaal", "1", "2", "2"), ("budget", "3", "3", "1")]


def test_heading_mid_page_shares_the_page_with_the_section_before() -> None:
    texts = ["Projektets formål\nvi vil", "hjælpe flere\nBudget og finansiering\n1.000 kr."]
    assert _spans(texts) == [("formaal", "1", "2", "2"), ("budget", "2", "2", "1")]


def test_heading_at_the_top_of_a_page_under_headers_and_page_numbers() -> None:
    texts = [
        "Ansøgning til puljen\nProjektets formål\ntekst\nSide 1 af 3",
        "Ansøgning til puljen\nmere tekst\nSide 2 af 3",
        "Ansøgning til puljen\n2. Budget og finansiering\n1.000 kr.\nSide 3 af 3",
    ]
    assert _spans(texts) == [("formaal", "1", "2", "2"), ("budget", "3", "3", "1")]


def test_headings_are_sought_in_document_order() -> None:
    # The table of contents names "Budget" before the formål heading: that mention is skipped.
    texts = [
        "Indhold\nBudget og finansiering 3\nProjektets formål\ntekst",
        "tekst",
        "Budget og finansiering\n1.000 kr.",
    ]
    headings = [("formaal", "Projektets formål"), ("budget", "Budget og finansiering")]
    assert _spans(texts, headings) == [("formaal", "1", "2", "2"), ("budget", "3", "3", "1")]


def test_headings_not_found_are_left_out() -> None:
    texts = ["Projektets formål\ntekst", "Budget og finansiering"]
    headings = [
        ("formaal", "Projektets formål"),
        ("tid", "Tidsplan"),
        ("budget", "Budget og finansiering"),
    ]
    assert [s.key for s in section_pages(texts, headings)] == ["formaal", "budget"]


def test_beyond_limit_lists_sections_with_any_page_after_the_limit() -> None:
    spans = [
        SectionSpan("a", "A", 1, 5, 5),
        SectionSpan("b", "B", 5, 10, 6),
        SectionSpan("c", "C", 10, 11, 2),
        SectionSpan("d", "D", 12, 12, 1),
    ]
    assert [s.key for s in beyond_limit(spans, 10)] == ["c", "d"]
    assert beyond_limit(spans, 12) == []
