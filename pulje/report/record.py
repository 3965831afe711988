"""``report.json``: pulje build's record of what it wrote, and the one reader of it.

``pulje-rapport/2`` names the facts of the application as every record of pulje does
(``pulje.documents.facts``), then each document of the round (``dokumenter``: id, rolle,
sider, whether its pages count, its files with SHA-256 and size), the pages of each section,
the findings, and under ``filer`` every file the build wrote with its SHA-256 and size::

    {"format": "pulje-rapport/2", "pulje": …, "runde": …, "kommune": …, "projekt": …,
     "beloeb": "2150000.00", "sider": 12, "sidegraense": 15, "tidspunkt": …, "version": …,
     "svarfil": "applications/x.yaml", "udkast": false,
     "dokumenter": [{"id": "ansoegning", "rolle": "Ansøgningsskema", "sider": 12,
                     "taeller_med": true, "filer": {"x.docx": {"sha256": …, "bytes": …}, …}}, …],
     "afsnit": […], "ud_over_graensen": […], "diagnostics": […], "filer": {…}}

``pulje-rapport/1`` (``projektnavn``, ``ansoegt_beloeb``, ``pulje_version``, ``ansoegning``
for the answer file, ``sider`` as an object, no documents) is still read: an output folder
built by an older pulje stays pulje's (``build`` may replace its files, the desk vouches for
them).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

REPORT = "report.json"
FORMAT = "pulje-rapport/2"
FORMAT_V1 = "pulje-rapport/1"
FORMATS = (FORMAT, FORMAT_V1)
#: A report larger than this is not one pulje wrote (the example's is 5 KB).
MAX_REPORT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ReportDocument:
    """A document as a report lists it: its ID, role, pages and files' names."""

    id: str
    rolle: str
    sider: int | None
    files: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """What a build's report says, as far as pulje reads it back.

    ``files`` are the files the build wrote (name → SHA-256); ``draft`` whether it was a draft
    (True when the report does not say); ``clean`` that it was final and had no fejl;
    ``documents`` is empty for ``pulje-rapport/1``.
    """

    format: str
    application: str | None
    files: Mapping[str, str]
    draft: bool
    clean: bool
    documents: tuple[ReportDocument, ...] = field(default_factory=tuple)

    def document_of(self, name: str) -> ReportDocument | None:
        """The document a file of the report belongs to, if the report says."""
        return next((d for d in self.documents if name in d.files), None)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _documents(value: Any) -> tuple[ReportDocument, ...]:
    out: list[ReportDocument] = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        files = item.get("filer")
        pages = item.get("sider")
        out.append(ReportDocument(
            item["id"], _text(item.get("rolle")) or item["id"],
            pages if isinstance(pages, int) and not isinstance(pages, bool) else None,
            tuple(n for n in (files if isinstance(files, dict) else {}) if isinstance(n, str)),
        ))
    return tuple(out)


def parse_report(data: bytes) -> Report | None:
    """The report in ``data``, or None if it is not one of pulje's (of either format)."""
    if len(data) > MAX_REPORT_BYTES:
        return None
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(raw, dict) or raw.get("format") not in FORMATS:
        return None
    listed = raw.get("filer")
    if not isinstance(listed, dict):
        return None
    files = {name: meta["sha256"] for name, meta in listed.items()
             if isinstance(name, str) and isinstance(meta, dict)
             and isinstance(meta.get("sha256"), str)}
    findings = raw.get("diagnostics")
    fejl = any(isinstance(d, dict) and d.get("severity") == "fejl"
               for d in (findings if isinstance(findings, list) else []))
    answers = raw.get("svarfil") if raw["format"] == FORMAT else raw.get("ansoegning")
    draft = raw.get("udkast") is not False
    return Report(raw["format"], _text(answers), files, draft, not draft and not fejl,
                  _documents(raw.get("dokumenter")))


def read_report(folder: Path) -> Report | None | Literal[False]:
    """The report in ``folder``: None if there is none, False if there is one that is not
    pulje's (or cannot be read), else the report. Never follows a link, never blocks."""
    path = folder / REPORT
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
    except FileNotFoundError:
        return None
    except OSError:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_REPORT_BYTES + 1)
    except OSError:
        return False
    report = parse_report(data)
    return False if report is None else report
