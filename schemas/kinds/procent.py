"""procent: a share in per cent; written 20, 20.5, "20 %" or "20,5%", shown "20 %"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.kinds.base import Kind, Unfit, Widget, danish, field_info, register
from schemas.types import Procent, parse_percent

if TYPE_CHECKING:
    from schemas.form import Question

_PERCENT_WORDS = re.compile(r"\s*(%|pct\.?|procent)$", re.I)


@register
class ProcentKind(Kind):
    """A percentage (that it lies between 0 and 100 is MAA001's rule)."""

    word: ClassVar[str] = "procent"
    messages = {
        "percent_format": N_("'{input}' is not a percentage; write e.g. 20 or \"20 %\"."),
        "percent_range": N_("'{input}' is not a percentage (a share from 0 to 100)."),
    }

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Procent | None, field_info(default=None, title=q.tekst,
                                     json_schema_extra={"kind": self.word})

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        """"20 %", "2,5%", "20 pct." → Decimal; else ``Unfit``."""
        if not text.strip():
            return None
        value = _PERCENT_WORDS.sub("", text.strip()).strip()
        if not re.fullmatch(r"-?\d+([.,]\d+)?", value):
            raise Unfit(self.word)
        try:
            result = parse_percent(value)
        except ValueError:
            raise Unfit(self.word) from None
        if not isinstance(result, Decimal) or not result.is_finite():
            raise Unfit(self.word)
        return result

    def read_cell(self, value: Any, q: Question | None = None) -> Any:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            try:
                result = parse_percent(value)
            except ValueError:
                raise Unfit(self.word) from None
            if isinstance(result, Decimal):
                return result
        return super().read_cell(value, q)

    def display(self, value: Any, q: Question | None = None) -> str:
        if value is None:
            return ""
        return danish().percent(value if isinstance(value, Decimal) else Decimal(str(value)))

    def widget(self, q: Question) -> Widget:
        return Widget("input", self.widget_attrs(q, type="text", inputmode="decimal",
                                                 suffix="%"))
