"""The budget model as STAR's guide has it: the ten categories in the guide's words, the income
and financing lines (Moms and Afskrivninger among them), periods per year, quarter or month,
salary lines, and the old answer files' category ids."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from pulje.answers.loader import load_application
from schemas.budget import (
    FINANSIERING_NAVNE,
    GAMLE_KATEGORIER,
    KATEGORI_NAVNE,
    Budget,
    Finansieringstype,
    Periode,
    Udgiftskategori,
    kategori_af,
    periode,
    perioder,
    split,
)
from schemas.types import Period

D = Decimal
GUIDE_WORDS = [
    "Løn",
    "Eksterne konsulenter og undervisere",
    "Materialer, formidling og information",
    "Transport – kørselsgodtgørelse, rejser og ophold",
    "Husleje",
    "Administration",
    "Projektevaluering",
    "Revision",
    "Anskaffelse af IT-udstyr, andet udstyr og inventar",
    "Øvrige udgifter",
]


def test_the_ten_categories_in_the_guides_words_and_order() -> None:
    assert list(KATEGORI_NAVNE.values()) == GUIDE_WORDS
    assert len(list(Udgiftskategori)) == 10
    assert [t.value for t in FINANSIERING_NAVNE] == [
        "medfinansiering", "tilskud", "moms", "afskrivninger", "indtaegt"]
    assert list(FINANSIERING_NAVNE.values()) == [
        "Medfinansiering", "Tilskud fra andre tilskudsgivere", "Moms", "Afskrivninger",
        "Indtægter"]


@pytest.mark.parametrize(("old", "new"), [
    ("lokaler", "husleje"), ("evaluering", "projektevaluering"), ("it_udstyr", "udstyr"),
    ("andet", "oevrige"), ("loen", "loen"), ("revision", "revision"),
])
def test_old_category_ids_read_as_todays(old: str, new: str) -> None:
    budget = Budget.model_validate({"udgifter": [
        {"kategori": old, "beskrivelse": "x", "beloeb": 1}]})
    assert budget.udgifter[0].kategori.value == new
    # … and are written back with today's id.
    assert budget.model_dump(mode="json")["udgifter"][0]["kategori"] == new
    assert GAMLE_KATEGORIER.get(old, Udgiftskategori(new)).value == new


@pytest.mark.parametrize("words", [*GUIDE_WORDS, "løn", "  HUSLEJE ",
                                   "Transport - kørselsgodtgørelse, rejser og ophold",
                                   "Andet", "Husleje og lokaler", "IT og udstyr"])
def test_the_guides_words_name_a_category(words: str) -> None:
    assert kategori_af(words) is not None
    assert kategori_af("Kaffe") is None


def test_the_old_example_application_still_validates_with_the_new_ids() -> None:
    loaded = load_application(__import__("pathlib").Path(__file__).resolve().parents[2]
                              / "applications" / "albertslund-bedre-ressourceforloeb.yaml")
    assert loaded.diagnostics == [] and loaded.model is not None
    budget = loaded.model.budget
    # The example was written with 'andet' and 'evaluering'.
    assert {line.kategori for line in budget.udgifter} >= {Udgiftskategori.oevrige,
                                                            Udgiftskategori.projektevaluering}


def test_financing_types_by_id_and_words() -> None:
    assert Finansieringstype("Tilskud fra anden side") is Finansieringstype.tilskud
    assert Finansieringstype("egenfinansiering / medfinansiering") is (
        Finansieringstype.medfinansiering)
    assert Finansieringstype("MOMS") is Finansieringstype.moms
    budget = Budget.model_validate({"finansiering": [
        {"type": "moms", "beskrivelse": "Momskompensation", "beloeb": 20000},
        {"type": "afskrivninger", "beskrivelse": "Afskrivning på udstyr", "beloeb": 5000},
        {"type": "medfinansiering", "beskrivelse": "Kommunen", "beloeb": 100000},
    ], "udgifter": [{"kategori": "loen", "beskrivelse": "Leder", "beloeb": 500000}]})
    assert budget.finansiering_i_alt() == D("125000.00")
    assert budget.finansiering_i_alt("moms") == D("20000.00")
    # The net grant: expenses − every financing line.
    assert budget.tilskudsbehov() == D("375000.00")


@pytest.mark.parametrize(("key", "expected", "written"), [
    (2017, Periode(2017), 2017),
    ("2017", Periode(2017), 2017),
    ("2017-K1", Periode(2017, 1), "2017-K1"),
    ("2017-q3", Periode(2017, 3), "2017-K3"),
    ("2. kvt. 2018", Periode(2018, 2), "2018-K2"),
    ("2017-01", Periode(2017, None, 1), "2017-01"),
    ("2017-1", Periode(2017, None, 1), "2017-01"),
    ("jan. 2018", Periode(2018, None, 1), "2018-01"),
    ("december 2018", Periode(2018, None, 12), "2018-12"),
    (date(2017, 10, 1), Periode(2017, None, 10), "2017-10"),
])
def test_period_keys(key: object, expected: Periode, written: object) -> None:
    assert periode(key) == expected
    assert expected.noegle == written


@pytest.mark.parametrize("key", ["2017-K5", "2017-13", "x", "", True, 2017.5, "kvt 2017"])
def test_period_keys_that_are_no_period(key: object) -> None:
    with pytest.raises(ValueError):
        periode(key)


def test_a_line_spread_over_two_kinds_of_period_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        Budget.model_validate({"udgifter": [{"kategori": "loen", "beskrivelse": "x",
                                             "beloeb": 2, "fordeling": {2017: 1, "2017-K1": 1}}]})
    assert "period_mixed" in str(info.value)


def test_the_columns_of_each_periodisation() -> None:
    period = Period(date(2017, 4, 1), date(2018, 3, 31))
    assert [p.tekst() for p in perioder(None, period)] == ["2017", "2018"]
    assert [p.tekst() for p in perioder("kvartal", period)] == [
        "2. kvt. 2017", "3. kvt. 2017", "4. kvt. 2017", "1. kvt. 2018"]
    months = perioder("maaned", period)
    assert len(months) == 12 and months[0].tekst() == "apr. 2017"
    assert months[-1].tekst() == "mar. 2018"
    # A line spread outside the project period adds its period (no amount is lost).
    assert perioder("kvartal", period, ["2019-K1"])[-1] == Periode(2019, 1)


def test_split_sums_finer_periods_into_coarser_columns() -> None:
    quarters = perioder("kvartal", Period(date(2017, 1, 1), date(2017, 12, 31)))
    amounts, rest = split({"2017-01": D("10"), "2017-02": D("20"), "2017-07": D("5")},
                          quarters)
    assert amounts == (D("30.00"), D("0.00"), D("5.00"), D("0.00")) and rest == 0
    # A year cannot be placed in quarters without guessing: it is not spread.
    amounts, rest = split({2017: D("100")}, quarters)
    assert amounts == (D("0.00"),) * 4 and rest == D("100.00")
    years = perioder(None, Period(date(2017, 1, 1), date(2018, 12, 31)))
    assert split({"2017-K2": D("7"), "2018-03": D("3")}, years) == ((D("7.00"), D("3.00")),
                                                                     D("0.00"))


def test_salary_lines_and_category_totals() -> None:
    budget = Budget.model_validate({"udgifter": [
        {"kategori": "loen", "beskrivelse": "Projektleder", "enheder": 24, "enhed": "måned",
         "enhedspris": 45000, "fordeling": {2017: 540000, 2018: 540000}},
        {"kategori": "konsulenter", "beskrivelse": "Mentor", "enheder": 260, "enhed": "time",
         "enhedspris": 400},
        {"kategori": "loen", "beskrivelse": "Sagsbehandler", "enheder": 120, "enhed": "timer",
         "enhedspris": 325, "bemaerkning": "96 timer i 2017"},
        {"kategori": "loen", "beskrivelse": "Honorar", "beloeb": 1000},
    ]})
    lines = budget.loenlinjer()
    assert [(s.nummer, s.funktion, s.enheder, s.omfang, s.sats, s.beloeb) for s in lines] == [
        (1, "Projektleder", D(24), "maaneder", D("45000.00"), D("1080000.00")),
        (3, "Sagsbehandler", D(120), "timer", D("325.00"), D("39000.00")),
        (4, "Honorar", None, None, None, D("1000.00")),
    ]
    assert lines[0].fordeling == {2017: D("540000.00"), 2018: D("540000.00")}
    assert lines[1].bemaerkning == "96 timer i 2017"
    assert budget.kategori_totaler() == {Udgiftskategori.loen: D("1120000.00"),
                                         Udgiftskategori.konsulenter: D("104000.00")}
    assert budget.periodiseringer() == {"aar"}
