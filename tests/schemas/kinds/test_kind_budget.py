"""budget: the detailed budget — an attachment of its own, or a table in the form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from kinds_support import drawn
from pydantic import ValidationError

from schemas.form import Form, answer_model
from schemas.kinds import kind

LINE = {"kategori": "loen", "beskrivelse": "Leder", "enheder": 2, "enhedspris": 100}


def _form(**options: object) -> Form:
    return Form.model_validate({"afsnit": [{"id": "budget", "svar": {"type": "budget",
                                                                      **options}}]})


def test_a_line_needs_an_amount_or_units_and_price() -> None:
    model = answer_model(_form(), "p")
    budget = model.model_validate({"pulje": "p", "budget": {"udgifter": [LINE]}}).budget
    assert budget.udgifter_i_alt() == Decimal("200.00")
    bad = {"pulje": "p", "budget": {"udgifter": [{"kategori": "loen", "beskrivelse": "x"}]}}
    with pytest.raises(ValidationError) as info:
        model.model_validate(bad)
    [err] = info.value.errors()
    assert err["loc"][:3] == ("budget", "udgifter", 0) and err["ctx"]["error"].args == (
        "line_amount",)
    assert "line_amount" in kind("budget").messages


def test_an_attachment_is_not_drawn_unless_the_round_wants_it_in_the_form() -> None:
    assert drawn(_form()) == []
    assert drawn(_form(i_skemaet=True)) == [("budget", "budget")]
    q = _form().afsnit[0].svar
    assert q is not None and q.kind.resolve(q, [], "") is None and q.kind.answer_paths(q, "b") == []
