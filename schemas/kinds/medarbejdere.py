"""medarbejdere: a table of staff — a function and how many (opkvalificering)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from schemas.common import Model
from schemas.form import Question
from schemas.kinds._rows import RowsKind
from schemas.kinds.antal import Antal
from schemas.kinds.base import Blank, Part, Starter, field_info, register


class Medarbejdergruppe(Model):
    funktion: str = Field(title="Funktion")
    antal: Antal = Field(title="Antal")


COLUMNS = (("funktion", "Funktion", "linje"), ("antal", "Antal", "antal"))


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: The table's title above it, and fixed text under it.
    tabel: str | None = None
    tabel_note: str | None = None


@register
class MedarbejdereKind(RowsKind):
    """Rows of function and count; an empty table is not answered (TXT001)."""

    word: ClassVar[str] = "medarbejdere"
    columns = COLUMNS
    options = Options

    def table(self, q: Question) -> tuple[str | None, str | None]:
        opts: Options = q.opts
        return opts.tabel, opts.tabel_note

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return list[Medarbejdergruppe], field_info(default=[], title=q.tekst,
                                              json_schema_extra={"kind": self.word})

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}: []")

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        if self.is_required(q) and not value:
            yield Blank(path, q.etiket or q.tekst or q.id)
