"""medansoegere: the co-applicants of a joint application — a kind the hand-written schemas
did not have."""

from __future__ import annotations

from kinds_support import answers, drawn, errors, form_of, started

Q = {"id": "medansoegere", "type": "medansoegere", "tekst": "Medansøgere"}


def test_a_list_of_co_applicants_each_with_a_name() -> None:
    form = form_of(Q)
    value = answers(form, {"medansoegere": [{"navn": "Glostrup Kommune",
                                             "kontaktperson": "Åse"}]})
    assert value.medansoegere[0].navn == "Glostrup Kommune"
    assert answers(form, {}).medansoegere == []
    assert errors(form, {"medansoegere": [{"kontaktperson": "Åse"}]})[0][:2] == (
        ("medansoegere", 0, "navn"), "missing")


def test_drawn_as_a_table_of_rows_and_read_back_by_row() -> None:
    form = form_of(Q)
    assert drawn(form)[1][:3] == ("rows", "slot:Medansøgere", "afsnit.medansoegere")
    q = form.afsnit[0].spoergsmaal[0]
    leaf = q.kind.resolve(q, ["2", "navn"], "")
    assert leaf is not None and (leaf.path, leaf.in_list) == ((2, "navn"), True)
    assert q.kind.resolve(q, ["x", "navn"], "") is None
    assert list(q.kind.blanks(q, [], ("i", "medansoegere"))) == []  # alone is an answer
    assert started(form)[:2] == ["  # Medansøgere", "  medansoegere: []"]
