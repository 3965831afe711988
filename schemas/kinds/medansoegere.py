"""medansoegere: the co-applicants of a joint application (kommuner, a-kasser, organisations),
each with a contact person. New with the forms as data; the one who submits stays the sole
tilskudsansvarlig (a ``person`` question). KON004 warns when the round allows no joint
applications."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field
from pydantic.fields import FieldInfo

from schemas.common import Model
from schemas.form import Question
from schemas.kinds._rows import RowsKind
from schemas.kinds.base import Blank, Part, Starter, field_info, register


class Medansoeger(Model):
    navn: str = Field(title="Medansøger", min_length=1)
    #: kommune, a-kasse or bred (FOR005 reads it; without it, the name tells where it can).
    ansoegertype: Literal["kommune", "a-kasse", "bred"] | None = Field(default=None,
                                                                      title="Type")
    kontaktperson: str | None = Field(default=None, title="Kontaktperson")
    email: str | None = Field(default=None, title="E-mail")


COLUMNS = (("navn", "Medansøger", "linje"), ("ansoegertype", "Type", "linje"),
           ("kontaktperson", "Kontaktperson", "linje"), ("email", "E-mail", "linje"))


@register
class MedansoegereKind(RowsKind):
    """A list of co-applicants; none is an answer (an application of one)."""

    word: ClassVar[str] = "medansoegere"
    columns = COLUMNS
    required_by_default: ClassVar[bool] = False

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return list[Medansoeger], field_info(default=[], title=q.tekst,
                                        json_schema_extra={"kind": self.word})

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}: []")
        out.comment("Eksempel (fjern # og udfyld): - navn: Glostrup Kommune", indent)
        out.comment("                               ansoegertype: kommune  # eller a-kasse, bred",
                    indent)
        out.comment("                               kontaktperson: …", indent)

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        if self.is_required(q) and not value:
            yield Blank(path, q.etiket or q.tekst or q.id)
