"""Diagnostics as text (``file:line:col: CODE severity message`` + ``hint:``) or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from diagnostics.i18n import N_, Translator
from diagnostics.model import Diagnostic, Severity, count

SEVERITY_WORDS = {
    Severity.FEJL: N_("error"),
    Severity.ADVARSEL: N_("warning"),
    Severity.INFO: N_("info"),
}


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    loc = d.location
    if loc is None:
        return ("", 0, 0, d.code)
    return (loc.file, loc.line or loc.page or 0, loc.col or 0, d.code)


def as_dict(d: Diagnostic, tr: Translator) -> dict[str, Any]:
    loc = d.location
    return {
        "file": loc.file if loc else None,
        "line": loc.line if loc else None,
        "col": loc.col if loc else None,
        "page": loc.page if loc else None,
        "section": loc.section if loc else None,
        "code": d.code,
        "severity": d.severity.value,
        "message": tr.format(d.message, dict(d.params)),
        "hint": tr.format(d.hint, dict(d.params)) if d.hint else "",
    }


def format_one(d: Diagnostic, tr: Translator) -> str:
    item = as_dict(d, tr)
    where = tr.where(d.location) if d.location else "pulje"
    if d.location and d.location.section and d.location.line is None:
        where += f" ({d.location.section})"
    text = f"{where}: {d.code} {tr.gettext(SEVERITY_WORDS[d.severity])} {item['message']}"
    if item["hint"]:
        text += f"\n  {tr.gettext('hint')}: {item['hint']}"
    return text


def summary(diagnostics: Sequence[Diagnostic], tr: Translator) -> str:
    errors = count(diagnostics, Severity.FEJL)
    warnings = count(diagnostics, Severity.ADVARSEL)
    infos = count(diagnostics, Severity.INFO)
    if errors == warnings == infos == 0:
        return tr.gettext("No errors or warnings found.")
    parts = [
        tr.ngettext("{n} error", "{n} errors", errors).format(n=errors),
        tr.ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    ]
    if infos:
        parts.append(tr.ngettext("{n} note", "{n} notes", infos).format(n=infos))
    joined = ", ".join(parts[:-1]) + " " + tr.gettext("and") + " " + parts[-1]
    return tr.gettext("Found {findings}.").format(findings=joined)


def render_text(diagnostics: Sequence[Diagnostic], tr: Translator) -> str:
    lines = [format_one(d, tr) for d in sorted(diagnostics, key=sort_key)]
    lines.append(summary(diagnostics, tr))
    return "\n".join(lines)


def render_json(diagnostics: Sequence[Diagnostic], tr: Translator) -> str:
    body = {
        "diagnostics": [as_dict(d, tr) for d in sorted(diagnostics, key=sort_key)],
        "summary": {
            "fejl": count(diagnostics, Severity.FEJL),
            "advarsler": count(diagnostics, Severity.ADVARSEL),
            "info": count(diagnostics, Severity.INFO),
            "text": summary(diagnostics, tr),
        },
    }
    return json.dumps(body, ensure_ascii=False, indent=2)
