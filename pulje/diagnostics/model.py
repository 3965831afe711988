"""Findings: what a check says, where, and how badly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

Path = tuple[str | int, ...]


class Severity(StrEnum):
    """The three severities; the values are the Danish words users see."""

    FEJL = "fejl"
    ADVARSEL = "advarsel"
    INFO = "info"


class Kr(Decimal):
    """An amount of money in a message, formatted as Danish kroner."""


class Pct(Decimal):
    """A percentage in a message, formatted as "20 %"."""


class Msg(str):
    """A message parameter that is itself a msgid: translated when the message is shown."""


class Plural(str):
    """A message whose words follow a number (``n`` names the parameter that holds it): the
    singular msgid, with ``plural`` beside it, translated with ``ngettext`` and the catalogue's
    plural rule ("1 fil er", "3 filer er"). Written ``Plural(NP_("… {n} file …", "… {n} files
    …"), "n")`` so that the catalogue collects both."""

    plural: str
    n: str

    def __new__(cls, forms: tuple[str, str], n: str) -> Plural:
        text = super().__new__(cls, forms[0])
        text.plural, text.n = forms[1], n
        return text

    def __reduce__(self) -> Any:
        return (Plural, ((str(self), self.plural), self.n))


@dataclass(frozen=True)
class Count:
    """A number with its noun as a message parameter, the noun in the form the number takes:
    ``Count(3, *NP_("{n} day", "{n} days"))`` → "3 dage" / "3 days"."""

    n: int
    singular: str
    plural: str


class Month(date):
    """A month in a message, written out as "oktober 2017" (the day is ignored)."""

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month, 1)


#: The media a finding can land in: an answer file, a Word document, an Excel workbook, a PDF.
ANSWERS, WORD, EXCEL, PDF = "answers", "word", "excel", "pdf"
_SUFFIXES = {".docx": WORD, ".xlsx": EXCEL, ".pdf": PDF}


@dataclass(frozen=True)
class Location:
    """A place in a user's file, as the user finds it there.

    - an answer file: ``line`` and ``col``;
    - a Word document: the section ``heading`` and the ``question`` as the form prints them,
      and the ``table``, ``row`` and ``column`` of the answer's cell (counted from 1 in the
      whole document);
    - an Excel workbook: the ``sheet``, the ``cell`` ("D14", or a range "F14:G14") and the
      ``item`` the row is about (a budget line's description);
    - a laid-out document: the ``page``.

    ``section`` is a place as one text ("Økonomi: tabel 2, række 1, kolonne 2"), where nothing
    finer is known (a PDF's heading, an archive entry), and as earlier versions wrote it.
    """

    file: str
    line: int | None = None
    col: int | None = None
    page: int | None = None
    section: str | None = None
    heading: str | None = None
    question: str | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    item: str | None = None

    @property
    def medium(self) -> str:
        """Where the finding lands: ``ANSWERS``, ``WORD``, ``EXCEL`` or ``PDF`` (by what the
        place holds, else by the file's suffix; an answer file otherwise)."""
        if self.line is not None:
            return ANSWERS
        if self.sheet is not None or self.cell is not None:
            return EXCEL
        if self.heading is not None or self.question is not None or self.table is not None:
            return WORD
        dot = self.file.rfind(".")
        return _SUFFIXES.get(self.file[dot:].lower(), ANSWERS) if dot >= 0 else ANSWERS

    @property
    def document_place(self) -> dict[str, Any]:
        """The place's own words, as parameters a hint may quote (``{question}``, ``{cell}``)."""
        return {k: v for k, v in (("heading", self.heading), ("question", self.question),
                                  ("sheet", self.sheet), ("cell", self.cell),
                                  ("item", self.item)) if v is not None}

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}:{self.col or 1}"
        if self.page is not None:
            return f"{self.file}:side {self.page}"
        return self.file


class Hint(str):
    """A hint (the answer file's msgid) with variants for other media: what to do in Word
    (``word``) or Excel (``excel``) rather than which key of the answer file to edit. The
    variant is chosen by where the finding lands (``Location.medium``), when it is shown.
    A message may be one too, when the answer file's words do not fit a Word form (a
    Word variant of a message may quote the place: ``{heading}``, ``{question}``)."""

    variants: Mapping[str, str]

    def __new__(cls, answers: str, *, word: str | None = None,
                excel: str | None = None) -> Hint:
        hint = super().__new__(cls, answers)
        hint.variants = {k: v for k, v in ((WORD, word), (EXCEL, excel)) if v}
        return hint

    def __reduce__(self) -> Any:
        return (_hint, (str(self), dict(self.variants)))


def _hint(answers: str, variants: Mapping[str, str]) -> Hint:
    return Hint(answers, word=variants.get(WORD), excel=variants.get(EXCEL))


def hint_for(hint: str, medium: str) -> str:
    """The msgid of ``hint`` for a finding that lands in ``medium`` (a ``Plural`` kept as one)."""
    variants: Mapping[str, str] = getattr(hint, "variants", {})
    if not hint:
        return ""
    return variants.get(medium, hint if isinstance(hint, Plural) else str(hint))


@dataclass(frozen=True)
class Diagnostic:
    """One finding. ``message`` and ``hint`` are msgids; ``params`` fill their placeholders."""

    code: str
    severity: Severity
    message: str
    hint: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    path: Path = ()
    location: Location | None = None

    def at(self, location: Location) -> Diagnostic:
        return Diagnostic(
            self.code, self.severity, self.message, self.hint, self.params, self.path, location
        )


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.FEJL for d in diagnostics)


def dotted(path: Path) -> str:
    """``("budget", "udgifter", 2, "beloeb")`` → ``budget.udgifter[2].beloeb``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


