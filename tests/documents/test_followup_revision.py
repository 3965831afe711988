"""A grant lower than applied for: the proposal of changed lines, line by line — whole units
at the same prices, the rest placed so the total is exact, remarks that say what changed."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from after_support import EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from pulje.answers.loader import load_application
from pulje.diagnostics.i18n import Translator
from pulje.documents.followup.figures import BudgetView, Line, budget_view
from pulje.documents.followup.revision import RevisionImpossible, propose

D = Decimal


@pytest.fixture(scope="module")
def view():
    return budget_view(load_application(EXAMPLE))


def _whole_and_exact(line: Line) -> bool:
    """Units × unit price in whole units, to the øre: what the workbook computes."""
    return (line.enheder is not None and line.enhedspris is not None
            and line.enheder == line.enheder.to_integral_value()
            and line.beloeb == line.enheder * line.enhedspris
            and line.enhedspris == line.enhedspris.quantize(D("0.01")))


def test_a_lower_grant_gives_whole_units_at_the_same_prices_and_adds_up(view) -> None:
    p = propose(view, D("1800000"))
    assert p.new.expenses_total == D("1800000.00") and p.new.applied == D("1800000.00")
    assert p.by_hand == ()
    for c in p.changes:
        assert _whole_and_exact(c.new), c  # every line of the example is units × price
        assert sum(c.new.per_year.values()) == c.new.beloeb
        if c.new.enhedspris is not None:  # each year whole units too
            assert all(a % c.new.enhedspris == 0 for a in c.new.per_year.values()), c
    by_key = {c.old.key: c for c in p.changes}
    assert by_key["11"].how == "fast" and by_key["11"].new == by_key["11"].old  # the audit
    # 24 months × 83,5 % = 20,05: 20 whole months, at the agreed 45.000 kr.
    assert (by_key["1"].new.enheder, by_key["1"].new.enhedspris) == (D(20), D("45000.00"))
    assert by_key["1"].new.per_year == {2017: D("450000.00"), 2018: D("450000.00")}
    # a price moves only on the line that took the rest (lowered) and on the one that evened
    # out its øre (a salary rate, by a few øre)
    moved = {k: c for k, c in by_key.items() if c.new.enhedspris != c.old.enhedspris}
    assert {c.how for c in moved.values()} <= {"rest", "oere"} and len(moved) <= 2
    rest = next(c for c in p.changes if c.how == "rest")
    assert rest.new.enhedspris is not None and rest.old.enhedspris is not None
    assert rest.new.enhedspris < rest.old.enhedspris
    for c in moved.values():
        if c.how == "oere":
            assert c.new.salary
            assert c.new.enhedspris is not None and c.old.enhedspris is not None
            assert abs(c.new.enhedspris - c.old.enhedspris) < D("1.00")
    # each unit line gets no more units than its share rounded up
    for c in p.changes:
        if c.how == "skaleret" and c.old.enheder is not None:
            assert c.new.enheder is not None
            assert c.new.enheder <= (c.old.enheder * p.factor).to_integral_value("ROUND_CEILING")


def test_changed_lines_say_what_changed_and_quote_the_old_remark(view) -> None:
    p = propose(view, D("1800000"))
    by_key = {c.old.key: c for c in p.changes}
    assert by_key["1"].new.bemaerkning == (
        "Revideret: 24 → 20 måneder, 1.080.000,00 kr. → 900.000,00 kr. Skriv en ny "
        "bemærkning (før: »Fuld tid i hele projektperioden, 1. januar 2017 - 31. december "
        "2018.«).")
    rest = next(c for c in p.changes if c.how == "rest")
    assert rest.new.bemaerkning is not None
    assert rest.new.bemaerkning.startswith("Revideret: ") and " à " in rest.new.bemaerkning
    assert "(før: 38.000,00 kr.)" in rest.new.bemaerkning
    for c in p.changes:
        if c.changed:
            assert c.new.bemaerkning is not None
            assert c.new.bemaerkning.startswith("Revideret: "), c
            if c.old.bemaerkning:
                assert f"(før: »{c.old.bemaerkning}«)" in c.new.bemaerkning
            else:
                assert "Skriv en ny bemærkning" not in c.new.bemaerkning
        else:  # a line that did not change keeps its remark as it was
            assert c.new.bemaerkning == c.old.bemaerkning


def test_the_explanation_in_danish_and_in_english(view) -> None:
    p = propose(view, D("1800000"))
    da, en = p.explain(Translator("da")), p.explain(Translator("en"))
    assert p.explanation == tuple(da) and len(da) == len(en)
    assert da[0].startswith("Beløbet fra puljen ændres fra 2.150.000,00 kr. til "
                            "1.800.000,00 kr.")
    assert en[0].startswith("The amount from the pool changes from DKK 2,150,000.00 to "
                            "DKK 1,800,000.00.")
    assert any("hele enheder" in t for t in da) and any("whole units" in t for t in en)
    rest = next(c for c in p.changes if c.how == "rest")
    assert any(f"linje {rest.old.key}:" in t and "enhedsprisen sænket" in t for t in da)
    assert not any("måned" in t or "linje" in t for t in en[:1])


def test_the_rest_goes_to_an_amount_without_units_where_there_is_one(view) -> None:
    """Line 10 as an amount alone: it takes the rest, and no unit price moves."""
    lines = [dataclasses.replace(x, enheder=None, enhedspris=None, enhed=None)
             if x.key == "10" else x for x in view.lines]
    p = propose(dataclasses.replace(view, lines=tuple(lines)), D("1800000"))
    assert p.new.expenses_total == D("1800000.00") and p.by_hand == ()
    by_key = {c.old.key: c for c in p.changes}
    assert by_key["10"].how == "rest" and by_key["10"].new.enheder is None
    assert all(c.new.enhedspris == c.old.enhedspris for c in p.changes)
    assert all(_whole_and_exact(c.new) for k, c in by_key.items() if k != "10")


def test_where_no_whole_units_can_hold_the_rest_the_line_is_named_to_set_by_hand() -> None:
    """Two lines of 2 × 1.000 kr.: no whole units at whole-øre prices give 3.000,01 kr."""
    line = Line(key="1", kategori="materialer", kategori_navn="Materialer",
                beskrivelse="Bøger", enheder=D(2), enhed="stk.", enhedspris=D("1000.00"),
                beloeb=D("2000.00"), per_year={2017: D("2000.00")}, bemaerkning="To bøger.")
    view = BudgetView(years=(2017,), lines=(line, dataclasses.replace(line, key="2")),
                      applied=D("4000.00"), cofinancing=D("0.00"), other_financing=D("0.00"))
    p = propose(view, D("3000.01"))
    assert p.new.expenses_total == D("3000.01")
    assert len(p.by_hand) == 1
    hand = next(c for c in p.changes if c.how == "haand")
    assert hand.old.key == p.by_hand[0]
    assert hand.new.bemaerkning is not None
    assert "Ret antal eller enhedspris i hånden" in hand.new.bemaerkning
    assert any(f"linje {hand.old.key} i hånden" in t for t in p.explanation)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.decimals(min_value=D("700000"), max_value=D("2150000"), places=2))
def test_any_lower_amount_balances_in_whole_units(amount: Decimal) -> None:
    view = budget_view(load_application(EXAMPLE))
    p = propose(view, amount)
    assert p.new.expenses_total == amount.quantize(D("0.01"))
    for c in p.changes:
        assert _whole_and_exact(c.new) or c.old.key in p.by_hand, c
        assert sum(c.new.per_year.values()) == c.new.beloeb
        assert c.new.enhedspris is None or c.new.enhedspris > 0


def test_a_change_sets_lines_and_scales_the_rest_to_the_same_total(view) -> None:
    p = propose(view, view.applied, set_lines={"4": D("150000"), "5": D("10000")})
    new = {c.old.key: c for c in p.changes}
    assert new["4"].new.beloeb == D("150000.00") and new["4"].how == "sat"
    assert new["11"].new.beloeb == D("25000.00")
    assert p.new.expenses_total == view.expenses_total


def test_no_budget_can_come_below_what_is_kept(view) -> None:
    with pytest.raises(RevisionImpossible):
        propose(view, D("10000"), set_lines={"1": D("500000")})
    with pytest.raises(RevisionImpossible):
        propose(view, D("1000"), set_lines={"99": D("1")})
