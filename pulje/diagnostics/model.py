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


class Month(date):
    """A month in a message, written out as "oktober 2017" (the day is ignored)."""

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month, 1)


@dataclass(frozen=True)
class Location:
    """A place in a user's file: file:line:col, or a page and section of a document."""

    file: str
    line: int | None = None
    col: int | None = None
    page: int | None = None
    section: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}:{self.col or 1}"
        if self.page is not None:
            return f"{self.file}:side {self.page}"
        return self.file


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


