"""procent: a share in per cent (0–100 is MAA001's rule)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from kinds_support import answers, errors, form_of

from schemas.kinds import Unfit, kind

Q = {"id": "andel", "type": "procent", "tekst": "Andel"}


def test_percentages_as_written() -> None:
    form = form_of(Q)
    assert answers(form, {"andel": "20,5 %"}).andel == Decimal("20.5")
    assert errors(form, {"andel": "tyve"}) == [(("andel",), "value_error", "percent_format")]
    assert errors(form, {"andel": 10**7}) == [(("andel",), "value_error", "percent_range")]


def test_read_and_shown() -> None:
    k = kind("procent")
    assert k.read("20 %", []) == k.read("20 pct.", []) == Decimal(20)
    with pytest.raises(Unfit):
        k.read("tyve %", [])
    assert k.read_cell(0.2) == Decimal("0.2")
    assert k.display(Decimal("2.5")) == "2,5 %"
