"""beloeb: an amount of money in kroner, exact to the øre (Decimal, never float)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.kinds.base import Kind, Unfit, Widget, danish, field_info, register
from schemas.types import Money, parse_money

if TYPE_CHECKING:
    from schemas.form import Question

_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@register
class BeloebKind(Kind):
    """Written 2150000, 2150000.00 or "2.150.000,00 kr."; shown "2.150.000,00 kr."."""

    word: ClassVar[str] = "beloeb"
    messages = {
        "money_ore": N_("An amount can have at most two decimals (whole øre)."),
        "money_format": N_("'{input}' is not an amount; write e.g. 2150000 or "
                           "\"2.150.000,00\"."),
        "money_range": N_("'{input}' is far too large for an amount."),
        "money_type": N_("An amount must be a number, e.g. 2150000 or \"2.150.000,00\"."),
    }

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Money | None, field_info(default=None, title=q.tekst,
                                   json_schema_extra={"kind": self.word})

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        """"2.150.000,00 kr.", "2150000", "2.150.000 DKK" → Decimal; else ``Unfit``."""
        if not text.strip():
            return None
        value = text.strip()
        for suffix in ("DKK", "dkk", "kroner"):
            value = value.removesuffix(suffix).strip()
        value = _SPACES.sub("", value.removeprefix("kr.").removeprefix("kr"))
        try:
            return parse_money(value)
        except ValueError:
            raise Unfit(self.word) from None

    def read_cell(self, value: Any, q: Question | None = None) -> Any:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            try:
                return parse_money(value)
            except ValueError:
                raise Unfit(self.word) from None
        return super().read_cell(value, q)

    def display(self, value: Any, q: Question | None = None) -> str:
        if value is None:
            return ""
        return danish().kroner(value if isinstance(value, Decimal) else Decimal(str(value)))

    def widget(self, q: Question) -> Widget:
        return Widget("input", self.widget_attrs(q, type="text", inputmode="decimal",
                                                 suffix="kr.", placeholder="2.150.000,00"))
