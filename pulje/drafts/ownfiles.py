"""The desk's last pass over a check: pulje's own files, and what files say about each other.

- ``report.json`` and ``manifest.json`` get rows of their own (DOC028; a manifest's package is
  checked against it: ARK003–ARK005 on the files concerned);
- a file with the bytes pulje recorded is vouched for (DOC026): a PDF or budget attachment that
  pulje built from a clean application is "klar", so are its Excel workbook and e-mail draft,
  and the files of any other document of the round (the records name each file's document);
  a file changed since is DOC027, and a recorded file gone from the folder DOC029;
- a submission package's zip is checked against its manifest;
- a budget attachment is reported as its form's (DOC024), with the amounts compared (DOC025);
- a file of which only the text could be checked says so (DOC023).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pulje.archive.manifest import FORMAT, MANIFEST
from pulje.diagnostics import N_, Count, Diagnostic, Location, Msg
from pulje.diagnostics.i18n import FILES
from pulje.drafts import codes, entries
from pulje.drafts.deskmodel import (
    FULL,
    KIND_MAIL,
    KIND_MANIFEST,
    KIND_PACKAGE,
    KIND_PDF,
    KIND_REPORT,
    KIND_WORKBOOK,
    NONE,
    TEXT,
    attachment_name,
)
from pulje.drafts.records import (
    MAX_RECORD_BYTES,
    NotAPackage,
    SnapshotReader,
    ZipTooLarge,
    check_folder_package,
    check_zip,
    read_report,
    record_format,
)
from pulje.report.record import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from pulje.drafts.desk import Item

Step = Callable[["Item", Callable[[], object]], None]
_BUILD, _SUBMIT = Msg(N_("pulje build")), Msg(N_("pulje submit"))
#: The format of every version of pulje's manifest ("pulje-pakke/1").
PACKAGE_FORMAT = FORMAT.split("/")[0] + "/"


@dataclass
class _Folder:
    """What pulje's records in one folder say about the files in it (and below it)."""

    path: Path
    files: dict[str, str] = field(default_factory=dict)  # relative POSIX name → SHA-256
    makers: dict[str, Msg] = field(default_factory=dict)  # name → which command recorded it
    documents: dict[str, str] = field(default_factory=dict)  # name → its document's ID
    clean: bool = True
    manifest: bool = False


def _key(path: Path) -> str:
    return os.path.abspath(path)


def _relative(item: Item, folder: Path) -> str | None:
    try:
        return Path(_key(item.entry.path)).relative_to(_key(folder)).as_posix()
    except ValueError:
        return None


def _note(item: Item, diagnostic: Diagnostic) -> None:
    item.row.diagnostics.append(diagnostic.at(Location(item.row.file)))


def vouch(items: list[Item], step: Step) -> None:
    """The last pass: records, pulje's own files, attachments, and what was not checked."""
    folders: dict[str, _Folder] = {}
    for item in items:
        if item.snap is not None and item.entry.kind == entries.RECORD:
            step(item, partial(_record, item, items, folders))
    for item in items:
        if item.snap is None or item.broken:
            continue
        step(item, partial(_vouch_one, item, folders))
    for item in items:
        if item.attachment and not item.broken:
            step(item, partial(_attachment, item, items))
    for item in items:
        if item.row.scope == TEXT and not item.attachment and not any(
            d.code in ("DOC019", "DOC023", "REG012") for d in item.row.diagnostics
        ):
            _note(item, codes.DOC023(
                N_("A PDF: only its text and pages were checked, not the values of its answers "
                   "(amounts, figures, dates).") if item.row.kind == KIND_PDF else
                N_("A Word file without pulje's content controls: only its text and pages "
                   "were checked, not the values of its answers (amounts, figures, dates)."),
                N_("For a full check, check the answer file, or the Word file pulje made "
                   "(pulje build, or pulje init --docx)."),
                file=item.row.file,
            ))


# --- report.json and manifest.json ------------------------------------------------------------


def _folder(folders: dict[str, _Folder], path: Path) -> _Folder:
    return folders.setdefault(_key(path), _Folder(path))


def _record(item: Item, items: list[Item], folders: dict[str, _Folder]) -> None:
    assert item.snap is not None
    with item.snap.copy.open("rb") as fh:
        data = fh.read(MAX_RECORD_BYTES + 1)
    form = record_format(data)
    if item.entry.path.name == MANIFEST and (
        (form or "").startswith(PACKAGE_FORMAT)
        # A manifest too damaged to say its format, beside a build report: still pulje's.
        or (form is None and _report_beside(item, items))
    ):
        _manifest(item, items, folders)
        return
    if form in REPORT_FORMATS:
        report = read_report(data)
        if report is not None:
            folder = _folder(folders, item.entry.path.parent)
            for listed, sha in report.files.items():
                folder.files.setdefault(listed, sha)
                folder.makers.setdefault(listed, _BUILD)
            for document in report.documents:
                for listed in document.files:
                    folder.documents.setdefault(listed, document.id)
            folder.clean = folder.clean and report.clean
            item.row.kind = KIND_REPORT
            item.row.scope = FULL
            _note(item, codes.DOC028(
                N_("pulje's report of the build of {application}; it records {files}."),
                "",
                file=item.row.file, application=report.application or "?",
                files=Count(len(report.files), *FILES),
            ))
            present = {i.entry.path.name for i in items
                       if _key(i.entry.path.parent) == _key(item.entry.path.parent)}
            for listed in sorted(set(report.files) - present):
                _note(item, codes.DOC029(
                    N_("{name}, which pulje build made, is not in the folder any more."),
                    N_("Build again (pulje build) if it is needed."), name=listed,
                ))
            return
    _not_checked(item, N_("Not one of pulje's reports or manifests; JSON files are not "
                          "checked."))


def _report_beside(item: Item, items: list[Item]) -> bool:
    """Whether pulje's build report stands in the same folder as ``item``."""
    for other in items:
        if (other.snap is not None and other.entry.path.name == "report.json"
                and _key(other.entry.path.parent) == _key(item.entry.path.parent)):
            with other.snap.copy.open("rb") as fh:
                return read_report(fh.read(MAX_RECORD_BYTES + 1)) is not None
    return False


def _manifest(item: Item, items: list[Item], folders: dict[str, _Folder]) -> None:
    root = item.entry.path.parent
    copies: dict[str, Path] = {}
    labels: dict[str, str] = {}
    rows: dict[str, Item] = {}
    for other in items:
        rel = _relative(other, root)
        if rel is None:
            continue
        labels[rel] = other.row.file
        rows[other.row.file] = other
        if other.snap is not None and rel.split("/")[-1] not in _JUNK:
            copies[rel] = other.snap.copy
    reader = SnapshotReader(root, copies, labels, str(Path(item.row.file).parent))
    manifest, found = check_folder_package(reader)
    item.row.kind = KIND_MANIFEST
    item.row.scope = FULL
    for d in found:
        target = rows.get(d.location.file if d.location else "", item)
        target.row.diagnostics.append(d)
    if manifest is None:
        return
    folder = _folder(folders, root)
    folder.manifest = True
    for spec in manifest.files:
        folder.files[spec.name] = spec.sha256
        folder.makers[spec.name] = _SUBMIT
    for document in manifest.documents:
        for listed in document.files:
            folder.documents[listed] = document.id
    _note(item, codes.DOC028(
        N_("The manifest of pulje's submission package to {pool} from {kommune}; it "
           "records {files}."), "",
        file=item.row.file, pool=manifest.pulje, kommune=manifest.kommune,
        files=Count(len(manifest.files), *FILES),
    ))


_JUNK = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def _not_checked(item: Item, message: str) -> None:
    item.row.scope = NONE
    _note(item, codes.DOC017(
        message, N_("Nothing to do if it does not belong to the application."),
        file=item.row.file,
    ))


# --- the files pulje made -------------------------------------------------------------------


def _records_of(item: Item, folders: dict[str, _Folder]) -> tuple[_Folder, str] | None:
    """The folder record that lists this file, and the file's name in it."""
    for folder in folders.values():
        rel = _relative(item, folder.path)
        if rel is not None and rel in folder.files:
            return folder, rel
    return None


def _vouch_one(item: Item, folders: dict[str, _Folder]) -> None:
    kind = item.entry.kind
    if kind == entries.RECORD:
        return
    if kind == entries.ZIP:
        _zip(item)
        return
    assert item.snap is not None
    listed = _records_of(item, folders)
    if listed is not None:
        folder, rel = listed
        if folder.files[rel] == item.snap.sha256:
            if kind in (entries.WORKBOOK, entries.MAIL):
                item.row.kind = KIND_WORKBOOK if kind == entries.WORKBOOK else KIND_MAIL
            elif kind == entries.DOCUMENT and rel in folder.documents:
                item.row.kind = folder.documents[rel]  # the document's ID
            # A workbook read with its form is checked in full already; it is pulje's all the
            # same, and is said to be.
            full_book = kind == entries.WORKBOOK and item.row.scope == FULL
            if folder.clean and (item.row.scope in (TEXT, NONE) or full_book) and (
                item.row.fejl == 0
            ):
                item.row.scope = FULL
                _note(item, codes.DOC026(
                    N_("Exactly as {command} made it from a checked application."),
                    "", file=item.row.file, command=folder.makers[rel],
                ))
                return
        elif not folder.manifest:  # a manifest's ARK004 says it already
            _note(item, codes.DOC027(
                N_("Changed since {command} made it: the files made beside it (PDF, budget "
                   "attachment, workbook) are from before the change."),
                N_("Make the PDF again from the changed file, or read the changes into the "
                   "answer file (pulje import) and build again."),
                file=item.row.file, command=folder.makers[rel],
            ))
    if kind == entries.WORKBOOK and item.row.scope == NONE:
        _not_checked(item, N_("An Excel workbook; pulje does not check workbooks (the budget "
                              "is checked in the answer file or Word draft)."))
    elif kind == entries.MAIL and item.row.scope == NONE:
        _not_checked(item, N_("An e-mail; pulje does not check e-mails."))
    elif kind == entries.DOCUMENT and item.row.scope == NONE:
        _not_checked(item, N_("A kind of file only pulje's records can vouch for, and none "
                              "here vouches for this one as it is; it is not checked."))


def _zip(item: Item) -> None:
    assert item.snap is not None
    try:
        manifest, found = check_zip(item.snap.copy, item.row.file)
    except NotAPackage:
        _not_checked(item, N_("A zip file, but not one of pulje's submission packages; "
                              "pulje does not look into it."))
        return
    except ZipTooLarge:
        _note(item, codes.DOC016(
            N_("The zip file holds more than pulje unpacks to check a submission package."),
            N_("Check that it is the right file."), file=item.row.file,
        ))
        return
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            OSError):
        _note(item, codes.DOC016(
            N_("The file is damaged: it cannot be read as a zip file."),
            N_("Make the package again (pulje submit)."), file=item.row.file,
        ))
        return
    item.row.kind = KIND_PACKAGE
    item.row.scope = FULL
    item.row.diagnostics += found
    if manifest is not None:
        _note(item, codes.DOC028(
            N_("pulje's submission package (zip) to {pool} from {kommune}; it records {files}, "
               "all as recorded."), "",
            file=item.row.file, pool=manifest.pulje, kommune=manifest.kommune,
            files=Count(len(manifest.files), *FILES),
        ))


# --- the budget attachment ------------------------------------------------------------------

_FORM_KINDS = ("word", "pdf", "word-tekst", "svarfil")


def _attachment(item: Item, items: list[Item]) -> None:
    from pulje.drafts.textanswers import attachment_findings

    match = attachment_name().match(item.entry.path.name)
    form: Any = None
    if match is not None:
        here = _key(item.entry.path.parent)
        forms = [i for i in items if _key(i.entry.path.parent) == here
                 and i.entry.path.stem == match["stem"] and i.row.kind in _FORM_KINDS]
        forms.sort(key=lambda i: _FORM_KINDS.index(i.row.kind))
        form = forms[0] if forms else None
    item.row.diagnostics += attachment_findings(
        item.row.file, item.row.beloeb,
        form.entry.path.name if form is not None else None,
        form.row.beloeb if form is not None else None, item.row.sider,
    )
