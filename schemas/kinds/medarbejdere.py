"""medarbejdere: a table of staff — a function and how many (opkvalificering)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from schemas.common import Model
from schemas.form import Question
from schemas.kinds.antal import Antal
from schemas.kinds.base import Blank, Kind, Leaf, Part, Ref, Starter, Widget, field_info, register


class Medarbejdergruppe(Model):
    funktion: str = Field(title="Funktion")
    antal: Antal = Field(title="Antal")


COLUMNS = (("funktion", "Funktion", "linje"), ("antal", "Antal", "antal"))


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: The table's title above it, and fixed text under it.
    tabel: str | None = None
    tabel_note: str | None = None


def row_index(part: str) -> int | None:
    """A list row's number in a tag (``…medarbejdere.0.funktion``), or None."""
    return int(part) if re.fullmatch(r"\d{1,4}", part) else None


@register
class MedarbejdereKind(Kind):
    """Rows of function and count; an empty table is not answered (TXT001)."""

    word: ClassVar[str] = "medarbejdere"
    options = Options

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return list[Medarbejdergruppe], field_info(default=[], title=q.tekst,
                                              json_schema_extra={"kind": self.word})

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        if not parts:
            return Leaf((), "", title, container=True)
        index = row_index(parts[0])
        if index is None:
            return None
        if len(parts) == 1:
            return Leaf((index,), "", title, container=True, in_list=True)
        columns = {name: (label, word) for name, label, word in COLUMNS}
        if len(parts) == 2 and parts[1] in columns:
            label, word = columns[parts[1]]
            return Leaf((index, parts[1]), word, label, in_list=True)
        return None

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        opts: Options = q.opts
        slot = writer.row(q.tekst or q.id, q.note)
        writer.rows(slot, ref, COLUMNS, title=opts.tabel, note=opts.tabel_note)
        return slot

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}: []")

    def widget(self, q: Question) -> Widget:
        opts: Options = q.opts
        return Widget("rows", self.widget_attrs(q, columns=list(COLUMNS), title=opts.tabel,
                                                table_note=opts.tabel_note))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        if self.is_required(q) and not value:
            yield Blank(path, q.etiket or q.tekst or q.id)

    def answer_paths(self, q: Question, path: str) -> list[str]:
        return [f"{path}[].{name}" for name, _, _ in COLUMNS]
