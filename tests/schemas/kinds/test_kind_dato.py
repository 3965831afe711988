"""dato: a day — a kind the hand-written schemas did not have (a new kind is one class and one
test module)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from kinds_support import answers, drawn, errors, form_of, started

from schemas.kinds import Unfit, kind

Q = {"id": "start", "type": "dato", "tekst": "Hvornår starter projektet?"}


def test_a_date_as_written_and_refused() -> None:
    form = form_of(Q)
    assert answers(form, {"start": "2017-01-02"}).start == date(2017, 1, 2)
    assert errors(form, {"start": "2017-02-30"})[0][0] == ("start",)


@pytest.mark.parametrize("text", ["2017-01-02", "2.1.2017", "02-01-2017", "2. januar 2017"])
def test_read_back_from_word(text: str) -> None:
    assert kind("dato").read(text, [text]) == date(2017, 1, 2)


@pytest.mark.parametrize("text", ["30. februar 2017", "snart", "2017-1"])
def test_what_is_no_date_is_unfit(text: str) -> None:
    with pytest.raises(Unfit) as info:
        kind("dato").read(text, [text])
    assert info.value.expected == "dato"


def test_excel_shown_drawn_started() -> None:
    k = kind("dato")
    assert k.read_cell(datetime(2017, 1, 2, 9, 0)) == date(2017, 1, 2)
    assert k.display(date(2017, 1, 2)) == "2. januar 2017" and k.display(None) == ""
    form = form_of(Q)
    assert drawn(form)[1][3] == "dato"
    assert started(form) == ["  # Hvornår starter projektet?", "  start:"]
    assert k.widget(form.afsnit[0].spoergsmaal[0]).attrs["type"] == "date"
