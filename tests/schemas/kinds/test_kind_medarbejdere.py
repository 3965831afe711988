"""medarbejdere: a table of functions and how many."""

from __future__ import annotations

from kinds_support import answers, drawn, errors, form_of

from schemas.kinds import Blank

Q = {"id": "medarbejdere", "type": "medarbejdere", "tekst": "Hvor mange?"}


def test_rows_of_function_and_count() -> None:
    form = form_of(Q)
    value = answers(form, {"medarbejdere": [{"funktion": "Leder", "antal": 2}]})
    assert value.medarbejdere[0].antal == 2
    assert errors(form, {"medarbejdere": [{"funktion": "Leder"}]})[0][:2] == (
        ("medarbejdere", 0, "antal"), "missing")


def test_an_empty_table_is_not_answered_and_rows_read_by_place() -> None:
    q = form_of(Q).afsnit[0].spoergsmaal[0]
    assert list(q.kind.blanks(q, [], ("o", "medarbejdere"))) == [
        Blank(("o", "medarbejdere"), "Hvor mange?")]
    leaf = q.kind.resolve(q, ["0", "antal"], "")
    assert leaf is not None and (leaf.kind, leaf.in_list) == ("antal", True)
    assert drawn(form_of(Q))[1][3] == [("funktion", "Funktion", "linje"),
                                       ("antal", "Antal", "antal")]
