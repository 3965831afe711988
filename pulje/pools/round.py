"""A round of a pool (``templates/<pool>/<round>/runde.yaml``): everything that changes from one
round to the next. A fact no source gives stays empty (null) — never invented.

The round's form (``skema.yaml`` beside it) is read when it is first needed (``Runde.form``):
``pulje pools`` reads no form.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, StringConstraints, model_validator

from pulje.pools.followup import Opfoelgning
from schemas.budget import Udgiftskategori
from schemas.common import Model
from schemas.form import Form, answer_model
from schemas.types import Maaned, Money, Period

#: Deadlines are Danish time.
TIMEZONE = "Europe/Copenhagen"
#: The documents a round produces unless it says otherwise (ids of ``pulje.documents``'s
#: registry): the application form, the budget attachment and the budget workbook.
DOKUMENTER = ("ansoegning", "budgetbilag", "budgetark")
DEFAULT_DOCUMENTS = DOKUMENTER
DocumentId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


def _text_id(value: Any) -> Any:
    """``id: 2016`` without quotes is a number in YAML; it names the same round."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


RoundId = Annotated[str, BeforeValidator(_text_id), Field(pattern=r"^[A-Za-z0-9][\w.-]*$")]
#: Who may apply: kommuner (jobcentre), a-kasser, or broad (virksomheder, foreninger,
#: organisationer, uddannelsesinstitutioner …).
Ansoegertype = Literal["kommune", "a-kasse", "bred"]
ANSOEGERTYPER: tuple[str, ...] = ("kommune", "a-kasse", "bred")


class Projektperiode(Model):
    fra: date
    til: date

    @model_validator(mode="after")
    def _ordered(self) -> Projektperiode:
        if self.til < self.fra:
            raise ValueError("period_order")
        return self


_FRIST = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[ T]+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2}))?\s*")


def _frist(value: Any) -> Any:
    """"2016-09-01 12:00" (or "2016-09-01 kl. 12.00", or a date) → {dato, tid}."""
    if isinstance(value, datetime):
        return {"dato": value.date(), "tid": value.time()}
    if isinstance(value, date):
        return {"dato": value}
    if isinstance(value, str):
        m = _FRIST.fullmatch(value)
        if m is None:
            raise ValueError("frist skrives 2016-09-01 eller 2016-09-01 12:00 (dansk tid)")
        tid = f"{int(m[2]):02d}:{m[3]}" if m[2] else None
        return {"dato": m[1], "tid": tid}
    return value


class Frist(Model):
    """A deadline: a day, and the time of day when the source gives it (Danish time)."""

    dato: date
    tid: time | None = None

    @property
    def tidspunkt(self) -> datetime | None:
        """The deadline as an aware time in Europe/Copenhagen; None when no time is known."""
        if self.tid is None:
            return None
        from zoneinfo import ZoneInfo  # only here: validate seldom needs a time zone

        return datetime.combine(self.dato, self.tid, tzinfo=ZoneInfo(TIMEZONE))


#: Days before the deadline from which a channel's sending is "too close" (FOR003), unless
#: the round says otherwise (``kanal.forberedelse_dage``). Why these numbers: see FOR003.
EMAIL_LEAD_DAYS = 2
PORTAL_LEAD_DAYS = 7


class EmailKanal(Model):
    """Sent by e-mail."""

    type: Literal["email"]
    modtager: str | None = None
    cc: list[str] = Field(default=[])
    emne: str | None = None
    #: The formats the application is sent in (none: not given).
    formater: list[Literal["docx", "pdf", "xlsx"]] | None = None
    #: Days to allow before the deadline (FOR003).
    forberedelse_dage: int = Field(default=EMAIL_LEAD_DAYS, ge=0, le=365)


class PortalKanal(Model):
    """Sent through STAR's Tilskudsportal."""

    type: Literal["tilskudsportal"]
    #: What is uploaded (document ids of ``dokumenter``, or a text where the source says so).
    upload: list[str] = Field(default=[])
    #: Days to allow before the deadline (FOR003): a first login needs MitID Erhverv.
    forberedelse_dage: int = Field(default=PORTAL_LEAD_DAYS, ge=0, le=365)


Kanal = Annotated[EmailKanal | PortalKanal, Field(discriminator="type")]


class Revisionsgraense(Model):
    op_til: Money | None
    krav: str


#: A workbook's name: ``{navn}`` and ".xlsx", no folder and no character Windows forbids.
_WORKBOOK_NAME = r'^[^/\\:*?"<>|]*\{navn\}[^/\\:*?"<>|]*\.xlsx$'


class BudgetRegler(Model):
    """The round's budget rules (STAR's budget guide; what a round may set)."""

    #: The eligible expense categories (none: all ten of STAR's guide). Old ids are read as
    #: today's (``schemas.budget.GAMLE_KATEGORIER``).
    kategorier: list[Udgiftskategori] | None = None
    #: Categories the round does not fund (BUD013), e.g. ``[udstyr]``.
    ikke_tilskudsberettigede_kategorier: list[Udgiftskategori] = Field(default=[])
    #: Words a line's description may not hold, and why (ineligible costs).
    ikke_tilskudsberettigede: list[str] = Field(default=[])
    #: The budget's periods: per year (``aar``, also when null), quarter or month.
    periodisering: Literal["aar", "kvartal", "maaned"] | None = None
    forbudte_poster: list[str] = Field(default=[])
    revision_forventet: bool | None = None
    revision_graenser: list[Revisionsgraense] = Field(default=[])
    medfinansiering_kraevet: bool | None = None
    #: The budget workbook's file name beside the form; ``{navn}`` is the form's name without
    #: ``.docx`` (null: ``{navn}-budget.xlsx``).
    regneark: str | None = Field(default=None, pattern=_WORKBOOK_NAME)
    #: Where the round's budget rules come from (null: the round's ``kilde``).
    kilde: str | None = None

    def revisionskrav(self, amount: Decimal) -> str | None:
        for tier in self.revision_graenser:
            if tier.op_til is None or amount <= tier.op_til:
                return tier.krav
        return None

    def tilskudsberettigede(self) -> list[Udgiftskategori]:
        """The categories the round funds, in the guide's order."""
        from schemas.budget import KATEGORI_NAVNE

        allowed = set(self.kategorier) if self.kategorier is not None else set(KATEGORI_NAVNE)
        allowed -= set(self.ikke_tilskudsberettigede_kategorier)
        return [k for k in KATEGORI_NAVNE if k in allowed]

    def regneark_navn(self, form_name: str) -> str:
        """The workbook's name beside the form ``form_name`` ("ansøgning.docx")."""
        stem = form_name[:-5] if form_name.lower().endswith(".docx") else form_name
        return (self.regneark or "{navn}-budget.xlsx").replace("{navn}", stem)


class Bilag(Model):
    """A required attachment: one pulje makes (``dokument``: the id of one of the round's
    documents, e.g. the budget workbook), or one the applicant attaches (FOR008)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    tekst: str
    dokument: DocumentId | None = None


Percent = Annotated[Decimal, Field(ge=0, le=100)]


class Resultattrin(Model):
    """A step of a payment on results: when ``maal`` per cent of the target group reach the
    result (``betingelse``), ``andel`` per cent of the grant is paid (None: the rest)."""

    maal: Percent
    andel: Percent | None = None
    betingelse: str


class Rate(Model):
    andel: Percent | None = None  # per cent of the grant; None: the rest, or by results
    betingelse: str
    #: The rate is paid on results, in steps (Flere skal med 2).
    resultater: list[Resultattrin] = Field(default=[])


class Udbetaling(Model):
    """How the grant is paid out."""

    tekst: str
    rater: list[Rate] = Field(default=[])


class Runde(Model):
    """A round of a pool."""

    id: RoundId
    titel: str | None = None
    konti: list[str] = Field(default=[])
    frist: Annotated[Frist, BeforeValidator(_frist)] | None = None
    #: The day the round opened (STAR announced it and took applications from), where a
    #: source gives it; none: not given — ``pulje pools --open`` then never calls it open.
    aabningsdato: date | None = None
    kanal: Kanal | None = None
    sidegraense: int | None = Field(default=None, gt=0)
    maksimum: Money | None = None
    puljebeloeb: Money | None = None
    ansoegere: list[Ansoegertype] = Field(default=[])
    #: Applicants the round names as not allowed (the broad rounds: "not kommuner").
    ikke_ansoegere: list[Ansoegertype] = Field(default=[])
    faelles: bool | None = None
    #: Types of which at least one co-applicant is required ("a-kasser with at least one
    #: kommune").
    medansoeger_kraevet: list[Ansoegertype] = Field(default=[])
    tilskudsansvarlig: str | None = None
    #: The source says there is no page limit (``sidegraense`` null alone: not given).
    ingen_sidegraense: bool = False
    projektperiode: Projektperiode | None = None
    #: The day the project must end by, where the source gives only that.
    seneste_slut: date | None = None
    #: The project's length in months, where the source gives only that ("two years").
    varighed_maaneder: int | None = Field(default=None, gt=0, le=240)
    baseline_maaned: Maaned | None = None
    maalinger: list[Maaned] = Field(default=[])
    budget: BudgetRegler = Field(default_factory=BudgetRegler)
    bilag: list[Bilag] = Field(default=[])
    udbetaling: Udbetaling | None = None
    #: What the round's application is made of, in this order: one document id each (the
    #: documents are registered in ``pulje.documents.registry``; an unknown id is refused
    #: there, when the documents are made).
    dokumenter: list[DocumentId] = Field(default=list(DOKUMENTER), min_length=1)
    skema: str = Field(default="skema.yaml", pattern=r"^[\w.-]+\.yaml$")
    skema_kilde: Literal["transcribed", "skeleton"] | None = None
    #: Other facts of the source that belong to no key (each with its source).
    bemaerkninger: list[str] = Field(default=[])
    kilde: list[str] | str | None = None
    #: After the grant: report due dates and the account's deviation threshold
    #: (``pulje.pools.followup``; none: nothing known, pulje's defaults).
    opfoelgning: Opfoelgning = Field(default_factory=Opfoelgning)
    _folder: Path | None = PrivateAttr(default=None)
    _pool_id: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _opens_before_deadline(self) -> Runde:
        if (self.aabningsdato is not None and self.frist is not None
                and self.aabningsdato > self.frist.dato):
            raise ValueError("aabningsdato ligger efter fristen")
        return self

    @property
    def periode(self) -> Period | None:
        if self.projektperiode is None:
            return None
        return Period(self.projektperiode.fra, self.projektperiode.til)

    @property
    def folder(self) -> Path:
        assert self._folder is not None, "a round read from its folder"
        return self._folder

    @property
    def form_path(self) -> Path:
        return self.folder / self.skema

    @property
    def own_template(self) -> Path | None:
        """A Word template the round ships itself (``ansoegning.docx`` in its folder), if any;
        otherwise the template is made from the form."""
        path = self.folder / "ansoegning.docx"
        return path if path.is_file() else None

    @property
    def form(self) -> Form:
        """The round's form (``skema.yaml``), read once per content."""
        path = self.form_path
        stat = path.stat()
        return _form(path, stat.st_mtime_ns, stat.st_size)

    @property
    def answer_model(self) -> type[Any]:
        """The pydantic model of this round's answer files."""
        return answer_model(self.form, self._pool_id)

    @property
    def modtager(self) -> str | None:
        return self.kanal.modtager if isinstance(self.kanal, EmailKanal) else None

    @property
    def cc(self) -> list[str]:
        return list(self.kanal.cc) if isinstance(self.kanal, EmailKanal) else []

    @property
    def emne(self) -> str | None:
        return self.kanal.emne if isinstance(self.kanal, EmailKanal) else None

    @property
    def skeleton(self) -> bool:
        """Whether the form is STAR's common skeleton, not the pool's own questions."""
        return self.skema_kilde == "skeleton"


@lru_cache(maxsize=32)
def _form(path: Path, mtime_ns: int, size: int) -> Form:
    from pulje.pools.cache import cached

    def read() -> Form:
        from pulje.yamlsource import read_file
        from schemas.library import load_form  # only when the cache has no entry

        return load_form(read_file(path), str(path))

    return cached("skema", [path], read)


def natural_key(text: str) -> tuple[Any, ...]:
    """"2019-2" after "2019-1" and "2016" before "2017": numbers compare as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))
