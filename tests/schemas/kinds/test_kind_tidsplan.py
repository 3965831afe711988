"""tidsplan: year → quarter → activities, over the round's project period."""

from __future__ import annotations

from kinds_support import Round, drawn, errors, form_of, started

Q = {"id": "plan", "type": "tidsplan", "tekst": "Plan"}


def test_quarters_one_to_four_and_real_years() -> None:
    form = form_of(Q)
    assert errors(form, {"plan": {2017: {5: ["x"]}}})[0][1] == "less_than_equal"
    assert errors(form, {"plan": {0: {1: ["x"]}}})[0][2] == "year_range"


def test_drawn_as_a_grid_and_started_over_the_period() -> None:
    assert drawn(form_of(Q)) == [("quarters", "afsnit.plan", "Plan")]
    lines = started(form_of(Q))
    assert lines[2:4] == ["    2017:", "      1: []          # 1. kvt. 2017"]
    assert len(lines) == 2 + 2 * 5
    assert started(form_of(Q), Round(periode=None)) == ["  # Plan", "  plan:"]


def test_cells_resolve_to_lines() -> None:
    q = form_of(Q).afsnit[0].spoergsmaal[0]
    leaf = q.kind.resolve(q, ["2017", "4"], "")
    assert leaf is not None and (leaf.path, leaf.kind) == ((2017, 4), "linjer")
    assert q.kind.resolve(q, ["2017", "5"], "") is None
