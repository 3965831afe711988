"""The desk's reading of one file (``drafts.desk``): an answer file loaded, checked and its
form rendered; a Word draft's controls and answers read and checked; a converted file's pages
counted and checked. Imported by the desk's threads when they start reading, so that
LibreOffice is already at work while these modules (Word, pydantic, the rules) load."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pulje.answers.loader import LoadedApplication, load_application
from pulje.checks import check
from pulje.diagnostics import N_, Location
from pulje.diagnostics.errors import PuljeError
from pulje.drafts import codes, deskbooks
from pulje.drafts.desk import Item
from pulje.drafts.deskmodel import (
    FULL,
    KIND_ATTACHMENT_PDF,
    KIND_ATTACHMENT_WORD,
    KIND_PDF,
    KIND_WORD,
    KIND_WORD_TEXT,
    TEXT,
)
from pulje.drafts.importer import loaded_answers
from pulje.drafts.reader import read_draft
from pulje.drafts.textcheck import pool_in_text, round_in_text, text_findings
from pulje.drafts.wordfindings import draft_findings
from pulje.office import ConversionFailure, UnreadablePdf, section_pages
from pulje.office.pdftext import fast_page_texts
from pulje.report.pagecheck import page_findings


def answers(item: Item, stage: Path) -> None:
    assert item.snap is not None
    try:
        loaded = load_application(item.snap.copy, display_name=item.row.file)
    except PuljeError as exc:
        item.row.diagnostics.append(codes.DOC016(
            exc.message, exc.hint, **dict(exc.params, file=item.row.file),
        ).at(Location(item.row.file)))
        return
    item.row.scope = FULL
    item.row.diagnostics += check(loaded, dato=item.dato)
    remember(item, loaded)
    if loaded.model is None or loaded.pool is None or loaded.runde is None:
        return
    from pulje.documents.form import render_form

    target = stage / "forms" / f"{item.number:05d}.docx"
    target.parent.mkdir(exist_ok=True)
    try:
        render_form(loaded, target)
    except PuljeError as exc:
        item.row.diagnostics.append(codes.DOC004(
            exc.message, exc.hint, **exc.params,
        ).at(Location(item.row.file)))
        return
    item.docx = target


def remember(item: Item, loaded: LoadedApplication) -> None:
    item.pool, item.runde, item.full = loaded.pool, loaded.runde, True
    item.answers = loaded.model
    item.row.pulje = loaded.pool.id if loaded.pool else None
    oekonomi = getattr(loaded.model, "oekonomi", None)
    amount = getattr(oekonomi, "ansoegt_beloeb", None)
    item.row.beloeb = amount if isinstance(amount, Decimal) else None


def word(item: Item, books: list[Item]) -> None:
    assert item.snap is not None
    draft = read_draft(item.snap.copy, item.row.file, package=item.package)
    item.draft = draft
    if draft.readable and draft.data is not None and draft.runde is not None:
        deskbooks.pair(item, draft, books)
    item.row.diagnostics += draft.diagnostics
    if not draft.readable:
        item.readable = False
        return
    item.pool, item.runde = draft.pool, draft.runde
    item.row.pulje = draft.pool.id if draft.pool else None
    if draft.data is None:
        item.row.kind = KIND_WORD_TEXT
        return
    loaded = loaded_answers(draft, item.entry.path.name, item.row.file)
    located = draft_findings(loaded, draft, dato=item.dato)
    located = deskbooks.share_findings(item, draft, located)
    item.row.diagnostics += located
    item.row.scope = FULL
    remember(item, loaded)


def _pages_full(item: Item, texts: list[str]) -> None:
    from pulje.documents.form import section_headings
    from pulje.drafts.textanswers import draft_mark

    assert item.pool is not None
    headings = section_headings(item.pool, item.runde, item.answers)
    spans = section_pages(texts, headings)
    limit = item.runde.sidegraense if item.runde is not None else None
    item.row.diagnostics += page_findings(item.row.file, len(texts), limit, spans, headings)
    if item.row.kind == KIND_WORD:
        item.row.diagnostics += draft_mark(item.row.file, texts)


def _pages_text(item: Item, texts: list[str]) -> None:
    from pulje.documents.form import section_headings
    from pulje.drafts import textanswers

    file = item.row.file
    if textanswers.is_budget_attachment(texts):
        item.attachment = True
        item.row.kind = (KIND_ATTACHMENT_PDF if item.row.kind == KIND_PDF
                         else KIND_ATTACHMENT_WORD)
        item.row.graense = None
        item.row.beloeb = textanswers.attachment_amount(texts)
        item.row.diagnostics += textanswers.draft_mark(file, texts)
        pool = item.pool or pool_in_text(texts)
        item.row.pulje = pool.id if pool else None
        item.row.scope = TEXT
        return
    pool, runde = item.pool, item.runde
    if pool is None:
        pool = pool_in_text(texts)
        runde = round_in_text(pool, texts) if pool is not None else None
    item.row.diagnostics += textanswers.draft_mark(file, texts)
    item.row.diagnostics += textanswers.placeholders(file, texts)
    item.row.scope = TEXT
    if pool is None or runde is None:
        if any(d.code == "DOC013" for d in item.row.diagnostics):
            return
        item.row.diagnostics.append(codes.DOC013(
            N_("No pool's name was found on the first page of {file}: it does not look like "
               "an application form."),
            N_("Check that it is the right file; the form's title names the pool."),
            file=file,
        ).at(Location(file, page=1)))
        return
    item.row.pulje = pool.id
    item.row.graense = runde.sidegraense
    headings = section_headings(pool, runde)
    spans = section_pages(texts, headings)
    item.row.diagnostics += page_findings(file, len(texts), runde.sidegraense, spans)
    found = text_findings(file, texts, pool, runde.id, headings)
    item.row.diagnostics += found.diagnostics
    item.row.diagnostics += textanswers.empty_answers(file, texts, pool, runde.id, headings)
    item.row.beloeb = found.amount


def count(item: Item, pdf: Path) -> None:
    try:
        texts = item.texts.result() if item.texts is not None else fast_page_texts(pdf)
    except UnreadablePdf as exc:
        params = dict(exc.params, file=item.row.file)
        item.row.diagnostics.append(codes.DOC003(exc.message, exc.hint, **params).at(
            Location(item.row.file)))
        return
    item.row.sider = len(texts)
    if item.pool is not None:
        item.row.graense = item.runde.sidegraense if item.runde is not None else None
    if item.full and item.pool is not None:
        _pages_full(item, texts)
    else:
        _pages_text(item, texts)


def failure(item: Item, failure: ConversionFailure | PuljeError) -> None:
    if isinstance(failure, ConversionFailure):
        params = dict(failure.params, file=item.row.file)
        params.pop("pdf", None)  # pulje's own temporary PDF: no place of the user's
        message, hint = failure.reason, failure.hint
    else:
        params, message, hint = dict(failure.params), failure.message, failure.hint
    item.row.diagnostics.append(codes.DOC004(message, hint, **params).at(
        Location(item.row.file)))
