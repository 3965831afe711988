"""linjer: a list of short texts, one a line (the activities of a tidsplan cell)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.kinds.base import Blank, Kind, Part, Starter, Widget, field_info, register
from schemas.types import Tekst

if TYPE_CHECKING:
    from schemas.form import Question


@register
class LinjerKind(Kind):
    """Texts, one paragraph each in Word; an empty list is not answered."""

    word: ClassVar[str] = "linjer"

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return list[Tekst], field_info(default=[], title=q.tekst,
                                  json_schema_extra={"kind": self.word})

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        return [line for line in lines] or None

    def display(self, value: Any, q: Question | None = None) -> str:
        return "\n".join(str(v) for v in value or [])

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}: []")

    def widget(self, q: Question) -> Widget:
        return Widget("lines", self.widget_attrs(q, hint=N_("One per line.")))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        if self.is_required(q) and not any(str(v).strip() for v in value or []):
            yield Blank(path, q.etiket or q.tekst or q.id)
