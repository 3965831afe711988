"""bilag: the attachments an application sends beside the form and the budget — each with the
id of the round's required attachment it is (``runde.yaml``: ``bilag``), a description and its
file (a path from the answer file's folder). FOR007 holds the round's required attachments
against this list; ``pulje submit`` puts each file in the package (FOR008 when it cannot)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field
from pydantic.fields import FieldInfo

from schemas.common import Model
from schemas.form import Question
from schemas.kinds._rows import RowsKind
from schemas.kinds.base import Starter, field_info, register


class Bilagsfil(Model):
    #: The id of the round's required attachment (none: an attachment of the applicant's own).
    id: str | None = Field(default=None, title="Bilag", pattern=r"^[a-z][a-z0-9_]*$")
    tekst: str | None = Field(default=None, title="Beskrivelse")
    #: The file, as a path from the answer file's folder (``bilag/aftale.pdf``).
    fil: str | None = Field(default=None, title="Fil", max_length=500)


COLUMNS = (("id", "Bilag", "linje"), ("tekst", "Beskrivelse", "linje"), ("fil", "Fil", "linje"))


@register
class BilagKind(RowsKind):
    """A list of attachments; none is an answer (FOR007 says which the round requires)."""

    word: ClassVar[str] = "bilag"
    columns = COLUMNS
    required_by_default: ClassVar[bool] = False

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return list[Bilagsfil], field_info(default=[], title=q.tekst,
                                      json_schema_extra={"kind": self.word})

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        """The round's required attachments (those pulje does not make), each with its file
        still to be filled in."""
        required = [b for b in getattr(out.runde, "bilag", []) if b.dokument is None]
        out.comment(q.tekst or q.id, indent)
        out.comment("Skriv filen som en sti fra denne svarfils mappe, fx bilag/aftale.pdf.",
                    indent)
        if not required:
            out.line(f"{indent}{q.id}: []")
            out.comment("Eksempel (fjern # og udfyld): - tekst: Støtteerklæring", indent)
            out.comment("                               fil: bilag/stoette.pdf", indent)
            return
        out.line(f"{indent}{q.id}:")
        for b in required:
            out.comment(f"Krævet af runden: {b.tekst}", indent + "  ")
            out.line(f"{indent}  - id: {b.id}")
            out.line(f"{indent}    fil:")
