"""Files that are not answer files but often given in their place: Word, PDF, spreadsheets.

``pulje validate udkast.docx`` must say what the file is and which command reads it, not that
byte 0x8C is not UTF-8. The kind is found from the first bytes (a .docx renamed .yaml is still
Word) and, where they say nothing, from the name.
"""

from __future__ import annotations

import io
from pathlib import Path

from pulje.diagnostics import N_, Msg
from pulje.diagnostics.errors import UnreadableInput

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls (Compound File Binary)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")

WORD, OLD_TEXT, PDF, SHEET, ZIP = "word", "old-text", "pdf", "sheet", "zip"

_BY_SUFFIX = {
    ".docx": WORD, ".docm": WORD, ".dotx": WORD, ".doc": OLD_TEXT, ".odt": OLD_TEXT,
    ".rtf": OLD_TEXT, ".pdf": PDF, ".xlsx": SHEET, ".xlsm": SHEET, ".xls": SHEET,
    ".ods": SHEET, ".zip": ZIP,
}
_NAMES = {
    ".doc": N_("a Word document in the old format (.doc)"),
    ".odt": N_("an OpenDocument text (.odt)"),
    ".rtf": N_("an RTF document"),
    ".xlsx": N_("an Excel workbook"),
    ".xlsm": N_("an Excel workbook"),
    ".xls": N_("an Excel workbook in the old format (.xls)"),
    ".ods": N_("an OpenDocument spreadsheet (.ods)"),
}


def kind_of(raw: bytes, suffix: str) -> tuple[str, str] | None:
    """(kind, suffix it is known by) of a file that is not YAML text, or None."""
    head = raw[:1024]
    if head.startswith(_ZIP):
        return _zip_kind(raw, suffix)
    if b"%PDF-" in head:
        return PDF, ".pdf"
    if head.startswith(_OLE):
        return (SHEET, ".xls") if suffix in (".xls", ".xlsx") else (OLD_TEXT, ".doc")
    if head.lstrip().startswith(b"{\\rtf"):
        return OLD_TEXT, ".rtf"
    kind = _BY_SUFFIX.get(suffix)
    if kind is None:
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return kind, suffix  # binary under an office name: what its name says
    return None  # text under an office name: read it as the answer file it is


def _zip_kind(raw: bytes, suffix: str) -> tuple[str, str]:
    import zipfile  # only for a zip: `pulje validate` of an answer file does not pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            names = set(package.namelist())
            mimetype = b""
            if "mimetype" in names:
                with package.open("mimetype") as entry:
                    mimetype = entry.read(100)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        names, mimetype = set(), b""
    if "word/document.xml" in names:
        return WORD, ".docx"
    if "xl/workbook.xml" in names:
        return SHEET, ".xlsx"
    if b"opendocument.text" in mimetype:
        return OLD_TEXT, ".odt"
    if b"opendocument.spreadsheet" in mimetype:
        return SHEET, ".ods"
    kind = _BY_SUFFIX.get(suffix, ZIP)
    return kind, suffix if kind != ZIP else ".zip"


def refuse_foreign(raw: bytes, path: Path, name: str) -> None:
    """Raise ``UnreadableInput`` (exit 2) naming what the file is and the command for it."""
    found = kind_of(raw, path.suffix.lower())
    if found is None:
        return
    kind, suffix = found
    if kind == WORD:
        raise UnreadableInput(
            N_("{file} is a Word document, not an answer file."),
            N_("Check it with 'pulje check {file}', or read its answers into an answer file "
               "with 'pulje import {file} -o FILE.yaml'."), file=name,
        )
    if kind == OLD_TEXT:
        raise UnreadableInput(
            N_("{file} is {kind}, not an answer file."),
            N_("Save it in Word as .docx, then check it with 'pulje check' or read its answers "
               "in with 'pulje import'."), file=name, kind=Msg(_NAMES[suffix]),
        )
    if kind == PDF:
        raise UnreadableInput(
            N_("{file} is a PDF, not an answer file."),
            N_("Check a PDF with 'pulje check {file}'; validate checks the answer file "
               "(.yaml) it was made from."), file=name,
        )
    if kind == SHEET:
        raise UnreadableInput(
            N_("{file} is {kind}, not an answer file."),
            N_("The budget belongs in the answer file's 'budget:' section; check the "
               "application's Word or PDF file with 'pulje check'."),
            file=name, kind=Msg(_NAMES.get(suffix, _NAMES[".xlsx"])),
        )
    raise UnreadableInput(
        N_("{file} is a zip archive, not an answer file."),
        N_("Unpack it and validate the answer file (.yaml) inside."), file=name,
    )
