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
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pulje.archive.notes import CHECKLIST, NOTES
from pulje.diagnostics import N_, Location
from pulje.diagnostics.errors import PuljeError
from pulje.drafts import codes, entries
from pulje.drafts.deskmodel import (
    KIND_ANSWERS,
    KIND_CHECKLIST,
    KIND_FOLDER,
    KIND_NOTE,
    KIND_OTHER,
    KIND_PDF,
    KIND_WORD,
    NONE,
    DeskResult,
    DeskRow,
    folder_order,
)
from pulje.drafts.entries import Entry, NotAFile, Snapshot, TooLarge, snapshot
from pulje.drafts.package import MAX_FILE, BadDraft, open_docx
from pulje.office.convert import ConversionFailure, convert_to_pdf
from pulje.yamlsource import MAX_BYTES as MAX_ANSWER_BYTES

if TYPE_CHECKING:
    from pulje.drafts.package import DocxPackage
    from pulje.drafts.reader import Draft
    from pulje.drafts.workbook import WorkbookBudget
    from pulje.pools import Pool, Runde

log = logging.getLogger("pulje.desk")

Progress = Callable[[int, int], None]
#: ``pdftotext`` runs side by side with the reading thread (it is a program of its own).
_TEXT_WORKERS = 2
#: What converts the Word files: ``office.convert_to_pdf`` or a server's ``WarmPool``'s.
Converter = Callable[..., dict[Path, "Path | ConversionFailure"]]
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


# --- the whole check ----------------------------------------------------------------------------


def check_paths(
    paths: Sequence[Path], *, progress: Progress | None = None, timeout: float = 120,
    dato: date | None = None, convert: Converter | None = None,
) -> DeskResult:
    """Check answer files, Word and PDF drafts, pulje's own output and folders of them; one
    row per entry.

    ``progress(done, total)`` is called as entries are finished. ``timeout`` is how long
    LibreOffice may spend on one document before it is stopped. The formalia (FOR) are judged
    as of ``dato`` (default today). ``convert`` converts the Word files (default: cold
    LibreOffice runs, ``office.convert_to_pdf``; a server passes its warm ones). Never raises
    for a bad input file; ``unusable`` is True when a path given does not exist or nothing
    could be read.

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
        _convert_and_read(live, stage, timeout, finished, convert or convert_to_pdf)
        from pulje.drafts.ownfiles import vouch

        vouch(items, _step)
        for item in items:
            finished(item)
        from pulje.drafts.deskbooks import pairs_together

        result.files = [item.row for item in pairs_together(items)]
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def _prepare(item: Item, stage: Path) -> None:
    kind = item.entry.kind
    if kind == entries.ANSWERS:
        from pulje.drafts import deskread

        deskread.answers(item, stage)
    elif kind == entries.WORD:
        _preflight(item)
    elif kind == entries.PDF:
        assert item.snap is not None
        item.pdf = item.snap.copy


def _convert_and_read(items: list[Item], stage: Path, timeout: float,
                      finished: Callable[[Item], None], convert: Converter) -> None:
    """LibreOffice converts (one run per core) while a second thread reads the drafts' controls
    and answers and the PDFs, and counts each converted file's pages as soon as its PDF is
    there."""
    ready: queue.SimpleQueue[Item | None] = queue.SimpleQueue()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pulje-check") as worker, \
            ThreadPoolExecutor(max_workers=_TEXT_WORKERS,
                               thread_name_prefix="pulje-pdftext") as texts:
        reading = worker.submit(_read_while_converting, items, ready, finished)
        try:
            _convert_all(items, stage, timeout, ready, texts, convert)
        finally:
            ready.put(None)
            reading.result()


def _read_while_converting(items: list[Item], ready: queue.SimpleQueue[Item | None],
                           finished: Callable[[Item], None]) -> None:
    """What needs no LibreOffice: the budget workbooks, the drafts' controls and answers (each
    with its workbook), and the PDFs; between them, and after them, the pages of what
    LibreOffice has converted."""
    # Loaded here, while LibreOffice starts: Word, pydantic, the rules (and what vouches for
    # pulje's own files, which the main thread needs once LibreOffice is done).
    from pulje.drafts import deskbooks, deskread, ownfiles  # noqa: F401

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
            _step(item, partial(deskread.word, item, books))
        elif item.entry.kind == entries.PDF and (pdf := item.pdf) is not None:
            _step(item, partial(deskread.count, item, pdf))
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
    from pulje.drafts import deskread

    failure, pdf = item.failure, item.pdf
    if not item.readable:
        pass  # its DOC finding says why; a PDF LibreOffice made of it is not used
    elif failure is not None:
        _step(item, partial(deskread.failure, item, failure))
    elif pdf is not None:
        _step(item, partial(deskread.count, item, pdf))
    finished(item)


def _convert_all(items: list[Item], stage: Path, timeout: float,
                 ready: queue.SimpleQueue[Item | None], texts: Executor,
                 convert: Converter) -> None:
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
                item.texts = texts.submit(_page_texts, outcome)
        else:
            item.failure = outcome
        with lock:
            told.add(item.number)
        ready.put(item)

    try:
        convert(list(by_source), stage / "pdf", timeout=timeout, on_result=tell)
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


def _page_texts(pdf: Path) -> list[str]:
    from pulje.office.pdftext import fast_page_texts

    return fast_page_texts(pdf)


def _raise(exc: Exception) -> None:
    raise exc
