"""antal: a whole number of people, staff, places (0 to ten million)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field
from pydantic.fields import FieldInfo

from schemas.kinds.base import Kind, Unfit, Widget, field_info, register

if TYPE_CHECKING:
    from schemas.form import Question

# Bounds that no real count reaches keep every product and message cheap and exact.
Antal = Annotated[int, Field(ge=0, le=10_000_000)]

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_WHOLE = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")
_UNITS = re.compile(r"\s*(uger|uge|stk\.?|personer|pers\.?|borgere|medarbejdere)$", re.I)
#: More digits than any count in a form has; Python refuses to read more than 4300.
MAX_DIGITS = 30


def parse_number(text: str, word: str = "antal") -> int:
    """"4", "1.200", "4 uger" → a whole number; "ca. 4" or 40 digits → ``Unfit(word)``."""
    value = _UNITS.sub("", text.strip())
    value = _SPACES.sub("", value)
    if not _WHOLE.match(value):
        raise Unfit(word)
    digits = value.replace(".", "")
    if len(digits) > MAX_DIGITS:
        raise Unfit(word)
    return int(digits)


def format_number(value: Any) -> str:
    """1200 → ``1.200`` (Danish digit grouping)."""
    from pulje.diagnostics.numbers import format_decimal

    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return format_decimal(number, "da")


@register
class AntalKind(Kind):
    """A count; shown "1.200"."""

    word: ClassVar[str] = "antal"

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Antal | None, field_info(default=None, title=q.tekst,
                                   json_schema_extra={"kind": self.word})

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        return parse_number(text, self.word) if text.strip() else None

    def read_cell(self, value: Any, q: Question | None = None) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer() and abs(value) < 10**15:
            return int(value)
        return super().read_cell(value, q)

    def display(self, value: Any, q: Question | None = None) -> str:
        return "" if value is None else format_number(value)

    def widget(self, q: Question) -> Widget:
        # text, not type=number: a browser's number field refuses Danish "1.200"
        return Widget("input", self.widget_attrs(q, type="text", inputmode="numeric"))
