"""maanedstal: a value per measurement month, in a unit."""

from __future__ import annotations

from datetime import date

from kinds_support import answers, drawn, errors, form_of, started

Q = {"id": "uger", "type": "maanedstal", "enhed": "uger", "tabel": "Måltal",
     "tekst": "Hvor mange uger?"}


def test_values_by_month_in_the_unit() -> None:
    form = form_of(Q)
    assert answers(form, {"uger": {"2017-10": 4}}).uger == {date(2017, 10, 1): 4}
    assert errors(form, {"uger": {"2017-10": "fire"}})[0][1] == "int_parsing"
    assert errors(form_of({**Q, "enhed": "procent"}), {"uger": {"2017-10": "x"}})[0][2] == (
        "percent_format")


def test_drawn_and_started_with_the_unit() -> None:
    assert drawn(form_of(Q))[1] == ("measurements", "slot:Hvor mange uger?", "afsnit.uger",
                                    "uger", "Måltal", None, None)
    assert started(form_of(Q))[2:] == ["    2017-10:        # antal uger",
                                       "    2018-10:        # antal uger"]
    q = form_of(Q).afsnit[0].spoergsmaal[0]
    leaf = q.kind.resolve(q, ["2018-10"], "Titel")
    assert leaf is not None and leaf.kind == "uger" and leaf.title == "Titel"
