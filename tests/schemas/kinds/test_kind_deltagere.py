"""deltagere: a row of the participant table; consecutive rows make one table."""

from __future__ import annotations

from kinds_support import answers, drawn, errors, form_of

ROWS = ({"id": "indstilles", "type": "deltagere", "tekst": "Indstilles"},
        {"id": "tilkendes", "type": "deltagere", "tekst": "Tilkendes"})


def test_two_counts_a_row() -> None:
    form = form_of(*ROWS)
    value = answers(form, {"indstilles": {"pr_maaned": 4, "i_alt": 96}})
    assert (value.indstilles.pr_maaned, value.indstilles.i_alt) == (4, 96)
    assert errors(form, {"tilkendes": {"pr_maaned": -1}})[0][:2] == (
        ("tilkendes", "pr_maaned"), "greater_than_equal")


def test_consecutive_rows_are_one_table() -> None:
    [call] = drawn(form_of(*ROWS))
    assert call[0] == "matrix" and call[1] == [("Indstilles", "afsnit.indstilles"),
                                               ("Tilkendes", "afsnit.tilkendes")]
    assert [name for name, _ in call[2]] == ["pr_maaned", "i_alt"] and call[3] == "antal"


def test_column_heads_may_be_the_forms_own() -> None:
    [call] = drawn(form_of({**ROWS[0], "kolonner": {"i_alt": "I alt"}}))
    assert call[2][1] == ("i_alt", "I alt")
