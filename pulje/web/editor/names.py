"""How the web form names the answers: a field's name is its path in the answer file, dotted
(``oekonomi.anden_finansiering.beloeb``, ``budget.udgifter.2.fordeling.2017``,
``spor3.virksomhedsrettet.maal.2017-10``), its HTML id that name after ``felt-``. So a
finding's path (``diagnostics``) names the field it concerns, and a posted name is read back
only where the form would put it (nothing posted is taken as a path of its own)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import FormData

Path = tuple[Any, ...]
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def part(value: Any) -> Any:
    """A path part as the answer file writes it: a month ``2017-10``, a year or index a
    number, a key its text."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    return str(value)


def normal(path: Iterable[Any]) -> Path:
    return tuple(part(p) for p in path)


def name(path: Sequence[Any]) -> str:
    return ".".join(str(part(p)) for p in path)


def field_id(path: Sequence[Any]) -> str:
    return "felt-" + _UNSAFE.sub("_", name(path))


@dataclass
class Posted:
    """A posted form's text fields (files and over-long values left out)."""

    values: dict[str, list[str]]

    @classmethod
    def of(cls, form: FormData | None, limit: int = 200_000) -> Posted:
        values: dict[str, list[str]] = {}
        if form is not None:
            for key, value in form.multi_items():
                if isinstance(value, str):
                    values.setdefault(key, []).append(value[:limit])
        return cls(values)

    def get(self, key: str) -> str | None:
        found = self.values.get(key)
        return found[0] if found else None

    def getlist(self, key: str) -> list[str]:
        return list(self.values.get(key, []))

    def drop(self, prefix: str) -> None:
        """Forget the fields of one row (``budget.udgifter.3``): the row removed."""
        head = prefix + "."
        self.values = {k: v for k, v in self.values.items() if not k.startswith(head)}

    def indices(self, prefix: Sequence[Any], limit: int = 1000) -> list[int]:
        """The row numbers posted under a table (``budget.udgifter.<n>.…``), in order."""
        head = name(prefix) + "."
        found: set[int] = set()
        for key in self.values:
            if key.startswith(head):
                first = key[len(head):].split(".", 1)[0]
                if first.isdigit() and len(first) <= 4:
                    found.add(int(first))
        return sorted(found)[:limit]
