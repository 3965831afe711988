"""maaned: a calendar month."""

from __future__ import annotations

from datetime import date

import pytest
from kinds_support import answers, errors, form_of

from schemas.kinds import Unfit, kind

Q = {"id": "start", "type": "maaned", "tekst": "Startmåned"}


def test_months_as_written_and_refused() -> None:
    form = form_of(Q)
    assert answers(form, {"start": "2017-10"}).start == date(2017, 10, 1)
    assert errors(form, {"start": "2017-13"}) == [(("start",), "value_error", "month_format")]


def test_read_from_word_and_shown() -> None:
    k = kind("maaned")
    assert k.read("oktober 2017", []) == k.read("2017-10", []) == date(2017, 10, 1)
    with pytest.raises(Unfit):
        k.read("til efteråret", [])
    assert k.read_cell(date(2017, 10, 17)) == date(2017, 10, 1)
    assert k.display(date(2017, 10, 1)) == "oktober 2017"
