"""``pulje check PATH…``: the project office's desk — answer files, Word and PDF drafts, pulje's
own output, and folders of them, checked in one go, one row per entry.

- answer files (.yaml/.yml): the full validation, and exact pages of the form rendered from it;
- Word drafts with pulje's content controls: read back (``drafts.reader``), the full
  validation of the answers, exact pages of the draft as it is, and its UDKAST mark;
- PDFs and Word files without controls: only what their text shows (status "kun tekst og
  sider kontrolleret"): pages against the pool's limit, the form's headings and questions,
  placeholders and empty answers, the UDKAST mark, and the amount applied for;
- pulje's budget attachment (Word or PDF) is reported as the attachment of its form;
  ``report.json``/``manifest.json`` vouch for the files pulje made beside them
  (``drafts.records``): a file with the recorded bytes is "klar" as built;
- every other entry gets a row saying why it is not checked (``drafts.entries``).

A row is "klar" only when everything that decides it was checked. Each file is read once into
a private temporary folder (nothing is written next to the inputs); the Word files of a check
are converted by one LibreOffice run per core, side by side, each file's pages counted as soon
as its PDF is there. A file that cannot be read gets its DOC finding, and an
unexpected error while checking one file becomes a DOC038 finding of that file: the rest of the
batch goes on either way.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from pulje.answers.loader import LoadedApplication, load_application
from pulje.archive.notes import CHECKLIST, NOTES
from pulje.checks import check
from pulje.diagnostics import N_, Location
from pulje.diagnostics.errors import PuljeError
from pulje.drafts import codes, deskbooks, entries
from pulje.drafts.deskmodel import (
    FULL,
    KIND_ANSWERS,
    KIND_ATTACHMENT_PDF,
    KIND_ATTACHMENT_WORD,
    KIND_CHECKLIST,
    KIND_FOLDER,
    KIND_NOTE,
    KIND_OTHER,
    KIND_PDF,
    KIND_WORD,
    KIND_WORD_TEXT,
    NONE,
    TEXT,
    DeskResult,
    DeskRow,
    folder_order,
)
from pulje.drafts.entries import Entry, NotAFile, Snapshot, TooLarge, snapshot
from pulje.drafts.importer import loaded_answers, named_already
from pulje.drafts.package import MAX_FILE, BadDraft, DocxPackage, open_docx
from pulje.drafts.reader import Draft, read_draft
from pulje.drafts.textcheck import pool_in_text, round_in_text, text_findings
from pulje.drafts.workbook import WorkbookBudget
from pulje.office import ConversionFailure, UnreadablePdf, convert_to_pdf, section_pages
from pulje.office.pdftext import fast_page_texts
from pulje.pools import Pool, Runde
from pulje.report.pagecheck import page_findings
from pulje.yamlsource import MAX_BYTES as MAX_ANSWER_BYTES

log = logging.getLogger("pulje.desk")

Progress = Callable[[int, int], None]
#: ``pdftotext`` runs side by side with the reading thread (it is a program of its own).
_TEXT_WORKERS = 2
_LIMITS = {entries.ANSWERS: MAX_ANSWER_BYTES, entries.WORD: MAX_FILE}


# --- one file at a time -----------------------------------------------------------------------


@dataclass
class Item:
    """An entry while it is checked: its row, its private copy, what its pages come from."""

    entry: Entry
    row: DeskRow
    number: int
    snap: Snapshot | None = None
    docx: Path | None = None  # the .docx to convert (the draft's copy, or the rendered form)
    pdf: Path | None = None
    pool: Pool | None = None
    runde: Runde | None = None
    answers: Any = None  # the answers as validated (which sections a choice switched on)
    full: bool = False  # full validation done: PAG findings from the form's sections
    draft: Draft | None = None
    package: DocxPackage | None = None  # the Word file as the preflight opened it
    readable: bool = True
    converted: bool = False  # sent to LibreOffice: its pages are counted after the run
    failure: ConversionFailure | PuljeError | None = None
    attachment: bool = False
    broken: bool = False  # pulje's own error: nothing more is done with it
    done: bool = False
    dato: date | None = None  # the day the formalia are judged as of (None: today)
    #: A budget workbook as read (its own findings are its row's), and the form it belongs to.
    book: WorkbookBudget | None = None
    form: Item | None = None
    #: A form's budget workbook among the files checked.
    partner: Item | None = None
    #: The page texts of its PDF, read (by ``pdftotext``, in a small pool) as soon as the PDF
    #: is there, while the reading thread goes on with other files.
    texts: Future[list[str]] | None = None


def _kind(entry: Entry) -> str:
    if entry.kind == entries.ANSWERS:
        return KIND_ANSWERS
    if entry.kind == entries.WORD:
        return KIND_WORD
    if entry.kind == entries.PDF:
        return KIND_PDF
    if entry.path.name in NOTES:
        return KIND_CHECKLIST if entry.path.name == CHECKLIST else KIND_NOTE
    if any(d.code in ("DOC018", "DOC028", "DOC032", "DOC036") for d in entry.findings):
        return KIND_FOLDER
    return KIND_OTHER


@contextlib.contextmanager
def _guard(item: Item) -> Iterator[None]:
    """An unexpected error while checking one file becomes that file's DOC038 finding."""
    if item.broken:
        raise _Skip
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - any bug in checking one file, reported as such
        log.error("unexpected error while checking %r", item.row.file, exc_info=True)
        item.broken, item.docx, item.pdf = True, None, None
        item.row.scope = NONE
        item.row.diagnostics.append(entries.internal_error(exc).at(Location(item.row.file)))


class _Skip(Exception):
    """An item already broken: the guarded step is not run."""


def _step(item: Item, action: Callable[[], object]) -> None:
    with contextlib.suppress(_Skip), _guard(item):
        action()


def _snapshot(item: Item, stage: Path) -> None:
    suffix = item.entry.path.suffix.lower()
    limit = _LIMITS.get(item.entry.kind or "", entries.MAX_BYTES)
    try:
        item.snap = snapshot(item.entry.path, stage / "copies" / f"{item.number:05d}{suffix}",
                             limit)
    except NotAFile:
        item.row.diagnostics.append(codes.DOC031(
            N_("This is no longer a regular file (it was replaced while being checked); "
               "pulje does not read it."), N_("Check it again."),
        ).at(Location(item.row.file)))
    except TooLarge:
        item.row.diagnostics.append(codes.DOC016(
            N_("The file is larger than {limit} MB: more than pulje reads for such a file."),
            N_("Check that it is the right file."),
            limit=limit // (1024 * 1024),
        ).at(Location(item.row.file)))
    except OSError as exc:
        item.row.diagnostics += entries.unreadable(Entry(item.entry.path, item.row.file),
                                                   exc).findings


def _answers(item: Item, stage: Path) -> None:
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
    _remember(item, loaded)
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


def _remember(item: Item, loaded: LoadedApplication) -> None:
    item.pool, item.runde, item.full = loaded.pool, loaded.runde, True
    item.answers = loaded.model
    item.row.pulje = loaded.pool.id if loaded.pool else None
    oekonomi = getattr(loaded.model, "oekonomi", None)
    amount = getattr(oekonomi, "ansoegt_beloeb", None)
    item.row.beloeb = amount if isinstance(amount, Decimal) else None


def _preflight(item: Item) -> None:
    """A Word file goes to LibreOffice only if its zip is sound and within the limits."""
    assert item.snap is not None
    try:
        package = open_docx(item.snap.copy, item.row.file)
        package.verify()
    except BadDraft as exc:
        item.row.diagnostics.append(exc.diagnostic(item.row.file))
        return
    item.docx, item.package = item.snap.copy, package


def _word(item: Item, books: list[Item]) -> None:
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
    located = [d.at(draft.locate(d.path)) for d in check(loaded, dato=item.dato)
               if not (d.code.startswith("SCH") and named_already(tuple(d.path), draft.unfit))]
    located = deskbooks.share_findings(item, draft, located)
    item.row.diagnostics += located
    item.row.scope = FULL
    _remember(item, loaded)


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


def _count(item: Item, pdf: Path) -> None:
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


def _failure(item: Item, failure: ConversionFailure | PuljeError) -> None:
    if isinstance(failure, ConversionFailure):
        params = dict(failure.params, file=item.row.file)
        params.pop("pdf", None)  # pulje's own temporary PDF: no place of the user's
        message, hint = failure.reason, failure.hint
    else:
        params, message, hint = dict(failure.params), failure.message, failure.hint
    item.row.diagnostics.append(codes.DOC004(message, hint, **params).at(
        Location(item.row.file)))


# --- the whole check ----------------------------------------------------------------------------


def check_paths(
    paths: Sequence[Path], *, progress: Progress | None = None, timeout: float = 120,
    dato: date | None = None,
) -> DeskResult:
    """Check answer files, Word and PDF drafts, pulje's own output and folders of them; one
    row per entry.

    ``progress(done, total)`` is called as entries are finished. ``timeout`` is how long
    LibreOffice may spend on one document before it is stopped. The formalia (FOR) are judged
    as of ``dato`` (default today). Never raises for a bad input
    file; ``unusable`` is True when a path given does not exist or nothing could be read.

    LibreOffice converts every Word file (the drafts, and the forms rendered from answer files)
    in one run per core, side by side; while it works, the drafts' controls are read and
    validated, the PDFs checked and each converted file's pages counted in a second thread.
    """
    found, missing = entries.collect(list(paths), order=folder_order)
    result = DeskResult(missing=missing)
    items = [Item(e, DeskRow(e.file, _kind(e), list(e.findings), missing=e.missing), n,
                  dato=dato) for n, e in enumerate(found, start=1)]
    lock = threading.Lock()
    report = progress or (lambda done, total: None)
    done = 0

    def finished(item: Item) -> None:
        nonlocal done
        with lock:
            if item.done:
                return
            item.done = True
            done += 1
            report(done, len(items))

    report(0, len(items))
    stage = Path(tempfile.mkdtemp(prefix="pulje-check-"))
    try:
        (stage / "copies").mkdir()
        for item in items:
            if item.entry.kind is None:
                finished(item)
                continue
            _step(item, partial(_snapshot, item, stage))
            if item.snap is None:
                finished(item)
        live = [i for i in items if i.snap is not None]
        for item in live:
            _step(item, partial(_prepare, item, stage))
        _convert_and_read(live, stage, timeout, finished)
        from pulje.drafts.ownfiles import vouch

        vouch(items, _step)
        for item in items:
            finished(item)
        result.files = [item.row for item in deskbooks.pairs_together(items)]
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def _prepare(item: Item, stage: Path) -> None:
    kind = item.entry.kind
    if kind == entries.ANSWERS:
        _answers(item, stage)
    elif kind == entries.WORD:
        _preflight(item)
    elif kind == entries.PDF:
        assert item.snap is not None
        item.pdf = item.snap.copy


def _convert_and_read(items: list[Item], stage: Path, timeout: float,
                      finished: Callable[[Item], None]) -> None:
    """LibreOffice converts (one run per core) while a second thread reads the drafts' controls
    and answers and the PDFs, and counts each converted file's pages as soon as its PDF is
    there."""
    ready: queue.SimpleQueue[Item | None] = queue.SimpleQueue()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pulje-check") as worker, \
            ThreadPoolExecutor(max_workers=_TEXT_WORKERS,
                               thread_name_prefix="pulje-pdftext") as texts:
        reading = worker.submit(_read_while_converting, items, ready, finished)
        try:
            _convert_all(items, stage, timeout, ready, texts)
        finally:
            ready.put(None)
            reading.result()


def _read_while_converting(items: list[Item], ready: queue.SimpleQueue[Item | None],
                           finished: Callable[[Item], None]) -> None:
    """What needs no LibreOffice: the budget workbooks, the drafts' controls and answers (each
    with its workbook), and the PDFs; between them, and after them, the pages of what
    LibreOffice has converted."""
    books = [item for item in items if item.entry.kind == entries.WORKBOOK and item.snap]
    for item in books:
        _step(item, partial(deskbooks.read_book, item))
    waiting: list[Item] = []  # converted before this thread had read it
    read: set[int] = set()
    over = False

    def take(block: bool) -> None:
        nonlocal over
        while not over:
            try:
                got = ready.get(block=block)
            except queue.Empty:
                return
            if got is None:
                over = True
            elif got.number in read:
                _counted(got, finished)
            else:
                waiting.append(got)
            block = False

    for item in items:
        if item.entry.kind == entries.WORD and item.docx is not None:
            _step(item, partial(_word, item, books))
        elif item.entry.kind == entries.PDF and (pdf := item.pdf) is not None:
            _step(item, partial(_count, item, pdf))
        if item.docx is None and item.entry.kind not in (entries.RECORD, entries.WORKBOOK,
                                                          entries.MAIL, entries.ZIP):
            finished(item)
        read.add(item.number)
        take(block=False)
    for item in books:
        _step(item, partial(deskbooks.lone_workbook, item))
    for item in waiting:
        _counted(item, finished)
    while not over:
        take(block=True)


def _counted(item: Item, finished: Callable[[Item], None]) -> None:
    """The pages of a file LibreOffice has converted, or why it could not."""
    if not item.converted or item.broken:
        return
    failure, pdf = item.failure, item.pdf
    if not item.readable:
        pass  # its DOC finding says why; a PDF LibreOffice made of it is not used
    elif failure is not None:
        _step(item, partial(_failure, item, failure))
    elif pdf is not None:
        _step(item, partial(_count, item, pdf))
    finished(item)


def _convert_all(items: list[Item], stage: Path, timeout: float,
                 ready: queue.SimpleQueue[Item | None], texts: Executor) -> None:
    """Every .docx of the check, one LibreOffice run per core; PDFs into the private stage.
    Each item goes to ``ready`` once its outcome is known, its PDF's texts read in ``texts``."""
    wanted = [item for item in items if item.docx is not None and not item.broken]
    if not wanted:
        return
    for item in wanted:
        item.converted = True
    by_source = {item.docx: item for item in wanted if item.docx is not None}
    told: set[int] = set()
    lock = threading.Lock()

    def tell(source: Path, outcome: Path | ConversionFailure) -> None:
        item = by_source.get(source)
        if item is None:
            return
        if isinstance(outcome, Path):
            item.pdf = outcome
            if item.readable and not item.broken:
                item.texts = texts.submit(fast_page_texts, outcome)
        else:
            item.failure = outcome
        with lock:
            told.add(item.number)
        ready.put(item)

    try:
        convert_to_pdf(list(by_source), stage / "pdf", timeout=timeout, on_result=tell)
    except PuljeError as exc:
        for item in wanted:
            if item.number not in told:
                item.failure = exc
    except Exception as exc:  # noqa: BLE001 - pulje's own error, reported for each file
        for item in wanted:
            if item.number not in told:
                _step(item, partial(_raise, exc))
    for item in wanted:
        if item.number not in told:
            ready.put(item)


def _raise(exc: Exception) -> None:
    raise exc
