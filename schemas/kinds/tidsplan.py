"""tidsplan: the time plan — per year of the project period the four quarters, each a list of
activities. The years are the round's (``projektperiode``); TID001–TID003 check the plan."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar

from pydantic import Field
from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.form import Question
from schemas.kinds.base import Kind, Leaf, Ref, Starter, Widget, field_info, register
from schemas.types import Aar, Tekst

# year → quarter (1–4) → activities
Kvartal = Annotated[int, Field(ge=1, le=4)]
Tidsplan = dict[Aar, dict[Kvartal, list[Tekst]]]


@register
class TidsplanKind(Kind):
    """Year → quarter → activities."""

    word: ClassVar[str] = "tidsplan"
    required_by_default: ClassVar[bool] = False
    messages = {
        "year_range": N_("'{input}' is not a year; write it with four digits, e.g. 2017."),
    }

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Tidsplan, field_info(default={}, title=q.tekst,
                               json_schema_extra={"kind": self.word})

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        if not parts:
            return Leaf((), "", title, container=True)
        if not re.fullmatch(r"\d{1,4}", parts[0]):
            return None
        year = int(parts[0])
        if len(parts) == 1:
            return Leaf((year,), "", title, container=True)
        if len(parts) == 2 and re.fullmatch(r"\d{1,4}", parts[1]) and 1 <= int(parts[1]) <= 4:
            return Leaf((year, int(parts[1])), "linjer", title)
        return None

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        writer.quarters(ref)
        return None

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}:")
        period = out.runde.periode
        for year in period.years if period is not None else []:
            out.line(f"{indent}  {year}:")
            for n in range(1, 5):
                out.line(f"{indent}    {n}: []          # {n}. kvt. {year}")

    def widget(self, q: Question) -> Widget:
        # a row per year of the round's project period, a cell per quarter: its activities
        return Widget("quarters", self.widget_attrs(q, cell_kind="linjer"))
