"""antal: a whole number from 0 to ten million."""

from __future__ import annotations

import pytest
from kinds_support import answers, errors, form_of

from schemas.kinds import Unfit, kind
from schemas.kinds.antal import parse_number

Q = {"id": "antal", "type": "antal", "tekst": "Antal"}


def test_counts_and_their_bounds() -> None:
    form = form_of(Q)
    assert answers(form, {"antal": 4}).antal == 4
    assert errors(form, {"antal": -1}) == [(("antal",), "greater_than_equal", "")]
    assert errors(form, {"antal": 10_000_001}) == [(("antal",), "less_than_equal", "")]


def test_read_back_and_shown() -> None:
    assert parse_number("1.200") == 1200 and parse_number(" 4 uger ") == 4
    for bad in ("ca. 4", "4,5", "-3", "9" * 31):
        with pytest.raises(Unfit):
            parse_number(bad)
    k = kind("antal")
    assert k.read("", []) is None and k.read_cell(3.0) == 3
    assert k.display(1200) == "1.200" and k.display(None) == ""
