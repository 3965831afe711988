"""Values that used to end in a traceback: each class gives findings at the value, in Danish.

The classes (issue 8, item 6): plain scalars that look like impossible dates or times; explicit
YAML tags; integers of thousands of digits; numbers around 10^26 and beyond, 1e999, .inf and
.nan in amounts, units, percentages and weeks; negative units; years outside 1–9999.
"""

from __future__ import annotations

import pytest
from answer_edits import EXAMPLE_TEXT, NAME, diagnostics_of, edit, mark

from pulje.answers.loader import load_text
from pulje.diagnostics import Severity, Translator

DA = Translator("da")
EN = Translator("en")

AMOUNT = ('ansoegt_beloeb: "2.150.000,00"', "ansoegt_beloeb: {v}", "ansoegt_beloeb: »")
UNIT_PRICE = ("      enhedspris: 45000.00\n", "      enhedspris: {v}\n", "enhedspris: »{v}")
UNITS = ("      enheder: 24\n", "      enheder: {v}\n", "enheder: »{v}")
COUNT = ("      antal: 9\n", "      antal: {v}\n", "antal: »{v}")
MONTHLY = ("    pr_maaned: 4\n    i_alt: 96\n  tilkendes", "    pr_maaned: {v}\n    i_alt: 96\n"
           "  tilkendes", "pr_maaned: »{v}")
PERCENT = ('      "2018-10": 30\n', '      "2018-10": {v}\n', '"2018-10": »{v}')
LEVEL = ("    niveau: 8\n", "    niveau: {v}\n", "niveau: »{v}\n    niveau_bemaerkning: Rapport")
WEEKS = ('    "2018-10": 4\n', '    "2018-10": {v}\n', '"2018-10": »{v}')
YEAR = ("  2017:\n    1:", "  {v}:\n    1:", "»{v}:\n    1:")
BUDGET_YEAR = ("        2017: 540000.00", "        {v}: 540000.00", "»{v}: 540000.00")
TEXT = ("kommune: Albertslund Kommune", "kommune: {v}", "kommune: »{v}")

HUGE = "9" * 5000


def one_finding(place: tuple[str, str, str], value: str) -> tuple[str, object]:
    """Put ``value`` in ``place``: exactly one fejl or advarsel besides the notes, at the value,
    with a Danish message; returned with the text."""
    old, new, needle = place
    text = edit(old, new.format(v=value))
    found = [d for d in diagnostics_of(text) if d.severity is not Severity.INFO]
    assert len(found) == 1, [(d.code, EN.format(d.message, dict(d.params))) for d in found]
    d = found[0]
    assert d.location is not None and d.location.file == NAME
    loc = (d.location.line, d.location.col)
    if "»" in needle:
        probe = needle.format(v=value)
        assert loc == mark(text, probe[:probe.index("»") + 40] if len(probe) > 200 else probe)
    shown = DA.format(d.message, dict(d.params))
    assert shown != d.message, f"untranslated: {d.message}"
    return text, d


@pytest.mark.parametrize("place", [AMOUNT, UNIT_PRICE, UNITS, COUNT, MONTHLY, PERCENT, LEVEL,
                                   WEEKS], ids=["amount", "unit-price", "units", "count",
                                                "monthly", "percent", "level", "weeks"])
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "1.0e26", "1e26", '"1e30"', "1.0e999",
                                   "-1.0e999", ".inf", "-.inf", ".nan", '"1e999999999"',
                                   "100000000000000000000000000", "0x" + "f" * 40])
def test_absurd_numbers_are_one_sch006_at_the_value(place, value) -> None:
    _, d = one_finding(place, value)
    assert (d.code, d.severity) == ("SCH006", Severity.FEJL)


@pytest.mark.parametrize("value", ["2017-02-30", "2017-13-01", "2017-01-01 25:00:00",
                                   "2017-01-01T10:00:00+99:00", "2017-01-01t10:61:00z",
                                   "0000-01-01", "9999-12-31 23:59:60"])
def test_impossible_dates_and_times_stay_the_text_written(value) -> None:
    """In a text field they are the text; in the round, months and years the schema says why
    they do not fit."""
    loaded = load_text(edit(*TEXT[:2]).replace("{v}", value), NAME)
    assert loaded.model is not None
    assert loaded.model.identifikation.kommune == value


@pytest.mark.parametrize("value", ["2017-02-30", "2017-13", "0000-10", "2017-10-01 25:00"])
def test_an_impossible_month_key_is_sch006(value) -> None:
    old = '      "2018-10": 30\n'
    text = edit(old, f"      {value}: 30\n")
    found = [d for d in diagnostics_of(text) if d.code == "SCH006"]
    assert len(found) == 1
    assert DA.format(found[0].message, dict(found[0].params)).endswith(
        "er ikke en måned. Skriv den som ÅÅÅÅ-MM, fx 2017-10."
    )


def test_a_month_written_as_its_first_day_is_that_month() -> None:
    text = edit('      "2018-10": 30\n', "      2018-10-01: 30\n")
    assert [d.code for d in diagnostics_of(text)] == ["BUD011"]


@pytest.mark.parametrize("value", ["0", "10000", "-5", HUGE[:40], "1.0e26"])
@pytest.mark.parametrize("place", [YEAR, BUDGET_YEAR], ids=["tidsplan", "fordeling"])
def test_a_year_outside_1_to_9999_is_sch006(place, value) -> None:
    _, d = one_finding(place, value)
    assert d.code == "SCH006"


@pytest.mark.parametrize("place", [YEAR, BUDGET_YEAR], ids=["tidsplan", "fordeling"])
def test_a_year_of_5000_digits_is_a_key_too_long_for_yaml(place) -> None:
    text = edit(place[0], place[1].format(v=HUGE))
    [d] = [d for d in diagnostics_of(text) if d.code.startswith("SCH")]
    assert d.code == "SCH001"
    assert DA.format(d.message, dict(d.params)).startswith("Teksten før ':' er længere")


@pytest.mark.parametrize(("tagged", "code"), [
    ("!!int abc", "SCH010"), ("!!timestamp x", "SCH010"), ("!!float abc", "SCH010"),
    ("!!bool abc", "SCH010"), ("!!null abc", "SCH010"), ("!!binary '@@@'", "SCH010"),
    ("!!python/object:os.system x", "SCH010"), ("!!python/name:os.system ''", "SCH010"),
    ("!foo abc", "SCH010"), ("!!set {a, b}", "SCH010"), ("!!omap [a]", "SCH010"),
    ("!!int " + HUGE, "SCH010"), ("!!timestamp 2017-02-30", "SCH010"),
])
def test_an_explicit_tag_is_ignored_with_a_warning(tagged, code) -> None:
    text = edit(*TEXT[:2]).replace("{v}", tagged)
    found = [d for d in diagnostics_of(text) if d.code == code]
    assert len(found) == 1
    d = found[0]
    assert d.severity is Severity.ADVARSEL
    assert DA.format(d.message, dict(d.params)).startswith("YAML-mærket '!")


def test_str_tag_and_quotes_keep_a_value_as_text_without_a_warning() -> None:
    text = edit('    telefon: "4368 7422"', "    telefon: !!str 43687422")
    loaded = load_text(text, NAME)
    assert loaded.diagnostics == []
    assert loaded.model.identifikation.ansvarlig.telefon == "43687422"


def test_a_python_tag_never_runs_anything(tmp_path) -> None:
    marker = tmp_path / "ran"
    text = edit(*TEXT[:2]).replace(
        "{v}", f"!!python/object/apply:os.system ['touch {marker}']"
    )
    diagnostics_of(text)
    assert not marker.exists()


@pytest.mark.parametrize("value", ["-24", "-0.5", "-1e30"])
def test_negative_units_name_the_bound(value) -> None:
    _, d = one_finding(UNITS, value)
    assert d.code == "SCH006"
    assert DA.format(d.message, dict(d.params)) in (
        "Værdien skal være mindst 0.",
    )


@pytest.mark.parametrize("value", ["-9", "10000001"])
def test_counts_outside_their_bounds_name_the_bound(value) -> None:
    _, d = one_finding(COUNT, value)
    shown = EN.format(d.message, dict(d.params))
    assert shown in ("The value must be at least 0.", "The value must be at most 10,000,000.")


def test_the_largest_amount_that_fits_still_adds_up_exactly() -> None:
    """999.999.999.999,99 kr. is allowed; sums and products stay inside Decimal's precision."""
    text = edit(AMOUNT[0], "ansoegt_beloeb: 999999999999.99")
    codes = sorted(d.code for d in diagnostics_of(text))
    assert codes == ["BUD003", "BUD011"]


def test_the_example_is_unchanged_by_all_this() -> None:
    assert [d.code for d in diagnostics_of(EXAMPLE_TEXT)] == ["BUD011"]


@pytest.mark.parametrize("pool", ["x" * 5000, "../../etc", "bedre-ressourceforloeb/../x",
                                  "2017-02-30", "~", "a b"])
def test_any_pool_name_is_sch009_never_a_file_system_error(pool) -> None:
    text = edit("pulje: bedre-ressourceforloeb", f"pulje: '{pool}'")
    [d] = diagnostics_of(text)
    assert d.code == "SCH009"
    assert len(DA.format(d.message, dict(d.params))) < 200  # the name is quoted short


@pytest.mark.parametrize("runde", ["x" * 5000, "2017-02-30", "!!int 2016"])
def test_any_round_name_is_sch009_or_the_round(runde) -> None:
    text = edit('runde: "2016"', f"runde: {runde}")
    found = [d for d in diagnostics_of(text) if d.code.startswith("SCH")]
    assert found and all(d.code in ("SCH009", "SCH010") for d in found)
