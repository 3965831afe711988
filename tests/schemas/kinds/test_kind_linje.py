"""linje: a short text on one line."""

from __future__ import annotations

from kinds_support import answers, drawn, errors, form_of, started

from schemas.kinds import Blank, kind

Q = {"id": "navn", "type": "linje", "tekst": "Navn"}


def test_a_line_is_text_and_blank_is_not_answered() -> None:
    form = form_of(Q)
    assert answers(form, {"navn": "Lene"}).navn == "Lene"
    assert errors(form, {"navn": ["a"]}) == [(("navn",), "string_type", "")]
    q = form.afsnit[0].spoergsmaal[0]
    assert list(q.kind.blanks(q, " ", ("a", "navn"))) == [Blank(("a", "navn"), "Navn")]


def test_read_draw_start() -> None:
    assert kind("linje").read("  Lene ", ["Lene"]) == "Lene"
    assert kind("linje").read("", []) is None
    form = form_of(Q)
    assert drawn(form) == [("row", "Navn", None), ("value", "slot:Navn", "afsnit.navn", "linje",
                                                   "Navn")]
    assert started(form) == ["  # Navn", "  navn:"]
    assert kind("linje").display(None) == "" and kind("linje").display("x") == "x"
