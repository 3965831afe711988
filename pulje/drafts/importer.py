"""``pulje import DRAFT.docx [BUDGET.xlsx] -o FILE``: a Word draft's answers and its budget
workbook as one answer file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pulje.answers.answerfile import dump, read_back
from pulje.answers.loader import LoadedApplication, load_data, load_text
from pulje.diagnostics import N_, Diagnostic, Location, Translator, has_errors
from pulje.diagnostics.errors import UnreadableInput, WouldOverwrite
from pulje.drafts import codes
from pulje.drafts.pairing import read_application
from pulje.drafts.reader import Draft
from pulje.drafts.wordfindings import draft_findings, nothing_filled_in
from pulje.files import write_text


@dataclass
class ImportResult:
    """What an import found and wrote: DOC findings located in the draft, then the findings
    of the answer file it wrote (located in that file); ``written`` is None when nothing was
    written."""

    draft: Path
    target: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: Path | None = None
    fields: int = 0
    #: The budget workbook read with the draft (given, or found beside it), if any.
    workbook: str | None = None


def answer_text(draft: Draft, source_name: str) -> str:
    """The answer file's text for a draft that was read (``draft.data`` set)."""
    assert draft.data is not None
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    header = [
        f"Svarfil læst ind fra Word-udkastet {source_name} af 'pulje import' {stamp}.",
        "Tjek den med:  pulje validate <denne fil>",
    ]
    paths = draft.text_paths
    return dump(draft.data, header=header, is_text=lambda path: tuple(path) in paths)


def loaded_answers(draft: Draft, source_name: str, file: str) -> LoadedApplication:
    """A read draft's answers loaded as from the answer file ``pulje import`` writes, called
    ``file`` (for the desk: its findings are located in the draft, not in that file): the values
    read back directly when ``answerfile.read_back`` vouches for them, else by writing and
    parsing the text."""
    assert draft.data is not None
    data = read_back(draft.data)
    if data is None:
        return load_text(answer_text(draft, source_name), file)
    return load_data(data, file)


def import_docx(draft: Path, target: Path, *, workbook: Path | None = None,
                force: bool = False) -> ImportResult:
    """Read ``draft``'s content controls, and the budget from ``workbook`` (else from the
    workbook beside the draft, else from the budget the draft stores), into an answer file at
    ``target``. The findings are located in the Word form and the workbook, where the user
    corrects them.

    Never replaces an existing ``target`` unless ``force`` (``WouldOverwrite``). Raises
    ``UnreadableInput`` when ``draft`` or ``workbook`` does not exist; a draft that is no Word
    file, or has no controls, gives DOC findings and writes nothing.
    """
    for given in (draft, workbook):
        if given is not None and not given.is_file():
            raise UnreadableInput(
                N_("The file {file} does not exist."), N_("Check the name and the folder."),
                file=str(given),
            )
    if target.exists() and not force:
        raise WouldOverwrite(
            N_("{file} exists already; pulje does not overwrite it."),
            N_("Choose another name, or give --force to replace it."), file=str(target),
        )
    read = read_application(draft, workbook=workbook, beside=draft)
    result = ImportResult(draft, target, list(read.diagnostics))
    if read.workbook is not None:
        result.workbook = read.workbook.file
        result.diagnostics += read.workbook.diagnostics
    if read.data is None:
        if read.readable and not read.has_controls and not read.diagnostics:
            result.diagnostics.append(codes.DOC005(
                N_("{file} has no content controls from pulje: it was not made by "
                   "'pulje build' or 'pulje init --docx', so there is nothing to import."),
                N_("Copy the answers into an answer file by hand (pulje init POOL -o FILE)."),
                file=str(draft),
            ).at(Location(str(draft))))
        return result
    text = answer_text(read, draft.name)
    result.fields = len(read.places)
    loaded = load_text(text, str(target))
    found = draft_findings(loaded, read)
    result.diagnostics += found
    if nothing_filled_in(read):
        return result  # nothing to import: the one finding says so, and nothing is written
    result.written = write_text(target, text, overwrite=force)
    return result


def describe_import(result: ImportResult, tr: Translator) -> str:
    """The short account ``pulje import`` prints after the findings."""
    if result.written is None:
        return tr.format("Nothing was written to {file}.", {"file": str(result.target)})
    lines = [tr.format("Wrote {file} ({fields} fields read from {draft}).", {
        "file": str(result.written), "fields": result.fields, "draft": str(result.draft),
    })]
    if result.workbook is not None:
        lines.append(tr.format("The budget was read from {workbook}.",
                               {"workbook": result.workbook}))
    if has_errors(result.diagnostics):
        lines.append(tr.format(
            "Correct the errors in the draft and import it again (--force), or in {file}, then "
            "run: pulje validate {file}", {"file": str(result.written)},
        ))
    else:
        lines.append(tr.format("Next: pulje validate {file}", {"file": str(result.written)}))
    return "\n".join(lines)
