"""``pulje committee``: the committee case of an application (Word, PDF, plain text) in the
kommune's template, and — with ``--approved`` — the committee's approval recorded: the
application becomes ``godkendt`` and the case (or the files given) goes to the archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pulje.diagnostics import N_, NP_, Diagnostic, Location, Plural
from pulje.diagnostics.wording import bare
from pulje.documents.committee.blocks import build_case, places_for_a_person
from pulje.documents.committee.codes import UDV001, UDV002, UDV003
from pulje.documents.committee.facts import CaseFacts, CaseOptions, case_facts
from pulje.documents.committee.template import load_template
from pulje.documents.word.plain import to_docx, to_text
from pulje.files.hashing import sha256_bytes
from pulje.lifecycle.common import (
    DA,
    LifecycleError,
    archive_record,
    load,
    now,
    output,
    portfolio_for,
)
from pulje.portfolio import DateKind, Status
from pulje.profile import DEFAULT_TEMPLATE, load_profile
from pulje.yamlsource import read_file

KIND = "udvalgssag"


@dataclass
class CommitteeResult:
    application: Path
    folder: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    template: str = DEFAULT_TEMPLATE
    pages: int | None = None
    archived: str | None = None
    status: Status | None = None


def _meeting_findings(f: CaseFacts, file: str) -> list[Diagnostic]:
    where = Location(file)
    out: list[Diagnostic] = []
    meeting = f.moededag
    if meeting is None:
        return out
    if f.frist is None:
        out.append(UDV002(
            N_("The round gives no deadline, so pulje cannot tell whether the meeting on "
               "{meeting} is in time."),
            N_("Check the pool's announcement for the deadline."), meeting=meeting).at(where))
    elif meeting > f.frist.dato and not f.orientering:
        out.append(UDV001(
            N_("The committee meets on {meeting}, after the pool's deadline {deadline}: the "
               "committee cannot approve the application before it is sent."),
            N_("Write the case as an orientering (--orientering), or send the application "
               "with a reservation for the committee's approval."),
            meeting=meeting, deadline=f.frist.dato).at(where))
    return out


def committee(application: Path, options: CaseOptions, *, template: str | None = None,
              profile: Path | None = None, out_dir: Path | None = None, pdf: bool = True,
              archive_root: Path | None = None) -> CommitteeResult:
    """Write the committee case of ``application`` into a new folder."""
    loaded = load(application)
    known = load_profile(profile)
    prof = known.profile if known else None
    name = template or (prof.udvalgsskabelon if prof else DEFAULT_TEMPLATE)
    base = known.file.parent if known and template is None else None
    skabelon, _raw = load_template(name, base)
    facts = case_facts(loaded, prof, options)
    doc = build_case(facts, skabelon)
    result = CommitteeResult(Path(application), template=skabelon.id)
    file = str(application)
    result.diagnostics += _meeting_findings(facts, file)
    for what in facts.notes:
        result.diagnostics.append(UDV002(
            N_("{what}: not given in the answer file, the pool's data or the kommune profile, so "
               "its place in the case is left empty."),
            N_("Fill it in in the case (or in the kommune profile, where it belongs there)."),
            what=what).at(Location(file)))
    places = places_for_a_person(doc)
    if places:
        result.diagnostics.append(UDV003(
            Plural(NP_("The case has {count} place only a person can write, marked \"Skriv "
                       "her\": {headings}.",
                       "The case has {count} places only a person can write, marked \"Skriv "
                       "her\": {headings}."), "count"),
            N_("Write them in Word before the case goes to the case system."),
            count=len(places), headings=", ".join(bare(p) for p in places)).at(Location(file)))
    when = now()
    stem = Path(application).stem
    with output(application, KIND, when, out_dir) as out:
        out.add("docx", f"{stem}-udvalgssag.docx", to_docx(doc))
        out.add("txt", f"{stem}-udvalgssag.txt", to_text(doc).encode("utf-8"))
        if pdf:
            result.pages = out.pdfs(["docx"])["docx"]
    result.folder, result.files = out.folder, out.files
    portfolio, key, _ = portfolio_for(loaded, archive_root)
    if isinstance(options.moede, datetime):
        portfolio.set_date(key, DateKind.udvalg, options.moede.date(), options.moede.time())
    elif isinstance(options.moede, date):
        portfolio.set_date(key, DateKind.udvalg, options.moede)
    return result


def approved(application: Path, day: date, files: list[Path], *,
             archive_root: Path | None = None, out_dir: Path | None = None) -> CommitteeResult:
    """Record the committee's approval: the application becomes ``godkendt``; the files given
    (the case as decided, the minutes) are archived with the record."""
    loaded = load(application)
    portfolio, key, facts = portfolio_for(loaded, archive_root)
    result = CommitteeResult(Path(application))
    when = now()
    record = (f"Godkendt i udvalget den {DA.date(day)}.\n"
              f"Ansøgning: {facts['projekt']} ({facts['kommune']}), {facts['pulje']}.\n")
    with output(application, "godkendelse", when, out_dir) as out:
        out.add("record", "godkendelse.txt", record.encode("utf-8"))
        for n, path in enumerate(files, start=1):
            try:
                data = read_file(path)
            except OSError as exc:
                raise LifecycleError(N_("{file} cannot be read: {reason}."), "",
                                     file=str(path), reason=str(exc)) from None
            out.add(f"bilag{n}", f"{n:02d}-{Path(path).name}", data)
    result.folder, result.files = out.folder, out.files
    result.archived = archive_record(
        out, loaded, facts, "godkendelse", when, archive_root=archive_root, sider=0,
        template=record.encode("utf-8"), documents=[],
        extra={"godkendt": day.isoformat(), "sha256_svarfil": sha256_bytes(
            read_file(Path(application)))})
    portfolio.set_date(key, DateKind.udvalg, day)
    portfolio.set_status(key, Status.godkendt, f"Godkendt i udvalget den {DA.date(day)}",
                         archive_id=result.archived)
    result.status = Status.godkendt
    return result
