"""The answer file of "Ansøgningsskema for Pulje til Bedre ressourceforløb" (STAR).

The order of the fields is the order of the form. Headings, introductions and questions are the
form's text verbatim (see ../shared/spec/bedre-ressourceforloeb-form.md).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from schemas.common import (
    Application,
    Budget,
    Deltagere,
    Forankring,
    Identifikation,
    Maaltal,
    Oekonomi,
    Opkvalificering,
    Section,
    Strategi,
    Tidsplan,
    Uger,
    question,
)
from schemas.types import Maaned, Tekst


class Maalgruppe(Section):
    heading: ClassVar[str] = "Projektets målgruppe"
    intro: ClassVar[str] = (
        "Projektets målgruppe er samtlige borgere i de deltagende kommuner, som i "
        "projektperioden indstilles til møde i rehabiliteringsteamet, hvor kommunen vurderer, at "
        "rehabiliteringsteamet sandsynligvis vil indstille borgeren til et ressourceforløb, og "
        "samtlige borgere som faktisk tilkendes et ressourceforløb. Det skal fremgå af "
        "ansøgningen, hvor mange borgere, der forventes at indgå i projektet."
    )
    indstilles: Deltagere = Field(
        default_factory=Deltagere,
        title="Borgere der indstilles til møde med rehabiliteringsteamet, og som sandsynligvis "
        "vil blive tilkendt et ressourceforløb.",
    )
    tilkendes: Deltagere = Field(
        default_factory=Deltagere, title="Borgere der tilkendes et ressourceforløb."
    )


class Formaal(Section):
    heading: ClassVar[str] = "Projektets formål"
    intro: ClassVar[str] = (
        "Formålet med puljen er at sprede en model for borgerinddragelse og virksomhedsindsats i "
        "ressourceforløb. Modellen skal understøtte, at flere borgere kommer i relevante og "
        "meningsfyldte virksomhedsrettede indsatser, som kan bringe dem tættere på "
        "arbejdsmarkedet."
    )
    forandringer: Tekst | None = question(
        "Hvilke konkrete forandringer skal projektet medføre for målgruppen i kommunen?"
    )


class Spor1(Section):
    heading: ClassVar[str] = "Spor 1 - Fælles forberedelse af sagen"
    intro: ClassVar[str] = (
        "Borgerne og deres pårørende/netværk skal inddrages i forberedelsen af deres sag for at "
        "skabe ejerskab, indflydelse og motivation for ressourceforløbet."
    )
    hovedelementer: Tekst | None = question(
        "Hvad er hovedelementerne og hvad er nyt i drejebogen ift. kommunens nuværende praksis?"
    )
    udarbejdelse: Tekst | None = question("Hvordan og af hvem vil drejebogen blive udarbejdet?")
    implementering: Tekst | None = question("Hvordan vil drejebogen blive implementeret?")
    tidsplan: Tekst | None = question(
        "Beskriv tidsplanen for udarbejdelsen og implementeringen af drejebogen."
    )


class Spor2(Section):
    heading: ClassVar[str] = "Spor 2 Borgerejerskab til mål og indsatsplan"
    intro: ClassVar[str] = (
        "Der skal opstilles klare mål for borgerens ressourceforløb, og det skal sikres, at "
        "borgeren er tæt involveret i udarbejdelsen af indsatsplanen. Indsatsen skal hurtigt i "
        "gang og justeres løbende efter borgerens mål."
    )
    fokus_job_uddannelse: Tekst | None = question(
        "Hvordan vil kommunen sikre fokus på job og uddannelse på rehabiliteringsmødet?"
    )
    borgerinddragelse: Tekst | None = question(
        "Hvordan vil kommunen skabe øget borgerinddragelse igennem virksomhedskonsulenten og "
        "brug af MinPlan og CV?"
    )
    sagsgange: Tekst | None = question(
        "Hvordan forventer kommunen at optimere sine sagsgange for at reducere antallet af uger "
        "imellem mødet i rehabiliteringsteamet til den første beskæftigelsesrettede aktivitet "
        "igangsættes for borgere i ressourceforløb?"
    )
    maaltal_uger: dict[Maaned, Uger | None] = Field(
        default_factory=dict,
        title="Angiv hvilke måltal kommunen har for antallet af uger imellem mødet i "
        "rehabiliteringsteamet og til den første beskæftigelsesrettede aktivitet igangsættes.",
        json_schema_extra={"table": "Måltal sagsbehandlingstider", "unit": "uger"},
    )
    opfoelgning: Tekst | None = question(
        "Hvordan vil kommunen sikre en systematisk opfølgning og løbende tilpasning af "
        "indsatsplanen sammen med borgeren?"
    )


class Spor3(Section):
    heading: ClassVar[str] = "Spor 3 Mening og retning i virksomhedsindsatsen"
    intro: ClassVar[str] = (
        "For at sikre mening og retning i virksomhedsindsatsen skal der arbejdes med at skabe det "
        "gode match mellem borger og virksomhed. Endvidere skal borgeren have den nødvendige "
        "tværfaglige støtte og mentorstøtte til at kunne gennemføre en virksomhedsrettet indsats."
    )
    virksomhedsrettet: Maaltal = Field(
        default_factory=Maaltal,
        title="Hvad er kommunens nuværende andel af borgere i virksomhedsrettet indsats pr. "
        "måned, og hvilke måltal har kommunen for virksomhedsrettet indsats?",
        json_schema_extra={
            "table": "Måltal virksomhedsrettet indsats",
            "table_note": "Se kommunale tal i benchmarkrapport fra jobindsats her.",
        },
    )
    mentorstoette: Maaltal = Field(
        default_factory=Maaltal,
        title="Hvad er kommunens nuværende andel af borgere som modtager mentorstøtte pr. måned "
        "og hvilke måltal har kommunens for mentorstøtte pr. måned?",
        json_schema_extra={"table": "Måltal mentorstøtte"},
    )
    ordinaere_timer: Maaltal = Field(
        default_factory=Maaltal,
        title="Hvad er kommunens måltal for andel borgere i ressourceforløb, som opnår ordinære "
        "løntimer pr. måned?",
        json_schema_extra={
            "table": "Måltal ordinære timer",
            "baseline": False,
            "note": "Udgangspunktet for måltallene er det nationale gennemsnit. Det var i "
            "gennemsnit 1 pct. af borgerne i ressourceforløb, der havde registreret ordinære "
            "løntimer i hhv. juni, juli og august 2016.",
        },
    )
    match: Tekst | None = question(
        "Hvordan vil kommunen ved tilknytning af en fast virksomhedskonsulent sikre det gode "
        "match mellem borger og virksomhed?"
    )
    koordinering: Tekst | None = question(
        "Hvordan vil arbejdet med borgernes sager blive koordineret mellem mentorer, "
        "virksomhedskonsulenter og koordinerende sagsbehandlere?"
    )


class Organisation(Section):
    heading: ClassVar[str] = "Projektets organisation og ledelse"
    intro: ClassVar[str] = (
        "I projektet skal der nedsættes en styregruppe, der sikrer den nødvendige koordination på "
        "ledelsesniveau mellem de relevante afdelinger i jobcentret herunder arbejdet i "
        "rehabiliteringsteamet, visitation af borgere, virksomhedsindsatser samt social- og "
        "sundhedsforvaltningerne."
    )
    projektleder_rolle: Tekst | None = question(
        "Hvad er projektlederens rolle i henholdsvis styregruppen og projektet?"
    )
    styregruppe_sammensaetning: Tekst | None = question("Hvordan sammensættes styregruppen?")
    styregruppe_styring: Tekst | None = question(
        "Hvordan tilrettelægges styregruppens styring og koordinering af projektet?"
    )
    # The form asks this only of kommuner that receive STV funds, in the question itself: it
    # may stay blank. (It has no yes/no question before it.)
    stv_samspil: Tekst | None = question(
        "Hvis kommunen modtager midler fra puljen Særlig tilrettelagt virksomhedsforløb (STV), "
        "beskriv da hvordan samspillet vil være imellem Bedre ressourceforløb og STV.",
        required=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _retired_keys(cls, data: Any) -> Any:
        """``modtager_stv`` (a yes/no pulje once asked, which the form does not) is ignored:
        ``pulje init`` wrote it into every answer file made before it was retired."""
        if isinstance(data, dict) and "modtager_stv" in data:
            data = {k: v for k, v in data.items() if k != "modtager_stv"}
        return data


class Virksomhedssamarbejde(Strategi):
    heading: ClassVar[str] = "Virksomhedssamarbejde"
    intro: ClassVar[str] = (
        "Kort beskrivelse af jobcenterets samarbejde med virksomhederne om målgruppen, herunder "
        "anvendelse af partnerskabsaftaler med virksomheder samt øvrige initiativer, som sikrer "
        "et tilstrækkeligt antal relevante virksomhedspladser."
    )


class TvaerfagligtSamarbejde(Strategi):
    heading: ClassVar[str] = "Tværfagligt samarbejde"
    intro: ClassVar[str] = (
        "Kort beskrivelse af jobcentrets organisering af den tværfaglige indsats for målgruppen, "
        "herunder hvordan samarbejde med sundhedsforvaltningen og socialforvaltningen skal "
        "sikre, at borgerens tværfaglige indsats igangsættes hurtigt og koordineres mellem "
        "forvaltningerne."
    )


class TidsplanSektion(Section):
    heading: ClassVar[str] = "Projektets tidsplan"
    intro: ClassVar[str] = (
        "Udarbejd en plan for projektets gennemførelse, herunder hvornår de forskellige "
        "elementer i indsatsrammen forventes implementeret:"
    )


class Ansoegning(Application):
    """An answer file for Pulje til Bedre ressourceforløb."""

    pulje: Literal["bedre-ressourceforloeb"] = "bedre-ressourceforloeb"
    identifikation: Identifikation = Field(default_factory=Identifikation)
    oekonomi: Oekonomi = Field(default_factory=Oekonomi)
    maalgruppe: Maalgruppe = Field(default_factory=Maalgruppe)
    formaal: Formaal = Field(default_factory=Formaal)
    spor1: Spor1 = Field(default_factory=Spor1)
    spor2: Spor2 = Field(default_factory=Spor2)
    spor3: Spor3 = Field(default_factory=Spor3)
    organisation: Organisation = Field(default_factory=Organisation)
    virksomhedssamarbejde: Virksomhedssamarbejde = Field(default_factory=Virksomhedssamarbejde)
    tvaerfagligt_samarbejde: TvaerfagligtSamarbejde = Field(
        default_factory=TvaerfagligtSamarbejde
    )
    tidsplan: Tidsplan = Field(
        default_factory=dict,
        title="Projektets tidsplan: år → kvartal (1–4) → aktiviteter",
        json_schema_extra={"section": TidsplanSektion},  # type: ignore[dict-item]
    )
    opkvalificering: Opkvalificering = Field(default_factory=Opkvalificering)
    forankring: Forankring = Field(default_factory=Forankring)
    budget: Budget = Field(default_factory=Budget)


MODEL = Ansoegning
