"""``pulje submit``: the final documents, a submission package, its zip, and the archive entry.

A submission package is a folder, by default ``outputs/<application>/indsendelse-<time>/``::

    <the round's documents>                      by default the application form (<stem>.docx,
                                                 <stem>.pdf), the budget attachment
                                                 (<stem>-bilag-budget.docx/.pdf) and the budget
                                                 workbook (<stem>-budget.xlsx): what the round
                                                 lists under ``dokumenter``
    <answer file>                                a copy of the answer file the documents came from
    report.json                                  the build's report (pages, sections, findings)
    bilag/                                       the applicant's own attachments (the answer
                                                 file's ``bilag:``), if any
    what the round's channel needs               (``submission.channels``) e-mail: mailkladde.eml,
                                                 the draft to the pool's recipients with the
                                                 files each document sends; Tilskudsportalen:
                                                 Tilskudsportalen/ (the upload set) and
                                                 tjekliste-tilskudsportalen.md; not given:
                                                 saadan-sendes-ansoegningen.md
    manifest.json                                the facts (pool, round, kommune, project,
                                                 amount, pages, time, pulje's version), each
                                                 document, the channel, the template's SHA-256
                                                 and every file's SHA-256 (archive.manifest)

and beside it ``indsendelse-<time>.zip`` with the same files at the top of the zip.

Nothing is written when the application is refused (fejl — among them the formalia judged as
of the day it is sent, ``dato``: a passed deadline, FOR002 — or more pages than the pool
allows, or an attachment that cannot be read, FOR008):
everything is made in a hidden work folder beside the target, and the package appears by one
rename of the finished folder (the zip by a hard link, which never replaces a file). A package
never replaces an existing folder or zip: with the default name the time gets a suffix
(``-2``, ``-3``, …) if the name is taken; a folder given with ``-o`` must not exist.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.archive import (
    MANIFEST,
    AddResult,
    Archive,
    Notice,
    locate,
    write_manifest,
    zip_package,
)
from pulje.diagnostics import N_, Diagnostic, Translator, has_errors
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.version import pulje_version
from pulje.documents.template_builder import template_for
from pulje.files import FileExists, fsync_path, place, write_bytes
from pulje.files.hashing import sha256_bytes
from pulje.files.workdir import workdir
from pulje.pools import Pool, Runde
from pulje.report.workflow import (
    BuildResult,
    build,
    default_out_dir,
    unstage,
    unstaged,
)
from pulje.submission import leftovers
from pulje.submission.attachments import FOLDER as OWN_FOLDER
from pulje.submission.attachments import OwnAttachment, collect
from pulje.submission.channels import Made, Parcel, SentDocument, for_round
from pulje.submission.channels.email import EML_NAME
from pulje.submission.errors import (
    ApplicationChanged,
    NotArchived,
    PackageExists,
    PackageNotWritten,
)
from pulje.submission.mail import Contact, round_of
from pulje.yamlsource import read_file

PACKAGE_PREFIX = "indsendelse-"
MAX_SUFFIX = 100
_TAKEN = frozenset({errno.EEXIST, errno.ENOTEMPTY})


@dataclass
class SubmitResult:
    """What ``submit`` did. ``refused`` is True when nothing was written or archived."""

    application: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    time: datetime | None = None
    package: Path | None = None
    zip: Path | None = None
    #: The package's files by key: each document's ("ansoegning.pdf", …, as ``build``),
    #: report, answers, eml, manifest.
    files: dict[str, Path] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    pages: int | None = None
    limit: int | None = None
    to: str | None = ""
    cc: list[str] = field(default_factory=list)
    subject: str | None = ""
    #: The round's channel: "email", "tilskudsportal" or "ukendt" (not given).
    kanal: str = "email"
    #: What the channel made beside the documents (upload set, checklist, note), by key.
    channel_files: dict[str, Path] = field(default_factory=dict)
    archive_root: Path | None = None
    archived: AddResult | None = None
    #: What the user should know about the archive's place (e.g. it was moved from outputs/).
    notices: list[Notice] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def refused(self) -> bool:
        return self.package is None

    @property
    def eml(self) -> Path | None:
        """The e-mail draft in the package (None when the channel is not e-mail)."""
        return self.files.get("eml")


def submit(
    application: Path, *, out_dir: Path | None = None, archive_root: Path | None = None,
    dato: date | None = None,
) -> SubmitResult:
    """Check, build and package an application for its round's channel, then archive the
    package.

    Refuses (``refused=True``, nothing written) an application with fejl (the formalia judged
    as of ``dato``, the day it is sent: today by default), over the page limit, or with an
    attachment that cannot be read; the findings are in ``diagnostics``. Raises
    ``PuljeError`` for input that cannot be read, a missing LibreOffice (the PDF is
    required), a package folder that exists, a disk that is full — and ``NotArchived`` if the
    package was written but the archive failed.
    """
    started = time.monotonic()
    application = Path(application)
    when = datetime.now().astimezone().replace(microsecond=0)
    result = SubmitResult(application, time=when)
    answers = read_file(application)
    explicit = out_dir is not None
    target = Path(out_dir) if out_dir is not None else (
        default_out_dir(application) / f"{PACKAGE_PREFIX}{when:%Y%m%d-%H%M%S}"
    )
    if explicit:
        _refuse_existing(target)
    earlier = leftovers.notes(application, out_dir)  # before this run makes its own
    created = _make_parents(target.parent)
    placed = False
    work_folder = contextlib.ExitStack()
    try:
        work = work_folder.enter_context(workdir(target.parent, target.name, "submit"))
    except OSError as exc:
        _remove_created(created)
        raise PackageNotWritten(target.parent, exc.strerror or str(exc)) from None
    try:
        stage = work / "pakke"
        # Messages name the package folder the user will see, never the work folder.
        with unstaged(stage, target):
            built = build(application, stage, pdf=True, draft=False, dato=dato,
                          indsendelse=True)
        result.diagnostics = earlier + unstage(built.diagnostics, stage, target)
        result.pages, result.limit = built.pages, built.limit
        if not built.written or has_errors(built.diagnostics):
            return result
        assert built.loaded is not None
        own, unreadable = collect(built.loaded, application)
        if unreadable:
            result.diagnostics += unreadable
            return result
        names = _assemble(stage, application, answers, built, when, result, own, dato)
        zip_tmp = work / "pakke.zip"
        zip_package(stage, zip_tmp)
        _fsync_tree(stage)
        fsync_path(zip_tmp)
        if read_file(application) != answers:
            raise ApplicationChanged(application)
        package, zip_path = _place(stage, zip_tmp, target, explicit)
        placed = True
    except OSError as exc:
        raise PackageNotWritten(target.parent, exc.strerror or str(exc)) from None
    finally:
        work_folder.close()
        if not placed:
            _remove_created(created)
    result.package, result.zip = package, zip_path
    result.files = {kind: package / name for kind, name in names.items()}
    try:
        located = locate(archive_root)
        result.archive_root, result.notices = located.root, list(located.notices)
        result.archived = Archive(result.archive_root).add(package)
    except PuljeError as exc:
        raise NotArchived(package, zip_path, exc) from exc
    result.notices += _record_sent(built, result)
    result.seconds = time.monotonic() - started
    return result


def _record_sent(built: BuildResult, result: SubmitResult) -> list[Notice]:
    """The application is ``indsendt`` in the portfolio (beside the archive). The package is
    archived already: a portfolio that cannot be written is a notice, not a failure."""
    from pulje.portfolio import Status, open_portfolio

    try:
        portfolio = open_portfolio(result.archive_root)
        row = portfolio.track(built.loaded)
        archived = result.archived.entry.id if result.archived else None
        portfolio.set_status(row.app_key, Status.indsendt, "Indsendt (pulje submit)",
                             when=result.time, archive_id=archived)
    except PuljeError as exc:
        return [Notice(N_("The application was archived, but the portfolio could not record "
                          "it as submitted: {reason}"),
                       N_("Record it with 'pulje status set {file} indsendt'."),
                       {"reason": exc.text(Translator("da")), "file": str(result.application)})]
    return []


# --------------------------------------------------------------------------------------------
# Making the package


def _assemble(
    stage: Path, application: Path, answers: bytes, built: BuildResult, when: datetime,
    result: SubmitResult, own: list[OwnAttachment], dato: date | None,
) -> dict[str, str]:
    """Add the answer file, the applicant's attachments, what the round's channel needs and
    the manifest to the built documents."""
    loaded = built.loaded
    assert loaded is not None and loaded.pool is not None and loaded.model is not None
    pool = loaded.pool
    report = built.report
    names = {key: path.name for key, path in built.files.items()}
    answers_name = application.name
    if answers_name in names.values() or answers_name in (EML_NAME, MANIFEST):
        answers_name = f"svar-{answers_name}"
    _write_new(stage / answers_name, answers)
    names["answers"] = answers_name

    placed: list[tuple[OwnAttachment, Path]] = []
    for n, attachment in enumerate(own):
        path = stage / OWN_FOLDER / attachment.name
        path.parent.mkdir(exist_ok=True)
        _write_new(path, attachment.data)
        placed.append((attachment, path))
        names[f"bilag.{n}"] = f"{OWN_FOLDER}/{attachment.name}"

    ident: Any = getattr(loaded.model, "identifikation", None)
    kommune = " ".join(str(report.get("kommune") or "-").split())
    projekt = " ".join(str(report.get("projekt") or "-").split())
    runde = str(report.get("runde") or (loaded.runde.id if loaded.runde else "-"))
    amount = Decimal(str(report.get("beloeb") or "0"))
    person: Any = getattr(ident, "ansvarlig", None)
    contact = Contact(*(getattr(person, k, None) for k in ("navn", "adresse", "telefon", "email")))

    facts = round_of(pool, runde)
    parcel = Parcel(
        stage, pool, facts,
        [SentDocument(doc.document, {k: stage / p.name for k, p in doc.files.items()},
                      doc.pages) for doc in built.documents],
        placed, kommune, projekt, amount, contact, loaded.model, when, dato,
    )
    made = for_round(facts)(parcel)
    names.update(made.files)
    result.kanal = made.type
    result.to, result.cc, result.subject = made.to, made.cc, made.subject

    tr = Translator("da")
    write_manifest(
        stage,
        pulje=pool.id,
        runde=runde,
        kommune=kommune,
        projekt=projekt,
        beloeb=amount,
        sider=built.pages or 0,
        sidegraense=built.limit,
        skabelon_sha256=sha256_bytes(template_for(pool, facts)),
        tidspunkt=when,
        version=pulje_version(),
        dokumenter=[{"id": doc.document.id, "rolle": doc.document.role(tr),
                     "sider": doc.pages, "filer": [p.name for p in doc.files.values()]}
                    for doc in built.documents],
        extra=_extra(pool, facts, made),
    )
    names["manifest"] = MANIFEST
    result.manifest = json.loads((stage / MANIFEST).read_text(encoding="utf-8"))
    return names


def _extra(pool: Pool, facts: Runde, made: Made) -> dict[str, Any]:
    """Facts beyond the archive's required fields, for whoever reads the manifest later: the
    channel the package was made for (and, for e-mail, the draft's addressees as before)."""
    own = facts.own_template
    out: dict[str, Any] = {
        "pulje_navn": pool.navn,
        "finanslovskonto": ", ".join(facts.konti),
        "skabelon": f"{pool.id}/{facts.id}/{own.name if own is not None else facts.skema}",
        "kanal": made.record,
    }
    if made.type == "email":
        out["mail"] = {"fil": made.files["eml"], "til": made.to, "cc": made.cc,
                       "emne": made.subject}
    return out


def _write_new(path: Path, data: bytes) -> None:
    write_bytes(path, data)


# --------------------------------------------------------------------------------------------
# Putting it in place


def _refuse_existing(target: Path) -> None:
    for path in (target, _zip_of(target)):
        if os.path.lexists(path):
            raise PackageExists(path)


def _zip_of(folder: Path) -> Path:
    return folder.with_name(folder.name + ".zip")


def _candidates(target: Path, explicit: bool) -> list[Path]:
    if explicit:
        return [target]
    return [target] + [target.with_name(f"{target.name}-{n}") for n in range(2, MAX_SUFFIX)]


def _place(stage: Path, zip_tmp: Path, target: Path, explicit: bool) -> tuple[Path, Path]:
    """Move the finished package and its zip to the first free name; never replace anything.

    The zip is put in place first (``pulje.files.place``: it fails if the name exists), then the
    folder renamed; if the folder's name turned out to be taken, the zip is taken back and the
    next name tried.
    """
    for folder in _candidates(target, explicit):
        zip_path = _zip_of(folder)
        if os.path.lexists(folder) or os.path.lexists(zip_path):
            if explicit:
                raise PackageExists(folder if os.path.lexists(folder) else zip_path)
            continue
        if not _link_new(zip_tmp, zip_path):
            if explicit:
                raise PackageExists(zip_path)
            continue
        try:
            os.rename(stage, folder)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.replace(zip_path, zip_tmp)  # take the zip back, for the next name
            if exc.errno in _TAKEN or os.path.lexists(folder):
                if explicit:
                    raise PackageExists(folder) from None
                continue
            raise
        fsync_path(folder.parent)
        return folder, zip_path
    raise PackageExists(target)


def _link_new(source: Path, target: Path) -> bool:
    """Give the finished zip ``source`` the name ``target`` unless it exists; False if it
    does (``pulje.files.place``: a hard link, or an exclusive create where there are none)."""
    try:
        place(source, target)
    except FileExists:
        return False
    return True


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageNotWritten(folder, exc.strerror or str(exc)) from None
    return list(reversed(missing))


def _remove_created(created: list[Path]) -> None:
    """Remove the folders ``_make_parents`` created, innermost first, if they are empty."""
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fsync_path(path)
    fsync_path(folder)
