"""deltagere: a row of the participant table — expected participants a month and in the whole
project period. Consecutive rows are drawn as one table (MAL001 checks each row against the
period's length)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from schemas.common import Model
from schemas.form import Question
from schemas.kinds.antal import Antal
from schemas.kinds.base import (
    Blank,
    Kind,
    Leaf,
    Part,
    Ref,
    Starter,
    Widget,
    blank,
    field_info,
    register,
)


class Deltagere(Model):
    pr_maaned: Antal | None = Field(
        default=None, title="Forventet antal deltagere i projektet på månedsbasis."
    )
    i_alt: Antal | None = Field(
        default=None,
        title="Forventet antal deltagere i projektet i den samlede projektperiode.",
    )


COLUMNS = tuple((name, info.title or name) for name, info in Deltagere.model_fields.items())


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: The column heads, if the form words them otherwise (``pr_maaned``, ``i_alt``).
    kolonner: dict[str, str] = Field(default={})


@register
class DeltagereKind(Kind):
    """Two counts; a blank count is not TXT001's (the table's rules read it) unless
    ``krav: ja``."""

    word: ClassVar[str] = "deltagere"
    options = Options
    required_by_default: ClassVar[bool] = False
    group: ClassVar[str | None] = "deltagere"

    def columns(self, q: Question) -> list[tuple[str, str]]:
        opts: Options = q.opts
        return [(name, opts.kolonner.get(name, title)) for name, title in COLUMNS]

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Deltagere, field_info(default_factory=Deltagere, title=q.tekst,
                                json_schema_extra={"kind": self.word})

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        if not parts:
            return Leaf((), "", title, container=True)
        labels = dict(COLUMNS)
        if len(parts) == 1 and parts[0] in labels:
            return Leaf((parts[0],), "antal", labels[parts[0]], required=self.is_required(q))
        return None

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        self.draw_group(writer, [(q, ref)])
        return None

    def draw_group(self, writer: Any, rows: Sequence[tuple[Question, Ref]]) -> None:
        """Rows of one table: a row per question, a column per count."""
        writer.matrix([(q.tekst or q.id, ref) for q, ref in rows], self.columns(rows[0][0]),
                      "antal")

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}:")
        for name, title in self.columns(q):
            out.comment(title, indent + "  ")
            out.line(f"{indent}  {name}:")

    def widget(self, q: Question) -> Widget:
        # consecutive questions of the same ``group`` are one table, a row each (as in Word)
        return Widget("counts", self.widget_attrs(
            q, columns=[(name, title, "antal") for name, title in self.columns(q)],
            group=self.group))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        if not self.is_required(q):
            return
        for name, title in self.columns(q):
            if blank(getattr(value, name, None)):
                yield Blank((*path, name), f"{q.etiket or q.tekst or q.id}: {title}")

    def answer_paths(self, q: Question, path: str) -> list[str]:
        return [f"{path}.{name}" for name, _ in COLUMNS]
