"""person: name, address, phone and e-mail of one person (the tilskudsansvarlig)."""

from __future__ import annotations

from kinds_support import answers, drawn, errors, form_of, started

from schemas.kinds import Blank

Q = {"id": "ansvarlig", "type": "person", "tekst": "Projekt- og tilskudsansvarlig"}


def test_one_person_of_four_fields() -> None:
    form = form_of(Q)
    assert answers(form, {"ansvarlig": {"navn": "Lene"}}).ansvarlig.navn == "Lene"
    assert errors(form, {"ansvarlig": {"mobil": "1"}})[0][:2] == (("ansvarlig", "mobil"),
                                                                  "extra_forbidden")


def test_drawn_as_a_caption_and_a_row_per_field() -> None:
    calls = drawn(form_of(Q))
    assert calls[0] == ("caption", "Projekt- og tilskudsansvarlig:")
    assert calls[1:3] == [("row", "Navn", None), ("value", "slot:Navn", "afsnit.ansvarlig.navn",
                                                  "linje",
                                                  "Projekt- og tilskudsansvarlig: Navn")]
    assert len(calls) == 9
    assert started(form_of(Q))[:4] == ["  # Projekt- og tilskudsansvarlig", "  ansvarlig:",
                                       "    # Navn", "    navn:"]


def test_every_field_is_required_with_its_label() -> None:
    q = form_of(Q).afsnit[0].spoergsmaal[0]
    value = answers(form_of(Q), {"ansvarlig": {"navn": "Lene", "email": "l@a.dk"}}).ansvarlig
    assert list(q.kind.blanks(q, value, ("i", "ansvarlig"))) == [
        Blank(("i", "ansvarlig", "adresse"), "Projekt- og tilskudsansvarlig: Adresse"),
        Blank(("i", "ansvarlig", "telefon"), "Projekt- og tilskudsansvarlig: Telefon"),
    ]
    leaf = q.kind.resolve(q, ["telefon"], "")
    assert leaf is not None and (leaf.kind, leaf.title, leaf.required) == ("linje", "Telefon",
                                                                           True)
