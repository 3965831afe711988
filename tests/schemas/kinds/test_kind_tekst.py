"""tekst: paragraphs and "- " bullets, in the answer file and back from Word."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kinds_support import answers, drawn, errors, form_of, started

from schemas.kinds import Blank, kind
from schemas.kinds.tekst import join, paragraphs

Q = {"id": "svar", "type": "tekst", "tekst": "Hvordan?"}


def test_text_keeps_paragraphs_and_refuses_what_word_cannot_hold() -> None:
    form = form_of(Q)
    assert answers(form, {"svar": "Første.\r\n\n- punkt  \n"}).svar == "Første.\n\n- punkt"
    assert errors(form, {"svar": "a\x01b"}) == [(("svar",), "value_error", "xml_char")]
    assert kind("tekst").messages["xml_char"]


def test_paragraphs_bullets_and_lines_held_together() -> None:
    assert paragraphs("Intro:\n- a\n- b\n\nSlut") == [
        ("Intro:", False, True), ("a", True, True), ("b", True, False), ("Slut", False, False)]
    assert paragraphs("") == [("", False, False)]


@settings(max_examples=200, derandomize=True)
@given(st.text(alphabet="ab -\n", max_size=40))
def test_join_is_the_inverse_of_paragraphs(text: str) -> None:
    cleaned = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    again = join(paragraphs(cleaned))
    assert paragraphs(again) == paragraphs(cleaned)


def test_read_from_word_draw_start_and_widget() -> None:
    k = kind("tekst")
    assert k.read("Et svar", ["Et svar"]) == "Et svar" and k.read("  ", [""]) is None
    form = form_of({**Q, "note": "En note"})
    assert drawn(form) == [("row", "Hvordan?", "En note"),
                           ("text", "slot:Hvordan?", "afsnit.svar", "Hvordan?")]
    assert started(form) == ["  # Hvordan?", "  svar: |", "    "]
    assert k.widget(form.afsnit[0].spoergsmaal[0]).template == "textarea"


def test_a_text_without_a_question_stands_under_its_heading() -> None:
    form = form_of(fritekst=True, spoergsmaal=[])
    assert drawn(form) == [("free_text", "afsnit")]


@pytest.mark.parametrize(("krav", "value", "found"), [
    (None, None, [Blank(("s", "svar"), "Hvordan?", question=True)]),
    (None, "  ", [Blank(("s", "svar"), "Hvordan?", question=True)]),
    (None, "svar", []),
    (False, None, []),
])
def test_blank_when_required(krav: bool | None, value: str | None, found: list[Blank]) -> None:
    q = form_of({**Q, "krav": krav}).afsnit[0].spoergsmaal[0]
    assert list(q.kind.blanks(q, value, ("s", "svar"))) == found
    assert q.kind.short(q) == 25 and kind("tekst").short(
        form_of({**Q, "kort": 3}).afsnit[0].spoergsmaal[0]) == 3
