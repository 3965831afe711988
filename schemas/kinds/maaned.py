"""maaned: a calendar month; written 2017-10 (or a date in it), shown "oktober 2017"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.kinds.base import Kind, Unfit, Widget, field_info, register
from schemas.types import Maaned, parse_month

if TYPE_CHECKING:
    from schemas.form import Question

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")


def month_text(value: date) -> str:
    """date(2017, 10, 1) → ``oktober 2017``."""
    return f"{MONTHS[value.month - 1]} {value.year}"


@register
class MaanedKind(Kind):
    """A month (the first day of it as a date)."""

    word: ClassVar[str] = "maaned"
    messages = {
        "month_format": N_("'{input}' is not a month; write it as YYYY-MM, e.g. 2017-10."),
    }

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Maaned | None, field_info(default=None, title=q.tekst,
                                    json_schema_extra={"kind": self.word})

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        if not text.strip():
            return None
        words = text.strip().casefold().split()
        if len(words) == 2 and words[0] in MONTHS and re.fullmatch(r"\d{4}", words[1]):
            return date(int(words[1]), MONTHS.index(words[0]) + 1, 1)
        try:
            return parse_month(text.strip())
        except ValueError:
            raise Unfit(self.word) from None

    def read_cell(self, value: Any, q: Question | None = None) -> Any:
        if isinstance(value, date):
            return value.replace(day=1)
        return super().read_cell(value, q)

    def display(self, value: Any, q: Question | None = None) -> str:
        return "" if value is None else month_text(value)

    def widget(self, q: Question) -> Widget:
        return Widget("input", self.widget_attrs(q, type="month", placeholder="2017-10"))
