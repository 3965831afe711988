"""``pulje report --status|--final``: the report pre-filled from the application and the
actuals file (Word, PDF), a status note for the committee, the findings (OPF), and the record
archived; a final report closes the application (``afsluttet``). ``--starter`` writes the
actuals file to fill in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from pulje.diagnostics import N_, Diagnostic, has_errors
from pulje.documents.followup.account import (
    account,
    account_findings,
    activities,
    activity_findings,
    result_findings,
    results,
    targets,
)
from pulje.documents.followup.actuals import load_actuals, starter_text
from pulje.documents.followup.report_doc import ReportFacts, report_document, status_note
from pulje.documents.word.plain import to_docx
from pulje.files import write_text
from pulje.lifecycle.common import (
    DA,
    LifecycleError,
    archive_record,
    load,
    now,
    output,
    portfolio_for,
)
from pulje.lifecycle.grant import approved_budget
from pulje.portfolio import DateKind, Status
from pulje.profile import load_profile
from pulje.yamlsource import read_file
from schemas.form import value_at


@dataclass
class ReportResult:
    application: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    folder: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    archived: str | None = None
    status: Status | None = None

    @property
    def refused(self) -> bool:
        return self.folder is None


def write_actuals_starter(application: Path, target: Path, *, final: bool,
                          until: date | None = None, archive_root: Path | None = None) -> Path:
    """Write an actuals file to fill in (never over an existing file)."""
    loaded = load(application)
    portfolio, key, facts = portfolio_for(loaded, archive_root)
    view = approved_budget(portfolio, key, loaded)
    found = targets(loaded)
    text = starter_text(
        project=facts["projekt"], kind="slut" if final else "status",
        activities=activities(loaded),
        targets=[(t.path, t.label, sorted(t.targets)) for t in found], view=view,
        until=until or date.today())
    return write_text(target, text)


def report(application: Path, actuals: Path, *, final: bool, profile: Path | None = None,
           pdf: bool = True, out_dir: Path | None = None,
           archive_root: Path | None = None) -> ReportResult:
    loaded = load(application)
    portfolio, key, facts = portfolio_for(loaded, archive_root)
    view = approved_budget(portfolio, key, loaded)
    found = targets(loaded)
    got = load_actuals(Path(actuals), view, {t.path for t in found})
    result = ReportResult(Path(application), list(got.diagnostics))
    if got.actuals is None or has_errors(result.diagnostics):
        return result
    a = got.actuals
    if (a.rapport == "slut") != final:
        raise LifecycleError(
            N_("The actuals file is for a {kind} report, not this one."),
            N_("Give the actuals file of this report, or the other option (--status/--final)."),
            kind="final" if a.rapport == "slut" else "status")
    threshold = loaded.runde.opfoelgning.afvigelse if loaded.runde else None
    assert threshold is not None
    lines = account(view, got, final=final)
    rows = results(found, got)
    result.diagnostics += list(activity_findings(got))
    result.diagnostics += list(result_findings(rows, got))
    result.diagnostics += list(account_findings(lines, got, threshold.procent, threshold.kr))
    known = load_profile(profile)
    period = loaded.runde.periode if loaded.runde else None
    f = ReportFacts(
        project=facts["projekt"], kommune=facts["kommune"],
        pool=loaded.pool.navn if loaded.pool else facts["pulje"],
        period=(period.start, period.end) if period else None, granted=view.applied,
        final=final, fagudvalg=known.profile.udvalg.fagudvalg if known and known.profile
        else None, threshold_pct=threshold.procent, threshold_kr=threshold.kr,
        threshold_source=threshold.kilde)
    doc = report_document(f, a, activities(loaded), rows, lines)
    purpose = value_at(loaded.model, ("formaal", "forandringer"))
    note = status_note(f, a, view, purpose if isinstance(purpose, str) else None, rows)
    kind = "slutrapport" if final else "statusrapport"
    when = now()
    stem = Path(application).stem
    with output(application, kind, when, out_dir) as out:
        out.add("report", f"{stem}-{kind}.docx", to_docx(doc))
        out.add("note", f"{stem}-statusnotat.docx", to_docx(note))
        out.add("actuals", f"faktiske-tal-{Path(actuals).name}", read_file(Path(actuals)))
        pages = out.pdfs(["report", "note"]) if pdf else {}
    result.folder, result.files = out.folder, out.files
    spent = sum((x for x in a.regnskab.values() if x is not None), Decimal("0.00"))
    result.archived = archive_record(
        out, loaded, facts, kind, when, archive_root=archive_root,
        sider=pages.get("report") or 0, template=read_file(Path(actuals)), documents=[],
        extra={"opgjort_pr": a.opgjort_pr.isoformat(), "forbrugt": str(spent)})
    art = DateKind.slutrapport if final else DateKind.statusrapport
    due = [d for d in portfolio.store.dates(key) if d.art is art and not d.done]
    if due:
        portfolio.store.mark_done(key, art, due[0].nr, when)
    portfolio.store.note(key, when, f"{kind.capitalize()} pr. {DA.date(a.opgjort_pr)}",
                         result.archived)
    if final:
        portfolio.set_status(key, Status.afsluttet, "Slutrapporten er afleveret",
                             archive_id=result.archived)
        result.status = Status.afsluttet
    return result
