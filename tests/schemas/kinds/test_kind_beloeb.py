"""beloeb: money in whole øre, written the Danish way or as a number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from kinds_support import answers, errors, form_of

from schemas.kinds import Unfit, kind

Q = {"id": "beloeb", "type": "beloeb", "tekst": "Beløb"}


@pytest.mark.parametrize(("written", "amount"), [
    (2150000, Decimal("2150000.00")), ("2.150.000,00", Decimal("2150000.00")),
    ("2.150.000,00 kr.", Decimal("2150000.00")), (12.5, Decimal("12.50")),
])
def test_amounts_as_danes_write_them(written: object, amount: Decimal) -> None:
    assert answers(form_of(Q), {"beloeb": written}).beloeb == amount


@pytest.mark.parametrize(("written", "key"), [
    ("12,345", "money_ore"), ("mange", "money_format"), (10**13, "money_range"),
    (True, "money_type"),
])
def test_what_is_no_amount_has_its_message(written: object, key: str) -> None:
    assert errors(form_of(Q), {"beloeb": written}) == [(("beloeb",), "value_error", key)]
    assert key in kind("beloeb").messages


def test_read_back_from_word_and_excel_and_shown() -> None:
    k = kind("beloeb")
    assert k.read("2.150.000,00 kr.", []) == k.read("2150000 DKK", []) == Decimal("2150000.00")
    assert k.read("", []) is None
    with pytest.raises(Unfit) as info:
        k.read("omkring 2 mio.", [])
    assert info.value.expected == "beloeb"
    assert k.read_cell(45000) == Decimal("45000.00") and k.read_cell(None) is None
    assert k.display(Decimal("2150000")) == "2.150.000,00 kr." and k.display(None) == ""
