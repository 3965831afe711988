"""kommune: the name of a Danish municipality (the applicant, a partner). KON003 warns when
it is not one of the 98 (``pulje.checks.contact``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from schemas.kinds.base import Widget, register
from schemas.kinds.linje import LinjeKind

if TYPE_CHECKING:
    from schemas.form import Question


@register
class KommuneKind(LinjeKind):
    """A line of text naming a kommune."""

    word: ClassVar[str] = "kommune"

    def widget(self, q: Question) -> Widget:
        return Widget("input", self.widget_attrs(q, type="text", list="kommuner"))
