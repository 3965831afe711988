"""uger: a number of weeks (a target for a waiting time); shown "4 uger", "1 uge".

The bound here only keeps values sane; that a target lies between 1 and 52 weeks is a rule
of its own (MAA002) with its own message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field
from pydantic.fields import FieldInfo

from schemas.kinds.antal import AntalKind, format_number, parse_number
from schemas.kinds.base import Widget, field_info, register

if TYPE_CHECKING:
    from schemas.form import Question

Uger = Annotated[int, Field(ge=-9999, le=9999)]


@register
class UgerKind(AntalKind):
    """Whole weeks."""

    word: ClassVar[str] = "uger"

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Uger | None, field_info(default=None, title=q.tekst,
                                  json_schema_extra={"kind": self.word, "unit": "uger"})

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        return parse_number(text, self.word) if text.strip() else None

    def display(self, value: Any, q: Question | None = None) -> str:
        if value is None:
            return ""
        return f"{format_number(value)} {'uge' if value == 1 else 'uger'}"

    def widget(self, q: Question) -> Widget:
        return Widget("input", self.widget_attrs(q, type="text", inputmode="numeric",
                                                 suffix="uger"))
