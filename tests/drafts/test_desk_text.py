"""What the desk finds in the text of a PDF (or a Word file without pulje's controls): the
UDKAST mark, placeholders left in answers, empty answers, and the budget attachment. The
documents are real: rendered by pulje, edited as a person would, laid out by LibreOffice in one
run (module fixture)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import drafts_samples as samples
import pytest
from docx.oxml.ns import qn

from pulje.diagnostics import Translator
from pulje.documents.form import render_draft
from pulje.drafts import check_paths, write_blank_docx
from pulje.drafts.textanswers import (
    attachment_amount,
    attachment_findings,
    draft_mark,
    empty_answers,
)
from pulje.office import convert_to_pdf
from pulje.pools import load_pool

DA = Translator("da")
pytestmark = pytest.mark.skipif(samples.REAL_SOFFICE is None, reason="LibreOffice is needed")
EMPTIED = {
    "identifikation.ansvarlig.telefon": "Ansøgningsskema for Pulje til Bedre ressourceforløb",
    "spor1.implementering": "Spor 1 - Fælles forberedelse af sagen",
    "virksomhedssamarbejde.nuvaerende": "Virksomhedssamarbejde",
}


def _empty(tags: list[str]) -> Any:
    """The answers of ``tags`` deleted, then the controls taken away (filled in by hand)."""
    def change(document: Any) -> None:
        for tag in tags:
            (sdt,) = samples._sdts(document, tag)
            for t in sdt.iter(qn("w:t")):
                t.text = ""
        samples.unwrap_controls(document)
    return change


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    from pulje.documents.budget_docx import render_budget_docx

    work = tmp_path_factory.mktemp("tekst")
    loaded = samples.example()
    udkast = work / "udkast.docx"
    render_draft(loaded, udkast, draft=True)
    blank = write_blank_docx("bedre-ressourceforloeb", work / "blank.docx")
    form = samples.form_only(work / "form.docx")
    emptied = samples.change_document(form, work / "tomme-svar.docx", _empty(list(EMPTIED)))
    attachment = work / "eksempel-bilag-budget.docx"
    render_budget_docx(loaded, attachment)
    made = convert_to_pdf([udkast, blank, emptied, attachment], work / "pdf")
    out = {p.stem: made[p] for p in (udkast, blank, emptied, attachment)}
    assert all(isinstance(p, Path) for p in out.values()), out
    result = check_paths(list(out.values()))
    return SimpleNamespace(rows={Path(r.file).stem: r for r in result.files}, pdf=out)


def _codes(row: Any) -> list[str]:
    return sorted(d.code for d in row.diagnostics)


def _text(d: Any) -> str:
    return DA.format(d.message, dict(d.params))


def test_a_pdf_of_the_example_built_as_a_draft_is_not_ready(pdfs: SimpleNamespace) -> None:
    row = pdfs.rows["udkast"]
    assert row.status == "fejl"
    (mark,) = [d for d in row.diagnostics if d.code == "DOC020"]
    assert mark.location is not None and mark.location.page == 1
    assert _text(mark).startswith("Dokumentet er mærket UDKAST (side 1, 2, 3")
    # Everything else in it is as the clean example: the mark is the one reason.
    assert [c for c in _codes(row) if c not in ("DOC011", "DOC023")] == ["DOC020"]


def test_a_blank_form_shows_its_placeholders_and_is_not_ready(pdfs: SimpleNamespace) -> None:
    row = pdfs.rows["blank"]
    assert row.status == "fejl"
    (found,) = [d for d in row.diagnostics if d.code == "DOC021"]
    assert found.params["count"] >= 40
    assert "DOC022" not in _codes(row)  # an answer showing a placeholder is not also "empty"


def test_empty_answers_are_found_in_their_sections(pdfs: SimpleNamespace) -> None:
    row = pdfs.rows["tomme-svar"]
    assert row.status == "fejl"
    found = {(d.params["question"], d.location.section) for d in row.diagnostics
             if d.code == "DOC022" and d.location is not None}
    assert found == {
        ("Telefon", EMPTIED["identifikation.ansvarlig.telefon"]),
        ("Hvordan vil drejebogen blive implementeret?", EMPTIED["spor1.implementering"]),
        # The same question stands under "Tværfagligt samarbejde", answered: not reported.
        ("Hvad er kommunens nuværende strategi?", EMPTIED["virksomhedssamarbejde.nuvaerende"]),
    }


def test_the_budget_attachment_is_recognised_with_its_amount(pdfs: SimpleNamespace) -> None:
    row = pdfs.rows["eksempel-bilag-budget"]
    assert row.kind == "budgetbilag-pdf"
    assert (row.status, row.fejl, row.graense) == ("kun tekst", 0, None)
    assert row.beloeb == Decimal("2150000.00")
    assert "DOC009" not in _codes(row) and "DOC010" not in _codes(row)
    (info,) = [d for d in row.diagnostics if d.code == "DOC024"]
    assert _text(info) == ("Budgetbilaget til en ansøgning (2 sider, tæller ikke med i "
                           "skemaets sidegrænse).")


def test_an_attachment_that_disagrees_with_its_form_is_a_fejl() -> None:
    found = attachment_findings("x-bilag-budget.pdf", Decimal("2000000"), "x.pdf",
                                Decimal("2150000"), 2)
    assert [d.code for d in found] == ["DOC024", "DOC025"]
    assert DA.format(found[1].message, dict(found[1].params)) == (
        "Det ansøgte beløb er forskelligt: 2.000.000,00 kr. i budgetbilaget, 2.150.000,00 kr. "
        "i skemaet x.pdf.")
    same = attachment_findings("x-bilag-budget.pdf", Decimal("2150000"), "x.pdf",
                               Decimal("2150000"), 2)
    assert [d.code for d in same] == ["DOC024"]


def test_the_attachment_amount_is_the_last_on_its_line() -> None:
    assert attachment_amount(["Ansøgt fra puljen Pulje 2016 til noget 1.234.567,89\n"]) == (
        Decimal("1234567.89"))
    assert attachment_amount(["Ingen beløb her\n"]) is None


def test_the_draft_mark_is_the_word_in_capitals_only() -> None:
    assert draft_mark("a.pdf", ["Et udkast til drejebogen blev skrevet.", "UDKASTET"]) == []
    (mark,) = draft_mark("a.pdf", ["Side 1", "Pulje til Bedre ressourceforløb UDKAST"])
    assert mark.location is not None and mark.location.page == 2


#: A PDF's text of Virksomhedsservicepulje til bedre match 2018 around its choice of spor (as
#: pypdf reads it: each box after its label), the chosen spor's section following.
SPOR = ("Puljens spor\nPuljen har fire spor med hver sine kerneelementer, og ansøgeren vælger, "
        "hvilke projektet følger. Sporenes navne og kerneelementer står i puljeopslaget.\n"
        "Hvilke af puljens spor følger pro-\njektet?\n{answer}Spor 1\nHvordan arbejder "
        "projektet med \nkerneelementerne i spor 1?\nTeamet besøger virksomhederne.\n")


@pytest.mark.parametrize(("answer", "empty"), [
    (" Spor 1☒\n Spor 2☐\n Spor 3☐\n Spor 4☐\n", False),
    ("", True),
])
def test_a_choice_named_as_the_heading_after_it_is_not_empty(answer: str, empty: bool) -> None:
    """The options "Spor 1" … begin as the next heading "Spor 1" does: an answered choice is
    not taken for an empty one, an empty one is still found."""
    found = empty_answers("a.pdf", [SPOR.format(answer=answer)],
                          load_pool("virksomhedsservice-bedre-match"), "2018",
                          [("spor", "Puljens spor"), ("spor1", "Spor 1")])
    questions = [d.params["question"] for d in found]
    assert ("Hvilke af puljens spor følger projektet?" in questions) is empty
