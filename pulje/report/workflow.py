"""``pulje build``: answer file → checks → the round's documents → exact pages → report.json.

The round lists its documents (``runde.dokumenter``, ``pulje.documents.registry``); build
renders each, has LibreOffice lay out those that are laid out (one run per core), counts their
pages, holds the ones that count against the page limit, and records every file in
``report.json`` (``report.record``).

Everything is rendered into a staging folder beside the target and only moved into
``outputs/<application>/`` once all of it succeeded, each file by an atomic rename: a failed
or refused build leaves the previous outputs as they were. A file the user changed, or one
pulje did not write, is never replaced without ``force`` (see ``report.target``), and no
message names the staging folder: its paths are given as the target's.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pulje.answers.loader import LoadedApplication, load_application
from pulje.checks import check
from pulje.diagnostics import N_, NP_, Diagnostic, Location, Plural, Translator, has_errors
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.model import Path as Path_
from pulje.diagnostics.report import as_dict
from pulje.documents.facts import facts_of, now
from pulje.documents.registry import Document, of_round
from pulje.files import fsync_path, place, write_text
from pulje.files.hashing import file_entry
from pulje.files.workdir import workdir
from pulje.office import (
    ConversionFailure,
    SectionSpan,
    convert_to_pdf,
    count_pages,
    section_pages,
)
from pulje.office.estimate import min_pages
from pulje.office.pages import load_beside
from pulje.office.pdftext import fast_page_texts
from pulje.report.pagecheck import PAG003, at_least_finding, page_findings
from pulje.report.record import FORMAT as REPORT_FORMAT
from pulje.report.record import REPORT
from pulje.report.target import Previous, guard, read_previous, remove, stale

OUTPUTS = Path("outputs")


@dataclass
class BuiltDocument:
    """One document of a build: its files by kind (.docx, .pdf, .xlsx …) and its pages."""

    document: Document
    files: dict[str, Path] = field(default_factory=dict)
    pages: int | None = None


@dataclass
class BuildResult:
    """What a build did: its findings, whether it wrote, where, and the pages it counted."""

    application: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False
    out_dir: Path | None = None
    #: Every file written, by key: "<document>.<kind>" ("ansoegning.pdf") and "report".
    files: dict[str, Path] = field(default_factory=dict)
    documents: list[BuiltDocument] = field(default_factory=list)
    #: The pages that count towards the limit (those of the documents that count).
    pages: int | None = None
    limit: int | None = None
    sections: list[SectionSpan] = field(default_factory=list)
    draft: bool = False
    report: dict[str, Any] = field(default_factory=dict)
    #: The answer file as the build read it (``pulje submit`` goes on with it).
    loaded: LoadedApplication | None = None

    @property
    def refused(self) -> bool:
        return not self.written


_NOT_COUNTED = Plural(NP_("{document}: {pages} page (not counted in the limit)",
                          "{document}: {pages} pages (not counted in the limit)"), "pages")
_NO_LIMIT = Plural(NP_("{pages} page (the round has no page limit)",
                       "{pages} pages (the round has no page limit)"), "pages")

def default_out_dir(application: Path) -> Path:
    return OUTPUTS / application.stem


def output_names(documents: Iterable[Document], stem: str, pdf: bool = True) -> dict[str, str]:
    """The files a build of these documents writes, by key ("ansoegning.pdf", …, "report")."""
    names = {doc.key(kind): name for doc in documents
             for kind, name in doc.files(stem, pdf=pdf).items()}
    return names | {"report": REPORT}


def build(
    application: Path, out_dir: Path | None = None, *, pdf: bool = True, draft: bool = False,
    force: bool = False, dato: date | None = None, indsendelse: bool = False,
) -> BuildResult:
    """Build the documents of one answer file. Raises ``PuljeError`` for unreadable input, a
    round that lists a document pulje does not know, or a LibreOffice that is missing, and
    ``WouldOverwrite`` (unless ``force``) when the target holds a file the user changed or
    pulje did not write, or a final build a draft would replace; findings (including PAG) come
    back in the result. The formalia are judged as of ``dato`` (default today), as for a
    submission when ``indsendelse`` (``pulje submit``)."""
    loaded = load_application(application)
    result = BuildResult(application, check(loaded, dato=dato, indsendelse=indsendelse),
                         draft=draft, loaded=loaded)
    if (has_errors(result.diagnostics) and not draft) or loaded.model is None:
        return result
    assert loaded.pool is not None
    assert loaded.runde is not None
    documents = of_round(loaded.runde)
    target = out_dir or default_out_dir(application)
    result.limit = loaded.runde.sidegraense
    if not force:  # before the work, so a refusal costs no LibreOffice run
        guard(target, output_names(documents, application.stem, pdf).values(), draft=draft)
    with contextlib.ExitStack() as stack:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # A marked, locked work folder: what a killed build leaves can be found and
            # cleaned without risk (pulje.files.workdir).
            stage = stack.enter_context(workdir(target.parent, target.name, "build"))
        except OSError as exc:
            raise PuljeError(
                N_("The folder {folder} cannot be written to: {reason}."),
                N_("Choose another folder with -o."), folder=str(target.parent),
                reason=exc.strerror or str(exc),
            ) from None
        with unstaged(stage, target):
            result.documents = _render(loaded, documents, stage, application.stem, draft)
            if pdf:
                _layout(loaded, stage, result)
        result.diagnostics = unstage(result.diagnostics, stage, target)
        if has_errors(result.diagnostics) and not draft:
            return result
        names = {doc.document.key(kind): path.name for doc in result.documents
                 for kind, path in doc.files.items()}
        result.report = report_record(loaded, result, stage)
        write_text(stage / REPORT, json.dumps(result.report, ensure_ascii=False, indent=2) + "\n")
        names["report"] = REPORT
        new = {name: meta["sha256"] for name, meta in result.report["filer"].items()}
        # Again, just before the files are replaced: a project leader may have saved the
        # Word file while LibreOffice was running.
        previous = (read_previous(target) if force
                    else guard(target, names.values(), draft=draft, new=new))
        leftovers = stale(target, previous, names.values())
        _publish(stage, target, names, None if force else previous, new)
        remove(leftovers)
        result.written = True
        result.out_dir = target
        result.files = {key: target / name for key, name in names.items()}
        for doc in result.documents:
            doc.files = {kind: target / path.name for kind, path in doc.files.items()}
    return result


def _unstage_text(text: str, stage: Path, target: Path) -> str:
    for staged in (str(stage.absolute()), str(stage)):
        if staged in text:
            text = text.replace(staged, str(target))
    return text


def _unstage_params(params: Mapping[str, Any], stage: Path, target: Path) -> dict[str, Any]:
    return {k: _unstage_text(v, stage, target) if isinstance(v, str) else v
            for k, v in params.items()}


def unstage(diagnostics: Iterable[Diagnostic], stage: Path, target: Path) -> list[Diagnostic]:
    """Findings about files in a staging folder, naming the files in the target instead."""
    out: list[Diagnostic] = []
    for diag in diagnostics:
        location = diag.location
        if location is not None:
            location = replace(location, file=_unstage_text(location.file, stage, target))
        out.append(replace(diag, params=_unstage_params(diag.params, stage, target),
                           location=location))
    return out


@contextlib.contextmanager
def unstaged(stage: Path, target: Path) -> Iterator[None]:
    """Errors raised while working in a staging folder name the target's files instead."""
    try:
        yield
    except PuljeError as exc:
        exc.params = _unstage_params(exc.params, stage, target)
        raise


def _render(loaded: LoadedApplication, documents: Iterable[Document], stage: Path, stem: str,
            draft: bool) -> list[BuiltDocument]:
    """Each document's source file (.docx, .xlsx …) in the stage."""
    built: list[BuiltDocument] = []
    for document in documents:
        target = stage / document.name(stem, document.source)
        document.render(loaded, target, draft=draft)
        built.append(BuiltDocument(document, {document.source: target}))
    return built


def _layout(loaded: LoadedApplication, stage: Path, result: BuildResult) -> None:
    """LibreOffice lays out every document that is laid out (one run per core); pages are counted,
    and those of the documents that count are held against the limit (PAG)."""
    assert loaded.pool is not None and loaded.runde is not None
    laid = [doc for doc in result.documents if doc.document.layout]
    counting = [doc for doc in laid if doc.document.counts]
    limit = loaded.runde.sidegraense  # None: the round has no page limit
    # LibreOffice needs minutes for a giant answer; if the text alone cannot fit, say so now.
    bounds = [min_pages(doc.files[doc.document.source]) for doc in counting
              if limit is not None]
    at_least = sum(b or 0 for b in bounds) if any(b is not None for b in bounds) else None
    over = at_least is not None and limit is not None and at_least > limit
    if over and not result.draft:
        assert at_least is not None and limit is not None
        result.diagnostics.append(_at_least(loaded, at_least, limit))
        return  # nothing is written anyway, so no PDF is needed
    sources = {doc.files[doc.document.source]: doc for doc in laid}
    load_beside()
    converted = convert_to_pdf(list(sources), stage)
    for outcome in converted.values():
        if isinstance(outcome, ConversionFailure):
            result.diagnostics.append(outcome.diagnostic(PAG003))
    texts: list[str] = []
    headings: list[tuple[str, str]] = []
    pdf_name: str | None = None
    for source, doc in sources.items():
        pdf = converted.get(source)
        if not isinstance(pdf, Path):
            continue
        doc.files["pdf"] = pdf
        if not doc.document.counts:
            doc.pages = count_pages(pdf)
            continue
        pages = fast_page_texts(pdf)
        doc.pages = len(pages)
        texts += pages
        pdf_name = pdf_name or pdf.name
        headings += doc.document.headings(loaded.pool, loaded.runde, loaded.model) or []
    if pdf_name is not None and len(
            [d for d in counting if "pdf" in d.files]) == len(counting):
        result.pages = len(texts)
        result.sections = section_pages(texts, headings) if headings else []
        result.diagnostics += page_findings(pdf_name, result.pages, limit, result.sections,
                                            headings)
    elif over:
        assert at_least is not None and limit is not None
        result.diagnostics.append(_at_least(loaded, at_least, limit))


def _at_least(loaded: LoadedApplication, at_least: int, limit: int) -> Diagnostic:
    """PAG001 from the page bound, at the longest answer of the answer file."""
    from pulje.checks.walk import fields, words
    from pulje.diagnostics.model import dotted

    assert loaded.model is not None
    longest: tuple[int, Path_] | None = None
    for path, _info, value in fields(loaded.model):
        if isinstance(value, str):
            count = words(value)
            if longest is None or count > longest[0]:
                longest = (count, path)
    if longest is None:
        return at_least_finding(Location(loaded.file), at_least, limit)
    count, path = longest
    return at_least_finding(loaded.source.locate(path), at_least, limit, (dotted(path), count))


def report_record(loaded: LoadedApplication, result: BuildResult, stage: Path
                  ) -> dict[str, Any]:
    """``report.json`` (``pulje-rapport/2``, see ``report.record``) of a build in ``stage``."""
    tr = Translator("da")
    beyond = [s.key for s in result.sections if result.limit and s.end_page > result.limit]
    facts = facts_of(loaded, sider=result.pages, sidegraense=result.limit, tidspunkt=now())
    files = {path.name: file_entry(path) for doc in result.documents
             for path in doc.files.values()}
    return {
        "format": REPORT_FORMAT,
        **facts.record(),
        "svarfil": str(result.application),
        "udkast": result.draft,
        "dokumenter": [
            {"id": doc.document.id, "rolle": doc.document.role(tr), "sider": doc.pages,
             "taeller_med": doc.document.counts,
             "filer": {path.name: files[path.name] for path in doc.files.values()}}
            for doc in result.documents
        ],
        "afsnit": [
            {"noegle": s.key, "titel": s.title, "fra_side": s.start_page, "til_side": s.end_page,
             "sider": s.pages}
            for s in result.sections
        ],
        "ud_over_graensen": beyond,
        "diagnostics": [as_dict(d, tr) for d in result.diagnostics],
        "filer": dict(sorted(files.items())),
    }


def _publish(stage: Path, target: Path, names: dict[str, str], previous: Previous | None,
             new: Mapping[str, str]) -> None:
    """Move the staged files into ``target``, each by one atomic rename, the report last.

    Unless forced (``previous`` None), a file there is replaced only while it is still the one
    the last build recorded, or already the new one (``pulje.files.place``): what the guard
    found a moment ago is checked once more for each file."""
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _not_published(target, exc) from None
    for name in sorted(names.values(), key=lambda n: n == REPORT):
        if previous is None or name == REPORT:
            # The report itself was checked by the guard (pulje's, or none there).
            place(stage / name, target / name, overwrite=True)
            continue
        recorded = previous.files.get(name) if previous.readable else None
        place(stage / name, target / name,
              unchanged={sha for sha in (recorded, new.get(name)) if sha})
    fsync_path(target)


def _not_published(target: Path, exc: OSError) -> PuljeError:
    return PuljeError(
        N_("The documents could not be written to {folder}: {reason}."),
        N_("Free space or choose another folder with -o."), folder=str(target),
        reason=exc.strerror or str(exc),
    )


def describe(result: BuildResult, tr: Translator) -> str:
    """The short account ``pulje build`` prints after the findings."""
    lines: list[str] = []
    if not result.written:
        lines.append(tr.gettext(
            "Nothing was written: the application has errors. Correct them, or build a draft "
            "marked UDKAST with --draft."
        ))
        return "\n".join(lines)
    lines.append(tr.format("Written to {folder}:", {"folder": str(result.out_dir)}))
    lines += [f"  {path.name}" for path in result.files.values()]
    if result.pages is not None and result.limit is not None:
        lines.append(tr.format("{pages} of {limit} pages", {"pages": result.pages,
                                                              "limit": result.limit}))
    elif result.pages is not None:
        lines.append(tr.format(_NO_LIMIT, {"pages": result.pages}))
    for doc in result.documents:
        if doc.pages is not None and not doc.document.counts:
            lines.append(tr.format(
                _NOT_COUNTED,
                {"document": doc.document.role(tr), "pages": doc.pages},
            ))
    if result.sections:
        lines.append(tr.gettext("Pages per section:"))
        for s in result.sections:
            mark = " *" if result.limit is not None and s.end_page > result.limit else ""
            lines.append(f"  {s.start_page:>3}–{s.end_page:<3} ({s.pages})  {s.title}{mark}")
    if result.draft:
        lines.append(tr.gettext("Draft: every page is marked UDKAST."))
    return "\n".join(lines)
