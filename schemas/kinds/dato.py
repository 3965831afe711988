"""dato: a day; written 2017-10-01, shown "1. oktober 2017". (New with the forms as data:
the hand-written schemas had no date question.)"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic.fields import FieldInfo

from schemas.kinds.base import Kind, Unfit, Widget, field_info, register
from schemas.kinds.maaned import MONTHS

if TYPE_CHECKING:
    from schemas.form import Question

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DANISH = re.compile(r"(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")


@register
class DatoKind(Kind):
    """A date; read back from Word as 2017-10-01, 1.10.2017 or "1. oktober 2017"."""

    word: ClassVar[str] = "dato"

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return date | None, field_info(default=None, title=q.tekst,
                                  json_schema_extra={"kind": self.word})

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        value = text.strip().casefold()
        if not value:
            return None
        try:
            if m := _ISO.fullmatch(value):
                return date(int(m[1]), int(m[2]), int(m[3]))
            if m := _NUMERIC.fullmatch(value):
                return date(int(m[3]), int(m[2]), int(m[1]))
            if (m := _DANISH.fullmatch(value)) and m[2] in MONTHS:
                return date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1]))
        except ValueError:  # 30. februar
            pass
        raise Unfit(self.word)

    def read_cell(self, value: Any, q: Question | None = None) -> Any:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return super().read_cell(value, q)

    def display(self, value: Any, q: Question | None = None) -> str:
        if value is None:
            return ""
        return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"

    def widget(self, q: Question) -> Widget:
        return Widget("input", self.widget_attrs(q, type="date"))
