"""The findings of a checked batch as the check's JSON and as CSV.

The JSON is ``pulje check --format json`` itself (kept when the batch was checked). The CSV has
one line per finding, and one line for a file without findings, so that every file appears:
its columns are the JSON's keys (file's and finding's), the same in both languages. Danish
Excel expects semicolons and a byte order mark; English gets commas. A cell that Excel would
take for a formula (=, +, -, @, tab, CR) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

COLUMNS = ("fil", "type", "status", "sider", "sidegraense", "pulje", "beloeb", "code",
           "severity", "line", "col", "page", "section", "message", "hint")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def load(text: str) -> dict[str, Any]:
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("filer"), list):
        raise ValueError("not the check's JSON")
    return data


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(data: dict[str, Any], lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "da" else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in data["filer"]:
        head = [row.get(k) for k in COLUMNS[:7]]
        findings = row.get("diagnostics") or [{}]
        for d in findings:
            tail = [d.get(k) for k in COLUMNS[7:]]
            writer.writerow([_cell(v) for v in [*head, *tail]])
    return ("\ufeff" if lang == "da" else "") + out.getvalue()
