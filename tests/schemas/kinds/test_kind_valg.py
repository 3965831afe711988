"""valg: a choice among fixed options that may switch sections on — a kind the hand-written
schemas did not have."""

from __future__ import annotations

import pytest
from kinds_support import answers, drawn, errors, form_of, started

from schemas.form import Form
from schemas.kinds import Unfit, kind

Q = {"id": "spor", "type": "valg", "tekst": "Hvilket spor?",
     "muligheder": [{"id": "a", "tekst": "Spor A"}, {"id": "b", "tekst": "Spor B"}]}
SWITCHING = {**Q, "muligheder": [{"id": "a", "tekst": "Spor A", "afsnit": ["spor_a"]},
                                 {"id": "b", "tekst": "Spor B", "afsnit": ["spor_b"]}]}


def test_one_of_the_options_by_id() -> None:
    form = form_of(Q)
    assert answers(form, {"spor": "a"}).spor == "a"
    assert errors(form, {"spor": "c"}) == [(("spor",), "literal_error", "")]


def test_more_than_one_where_the_form_allows_it() -> None:
    form = form_of({**Q, "flere": True})
    assert answers(form, {"spor": ["a", "b"]}).spor == ["a", "b"]
    assert answers(form, {"spor": "b"}).spor == ["b"]
    assert errors(form, {"spor": ["a", "x"]})[0][1] == "literal_error"


def test_read_back_by_marks_or_texts() -> None:
    q = form_of(Q).afsnit[0].spoergsmaal[0]
    k = kind("valg")
    assert k.read("", ["☒ Spor A", "☐ Spor B"], q) == "a"
    assert k.read("", ["Spor B"], q) == "b"
    with pytest.raises(Unfit):
        k.read("", ["☒ Spor A", "☒ Spor B"], q)  # one only
    with pytest.raises(Unfit):
        k.read("", ["Spor C"], q)
    assert k.display("b", q) == "Spor B"


def test_drawn_as_marked_options_and_started_with_them() -> None:
    assert drawn(form_of(Q))[1] == ("choice", "slot:Hvilket spor?", "afsnit.spor",
                                    [("a", "Spor A"), ("b", "Spor B")])
    assert started(form_of(Q))[-1] == "  spor:"
    assert "a (Spor A)" in started(form_of(Q))[1]


def test_a_choice_switches_its_sections_on() -> None:
    form = Form.model_validate({"afsnit": [
        {"id": "valg", "spoergsmaal": [SWITCHING]},
        {"id": "spor_a", "overskrift": "A", "fritekst": True},
        {"id": "spor_b", "overskrift": "B", "fritekst": True},
    ]})
    assert form.switches == {"spor_a": (("valg", "spor"), "a"), "spor_b": (("valg", "spor"), "b")}
    from schemas.form import answer_model

    model = answer_model(form, "p").model_validate({"pulje": "p", "valg": {"spor": "b"}})
    assert not form.active(model, "spor_a") and form.active(model, "spor_b")
    assert form.active(model, "valg")


def test_a_choice_naming_a_section_the_form_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="spor_x"):
        Form.model_validate({"afsnit": [{"id": "valg", "spoergsmaal": [
            {**Q, "muligheder": [{"id": "a", "tekst": "A", "afsnit": ["spor_x"]}]}]}]})
