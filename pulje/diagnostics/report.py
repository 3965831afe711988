"""Diagnostics as text (``file:line:col: CODE severity message`` + ``hint:``) or JSON.

Everything printed from a user's world (file names, sections, message parameters) goes through
``shown`` first: a name that is not UTF-8, or holds a newline, a right-to-left mark or a control
character, is printed with those characters escaped (``\\xff``, ``\\n``, ``\\u202e``), so it can
neither fake a line of the output nor break a strict UTF-8 terminal or the JSON. ``dumps`` is
the one JSON writer: valid JSON whatever the values hold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_, NP_, Translator
from pulje.diagnostics.model import (
    Diagnostic,
    Hint,
    Location,
    Msg,
    Severity,
    count,
    hint_for,
)
from pulje.diagnostics.wording import shorten

SEVERITY_WORDS = {
    Severity.FEJL: N_("error"),
    Severity.ADVARSEL: N_("warning"),
    Severity.INFO: N_("info"),
}

# What must not reach a terminal or a table as it is: control characters (C0, DEL, C1), the
# invisible format characters (Unicode category Cf: bidirectional marks and overrides, zero
# widths, soft hyphen, BOM, tags), line and paragraph separators, and lone surrogates (the bytes
# of a file name that is not UTF-8, as Python decodes it). tests/diagnostics checks the class
# against Python's Unicode database.
_UNSAFE_CLASS = (
    "\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[\x00-\x1f{_UNSAFE_CLASS}]")
# json.dumps escapes C0 controls in strings itself; between values it writes its own newlines.
_JSON_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown(text: str) -> str:
    """``text`` safe to print on one line: unsafe characters escaped, the rest as it is."""
    return _UNSAFE.sub(_escape, text)


def shown_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Message parameters with every text from outside made safe (msgids stay msgids)."""
    return {k: shown(v) if isinstance(v, str) and not isinstance(v, Msg) else v
            for k, v in params.items()}


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}" if ord(match.group()) <= 0xFFFF else "".join(
        f"\\u{unit:04x}" for unit in _utf16(match.group())
    )


def _utf16(char: str) -> tuple[int, int]:
    code = ord(char) - 0x10000
    return 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)


def dumps(value: Any) -> str:
    """JSON with Danish letters as they are and every unsafe character as a \\u escape: valid
    JSON, and safe to print, whatever texts ``value`` holds."""
    # Outside strings JSON is ASCII, so such a character can only stand inside a string, where
    # its \u escape means the same character.
    return _JSON_UNSAFE.sub(_json_escape, json.dumps(value, ensure_ascii=False, indent=2))


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    loc = d.location
    if loc is None:
        return ("", 0, 0, d.code)
    return (loc.file, loc.line or loc.page or 0, loc.col or 0, d.code)


def message_text(d: Diagnostic, tr: Translator) -> tuple[str, str]:
    """The finding's message and hint in ``tr``'s language, with its parameters made safe.
    The hint is the variant for where the finding lands (Word, Excel or the answer file), and
    may quote the place (``{question}``, ``{heading}``, ``{cell}``, ``{sheet}``, ``{item}``)."""
    params = shown_params(d.params)
    medium = d.location.medium if d.location is not None else ""
    place = d.location.document_place if d.location is not None else {}
    # A place's own words (the heading as Word prints it) go before the rule's parameters.
    message = tr.format(hint_for(d.message, medium), {**params, **shown_params(place)}
                        if isinstance(d.message, Hint) and medium in d.message.variants
                        else params)
    if not d.hint:
        return message, ""
    hint_params = {**shown_params(place), **params}
    return message, tr.format(hint_for(d.hint, medium), hint_params)


def document_place(loc: Location, tr: Translator) -> str | None:
    """The place in a Word document or a workbook, in the user's words:
    ``Økonomi › "Angiv det ansøgte beløb" › tabel 2, række 1, kolonne 2`` or
    ``Budget!D14 "Projektleder, 37 t/uge"``; None for another place."""
    if loc.sheet is not None or loc.cell is not None:
        where = "!".join(shown(p) for p in (loc.sheet, loc.cell) if p)
        if loc.item:
            where += f' "{shown(shorten(loc.item, 60))}"'
        return where
    parts: list[str] = []
    if loc.heading:
        parts.append(shown(loc.heading))
    elif loc.section and loc.item:
        parts.append(shown(loc.section))  # a place with no finer parts, and the line there
    if loc.question and loc.question != loc.heading:
        parts.append(f'"{shown(shorten(loc.question, 80))}"')
    if loc.table is not None:
        cell = tr.format("table {table}", {"table": loc.table})
        if loc.row is not None:
            cell += ", " + tr.format("row {row}", {"row": loc.row})
        if loc.column is not None:
            cell += ", " + tr.format("column {column}", {"column": loc.column})
        parts.append(cell)
    if loc.item:
        parts.append(f'"{shown(shorten(loc.item, 60))}"')
    if not parts:
        return None
    return " › ".join(parts)


def as_dict(d: Diagnostic, tr: Translator) -> dict[str, Any]:
    loc = d.location
    message, hint = message_text(d, tr)
    finer = document_place(loc, tr) if loc is not None else None
    section = finer or (loc.section if loc is not None else None)
    return {
        "file": shown(loc.file) if loc else None,
        "line": loc.line if loc else None,
        "col": loc.col if loc else None,
        "page": loc.page if loc else None,
        "section": shown(section) if section else None,
        "heading": shown(loc.heading) if loc and loc.heading else None,
        "question": shown(loc.question) if loc and loc.question else None,
        "table": loc.table if loc else None,
        "row": loc.row if loc else None,
        "column": loc.column if loc else None,
        "sheet": shown(loc.sheet) if loc and loc.sheet else None,
        "cell": shown(loc.cell) if loc and loc.cell else None,
        "item": shown(loc.item) if loc and loc.item else None,
        "code": d.code,
        "severity": d.severity.value,
        "message": message,
        "hint": hint,
    }


def place(d: Diagnostic, tr: Translator) -> str:
    """Where a finding is, as printed: ``file:line:col``, ``file:side 3``, ``file (Økonomi ›
    "Angiv det ansøgte beløb" › tabel 2, række 1, kolonne 2)``, ``file (Budget!D14 "…")``."""
    loc = d.location
    if loc is None:
        return "pulje"
    where = shown(loc.file)
    if loc.line is not None:
        return f"{where}:{loc.line}:{loc.col or 1}"
    if loc.page is not None:
        where += f":{tr.gettext('page')} {loc.page}"
    finer = document_place(loc, tr)
    if finer:
        where += f" ({finer})"
    elif loc.section:
        where += f" ({shown(loc.section)})"
    return where


def format_one(d: Diagnostic, tr: Translator) -> str:
    message, hint = message_text(d, tr)
    text = f"{place(d, tr)}: {d.code} {tr.gettext(SEVERITY_WORDS[d.severity])} {message}"
    if hint:
        text += f"\n  {tr.gettext('hint')}: {hint}"
    return text


def error_text(exc: PuljeError, tr: Translator) -> str:
    """A ``PuljeError``'s message and hint, its parameters made safe to print."""
    if type(exc).text is not PuljeError.text:
        # The error composes its own text (the findings of a refused package, the cause of a
        # package not archived): made safe line by line, its line breaks kept.
        return "\n".join(shown(line) for line in exc.text(tr).split("\n"))
    params = shown_params(exc.params)
    out = tr.format(exc.message, params)
    if exc.hint:
        out += f"\n  {tr.gettext('hint')}: {tr.format(exc.hint, params)}"
    return out


def counts_text(errors: int, warnings: int, notes: int, tr: Translator) -> str:
    """The one way pulje counts findings, everywhere it does (validate, check, a file's line,
    the browser): "4 fejl, 1 advarsel og 2 bemærkninger" ("4 errors, 1 warning and 2 notes"),
    each noun in the form its number takes; the notes only when there are any."""
    parts = [tr.counted(errors, *NP_("{n} error", "{n} errors")),
             tr.counted(warnings, *NP_("{n} warning", "{n} warnings"))]
    if notes:
        parts.append(tr.counted(notes, *NP_("{n} note", "{n} notes")))
    return ", ".join(parts[:-1]) + " " + tr.gettext("and") + " " + parts[-1]


def findings_text(diagnostics: Sequence[Diagnostic], tr: Translator) -> str:
    """``counts_text`` of ``diagnostics``."""
    return counts_text(count(diagnostics, Severity.FEJL), count(diagnostics, Severity.ADVARSEL),
                       count(diagnostics, Severity.INFO), tr)


def summary(diagnostics: Sequence[Diagnostic], tr: Translator) -> str:
    """The last line of ``validate`` and ``check``: "Fandt 4 fejl, 1 advarsel og 2
    bemærkninger." (or that nothing was found)."""
    if not diagnostics:
        return tr.gettext("No errors or warnings found.")
    return tr.gettext("Found {findings}.").format(findings=findings_text(diagnostics, tr))


def render_text(diagnostics: Sequence[Diagnostic], tr: Translator) -> str:
    lines = [format_one(d, tr) for d in sorted(diagnostics, key=sort_key)]
    lines.append(summary(diagnostics, tr))
    return "\n".join(lines)


def _summary_json(diagnostics: Sequence[Diagnostic], tr: Translator) -> dict[str, Any]:
    return {
        "fejl": count(diagnostics, Severity.FEJL),
        "advarsler": count(diagnostics, Severity.ADVARSEL),
        "info": count(diagnostics, Severity.INFO),
        "text": summary(diagnostics, tr),
    }


def render_json(diagnostics: Sequence[Diagnostic], tr: Translator) -> str:
    body = {
        "diagnostics": [as_dict(d, tr) for d in sorted(diagnostics, key=sort_key)],
        "summary": _summary_json(diagnostics, tr),
    }
    return dumps(body)


# --- several files: one line each -------------------------------------------------------------

#: A file's status (machine key → msgid): its findings have no fejl, some fejl, or it could not
#: be read at all.
FILE_READY, FILE_ERRORS, FILE_UNREADABLE = "klar", "fejl", "ulæselig"
FILE_STATUS_WORDS = {
    FILE_READY: N_("ready"),
    FILE_ERRORS: N_("errors"),
    FILE_UNREADABLE: N_("unreadable"),
}


@dataclass(frozen=True)
class FileResult:
    """One file of a command given several: its findings, or why it could not be read."""

    file: str
    diagnostics: Sequence[Diagnostic] = ()
    error: PuljeError | None = None

    @property
    def status(self) -> str:
        if self.error is not None:
            return FILE_UNREADABLE
        return FILE_ERRORS if count(self.diagnostics, Severity.FEJL) else FILE_READY


def _file_line(result: FileResult, tr: Translator) -> str:
    status = tr.gettext(FILE_STATUS_WORDS[result.status])
    if result.error is not None:
        reason = error_text(result.error, tr).split("\n", 1)[0]
        return f"{shown(result.file)}: {status}: {reason}"
    return f"{shown(result.file)}: {status} ({findings_text(result.diagnostics, tr)})"


def render_files_text(results: Sequence[FileResult], tr: Translator) -> str:
    """The findings of every file, then one line per file in the order given (when there are
    several), then the summary."""
    diagnostics = [d for r in results for d in r.diagnostics]
    lines = [format_one(d, tr) for r in results for d in sorted(r.diagnostics, key=sort_key)]
    if len(results) > 1:
        if lines:
            lines.append("")
        lines += [_file_line(r, tr) for r in results]
    lines.append(summary(diagnostics, tr))
    return "\n".join(lines)


def render_files_json(results: Sequence[FileResult], tr: Translator) -> str:
    """``diagnostics`` and ``summary`` as ``render_json``, and ``filer``: one object per file
    (``fil``, ``status``, ``status_text``, ``fejl``, ``advarsler``, ``info``, ``besked``)."""
    diagnostics = [d for r in results for d in r.diagnostics]
    body = {
        "diagnostics": [as_dict(d, tr) for r in results
                        for d in sorted(r.diagnostics, key=sort_key)],
        "filer": [
            {
                "fil": shown(r.file),
                "status": r.status,
                "status_text": tr.gettext(FILE_STATUS_WORDS[r.status]),
                "fejl": count(r.diagnostics, Severity.FEJL),
                "advarsler": count(r.diagnostics, Severity.ADVARSEL),
                "info": count(r.diagnostics, Severity.INFO),
                "besked": error_text(r.error, tr) if r.error is not None else None,
            }
            for r in results
        ],
        "summary": _summary_json(diagnostics, tr),
    }
    return dumps(body)
