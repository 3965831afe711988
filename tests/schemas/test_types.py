"""Money in whole øre, Danish amounts, months, quarters and periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from schemas.types import (
    Period,
    Quarter,
    clean_text,
    parse_ja_nej,
    parse_money,
    parse_month,
    parse_percent,
)


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        (2150000, "2150000.00"),
        ("2.150.000,00", "2150000.00"),
        ("2.150.000,00 kr.", "2150000.00"),
        ("2150000,5", "2150000.50"),
        (Decimal("12.5"), "12.50"),
        ("1 234,00", "1234.00"),
    ],
)
def test_amounts_are_exact_decimals_in_whole_ore(written: object, amount: str) -> None:
    value = parse_money(written)
    assert isinstance(value, Decimal)
    assert value == Decimal(amount) and value.as_tuple().exponent == -2


@pytest.mark.parametrize(("written", "reason"), [
    ("12,345", "money_ore"), ("mange penge", "money_format"), (True, "money_type"),
    ("NaN", "money_format"),
])
def test_bad_amounts_are_refused_with_a_reason(written: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_money(written)


def test_text_keeps_paragraphs_and_bullets_but_not_control_characters() -> None:
    text = "Første afsnit.\r\n\r\n- punkt et   \n- punkt to\n"
    assert clean_text(text) == "Første afsnit.\n\n- punkt et\n- punkt to"
    with pytest.raises(ValueError, match="xml_char"):
        clean_text("a\x01b")


def test_months_quarters_and_periods() -> None:
    assert parse_month("2017-10") == date(2017, 10, 1)
    with pytest.raises(ValueError):
        parse_month("2017-13")
    q = Quarter(2017, 2)
    assert (q.first_day, q.last_day, q.label()) == (date(2017, 4, 1), date(2017, 6, 30),
                                                   "2. kvt. 2017")
    assert Quarter(2016, 1).last_day == date(2016, 3, 31)
    with pytest.raises(ValueError):
        Quarter(2017, 5)
    period = Period(date(2017, 1, 1), date(2018, 12, 31))
    assert period.months == 24 and period.years == [2017, 2018]
    assert len(period.quarters()) == 8
    assert period.holds_quarter(Quarter(2018, 4)) and not period.holds_quarter(Quarter(2019, 1))


def test_danish_yes_no_and_percentages() -> None:
    assert parse_ja_nej("Ja") is True and parse_ja_nej("nej") is False
    with pytest.raises(ValueError):
        parse_ja_nej("måske")
    assert parse_percent("20 %") == Decimal(20) and parse_percent("2,5%") == Decimal("2.5")
