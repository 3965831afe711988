"""maaltal: a target table bound to the round's months, with or without a baseline level."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kinds_support import Round, answers, drawn, form_of, started

Q = {"id": "mentor", "type": "maaltal", "tekst": "Måltal?", "tabel": "Måltal mentorstøtte"}


def test_level_and_targets_by_month() -> None:
    value = answers(form_of(Q), {"mentor": {"niveau": 10, "maal": {"2017-10": 50}}}).mentor
    assert value.niveau == Decimal(10) and value.maal == {date(2017, 10, 1): Decimal(50)}


def test_drawn_with_the_round_months_and_the_baseline_where_it_has_one() -> None:
    [row, table] = drawn(form_of(Q))
    assert row == ("row", "Måltal?", None)
    assert table == ("measurements", "slot:Måltal?", "afsnit.mentor.maal", "procent",
                     "Måltal mentorstøtte", None,
                     ("afsnit.mentor.niveau", "afsnit.mentor.niveau_bemaerkning"))
    assert drawn(form_of({**Q, "baseline": False}))[1][-1] is None


def test_the_starter_writes_the_rounds_months() -> None:
    assert started(form_of(Q)) == [
        "  # Måltal?", "  mentor:", "    niveau:            # niveau for 2016-08 (%)",
        "    niveau_bemaerkning:", "    maal:", "      2017-10:         # måltal pr. 2017-10 (%)",
        "      2018-10:         # måltal pr. 2018-10 (%)"]
    other = started(form_of({**Q, "baseline": False}),
                    Round(baseline_maaned=None, maalinger=[date(2021, 6, 1)]))
    assert other == ["  # Måltal?", "  mentor:", "    maal:",
                     "      2021-06:         # måltal pr. 2021-06 (%)"]


def test_tags_resolve_to_months() -> None:
    q = form_of(Q).afsnit[0].spoergsmaal[0]
    leaf = q.kind.resolve(q, ["maal", "2017-10"], "")
    assert leaf is not None and (leaf.path, leaf.kind) == (("maal", "2017-10"), "procent")
    assert q.kind.resolve(q, ["maal", "2017-13"], "") is None
    assert q.kind.answer_paths(q, "s.mentor") == ["s.mentor.niveau",
                                                  "s.mentor.niveau_bemaerkning", "s.mentor.maal"]
