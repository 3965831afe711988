"""A budget workbook's cells as numbers: an amount typed as a Dane types it into a text cell
("1.250,50", "45.000 kr.", "kr. 300", "2,5") reads as the amount; what is no number is
refused, never guessed; a formula's floating-point result is rounded to the øre."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulje.documents.budget import amount_text
from pulje.drafts.workbook_cells import Unfit, cell_number, typed_number

CI = settings(max_examples=60, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
ORE = Decimal("0.01")
AMOUNTS = st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"),
                      places=2, allow_nan=False, allow_infinity=False)
DRESS = st.sampled_from(["{}", "{} kr.", "{} kr", "kr. {}", "DKK {}", " {} ", "{}\u00a0kr."])


@CI
@given(AMOUNTS, DRESS)
def test_an_amount_typed_the_danish_way_reads_back(amount: Decimal, dress: str) -> None:
    typed = dress.format(amount_text(amount))
    assert cell_number(typed, money=True) == amount


@CI
@given(AMOUNTS)
def test_an_amount_stored_as_a_number_reads_back(amount: Decimal) -> None:
    assert cell_number(float(amount), money=True, computed=True) == amount
    assert cell_number(amount, money=True) == amount


@pytest.mark.parametrize(("typed", "money", "read"), [
    ("2,5", False, Decimal("2.5")),
    ("1.200", False, Decimal("1200")),
    ("45.000 kr.", True, Decimal("45000.00")),
    ("-", True, None),
    ("", True, None),
    (None, True, None),
    (24, False, Decimal(24)),
])
def test_units_and_empty_cells(typed: object, money: bool, read: Decimal | None) -> None:
    assert cell_number(typed, money=money) == read


@pytest.mark.parametrize("typed", ["ca. 45.000", "45.000,005", "12 timer", "1e999", True,
                                   "1.000.000.000.000,00", "NaN"])
def test_what_is_no_amount_is_refused(typed: object) -> None:
    with pytest.raises(Unfit):
        cell_number(typed, money=True)


def test_a_formula_result_is_rounded_to_the_ore_a_typed_amount_is_not() -> None:
    assert cell_number(1250.505, money=True, computed=True) == Decimal("1250.51")
    with pytest.raises(Unfit):
        cell_number(1250.505, money=True)
    assert typed_number("DKK 300") == Decimal("300.00")
