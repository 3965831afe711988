"""A grant lower than applied for: the proposal of changed lines, line by line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from after_support import EXAMPLE

from pulje.answers.loader import load_application
from pulje.documents.followup.figures import budget_view
from pulje.documents.followup.revision import RevisionImpossible, propose

D = Decimal


@pytest.fixture(scope="module")
def view():
    return budget_view(load_application(EXAMPLE))


def test_a_lower_grant_scales_the_lines_keeps_the_audit_and_adds_up(view) -> None:
    p = propose(view, D("1800000"))
    got = [(c.old.key, c.how, c.new.beloeb) for c in p.changes]
    assert got == [
        ("1", "rest", D("902123.00")), ("2", "skaleret", D("666564.00")),
        ("3", "skaleret", D("32576.00")), ("4", "skaleret", D("86870.00")),
        ("5", "skaleret", D("41764.00")), ("6", "skaleret", D("10157.00")),
        ("7", "skaleret", D("8352.00")), ("8", "skaleret", D("5011.00")),
        ("9", "skaleret", D("6653.00")), ("10", "skaleret", D("14930.00")),
        ("11", "fast", D("25000.00")),
    ]
    assert p.new.expenses_total == D("1800000.00") and p.new.applied == D("1800000.00")
    assert p.remainder == D("6.00") and p.remainder_key == "1"
    assert len(p.changed) == 10
    salary = p.changes[0].new
    assert (salary.enhedspris, salary.enheder) == (D("45000.00"), D("20.05"))
    for c in p.changes:  # whole kroner, and each line's years add up to it
        assert c.new.beloeb == c.new.beloeb.to_integral_value()
        assert sum(c.new.per_year.values()) == c.new.beloeb
    assert any("6,00 kr." in t and "linje 1" in t for t in p.explanation)


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
