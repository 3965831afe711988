"""person: a person to contact — name, address, phone and e-mail (the projekt- og
tilskudsansvarlig). KON001/KON002 check the e-mail and phone of every person of the form."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from pydantic import Field
from pydantic.fields import FieldInfo

from schemas.common import Model
from schemas.form import Question
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


class Person(Model):
    navn: str | None = Field(default=None, title="Navn")
    adresse: str | None = Field(default=None, title="Adresse")
    telefon: str | None = Field(default=None, title="Telefon")
    email: str | None = Field(default=None, title="E-mail")


FIELDS = tuple((name, info.title or name) for name, info in Person.model_fields.items())


@register
class PersonKind(Kind):
    """One person: each of the four fields must be filled in (unless ``krav: nej``)."""

    word: ClassVar[str] = "person"

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Person, field_info(default_factory=Person, title=q.tekst,
                             json_schema_extra={"kind": self.word})

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        if not parts:
            return Leaf((), "", title, container=True)
        labels = dict(FIELDS)
        if len(parts) == 1 and parts[0] in labels:
            return Leaf((parts[0],), "linje", labels[parts[0]], required=self.is_required(q))
        return None

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        title = q.tekst or q.id
        writer.caption(f"{title}:")
        for name, label in FIELDS:
            slot = writer.row(label)
            writer.value(slot, ref.child(name, f"{title}: {label}"), "linje")
        return None

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        out.comment(q.tekst or q.id, indent)
        out.line(f"{indent}{q.id}:")
        for name, label in FIELDS:
            out.comment(label, indent + "  ")
            out.line(f"{indent}  {name}:")

    def widget(self, q: Question) -> Widget:
        return Widget("person", self.widget_attrs(
            q, fields=[(name, label, "linje") for name, label in FIELDS]))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        if not self.is_required(q):
            return
        title = q.etiket or q.tekst or q.id
        for name, label in FIELDS:
            if blank(getattr(value, name, None)):
                yield Blank((*path, name), f"{title}: {label}")

    def answer_paths(self, q: Question, path: str) -> list[str]:
        return [f"{path}.{name}" for name, _ in FIELDS]
