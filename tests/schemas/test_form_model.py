"""The form as data: its walk, the sections a choice switches, and the answer model built from
it — unknown keys refused, retired keys ignored, one model per form content."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas.form import Form, answer_model, value_at

FORM = {"afsnit": [
    {"id": "a", "overskrift": "A", "udgaaet": ["gammel"], "spoergsmaal": [
        {"id": "stv", "type": "janej", "tekst": "STV?"},
        {"id": "samspil", "type": "tekst", "tekst": "Samspil?", "kraeves_hvis": "a.stv"},
        {"id": "anden", "type": "janej", "tekst": "Andet?", "svar": "ja_nej",
         "hvis_ja": [{"id": "hvad", "type": "linje", "tekst": "Hvad?"}]},
    ]},
    {"id": "plan", "overskrift": "Plan", "svar": {"type": "tidsplan", "tekst": "Plan"}},
    {"id": "fri", "overskrift": "Fri", "fritekst": True},
]}


def test_the_walk_gives_every_question_with_its_path() -> None:
    form = Form.model_validate(FORM)
    assert [p for _, p, _ in form.walk()] == [
        ("a", "stv"), ("a", "samspil"), ("a", "anden"), ("a", "anden", "hvad"), ("plan",),
        ("fri",)]
    assert [p for _, p, _ in form.walk(dependents=False)][3] == ("plan",)
    assert form.has("a.anden.ja_nej") and form.has("a.anden.hvad") and not form.has("a.x")
    assert [p for _, p, _ in form.of_kind("tekst")] == [("a", "samspil"), ("fri",)]


def test_the_answer_model_refuses_unknown_keys_and_drops_retired_ones() -> None:
    model = answer_model(Form.model_validate(FORM), "p")
    ok = model.model_validate({"pulje": "p", "a": {"stv": "nej", "gammel": "ja"},
                               "plan": {2017: {1: ["x"]}}, "fri": "Tekst"})
    assert ok.a.stv is False and ok.fri == "Tekst" and value_at(ok, ("plan", 2017, 1)) == ["x"]
    with pytest.raises(ValidationError) as info:
        model.model_validate({"pulje": "p", "a": {"stvv": "nej"}})
    assert info.value.errors()[0]["type"] == "extra_forbidden"
    with pytest.raises(ValidationError):
        model.model_validate({"pulje": "en-anden-pulje"})


def test_one_model_per_form_content_and_pool() -> None:
    form = Form.model_validate(FORM)
    assert answer_model(form, "p") is answer_model(Form.model_validate(FORM), "p")
    assert answer_model(form, "p") is not answer_model(form, "q")


def test_two_sections_with_one_id_are_refused() -> None:
    with pytest.raises(ValidationError, match="mere end én gang"):
        Form.model_validate({"afsnit": [FORM["afsnit"][2], FORM["afsnit"][2]]})
