"""Parts that most STAR application forms share: identification, økonomi, målgruppe,
organisation, tidsplan, opkvalificering, forankring and the detailed budget.

Field titles are the form's questions, word for word: ``pulje init`` writes them as comments,
checks quote them, and the Word template prints them.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from schemas.types import Aar, JaNej, Maaned, Money, Procent, Tekst


class Model(BaseModel):
    """Base for every part of an answer file: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class Section(Model):
    """A part of the form with its heading and fixed introduction."""

    heading: ClassVar[str] = ""
    intro: ClassVar[str] = ""


def question(text: str, *, short: int = 25, required: bool = True) -> Any:
    """A field holding a free-text answer to one of the form's questions."""
    return Field(
        default=None,
        title=text,
        json_schema_extra={"question": True, "short": short, "required": required},
    )


# --- Identifikation --------------------------------------------------------------------------


class Person(Model):
    navn: str | None = Field(default=None, title="Navn")
    adresse: str | None = Field(default=None, title="Adresse")
    telefon: str | None = Field(default=None, title="Telefon")
    email: str | None = Field(default=None, title="E-mail")


class Identifikation(Section):
    projektnavn: Tekst | None = question("Projektets navn", short=3)
    kommune: str | None = Field(default=None, title="Ansøger / Kommune")
    ansvarlig: Person = Field(default_factory=Person, title="Projekt- og tilskudsansvarlig")


# --- Økonomi ---------------------------------------------------------------------------------


class AndenFinansiering(Model):
    ansoegt: JaNej | None = Field(
        default=None,
        title="Er der ansøgt om tilskud til projektet fra anden side "
        "(eksempelvis fra andre puljer)?",
    )
    beloeb: Money | None = Field(
        default=None,
        title="Hvis ja, hvor stort et beløb er der ansøgt om og hvor er tilskuddet ansøgt fra?",
    )
    # One question, one answer: the form shows the source in the amount's answer cell.
    kilde: str | None = Field(
        default=None, title="Hvor tilskuddet er ansøgt fra",
        json_schema_extra={"answer_of": "beloeb"},
    )


class Oekonomi(Section):
    heading: ClassVar[str] = "Økonomi"
    intro: ClassVar[str] = (
        "Sammen med ansøgningsskemaet skal der indsendes et detaljeret budget, hvoraf projektets "
        "samtlige udgifter og eventuelle indtægter skal fremgå. Vær opmærksom på bemærkningerne "
        "til budgetposterne i budgetskemaet."
    )
    ansoegt_beloeb: Money | None = Field(default=None, title="Angiv det ansøgte beløb")
    anden_finansiering: AndenFinansiering = Field(default_factory=AndenFinansiering)


# --- Målgruppe -------------------------------------------------------------------------------

# Bounds that no real count reaches keep every product and message cheap and exact.
Antal = Annotated[int, Field(ge=0, le=10_000_000)]
Uger = Annotated[int, Field(ge=-9999, le=9999)]  # 1–52 is MAA002's rule, with its own message


class Deltagere(Model):
    pr_maaned: Antal | None = Field(
        default=None, title="Forventet antal deltagere i projektet på månedsbasis."
    )
    i_alt: Antal | None = Field(
        default=None,
        title="Forventet antal deltagere i projektet i den samlede projektperiode.",
    )


# --- Måltal ----------------------------------------------------------------------------------

class Maaltal(Model):
    """A target table: the level at the round's baseline month and a target per measurement."""

    niveau: Procent | None = Field(default=None, title="Niveau for baselinemåneden (%)")
    niveau_bemaerkning: str | None = Field(default=None, title="Bemærkning til niveauet")
    maal: dict[Maaned, Procent | None] = Field(
        default_factory=dict, title="Måltal pr. måling (%)"
    )


# --- Organisation, samarbejde, forankring -----------------------------------------------------


class Strategi(Section):
    nuvaerende: Tekst | None = question("Hvad er kommunens nuværende strategi?")
    under_projektet: Tekst | None = question(
        "Hvad er kommunens strategi under projektperioden vil der ske ændringer som følge af "
        "deltagelse i projektet?"
    )


class Medarbejdergruppe(Model):
    funktion: str = Field(title="Funktion")
    antal: Antal = Field(title="Antal")


class Opkvalificering(Section):
    heading: ClassVar[str] = "Opkvalificering af medarbejdere"
    medarbejdere: list[Medarbejdergruppe] = Field(
        default_factory=list,
        title="Angiv hvor mange medarbejdere der forventes at deltage i opkvalificeringen "
        "samt deres funktioner.",
    )


class Forankring(Section):
    heading: ClassVar[str] = "Forankring og udbredelse"
    finansielt_organisatorisk: Tekst | None = question(
        "Hvordan tænkes projektet forankret finansielt og organisatorisk efter "
        "projektperiodens udløb?"
    )
    videreformidling: Tekst | None = question(
        "Hvordan vil den opnåede viden i projektet blive videreformidlet til relevante aktører?"
    )


# year → quarter (1–4) → activities
Kvartal = Annotated[int, Field(ge=1, le=4)]
Tidsplan = dict[Aar, dict[Kvartal, list[Tekst]]]


# --- Detaljeret budget -----------------------------------------------------------------------


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
    fordeling: dict[Aar, Money] = Field(default_factory=dict, title="Fordeling pr. år")
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
    fordeling: dict[Aar, Money] = Field(default_factory=dict, title="Fordeling pr. år")


class Budget(Section):
    heading: ClassVar[str] = "Detaljeret budget"
    udgifter: list[Udgiftslinje] = Field(default_factory=list, title="Udgifter")
    finansiering: list[Finansieringslinje] = Field(
        default_factory=list, title="Finansiering og indtægter"
    )

    def udgifter_i_alt(self) -> Decimal:
        return sum((line.linjebeloeb for line in self.udgifter), Decimal("0.00"))

    def finansiering_i_alt(self, kind: str | None = None) -> Decimal:
        return sum(
            (f.beloeb for f in self.finansiering if kind is None or f.type == kind),
            Decimal("0.00"),
        )


def _round_id(value: Any) -> Any:
    """``runde: 2016`` without quotes is a number in YAML; it names the same round."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Application(Model):
    """What every pool's answer file has: the pool, and optionally the round."""

    pulje: str = Field(title="Puljens id (mappenavn under templates/)")
    runde: Annotated[str, BeforeValidator(_round_id)] | None = Field(
        default=None, title="Ansøgningsrunde (tom: puljens seneste)"
    )
