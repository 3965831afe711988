"""``pulje build``: answer file → checks → Word, PDF and Excel → exact pages → report.json.

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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pulje.answers.loader import LoadedApplication, load_application
from pulje.checks import check
from pulje.diagnostics import N_, Diagnostic, Location, Translator, has_errors
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.model import Path as Path_
from pulje.diagnostics.report import as_dict
from pulje.diagnostics.version import pulje_version
from pulje.files import fsync_path, write_text
from pulje.files.hashing import sha256_file
from pulje.files.workdir import workdir
from pulje.office import ConversionFailure, SectionSpan, convert_to_pdf, count_pages, page_texts
from pulje.office.estimate import min_pages
from pulje.report.pagecheck import PAG003, at_least_finding, page_findings
from pulje.report.target import REPORT, guard, read_previous, remove, stale

OUTPUTS = Path("outputs")


@dataclass
class BuildResult:
    """What a build did: its findings, whether it wrote, where, and the pages it counted."""

    application: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: bool = False
    out_dir: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    pages: int | None = None
    limit: int | None = None
    attachment_pages: int | None = None
    sections: list[SectionSpan] = field(default_factory=list)
    draft: bool = False
    report: dict[str, Any] = field(default_factory=dict)
    #: The answer file as the build read it (``pulje submit`` goes on with it).
    loaded: LoadedApplication | None = None

    @property
    def refused(self) -> bool:
        return not self.written


def default_out_dir(application: Path) -> Path:
    return OUTPUTS / application.stem


def output_names(stem: str, pdf: bool = True) -> dict[str, str]:
    """The files a build writes, by kind."""
    names = {
        "docx": f"{stem}.docx",
        "budget_docx": f"{stem}-bilag-budget.docx",
        "xlsx": f"{stem}-budget.xlsx",
    }
    if pdf:
        names |= {"pdf": f"{stem}.pdf", "budget_pdf": f"{stem}-bilag-budget.pdf"}
    return names | {"report": REPORT}


def build(
    application: Path, out_dir: Path | None = None, *, pdf: bool = True, draft: bool = False,
    force: bool = False,
) -> BuildResult:
    """Build the documents of one answer file. Raises ``PuljeError`` for unreadable input or a
    LibreOffice that is missing, and ``WouldOverwrite`` (unless ``force``) when the target
    holds a file the user changed or pulje did not write, or a final build a draft would
    replace; findings (including PAG) come back in the result."""
    loaded = load_application(application)
    result = BuildResult(application, check(loaded), draft=draft, loaded=loaded)
    if (has_errors(result.diagnostics) and not draft) or loaded.model is None:
        return result
    assert loaded.pool is not None
    target = out_dir or default_out_dir(application)
    result.limit = loaded.pool.sidegraense
    if not force:  # before the work, so a refusal costs no LibreOffice run
        guard(target, output_names(application.stem, pdf).values(), draft=draft)
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
            names = _render(loaded, stage, application.stem, draft)
            if pdf:
                _pdfs(loaded, stage, names, result)
        result.diagnostics = unstage(result.diagnostics, stage, target)
        if has_errors(result.diagnostics) and not draft:
            return result
        result.report = _report(loaded, result, stage, names)
        write_text(stage / REPORT,
                   json.dumps(result.report, ensure_ascii=False, indent=2) + "\n")
        names["report"] = REPORT
        new = {name: meta["sha256"] for name, meta in result.report["filer"].items()}
        # Again, just before the files are replaced: a project leader may have saved the
        # Word file while LibreOffice was running.
        previous = (read_previous(target) if force
                    else guard(target, names.values(), draft=draft, new=new))
        leftovers = stale(target, previous, names.values())
        _publish(stage, target, names)
        remove(leftovers)
        result.written = True
        result.out_dir = target
        result.files = {kind: target / name for kind, name in names.items()}
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


def _render(loaded: LoadedApplication, stage: Path, stem: str, draft: bool) -> dict[str, str]:
    from pulje.documents.budget_docx import render_budget_docx
    from pulje.documents.budget_xlsx import render_budget_xlsx
    from pulje.documents.form import render_draft

    names = output_names(stem, pdf=False)
    del names["report"]
    # The form carries its pool, round and budget in a custom XML part, so that a project
    # leader's edits in Word can be read back whole with `pulje import`.
    render_draft(loaded, stage / names["docx"], draft=draft)
    render_budget_docx(loaded, stage / names["budget_docx"], draft=draft)
    render_budget_xlsx(loaded, stage / names["xlsx"])
    return names


def _pdfs(
    loaded: LoadedApplication, stage: Path, names: dict[str, str], result: BuildResult
) -> None:
    from pulje.documents.form import section_headings

    assert loaded.pool is not None
    form, attachment = stage / names["docx"], stage / names["budget_docx"]
    limit = loaded.pool.sidegraense
    # LibreOffice needs minutes for a giant answer; if the text alone cannot fit, say so now.
    at_least = min_pages(form)
    over = at_least is not None and at_least > limit
    if over and not result.draft:
        assert at_least is not None
        result.diagnostics.append(_at_least(loaded, at_least, limit))
        return  # nothing is written anyway, so no PDF is needed
    converted = convert_to_pdf([form, attachment], stage)
    for outcome in converted.values():
        if isinstance(outcome, ConversionFailure):
            result.diagnostics.append(outcome.diagnostic(PAG003))
    form_pdf, attachment_pdf = converted[form], converted[attachment]
    if isinstance(form_pdf, Path):
        names["pdf"] = form_pdf.name
        texts = page_texts(form_pdf)
        headings = section_headings(loaded.pool)
        from pulje.office import section_pages

        result.pages = len(texts)
        result.sections = section_pages(texts, headings)
        result.diagnostics += page_findings(
            names["pdf"], result.pages, loaded.pool.sidegraense, result.sections, headings
        )
    elif over:
        assert at_least is not None
        result.diagnostics.append(_at_least(loaded, at_least, limit))
    if isinstance(attachment_pdf, Path):
        names["budget_pdf"] = attachment_pdf.name
        result.attachment_pages = count_pages(attachment_pdf)


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


def _report(
    loaded: LoadedApplication, result: BuildResult, stage: Path, names: dict[str, str]
) -> dict[str, Any]:
    assert loaded.pool is not None and loaded.runde is not None
    model: Any = loaded.model
    tr = Translator("da")
    beyond = [s.key for s in result.sections if result.limit and s.end_page > result.limit]
    return {
        "format": "pulje-rapport/1",
        "pulje_version": pulje_version(),
        "tidspunkt": datetime.now(UTC).isoformat(timespec="seconds"),
        "ansoegning": str(result.application),
        "pulje": loaded.pool.id,
        "runde": loaded.runde.id,
        "kommune": getattr(getattr(model, "identifikation", None), "kommune", None),
        "projektnavn": getattr(getattr(model, "identifikation", None), "projektnavn", None),
        "ansoegt_beloeb": _money(getattr(getattr(model, "oekonomi", None), "ansoegt_beloeb", None)),
        "udkast": result.draft,
        "sider": {
            "ansoegning": result.pages,
            "graense": result.limit,
            "bilag_budget": result.attachment_pages,
        },
        "afsnit": [
            {"noegle": s.key, "titel": s.title, "fra_side": s.start_page, "til_side": s.end_page,
             "sider": s.pages}
            for s in result.sections
        ],
        "ud_over_graensen": beyond,
        "diagnostics": [as_dict(d, tr) for d in result.diagnostics],
        "filer": {
            name: {"sha256": sha256_file(stage / name), "bytes": (stage / name).stat().st_size}
            for name in sorted(names.values())
        },
    }


def _money(value: Any) -> str | None:
    return None if value is None else format(value, "f")


def _publish(stage: Path, target: Path, names: dict[str, str]) -> None:
    """Move the staged files into ``target``, each by one atomic rename."""
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in names.values():
            (stage / name).replace(target / name)
        fsync_path(target)
    except OSError as exc:
        raise PuljeError(
            N_("The documents could not be written to {folder}: {reason}."),
            N_("Free space or choose another folder with -o."), folder=str(target),
            reason=exc.strerror or str(exc),
        ) from None


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
    if result.attachment_pages is not None:
        lines.append(tr.format(
            "Budget attachment: {pages} page(s) (not counted in the limit)",
            {"pages": result.attachment_pages},
        ))
    if result.sections:
        lines.append(tr.gettext("Pages per section:"))
        for s in result.sections:
            mark = " *" if result.limit is not None and s.end_page > result.limit else ""
            lines.append(f"  {s.start_page:>3}–{s.end_page:<3} ({s.pages})  {s.title}{mark}")
    if result.draft:
        lines.append(tr.gettext("Draft: every page is marked UDKAST."))
    return "\n".join(lines)
