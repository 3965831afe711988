"""The rows of ``pulje check``: what each entry is, how far it was checked, its status."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pulje.diagnostics import Diagnostic, Severity, count
from pulje.documents.registry import attachment_pattern
from pulje.drafts import codes

KIND_ANSWERS, KIND_WORD, KIND_WORD_TEXT, KIND_PDF, KIND_OTHER = (
    "svarfil", "word", "word-tekst", "pdf", "anden",
)
KIND_ATTACHMENT_WORD, KIND_ATTACHMENT_PDF = "budgetbilag-word", "budgetbilag-pdf"
KIND_WORKBOOK, KIND_MAIL, KIND_REPORT, KIND_MANIFEST, KIND_PACKAGE, KIND_FOLDER = (
    "regneark", "mailkladde", "rapport", "manifest", "pakke", "mappe",
)
#: A submission package's checklist for Tilskudsportalen, or its note on how to send.
KIND_CHECKLIST, KIND_NOTE = "tjekliste", "notat"
READY, TEXT_ONLY, ERRORS, UNREADABLE, MISSING, NOT_CHECKED = (
    "klar", "kun tekst", "fejl", "ulæselig", "findes ikke", "ikke kontrolleret",
)
#: How much of a file was checked: all that decides it, only its text and pages, nothing.
FULL, TEXT, NONE = "fuld", "tekst", "ingen"


@dataclass
class DeskRow:
    """One entry of a check: what it is, its findings, pages, and how far it was checked."""

    file: str
    kind: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sider: int | None = None
    graense: int | None = None
    beloeb: Decimal | None = None
    pulje: str | None = None
    missing: bool = False
    scope: str = NONE

    @property
    def fejl(self) -> int:
        return count(self.diagnostics, Severity.FEJL)

    @property
    def advarsler(self) -> int:
        return count(self.diagnostics, Severity.ADVARSEL)

    @property
    def status(self) -> str:
        found = {d.code for d in self.diagnostics}
        if self.missing:
            return MISSING
        if found & codes.UNREADABLE:
            return UNREADABLE
        if self.fejl:
            return ERRORS
        return {FULL: READY, TEXT: TEXT_ONLY}.get(self.scope, NOT_CHECKED)


@dataclass
class DeskResult:
    """The rows of a check, in the order the paths were given (folders: sorted by name, a
    budget attachment right after its form)."""

    files: list[DeskRow] = field(default_factory=list)
    missing: bool = False

    @property
    def checked(self) -> bool:
        """Whether anything at all could be checked."""
        return any(r.scope != NONE for r in self.files)

    @property
    def unusable(self) -> bool:
        """A path given does not exist, or nothing given could be read: exit 2."""
        return self.missing or not self.checked

    @property
    def has_errors(self) -> bool:
        return any(row.fejl for row in self.files)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for row in self.files for d in row.diagnostics]


def attachment_name() -> re.Pattern[str]:
    """The names ``pulje build`` gives the documents that belong to a form "<stem>.docx"
    (its budget attachment, workbook …: every registered document with a suffix)."""
    return attachment_pattern()


def folder_order(names: list[str]) -> list[str]:
    """A folder's entries by name, except that a form's other documents (budget attachment,
    workbook …) follow the last file of their form ("x-bilag-budget.pdf" after "x.docx",
    "x.pdf" and "x.yaml")."""
    pattern = attachment_name()
    last: dict[str, str] = {}
    for name in names:
        stem = Path(name).stem
        if not pattern.match(name) and name > last.get(stem, ""):
            last[stem] = name

    def key(name: str) -> tuple[str, int, str]:
        match = pattern.match(name)
        if match and match["stem"] in last:
            return (last[match["stem"]], 1, name)
        return (name, 0, "")

    return sorted(names, key=key)
