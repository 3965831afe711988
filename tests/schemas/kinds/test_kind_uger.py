"""uger: whole weeks (1–52 is MAA002's rule, not the type's)."""

from __future__ import annotations

from kinds_support import answers, errors, form_of

from schemas.kinds import kind


def test_weeks_are_shown_with_their_unit() -> None:
    k = kind("uger")
    assert k.display(4) == "4 uger" and k.display(1) == "1 uge" and k.display(None) == ""
    assert k.read("4 uger", []) == 4


def test_the_type_keeps_values_sane_and_leaves_1_to_52_to_the_rule() -> None:
    form = form_of({"id": "uger", "type": "uger", "tekst": "Uger"})
    assert answers(form, {"uger": 0}).uger == 0
    assert errors(form, {"uger": 10000}) == [(("uger",), "less_than_equal", "")]
