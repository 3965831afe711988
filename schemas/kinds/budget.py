"""budget: the detailed budget — every expense (STAR's ten categories, units × unit price,
spread over the years) and every financing line, over the whole project period.

It is an attachment of its own (``pulje.documents.budget_*``), not drawn in the form, unless
the round wants it in the application itself (``i_skemaet: ja``, a form without questions).
The BUD rules check it against the økonomi section and the round's budget rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo

from pulje.diagnostics import N_
from schemas.common import Model
from schemas.form import Question
from schemas.kinds.base import Blank, Kind, Leaf, Part, Ref, Starter, Widget, field_info, register
from schemas.types import Aar, Money


class Udgiftskategori(StrEnum):
    """STAR's expense categories (Guide til udarbejdelse af projektbudgetter)."""

    loen = "loen"
    konsulenter = "konsulenter"
    materialer = "materialer"
    transport = "transport"
    lokaler = "lokaler"
    administration = "administration"
    evaluering = "evaluering"
    revision = "revision"
    it_udstyr = "it_udstyr"
    andet = "andet"


KATEGORI_NAVNE: dict[Udgiftskategori, str] = {
    Udgiftskategori.loen: "Løn",
    Udgiftskategori.konsulenter: "Eksterne konsulenter og undervisere",
    Udgiftskategori.materialer: "Materialer og kommunikation",
    Udgiftskategori.transport: "Transport",
    Udgiftskategori.lokaler: "Husleje og lokaler",
    Udgiftskategori.administration: "Administration",
    Udgiftskategori.evaluering: "Projektevaluering",
    Udgiftskategori.revision: "Revision",
    Udgiftskategori.it_udstyr: "IT og udstyr",
    Udgiftskategori.andet: "Andet",
}


class Udgiftslinje(Model):
    kategori: Udgiftskategori = Field(title="Kategori")
    beskrivelse: str = Field(title="Beskrivelse", min_length=1)
    enheder: Decimal | None = Field(
        default=None, title="Antal enheder", ge=0, le=1_000_000_000, allow_inf_nan=False
    )
    enhed: str | None = Field(default=None, title="Enhed (fx måned, time, stk.)")
    enhedspris: Money | None = Field(default=None, title="Pris pr. enhed")
    beloeb: Money | None = Field(default=None, title="Beløb i alt")
    fordeling: dict[Aar, Money] = Field(default={}, title="Fordeling pr. år")
    bemaerkning: str | None = Field(default=None, title="Bemærkning")

    @model_validator(mode="after")
    def _has_amount(self) -> Udgiftslinje:
        if self.beloeb is None and (self.enheder is None or self.enhedspris is None):
            raise ValueError("line_amount")
        return self

    @property
    def beregnet(self) -> Decimal | None:
        """Units × unit price, where both are given."""
        if self.enheder is None or self.enhedspris is None:
            return None
        return (self.enheder * self.enhedspris).quantize(Decimal("0.01"))

    @property
    def linjebeloeb(self) -> Decimal:
        """The line's amount: as written, else units × unit price."""
        if self.beloeb is not None:
            return self.beloeb
        computed = self.beregnet
        assert computed is not None  # guaranteed by _has_amount
        return computed


Finansieringstype = Literal["medfinansiering", "tilskud", "indtaegt"]

FINANSIERING_NAVNE: dict[str, str] = {
    "medfinansiering": "Egenfinansiering / medfinansiering",
    "tilskud": "Tilskud fra anden side",
    "indtaegt": "Indtægter",
}


class Finansieringslinje(Model):
    type: Finansieringstype = Field(title="Type")
    beskrivelse: str = Field(title="Beskrivelse / kilde", min_length=1)
    beloeb: Money = Field(title="Beløb")
    fordeling: dict[Aar, Money] = Field(default={}, title="Fordeling pr. år")


class Budget(Model):
    udgifter: list[Udgiftslinje] = Field(default=[], title="Udgifter")
    finansiering: list[Finansieringslinje] = Field(
        default=[], title="Finansiering og indtægter"
    )

    def udgifter_i_alt(self) -> Decimal:
        return sum((line.linjebeloeb for line in self.udgifter), Decimal("0.00"))

    def finansiering_i_alt(self, kind: str | None = None) -> Decimal:
        return sum(
            (f.beloeb for f in self.finansiering if kind is None or f.type == kind),
            Decimal("0.00"),
        )


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: Drawn as a table in the application itself rather than as an attachment.
    i_skemaet: bool = False


@register
class BudgetKind(Kind):
    """The detailed budget (BUD001–BUD014 read it)."""

    word: ClassVar[str] = "budget"
    options = Options
    required_by_default: ClassVar[bool] = False
    messages = {
        "line_amount": N_(
            "A budget line needs an amount ('beloeb') or units and unit price "
            "('enheder' and 'enhedspris')."
        ),
    }

    def field(self, q: Question) -> tuple[Any, FieldInfo]:
        return Budget, field_info(default_factory=Budget, json_schema_extra={"kind": self.word})

    def in_form(self, q: Question) -> bool:
        """Whether the form shows it (else it is the budget attachment)."""
        opts: Options = q.opts
        return opts.i_skemaet

    def resolve(self, q: Question, parts: Sequence[str], title: str) -> Leaf | None:
        return None  # read from pulje's own part of a draft, never from its controls

    def draw(self, writer: Any, q: Question, ref: Ref) -> Any:
        if self.in_form(q):
            writer.budget(ref)
        return None

    def starter(self, q: Question, out: Starter, indent: str) -> None:
        period = out.runde.periode
        years = period.years if period is not None else []
        example = ", ".join(f"{y}: 0" for y in years)
        out.comment(
            "Det detaljerede budget: alle udgifter og eventuelle indtægter i hele "
            "projektperioden. Beløb i kr. (fx 45000 eller \"45.000,00\").", indent,
        )
        for line in (
            f"{indent}{q.id}:",
            f"{indent}  udgifter: []",
            f"{indent}  # Eksempel på en udgiftslinje (fjern # og udfyld):",
            f"{indent}  # - kategori: loen       # loen, konsulenter, materialer, transport, "
            "lokaler,",
            f"{indent}  #                        # administration, evaluering, revision, "
            "it_udstyr, andet",
            f"{indent}  #   beskrivelse: Projektleder, 37 t/uge",
            f"{indent}  #   enheder: 24",
            f"{indent}  #   enhed: måned",
            f"{indent}  #   enhedspris: 45000",
            f"{indent}  #   fordeling: {{{example}}}",
            f"{indent}  finansiering: []",
            f"{indent}  # Medfinansiering, tilskud fra anden side og indtægter:",
            f"{indent}  # - type: medfinansiering   # medfinansiering, tilskud, indtaegt",
            f"{indent}  #   beskrivelse: Kommunens egenfinansiering",
            f"{indent}  #   beloeb: 0",
        ):
            out.line(line)

    def widget(self, q: Question) -> Widget:
        # The lines as tables (``tables``): a row per line, a cell per (name, title, kind) —
        # a kind's word, "tal" (a number), "valg" (one of ``choices[name]``) or "aar" (an
        # amount per year of the round's project period). ``amount``: the cell with the
        # line's amount, and the two cells whose product it is when it is blank (for the
        # live totals; the rules' sums are the truth).
        def cells(model: type[Model], kinds: dict[str, str]) -> list[tuple[str, str, str]]:
            return [(n, model.model_fields[n].title or n, k) for n, k in kinds.items()]

        return Widget("budget", self.widget_attrs(
            q, categories=list(KATEGORI_NAVNE.items()),
            financing=list(FINANSIERING_NAVNE.items()),
            choices={"kategori": [(c.value, n) for c, n in KATEGORI_NAVNE.items()],
                     "type": list(FINANSIERING_NAVNE.items())},
            tables=[
                {"key": "udgifter", "title": Budget.model_fields["udgifter"].title,
                 "columns": cells(Udgiftslinje, {
                     "kategori": "valg", "beskrivelse": "linje", "enheder": "tal",
                     "enhed": "linje", "enhedspris": "beloeb", "beloeb": "beloeb",
                     "fordeling": "aar", "bemaerkning": "linje"}),
                 "amount": ["beloeb", "enheder", "enhedspris"]},
                {"key": "finansiering", "title": Budget.model_fields["finansiering"].title,
                 "columns": cells(Finansieringslinje, {
                     "type": "valg", "beskrivelse": "linje", "beloeb": "beloeb",
                     "fordeling": "aar"}),
                 "amount": ["beloeb"]},
            ]))

    def blanks(self, q: Question, value: Any, path: tuple[Part, ...]) -> Iterator[Blank]:
        return iter(())  # BUD010 says when it has no lines

    def answer_paths(self, q: Question, path: str) -> list[str]:
        return []
