"""``pulje check``'s output: a table with one row per entry, then each entry's findings, then
the real counts; or the same as JSON. Statuses and kinds are shown in the user's language; the
JSON's keys and machine values are the same in both languages:

- ``filer``: one object per entry: ``fil``, ``type`` (svarfil, word, word-tekst, pdf,
  budgetbilag-word, budgetbilag-pdf, regneark, mailkladde, rapport, manifest, pakke, mappe,
  anden, or the ID of another of pulje's documents), ``status`` (klar, kun tekst, fejl,
  ulæselig, findes ikke, ikke kontrolleret), ``kontrol`` (fuld, tekst, ingen: how much of it
  was checked), ``fejl``, ``advarsler``, the facts ``pulje``, ``beloeb``, ``sider`` and
  ``sidegraense`` (named as in every record of pulje, ``pulje.documents.facts``) and
  ``diagnostics``; ``type_text`` and ``status_text`` are the same in the user's language;
- ``summary``: ``filer`` and the number of entries of each status (``klar``, ``kun_tekst``,
  ``fejl``, ``ulaeselige``, ``findes_ikke``, ``ikke_kontrolleret``; together ``filer``),
  ``fund`` (findings by severity), ``kontrolleret`` (anything could be checked) and ``text``.

File names are printed through ``diagnostics.report.shown``: a name with a newline, a
right-to-left mark or bytes that are not UTF-8 cannot fake a row or break the output.
"""

from __future__ import annotations

from typing import Any

from pulje.diagnostics import Severity, Translator, count
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.report import as_dict, dumps, format_one, shown, sort_key, summary
from pulje.documents.facts import Facts, money
from pulje.documents.registry import document, known_ids
from pulje.drafts.deskmodel import (
    ERRORS,
    KIND_OTHER,
    MISSING,
    NOT_CHECKED,
    READY,
    TEXT_ONLY,
    UNREADABLE,
    DeskResult,
    DeskRow,
)

STATUS_WORDS = {
    READY: N_("ready"),
    TEXT_ONLY: N_("only text and pages checked"),
    ERRORS: N_("errors"),
    UNREADABLE: N_("unreadable"),
    MISSING: N_("not found"),
    NOT_CHECKED: N_("not checked"),
}
KIND_WORDS = {
    "svarfil": N_("answer file"),
    "word": N_("Word draft"),
    "word-tekst": N_("Word, text only"),
    "pdf": N_("PDF"),
    "budgetbilag-word": N_("budget attachment, Word"),
    "budgetbilag-pdf": N_("budget attachment, PDF"),
    "regneark": N_("budget workbook"),
    "mailkladde": N_("e-mail draft"),
    "tjekliste": N_("checklist for Tilskudsportalen"),
    "notat": N_("note on sending"),
    "rapport": N_("pulje's build report"),
    "manifest": N_("pulje's manifest"),
    "pakke": N_("submission package (zip)"),
    "mappe": N_("folder"),
    KIND_OTHER: N_("other"),
}
#: The statuses in the order the summary counts them.
ORDER = (READY, TEXT_ONLY, ERRORS, UNREADABLE, MISSING, NOT_CHECKED)
_WIDTH = 56


def status_text(row: DeskRow, tr: Translator) -> str:
    return tr.gettext(STATUS_WORDS[row.status])


def kind_text(row: DeskRow, tr: Translator) -> str:
    if row.kind in KIND_WORDS:
        return tr.gettext(KIND_WORDS[row.kind])
    if row.kind in known_ids():  # a file of another of pulje's documents: its role
        return document(row.kind).role(tr)
    return tr.gettext(KIND_WORDS[KIND_OTHER])


def _pages(row: DeskRow) -> str:
    if row.sider is None:
        return "–"
    return f"{row.sider}/{row.graense}" if row.graense else str(row.sider)


def _fit(name: str, width: int) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1):]


def render_desk_text(result: DeskResult, tr: Translator) -> str:
    """The table (file, type, errors, warnings, pages, status), then each entry's findings,
    then the counts."""
    heads = [tr.gettext("File"), tr.gettext("Type"), tr.gettext("Errors"),
             tr.gettext("Warnings"), tr.gettext("Pages"), tr.gettext("Status")]
    rows = [[_fit(shown(row.file), _WIDTH), kind_text(row, tr), str(row.fejl),
             str(row.advarsler), _pages(row), status_text(row, tr)] for row in result.files]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]

    def line(cells: list[str]) -> str:
        parts = [cells[0].ljust(widths[0]), cells[1].ljust(widths[1])]
        parts += [c.rjust(widths[i]) for i, c in enumerate(cells[2:5], start=2)]
        parts.append(cells[5])
        return "  ".join(parts).rstrip()

    lines = [line(heads)]
    lines += [line(r) for r in rows]
    for row in result.files:
        if not row.diagnostics:
            continue
        lines.append("")
        lines.append(f"{shown(row.file)} ({kind_text(row, tr)}):")
        for d in sorted(row.diagnostics, key=sort_key):
            lines += ["  " + ln for ln in format_one(d, tr).split("\n")]
    lines.append("")
    lines.append(summary_text(result, tr))
    return "\n".join(lines)


def counts(result: DeskResult) -> dict[str, int]:
    """How many rows have each status; together they are all the rows."""
    return {status: sum(1 for r in result.files if r.status == status) for status in ORDER}


def summary_text(result: DeskResult, tr: Translator) -> str:
    found = counts(result)
    total = len(result.files)
    parts = [_counted(status, n, tr) for status, n in found.items() if n]
    text = tr.ngettext("{n} file", "{n} files", total).format(n=total)
    text += ": " + ", ".join(parts) + "." if parts else "."
    text += " " + summary([d for row in result.files for d in row.diagnostics], tr)
    if result.missing:
        text += " " + tr.gettext("A path given does not exist.")
    elif not result.checked:
        text += " " + tr.gettext("Nothing pulje can check was found.")
    return text


def _counted(status: str, n: int, tr: Translator) -> str:
    """"3 ready", "1 unreadable", … as the summary counts a status."""
    if status == READY:
        text = tr.ngettext("{n} ready", "{n} ready", n)
    elif status == TEXT_ONLY:
        text = tr.ngettext("{n} only text and pages checked", "{n} only text and pages checked",
                           n)
    elif status == ERRORS:
        text = tr.ngettext("{n} with errors", "{n} with errors", n)
    elif status == UNREADABLE:
        text = tr.ngettext("{n} unreadable", "{n} unreadable", n)
    elif status == MISSING:
        text = tr.ngettext("{n} not found", "{n} not found", n)
    else:
        text = tr.ngettext("{n} not checked", "{n} not checked", n)
    return text.format(n=n)


def render_desk_json(result: DeskResult, tr: Translator) -> str:
    """The same as JSON: ``filer`` (one object per entry with its diagnostics) and
    ``summary`` (the count of each status, the findings, and the text)."""
    found = counts(result)
    findings = [d for row in result.files for d in row.diagnostics]
    body: dict[str, Any] = {
        "filer": [_row_json(row, tr) for row in result.files],
        "summary": {
            "filer": len(result.files),
            "klar": found[READY],
            "kun_tekst": found[TEXT_ONLY],
            "fejl": found[ERRORS],
            "ulaeselige": found[UNREADABLE],
            "findes_ikke": found[MISSING],
            "ikke_kontrolleret": found[NOT_CHECKED],
            "fund": {
                "fejl": count(findings, Severity.FEJL),
                "advarsler": count(findings, Severity.ADVARSEL),
                "info": count(findings, Severity.INFO),
            },
            "kontrolleret": result.checked,
            "text": summary_text(result, tr),
        },
    }
    return dumps(body)


def _row_json(row: DeskRow, tr: Translator) -> dict[str, Any]:
    facts = Facts(pulje=row.pulje, beloeb=money(row.beloeb), sider=row.sider,
                  sidegraense=row.graense)
    return {
        "fil": shown(row.file),
        "type": row.kind,
        "type_text": kind_text(row, tr),
        "fejl": row.fejl,
        "advarsler": row.advarsler,
        "status": row.status,
        "status_text": status_text(row, tr),
        "kontrol": row.scope,
        **facts.model_dump(include={"pulje", "beloeb", "sider", "sidegraense"}),
        "diagnostics": [as_dict(d, tr) for d in sorted(row.diagnostics, key=sort_key)],
    }
