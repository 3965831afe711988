"""The budget user stories: one krone wrong gives one clear finding at the line to fix."""

from __future__ import annotations

from decimal import Decimal

import pytest
from answer_edits import (
    EXAMPLE_TEXT,
    after,
    audit_info,
    diagnostics_of,
    edit,
    edits,
    findings,
    mark,
    pos,
)

from pulje.diagnostics import Translator
from pulje.pools import load_pool

EN, DA = Translator("en"), Translator("da")


def _fejl_and_advarsler(text: str):
    return [d for d in diagnostics_of(text) if d.code != "BUD011"]


def test_one_krone_in_one_year_gives_one_bud002_at_that_budget_line() -> None:
    text = edit("        2018: 540000.00", "        2018: 540001.00")
    [d] = _fejl_and_advarsler(text)
    assert (d.code, d.severity.value) == ("BUD002", "fejl")
    # the allocation of the projektleder line (its first year), not another line's
    assert (d.location.line, d.location.col) == pos(text, "2017: 540000.00")
    assert d.path == ("budget", "udgifter", 0, "fordeling")
    assert EN.format(d.message, dict(d.params)) == (
        "The years of 'Projektleder, 37 t/uge' add up to DKK 1,080,001.00, but the line is "
        "DKK 1,080,000.00 (difference DKK 1.00)."
    )


def test_unit_price_moving_the_line_total_by_one_krone_gives_one_finding() -> None:
    """The audit line has 2 units: 12500.50 a unit makes it 25001.00 against years of 25000."""
    old = "      enhed: regnskab\n      enhedspris: 12500.00"
    text = edit(old, old.replace("12500.00", "12500.50"))
    [d] = _fejl_and_advarsler(text)
    assert d.code == "BUD002"
    assert d.path == ("budget", "udgifter", 10, "fordeling")
    assert (d.location.line, d.location.col) == pos(text, "2017: 12500.00\n        2018: 12500.00")
    assert (d.params["total"], d.params["amount"]) == (Decimal("25000.00"), Decimal("25001.00"))
    assert d.params["diff"] == Decimal("-1.00")


def test_line_amount_one_krone_off_units_times_price_gives_one_bud001() -> None:
    text = edits(
        ("      enhedspris: 45000.00\n", "      enhedspris: 45000.00\n      beloeb: 1080001.00\n"),
        ("        2018: 540000.00", "        2018: 540001.00"),
    )
    [d] = _fejl_and_advarsler(text)
    assert d.code == "BUD001"
    assert (d.location.line, d.location.col) == mark(text, "beloeb: »1080001.00")
    assert EN.format(d.message, dict(d.params)) == (
        "24 × DKK 45,000.00 = DKK 1,080,000.00, but the line says DKK 1,080,001.00."
    )


def test_amount_applied_for_one_krone_off_gives_bud003_at_the_amount() -> None:
    text = edit('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.150.001,00"')
    [d] = _fejl_and_advarsler(text)
    assert d.code == "BUD003"
    assert d.path == ("oekonomi", "ansoegt_beloeb")
    assert (d.location.line, d.location.col) == after(text, "ansoegt_beloeb: ")
    assert d.params["diff"] == Decimal("1.00")
    assert d.params["need"] == Decimal("2150000.00")


def test_amount_applied_for_one_krone_short_gives_bud003() -> None:
    text = edit('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.149.999,00"')
    [d] = _fejl_and_advarsler(text)
    assert (d.code, d.params["diff"]) == ("BUD003", Decimal("-1.00"))


CO_FINANCING = (
    "  finansiering:\n"
    "    - type: medfinansiering\n"
    "      beskrivelse: Kommunens egenfinansiering\n"
    "      beloeb: 150000\n"
    "      fordeling: {2017: 75000, 2018: 75000}\n"
)
BUDGET_END = "af regnskabet for 2017 og af slutregnskabet.\n"


def test_co_financing_reduces_the_need() -> None:
    text = edits(
        (BUDGET_END, BUDGET_END + CO_FINANCING),
        ('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.000.000,00"'),
    )
    assert findings(text) == [audit_info(text)]


def test_co_financing_not_subtracted_from_the_amount_gives_bud003() -> None:
    text = edit(BUDGET_END, BUDGET_END + CO_FINANCING)
    assert findings(text) == sorted([audit_info(text), ("BUD003", "fejl",
                                                         *after(text, "ansoegt_beloeb: "))])


def test_financing_line_whose_years_do_not_add_up() -> None:
    text = edits(
        (BUDGET_END, BUDGET_END + CO_FINANCING.replace("75000}", "75001}")),
        ('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.000.000,00"'),
    )
    assert findings(text) == sorted([audit_info(text), ("BUD002", "fejl",
                                                         *pos(text, "{2017: 75000"))])


def test_financing_year_outside_the_period() -> None:
    text = edits(
        (BUDGET_END, BUDGET_END + CO_FINANCING.replace("2018: 75000", "2019: 75000")),
        ('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.000.000,00"'),
    )
    assert findings(text) == sorted([audit_info(text), ("BUD004", "fejl",
                                                         *mark(text, "2019: »75000"))])


def test_line_without_an_allocation() -> None:
    text = edit("      fordeling:\n        2017: 540000.00\n        2018: 540000.00\n", "")
    [d] = _fejl_and_advarsler(text)
    assert d.code == "BUD002"
    assert EN.format(d.message, dict(d.params)) == (
        "The line 'Projektleder, 37 t/uge' has no allocation per year."
    )


def test_forbidden_word_in_any_case() -> None:
    text = edit("beskrivelse: Tryk af drejebog",
                "beskrivelse: UFORUDSETE UDGIFTER, tryk af drejebog")
    [d] = _fejl_and_advarsler(text)
    assert (d.code, d.params["word"]) == ("BUD006", "uforudsete udgifter")


def test_the_example_budget_adds_up_to_the_amount_applied_for() -> None:
    from pulje.answers.loader import load_text

    model = load_text(EXAMPLE_TEXT, "x.yaml").model
    assert model.budget.udgifter_i_alt() == Decimal("2150000.00")
    assert model.oekonomi.ansoegt_beloeb == Decimal("2150000.00")


@pytest.mark.parametrize(
    ("amount", "tier"),
    [
        ("100000", "revision ved en kvalificeret revisor"),
        ("100000.01", "revision ved en registreret eller statsautoriseret revisor"),
        ("500000", "revision ved en registreret eller statsautoriseret revisor"),
        ("500000.01",
         "revision og forvaltningsrevision ved en registreret eller statsautoriseret revisor"),
    ],
)
def test_audit_tier_by_the_size_of_the_grant(amount: str, tier: str) -> None:
    text = edit('ansoegt_beloeb: "2.150.000,00"', f"ansoegt_beloeb: {amount}")
    [info] = [d for d in diagnostics_of(text) if d.code == "BUD011"]
    assert DA.value(info.params["requirement"]) == tier
    assert load_pool("bedre-ressourceforloeb").runde().budget.revisionskrav(Decimal(amount)) == tier

