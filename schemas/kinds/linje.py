"""linje: a short text on one line (a name, an address, a function)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic.fields import FieldInfo

from schemas.kinds.base import Kind, Widget, field_info, register

if TYPE_CHECKING:
    from schemas.form import Question


@register
class LinjeKind(Kind):
    """A line of text; blank counts as not answered."""

    word: ClassVar[str] = "linje"

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return str | None, field_info(default=None, title=q.tekst,
                                 json_schema_extra={"kind": self.word})

    def read(self, text: str, lines: Sequence[str], q: Question | None = None) -> Any:
        return text.strip() or None

    def widget(self, q: Question) -> Widget:
        return Widget("input", self.widget_attrs(q, type="text"))
