"""``pulje check PATH…``: the project office's desk — answer files, Word and PDF drafts, and
folders of them, checked in one go, one row per file.

- answer files (.yaml/.yml): the full validation, and exact pages of the form rendered from it;
- Word drafts with pulje's content controls: read back (``drafts.reader``), the full
  validation of the answers, and exact pages of the draft as it is;
- PDFs and Word files without controls: pages against the pool's limit, the form's headings
  and questions present or missing, and the amount applied for read from the text.

All Word files of a check (drafts, and the forms rendered from answer files) are converted to
PDF in one LibreOffice run (``office.convert_to_pdf``), in a private temporary folder: nothing
is written next to the inputs. A file that cannot be read, unpacks to too much, hangs
LibreOffice or is no PDF gets its DOC finding and the rest of the batch goes on.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from answers.loader import LoadedApplication, load_application, load_text
from checks import check
from diagnostics import N_, Diagnostic, Location, Severity, Translator, count
from diagnostics.errors import PuljeError
from diagnostics.report import as_dict, format_one, sort_key
from drafts import codes
from drafts.importer import answer_text
from drafts.package import BadDraft, DocxPackage, open_docx
from drafts.pdftext import fast_page_texts
from drafts.reader import Draft, read_draft
from drafts.textcheck import pool_in_text, text_findings
from office import (
    ConversionFailure,
    LibreOfficeMissing,
    UnreadablePdf,
    convert_to_pdf,
    section_pages,
)
from pools import Pool, Runde
from rendering.pagecheck import page_findings

SUFFIXES = {".yaml": "svarfil", ".yml": "svarfil", ".docx": "word", ".pdf": "pdf"}
KIND_ANSWERS, KIND_WORD, KIND_WORD_TEXT, KIND_PDF, KIND_OTHER = (
    "svarfil", "word", "word-tekst", "pdf", "anden",
)
READY, ERRORS, UNREADABLE, MISSING = "klar", "fejl", "ulæselig", "findes ikke"
STATUS_WORDS = {
    READY: N_("ready"),
    ERRORS: N_("errors"),
    UNREADABLE: N_("unreadable"),
    MISSING: N_("not found"),
}
KIND_WORDS = {
    KIND_ANSWERS: N_("answer file"),
    KIND_WORD: N_("Word draft"),
    KIND_WORD_TEXT: N_("Word, text only"),
    KIND_PDF: N_("PDF"),
    KIND_OTHER: N_("other"),
}
Progress = Callable[[int, int], None]


@dataclass
class DeskRow:
    """One file of a check: what it is, its findings, pages, and whether it is ready."""

    file: str
    kind: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sider: int | None = None
    graense: int | None = None
    beloeb: Decimal | None = None
    pulje: str | None = None
    missing: bool = False

    @property
    def fejl(self) -> int:
        return count(self.diagnostics, Severity.FEJL)

    @property
    def advarsler(self) -> int:
        return count(self.diagnostics, Severity.ADVARSEL)

    @property
    def status(self) -> str:
        found = {d.code for d in self.diagnostics}
        if self.missing:
            return MISSING
        if found & codes.UNREADABLE:
            return UNREADABLE
        return ERRORS if self.fejl else READY


@dataclass
class DeskResult:
    """The rows of a check, in the order the files were given (folders: sorted by name)."""

    files: list[DeskRow] = field(default_factory=list)
    unusable: bool = False

    @property
    def has_errors(self) -> bool:
        return any(row.fejl for row in self.files)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for row in self.files for d in row.diagnostics]


# --- collecting the files -------------------------------------------------------------------


def _skip(name: str) -> bool:
    """Hidden files and folders and Word's lock files ("~$ansøgning.docx") are not drafts."""
    return name.startswith((".", "~$"))


def collect(paths: Sequence[Path]) -> tuple[list[Path | DeskRow], bool]:
    """In the order given (a folder's files sorted by name): the files to check, and ready rows
    for paths that are no file to check; and whether a path given does not exist at all."""
    entries: list[Path | DeskRow] = []
    unusable = False
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            entries.append(path)

    for path in paths:
        if not path.exists():
            unusable = True
            entries.append(DeskRow(str(path), KIND_OTHER, [codes.DOC016(
                N_("{file} does not exist."), N_("Check the name and the folder."),
                file=str(path),
            ).at(Location(str(path)))], missing=True))
        elif path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file()
                and not any(_skip(part) for part in p.relative_to(path).parts)
            )
            if not found:
                entries.append(DeskRow(str(path), KIND_OTHER, [codes.DOC018(
                    N_("The folder {folder} holds no answer files, .docx or .pdf files."),
                    N_("Give the folder with the drafts, or the files themselves."),
                    folder=str(path),
                ).at(Location(str(path)))]))
            for p in found:
                add(p)
        elif path.suffix.lower() not in SUFFIXES:
            entries.append(DeskRow(str(path), KIND_OTHER, [codes.DOC017(
                N_("{file} is not an answer file (.yaml), a Word file (.docx) or a PDF."),
                N_("Give answer files, .docx or .pdf files, or folders of them."),
                file=str(path),
            ).at(Location(str(path)))]))
        else:
            add(path)
    return entries, unusable


# --- one file at a time -----------------------------------------------------------------------


@dataclass
class _Item:
    """A file while it is checked: its row, and what its pages are to be counted from."""

    path: Path
    row: DeskRow
    docx: Path | None = None  # the .docx to convert (the draft, or the rendered form)
    pdf: Path | None = None
    pool: Pool | None = None
    runde: Runde | None = None
    full: bool = False  # full validation done: PAG findings from the form's sections
    draft: Draft | None = None
    package: DocxPackage | None = None  # the Word file as the preflight opened it
    readable: bool = True
    converted: bool = False  # sent to LibreOffice: its pages are counted after the run
    failure: ConversionFailure | PuljeError | None = None


def _answers(item: _Item, stage: Path, number: int) -> None:
    try:
        loaded = load_application(item.path, display_name=item.row.file)
    except PuljeError as exc:
        item.row.diagnostics.append(codes.DOC016(
            exc.message, exc.hint, **exc.params,
        ).at(Location(item.row.file)))
        return
    item.row.diagnostics += check(loaded)
    _remember(item, loaded)
    if loaded.model is None or loaded.pool is None or loaded.runde is None:
        return
    from rendering.form import render_form

    target = stage / "forms" / f"{number:04d}-{_safe(item.path.stem)}.docx"
    target.parent.mkdir(exist_ok=True)
    try:
        render_form(loaded, target)
    except PuljeError as exc:
        item.row.diagnostics.append(codes.DOC004(
            exc.message, exc.hint, **exc.params,
        ).at(Location(item.row.file)))
        return
    item.docx = target


def _safe(stem: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:40] or "ansoegning"


def _remember(item: _Item, loaded: LoadedApplication) -> None:
    item.pool, item.runde, item.full = loaded.pool, loaded.runde, True
    item.row.pulje = loaded.pool.id if loaded.pool else None
    oekonomi = getattr(loaded.model, "oekonomi", None)
    amount = getattr(oekonomi, "ansoegt_beloeb", None)
    item.row.beloeb = amount if isinstance(amount, Decimal) else None


def _word(item: _Item) -> None:
    draft = read_draft(item.path, item.row.file, package=item.package)
    item.draft = draft
    item.row.diagnostics += draft.diagnostics
    if not draft.readable:
        item.readable = False
        return
    item.pool, item.runde = draft.pool, draft.runde
    item.row.pulje = draft.pool.id if draft.pool else None
    if draft.data is None:
        item.row.kind = KIND_WORD_TEXT
        return
    loaded = load_text(answer_text(draft, item.path.name), item.row.file)
    located = [d.at(draft.locate(d.path)) for d in check(loaded)
               if not (d.code.startswith("SCH") and tuple(d.path) in draft.unfit)]
    item.row.diagnostics += located
    _remember(item, loaded)


def _pages_full(item: _Item, texts: list[str]) -> None:
    from rendering.form import section_headings

    assert item.pool is not None
    headings = section_headings(item.pool)
    spans = section_pages(texts, headings)
    item.row.diagnostics += page_findings(
        item.row.file, len(texts), item.pool.sidegraense, spans, headings
    )


def _pages_text(item: _Item, texts: list[str]) -> None:
    from rendering.form import section_headings

    pool, runde = item.pool, item.runde
    if pool is None:
        pool = pool_in_text(texts)
        runde = pool.runde() if pool is not None else None
    if pool is None or runde is None:
        if any(d.code == "DOC013" for d in item.row.diagnostics):
            return
        item.row.diagnostics.append(codes.DOC013(
            N_("No pool's name was found on the first page of {file}: it does not look like "
               "an application form."),
            N_("Check that it is the right file; the form's title names the pool."),
            file=item.row.file,
        ).at(Location(item.row.file, page=1)))
        return
    item.row.pulje = pool.id
    item.row.graense = pool.sidegraense
    headings = section_headings(pool)
    spans = section_pages(texts, headings)
    item.row.diagnostics += page_findings(item.row.file, len(texts), pool.sidegraense, spans)
    found = text_findings(item.row.file, texts, pool, runde.id, headings)
    item.row.diagnostics += found.diagnostics
    item.row.beloeb = found.amount


def _count(item: _Item, pdf: Path) -> None:
    try:
        texts = fast_page_texts(pdf)
    except UnreadablePdf as exc:
        params = dict(exc.params, file=item.row.file)
        item.row.diagnostics.append(codes.DOC003(exc.message, exc.hint, **params).at(
            Location(item.row.file)))
        return
    item.row.sider = len(texts)
    if item.pool is not None:
        item.row.graense = item.pool.sidegraense
    if item.full and item.pool is not None:
        _pages_full(item, texts)
    else:
        _pages_text(item, texts)


def _failure(item: _Item, failure: ConversionFailure | PuljeError) -> None:
    if isinstance(failure, ConversionFailure):
        params = dict(failure.params, file=item.row.file)
        message, hint = failure.reason, failure.hint
    else:
        params, message, hint = dict(failure.params), failure.message, failure.hint
    item.row.diagnostics.append(codes.DOC004(message, hint, **params).at(
        Location(item.row.file)))


def check_paths(
    paths: list[Path], *, progress: Progress | None = None, timeout: float = 120,
) -> DeskResult:
    """Check answer files, Word and PDF drafts and folders of them; one row per file.

    ``progress(done, total)`` is called as files are finished. ``timeout`` is how long
    LibreOffice may spend on one document before it is stopped. Never raises for a bad input
    file; ``unusable`` is True only when a path given does not exist.

    LibreOffice runs once, for every Word file at the same time (the drafts, and the forms
    rendered from answer files); while it works, the drafts' controls are read and validated
    and the PDFs checked in a second thread, so the two cores of a small machine both work.
    """
    entries, unusable = collect(paths)
    result = DeskResult(unusable=unusable)
    files = [e for e in entries if isinstance(e, Path)]
    total = len(files)
    done = 0
    lock = threading.Lock()
    report = progress or (lambda done, total: None)

    def finished() -> None:
        nonlocal done
        with lock:
            done += 1
            report(done, total)

    report(0, total)
    stage = Path(tempfile.mkdtemp(prefix="pulje-check-"))
    try:
        items: dict[Path, _Item] = {}
        for number, path in enumerate(files, start=1):
            kind = SUFFIXES[path.suffix.lower()]
            item = _Item(path, DeskRow(str(path), kind))
            items[path] = item
            if kind == KIND_ANSWERS:
                _answers(item, stage, number)
            elif kind == KIND_WORD:
                _preflight(item)
            else:
                item.pdf = path
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pulje-check") as worker:
            reading = worker.submit(_read_while_converting, list(items.values()), finished)
            try:
                _convert_all(list(items.values()), stage, timeout)
            finally:
                reading.result()
        for item in items.values():
            if not item.converted:
                continue
            if not item.readable:
                pass  # its DOC finding says why; a PDF LibreOffice made of it is not used
            elif item.failure is not None:
                _failure(item, item.failure)
            elif item.pdf is not None:
                _count(item, item.pdf)
            finished()
        result.files = [items[e].row if isinstance(e, Path) else e for e in entries]
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def _preflight(item: _Item) -> None:
    """A Word file goes to LibreOffice only if its zip is sound and within the limits."""
    try:
        package = open_docx(item.path, item.row.file)
        package.verify()
    except BadDraft as exc:
        item.row.diagnostics.append(exc.diagnostic(item.row.file))
        return
    item.docx, item.package = item.path, package


def _read_while_converting(items: list[_Item], finished: Callable[[], None]) -> None:
    """What needs no LibreOffice: the drafts' controls and answers, and the PDFs."""
    for item in items:
        if item.row.kind == KIND_WORD and item.docx is not None:
            _word(item)
        elif item.row.kind == KIND_PDF:
            _count(item, item.path)
        if item.docx is None:
            finished()


def _convert_all(items: list[_Item], stage: Path, timeout: float) -> None:
    """Every .docx of the check in one LibreOffice run; PDFs into the private stage."""
    wanted = [item for item in items if item.docx is not None]
    if not wanted:
        return
    for item in wanted:
        item.converted = True
    sources = [item.docx for item in wanted if item.docx is not None]
    try:
        converted = convert_to_pdf(sources, stage / "pdf", timeout=timeout)
    except (LibreOfficeMissing, PuljeError) as exc:
        for item in wanted:
            item.failure = exc
        return
    for item in wanted:
        assert item.docx is not None
        outcome = converted.get(item.docx)
        if isinstance(outcome, Path):
            item.pdf = outcome
        else:
            item.failure = outcome


# --- output ---------------------------------------------------------------------------------


def _pages(row: DeskRow) -> str:
    if row.sider is None:
        return "–"
    return f"{row.sider}/{row.graense}" if row.graense else str(row.sider)


def render_desk_text(result: DeskResult, tr: Translator) -> str:
    """The table (fil, fejl, advarsler, sider, status), then each file's findings."""
    heads = [tr.gettext("File"), tr.gettext("Errors"), tr.gettext("Warnings"),
             tr.gettext("Pages"), tr.gettext("Status")]
    rows = [[row.file, str(row.fejl), str(row.advarsler), _pages(row),
             tr.gettext(STATUS_WORDS[row.status])] for row in result.files]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    widths[0] = min(widths[0], 60)

    def line(cells: list[str]) -> str:
        first = cells[0] if len(cells[0]) <= widths[0] else "…" + cells[0][-(widths[0] - 1):]
        parts = [first.ljust(widths[0])]
        parts += [c.rjust(widths[i]) for i, c in enumerate(cells[1:4], start=1)]
        parts.append(cells[4])
        return "  ".join(parts).rstrip()

    lines = [line(heads)]
    lines += [line(r) for r in rows]
    for row in result.files:
        if not row.diagnostics:
            continue
        lines.append("")
        kind = tr.gettext(KIND_WORDS.get(row.kind, KIND_WORDS[KIND_OTHER]))
        lines.append(f"{row.file} ({kind}):")
        for d in sorted(row.diagnostics, key=sort_key):
            text = format_one(d, tr)
            lines += ["  " + ln for ln in text.split("\n")]
    lines.append("")
    lines.append(_summary(result, tr))
    return "\n".join(lines)


def _summary(result: DeskResult, tr: Translator) -> str:
    rows = result.files
    ready = sum(1 for r in rows if r.status == READY)
    errors = sum(1 for r in rows if r.status == ERRORS)
    unreadable = sum(1 for r in rows if r.status in (UNREADABLE, MISSING))
    return tr.format(
        "{files} file(s): {ready} ready, {errors} with errors, {unreadable} unreadable.",
        {"files": len(rows), "ready": ready, "errors": errors, "unreadable": unreadable},
    )


def render_desk_json(result: DeskResult, tr: Translator) -> str:
    """The same as JSON: ``filer`` (one object per file with its diagnostics) and ``summary``."""
    body: dict[str, Any] = {
        "filer": [_row_json(row, tr) for row in result.files],
        "summary": {
            "filer": len(result.files),
            "klar": sum(1 for r in result.files if r.status == READY),
            "fejl": sum(1 for r in result.files if r.status == ERRORS),
            "ulaeselige": sum(1 for r in result.files if r.status in (UNREADABLE, MISSING)),
            "text": _summary(result, tr),
        },
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def _row_json(row: DeskRow, tr: Translator) -> dict[str, Any]:
    return {
        "fil": row.file,
        "type": row.kind,
        "fejl": row.fejl,
        "advarsler": row.advarsler,
        "sider": row.sider,
        "graense": row.graense,
        "status": row.status,
        "pulje": row.pulje,
        "ansoegt_beloeb": format(row.beloeb, "f") if row.beloeb is not None else None,
        "diagnostics": [as_dict(d, tr) for d in sorted(row.diagnostics, key=sort_key)],
    }
