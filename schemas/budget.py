"""The detailed budget as STAR's guide has it: the model of the answer file's ``budget:``.

Source: STAR, "Guide til udarbejdelse af projektbudgetter" (2016/2018). One budget for the
whole project period: every expense in one of the guide's ten categories (its exact words in
``KATEGORI_NAVNE``), each line as units × unit price where it can be, spread over the periods
of the project (per year, quarter or month, as the round asks), with a note; and the income and
financing lines (medfinansiering, tilskud fra andre tilskudsgivere, moms, afskrivninger,
indtægter). The grant is a net grant: total expenses = amount applied for + every financing
line.

What other parts of pulje read (the committee case, the reports, the documents):

- ``Budget.udgifter_i_alt()``, ``Budget.finansiering_i_alt(type)``;
- ``Budget.kategori_totaler()``: category → total, in the guide's order;
- ``Budget.loenlinjer()``: the salary lines as ``Loenlinje`` (function × months or hours ×
  rate, the amount, the split per period);
- ``split(fordeling, perioder)``: a line's amounts in given period columns (and the rest that
  fits none), and ``perioder(...)`` the columns of a round's periodisation.

Answer files written before the guide's words were adopted keep validating: the old category
ids ``lokaler``, ``evaluering``, ``it_udstyr``, ``andet`` read as ``husleje``,
``projektevaluering``, ``udstyr``, ``oevrige`` (``GAMLE_KATEGORIER``); the guide's words
themselves ("Husleje", "Øvrige udgifter") are accepted as ids too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BeforeValidator, Field, model_validator

from schemas.common import Model
from schemas.types import ORE, Money, Period, check_year

ZERO = Decimal("0.00")


def _folded(text: str) -> str:
    """A category's or type's words as compared: case, dashes and blanks do not count."""
    text = re.sub(r"[\u2010-\u2015-]", "-", text.casefold())
    return " ".join(text.replace(" - ", " ").replace("-", " ").split())


class Udgiftskategori(StrEnum):
    """STAR's ten expense categories, in the guide's order."""

    loen = "loen"
    konsulenter = "konsulenter"
    materialer = "materialer"
    transport = "transport"
    husleje = "husleje"
    administration = "administration"
    projektevaluering = "projektevaluering"
    revision = "revision"
    udstyr = "udstyr"
    oevrige = "oevrige"
    # The ids of older answer files, rounds and code: the same categories.
    lokaler = "husleje"
    evaluering = "projektevaluering"
    it_udstyr = "udstyr"
    andet = "oevrige"

    @classmethod
    def _missing_(cls, value: object) -> Udgiftskategori | None:
        if not isinstance(value, str):
            return None
        return _KATEGORI_ORD.get(_folded(value))


#: The guide's words for each category ("use these words exactly").
KATEGORI_NAVNE: dict[Udgiftskategori, str] = {
    Udgiftskategori.loen: "Løn",
    Udgiftskategori.konsulenter: "Eksterne konsulenter og undervisere",
    Udgiftskategori.materialer: "Materialer, formidling og information",
    Udgiftskategori.transport: "Transport – kørselsgodtgørelse, rejser og ophold",
    Udgiftskategori.husleje: "Husleje",
    Udgiftskategori.administration: "Administration",
    Udgiftskategori.projektevaluering: "Projektevaluering",
    Udgiftskategori.revision: "Revision",
    Udgiftskategori.udstyr: "Anskaffelse af IT-udstyr, andet udstyr og inventar",
    Udgiftskategori.oevrige: "Øvrige udgifter",
}
#: Old category ids → today's (answer files and rounds written before the guide's words).
GAMLE_KATEGORIER: dict[str, Udgiftskategori] = {
    "lokaler": Udgiftskategori.husleje,
    "evaluering": Udgiftskategori.projektevaluering,
    "it_udstyr": Udgiftskategori.udstyr,
    "andet": Udgiftskategori.oevrige,
}
#: The words the workbook and older versions of pulje wrote for a category.
_TIDLIGERE_NAVNE = {
    "Materialer og kommunikation": Udgiftskategori.materialer,
    "Transport": Udgiftskategori.transport,
    "Husleje og lokaler": Udgiftskategori.husleje,
    "IT og udstyr": Udgiftskategori.udstyr,
    "Andet": Udgiftskategori.oevrige,
}
_KATEGORI_ORD: dict[str, Udgiftskategori] = {
    **{_folded(k): v for k, v in GAMLE_KATEGORIER.items()},
    **{_folded(k): v for k, v in _TIDLIGERE_NAVNE.items()},
    **{_folded(name): k for k, name in KATEGORI_NAVNE.items()},
}


def kategori_af(text: str) -> Udgiftskategori | None:
    """The category a text names: its id, an old id, or the guide's words (any case)."""
    try:
        return Udgiftskategori(text.strip())
    except ValueError:
        return None


class Finansieringstype(StrEnum):
    """The income and financing lines of the guide, in its order, and income."""

    medfinansiering = "medfinansiering"
    tilskud = "tilskud"
    moms = "moms"
    afskrivninger = "afskrivninger"
    indtaegt = "indtaegt"

    @classmethod
    def _missing_(cls, value: object) -> Finansieringstype | None:
        if not isinstance(value, str):
            return None
        return _FINANSIERING_ORD.get(_folded(value))


FINANSIERING_NAVNE: dict[Finansieringstype, str] = {
    Finansieringstype.medfinansiering: "Medfinansiering",
    Finansieringstype.tilskud: "Tilskud fra andre tilskudsgivere",
    Finansieringstype.moms: "Moms",
    Finansieringstype.afskrivninger: "Afskrivninger",
    Finansieringstype.indtaegt: "Indtægter",
}
_FINANSIERING_ORD: dict[str, Finansieringstype] = {
    _folded("Egenfinansiering / medfinansiering"): Finansieringstype.medfinansiering,
    _folded("Egenfinansiering"): Finansieringstype.medfinansiering,
    _folded("Tilskud fra anden side"): Finansieringstype.tilskud,
    _folded("Indtægt"): Finansieringstype.indtaegt,
    **{_folded(name): k for k, name in FINANSIERING_NAVNE.items()},
}


def finansieringstype_af(text: str) -> Finansieringstype | None:
    """The financing type a text names: its id or the guide's words (any case)."""
    try:
        return Finansieringstype(text.strip())
    except ValueError:
        return None


# --- periods -----------------------------------------------------------------------------------

Periodisering = Literal["aar", "kvartal", "maaned"]
MAANEDER = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
            "nov.", "dec.")
_QUARTER = re.compile(r"\s*(\d{4})\s*-?\s*[KQkq]\s*([1-4])\s*|\s*([1-4])\.?\s*kvt\.?\s*(\d{4})\s*")
_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*")
_MONTH_WORDS = re.compile(r"\s*([a-zæøå]+)\.?\s+(\d{4})\s*", re.IGNORECASE)
_MONTH_NAMES = {
    **{name.rstrip("."): i for i, name in enumerate(MAANEDER, start=1)},
    **{name: i for i, name in enumerate(
        ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
         "oktober", "november", "december"), start=1)},
}


class Periode(NamedTuple):
    """A year, a quarter of a year, or a month of a year."""

    aar: int
    kvartal: int | None = None
    maaned: int | None = None

    @property
    def slags(self) -> Periodisering:
        if self.maaned is not None:
            return "maaned"
        return "kvartal" if self.kvartal is not None else "aar"

    @property
    def noegle(self) -> int | str:
        """The key an answer file writes: ``2017``, ``"2017-K1"``, ``"2017-01"``."""
        if self.maaned is not None:
            return f"{self.aar:04d}-{self.maaned:02d}"
        if self.kvartal is not None:
            return f"{self.aar:04d}-K{self.kvartal}"
        return self.aar

    def tekst(self) -> str:
        """As the documents head a column: "2017", "1. kvt. 2017", "jan. 2017"."""
        if self.maaned is not None:
            return f"{MAANEDER[self.maaned - 1]} {self.aar}"
        if self.kvartal is not None:
            return f"{self.kvartal}. kvt. {self.aar}"
        return str(self.aar)

    def som(self, slags: Periodisering) -> Periode | None:
        """This period in a coarser (or the same) periodisation; None for a finer one."""
        if slags == "aar":
            return Periode(self.aar)
        if slags == "kvartal":
            if self.maaned is not None:
                return Periode(self.aar, (self.maaned - 1) // 3 + 1)
            return self if self.kvartal is not None else None
        return self if self.maaned is not None else None

    @property
    def first_day(self) -> date:
        month = self.maaned or (3 * self.kvartal - 2 if self.kvartal else 1)
        return date(self.aar, month, 1)

    @property
    def last_day(self) -> date:
        import calendar

        month = self.maaned or (3 * self.kvartal if self.kvartal else 12)
        return date(self.aar, month, calendar.monthrange(self.aar, month)[1])

    def overlaps(self, period: Period) -> bool:
        return self.last_day >= period.start and self.first_day <= period.end


def periode(value: Any) -> Periode:
    """A period key as written: ``2017``, ``"2017-K1"`` (or ``Q1``, ``1. kvt. 2017``),
    ``"2017-01"``, ``jan. 2017`` or a date (its month). Raises ``ValueError("period_format")``.
    """
    if isinstance(value, bool):
        raise ValueError("period_format")
    if isinstance(value, int):
        return Periode(check_year(value))
    if isinstance(value, date):
        return Periode(value.year, None, value.month)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) == 4:
            return Periode(check_year(int(text)))
        if m := _QUARTER.fullmatch(text):
            year, number = (m[1], m[2]) if m[1] else (m[4], m[3])
            return Periode(check_year(int(year)), int(number))
        if (m := _MONTH.fullmatch(text)) and 1 <= int(m[2]) <= 12:
            return Periode(check_year(int(m[1])), None, int(m[2]))
        if (m := _MONTH_WORDS.fullmatch(text)) and m[1].casefold() in _MONTH_NAMES:
            return Periode(check_year(int(m[2])), None, _MONTH_NAMES[m[1].casefold()])
    raise ValueError("period_format")


def _period_key(value: Any) -> int | str:
    try:
        return periode(value).noegle
    except ValueError as exc:
        if exc.args == ("year_range",):
            raise
        raise ValueError("period_format") from None


#: A key of ``fordeling``: a year (an int, as before), or "2017-K1", or "2017-01".
PeriodeNoegle = Annotated[int | str, BeforeValidator(_period_key)]


def perioder(slags: Periodisering | None, period: Period | None,
             keys: Iterable[int | str] = ()) -> tuple[Periode, ...]:
    """The columns of a budget spread by ``slags`` (None: per year) over the project
    ``period``, plus any period of ``keys`` outside it (so that no amount is lost)."""
    kind: Periodisering = slags or "aar"
    found: set[Periode] = set()
    if period is not None:
        for year in period.years:
            if kind == "aar":
                found.add(Periode(year))
            for n in range(1, 5) if kind == "kvartal" else ():
                if Periode(year, n).overlaps(period):
                    found.add(Periode(year, n))
            for m in range(1, 13) if kind == "maaned" else ():
                if Periode(year, None, m).overlaps(period):
                    found.add(Periode(year, None, m))
    for key in keys:
        try:
            p = periode(key).som(kind)
        except ValueError:
            continue
        if p is not None:
            found.add(p)
    return tuple(sorted(found, key=lambda p: (p.aar, p.kvartal or 0, p.maaned or 0)))


def split(fordeling: dict[int | str, Decimal], columns: Sequence[Periode]
          ) -> tuple[tuple[Decimal, ...], Decimal]:
    """A line's ``fordeling`` in ``columns``: the amount of each column (finer periods summed
    into a coarser column), and what fits no column (a year where the columns are quarters)."""
    index = {p: i for i, p in enumerate(columns)}
    kind = columns[0].slags if columns else "aar"
    out = [ZERO] * len(columns)
    rest = ZERO
    for key, amount in fordeling.items():
        try:
            target = periode(key).som(kind)
        except ValueError:
            target = None
        if target is not None and target in index:
            out[index[target]] += amount
        else:
            rest += amount
    return tuple(a.quantize(ORE) for a in out), rest.quantize(ORE)


# --- lines -------------------------------------------------------------------------------------

#: Units that count months and hours (a salary line is function × months or hours × rate).
_MONTHS = {"måned", "måneder", "md", "md.", "mdr", "mdr.", "mnd", "mnd.", "maaned", "maaneder"}
_HOURS = {"time", "timer", "t", "t.", "hours", "hour"}


class Udgiftslinje(Model):
    kategori: Udgiftskategori = Field(title="Kategori")
    beskrivelse: str = Field(title="Beskrivelse (for løn: funktionen)", min_length=1)
    enheder: Decimal | None = Field(
        default=None, title="Antal enheder (for løn: måneder eller timer)", ge=0,
        le=1_000_000_000, allow_inf_nan=False,
    )
    enhed: str | None = Field(default=None, title="Enhed (fx måned, time, stk.)")
    enhedspris: Money | None = Field(default=None, title="Pris pr. enhed (for løn: satsen)")
    beloeb: Money | None = Field(default=None, title="Beløb i alt")
    fordeling: dict[PeriodeNoegle, Money] = Field(
        default={}, title="Fordeling pr. år, kvartal (2017-K1) eller måned (2017-01)")
    bemaerkning: str | None = Field(default=None, title="Bemærkning (budgetnote)")

    @model_validator(mode="after")
    def _has_amount(self) -> Udgiftslinje:
        if self.beloeb is None and (self.enheder is None or self.enhedspris is None):
            raise ValueError("line_amount")
        if len({periode(k).slags for k in self.fordeling}) > 1:
            raise ValueError("period_mixed")
        return self

    @property
    def beregnet(self) -> Decimal | None:
        """Units × unit price, where both are given."""
        if self.enheder is None or self.enhedspris is None:
            return None
        return (self.enheder * self.enhedspris).quantize(ORE)

    @property
    def linjebeloeb(self) -> Decimal:
        """The line's amount: as written, else units × unit price."""
        if self.beloeb is not None:
            return self.beloeb
        computed = self.beregnet
        assert computed is not None  # guaranteed by _has_amount
        return computed

    @property
    def omfang(self) -> Literal["maaneder", "timer"] | None:
        """What the units count, when they are months or hours (from ``enhed``)."""
        unit = (self.enhed or "").strip().casefold()
        if unit in _MONTHS:
            return "maaneder"
        if unit in _HOURS:
            return "timer"
        return None


class Finansieringslinje(Model):
    type: Finansieringstype = Field(title="Type")
    beskrivelse: str = Field(title="Beskrivelse / kilde", min_length=1)
    beloeb: Money = Field(title="Beløb")
    fordeling: dict[PeriodeNoegle, Money] = Field(default={}, title="Fordeling pr. periode")

    @model_validator(mode="after")
    def _one_kind_of_period(self) -> Finansieringslinje:
        if len({periode(k).slags for k in self.fordeling}) > 1:
            raise ValueError("period_mixed")
        return self


class Loenlinje(NamedTuple):
    """A salary line as the committee case and the reports read it: function × months (or
    hours) × rate. ``nummer`` is the line's number among the expenses (from 1)."""

    nummer: int
    funktion: str
    enheder: Decimal | None
    omfang: Literal["maaneder", "timer"] | None
    sats: Decimal | None
    beloeb: Decimal
    fordeling: dict[int | str, Decimal]
    bemaerkning: str | None


class Budget(Model):
    udgifter: list[Udgiftslinje] = Field(default=[], title="Udgifter")
    finansiering: list[Finansieringslinje] = Field(
        default=[], title="Finansiering og indtægter"
    )

    def udgifter_i_alt(self) -> Decimal:
        return sum((line.linjebeloeb for line in self.udgifter), ZERO)

    def finansiering_i_alt(self, kind: str | None = None) -> Decimal:
        """Every financing line (``kind``: only that type's) — all lower the grant needed."""
        return sum(
            (f.beloeb for f in self.finansiering if kind is None or f.type == kind), ZERO,
        )

    def tilskudsbehov(self) -> Decimal:
        """The net grant the budget needs: expenses − every financing line."""
        return self.udgifter_i_alt() - self.finansiering_i_alt()

    def kategori_totaler(self) -> dict[Udgiftskategori, Decimal]:
        """Each category that has lines → its total, in the guide's order."""
        out: dict[Udgiftskategori, Decimal] = {}
        for kategori in KATEGORI_NAVNE:
            lines = [line.linjebeloeb for line in self.udgifter if line.kategori is kategori]
            if lines:
                out[kategori] = sum(lines, ZERO)
        return out

    def loenlinjer(self) -> list[Loenlinje]:
        """The salary lines (category Løn), in order."""
        return [
            Loenlinje(i, line.beskrivelse, line.enheder, line.omfang, line.enhedspris,
                      line.linjebeloeb, dict(line.fordeling), line.bemaerkning)
            for i, line in enumerate(self.udgifter, start=1)
            if line.kategori is Udgiftskategori.loen
        ]

    def periodiseringer(self) -> set[Periodisering]:
        """The kinds of period the lines are spread by."""
        lines: list[Udgiftslinje | Finansieringslinje] = [*self.udgifter, *self.finansiering]
        return {periode(k).slags for line in lines for k in line.fordeling}


__all__ = [
    "FINANSIERING_NAVNE", "GAMLE_KATEGORIER", "KATEGORI_NAVNE", "MAANEDER", "ZERO", "Budget",
    "Finansieringslinje", "Finansieringstype", "Loenlinje", "Periode", "PeriodeNoegle",
    "Periodisering", "Udgiftskategori", "Udgiftslinje", "finansieringstype_af", "kategori_af",
    "periode", "perioder", "split",
]
