"""The one adapter between the budget and the documents after the application: its figures are
the budget's own, with every financing line the guide names (Moms and Afskrivninger too), and
a revised budget still balances."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from answer_edits import EXAMPLE_TEXT

from pulje.answers.answerfile import dump
from pulje.answers.loader import LoadedApplication, load_text
from pulje.documents.budget import budget_figures
from pulje.documents.followup.figures import BudgetView, budget_view
from pulje.documents.followup.revision import propose

D = Decimal
FINANCING = [
    {"type": "medfinansiering", "beskrivelse": "Kommunens egne timer", "beloeb": 100000},
    {"type": "tilskud", "beskrivelse": "Fondens tilskud", "beloeb": 50000},
    {"type": "moms", "beskrivelse": "Momskompensation", "beloeb": 20000},
    {"type": "afskrivninger", "beskrivelse": "Afskrivning på udstyr", "beloeb": 5000},
]


@pytest.fixture(scope="module")
def loaded() -> LoadedApplication:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_TEXT)
    data["budget"]["finansiering"] = FINANCING
    result = load_text(dump(data), "med-finansiering.yaml")
    assert result.model is not None, result.diagnostics
    return result


def test_other_financing_is_every_line_but_the_applicants_own(loaded: LoadedApplication) -> None:
    view = budget_view(loaded)
    figures = budget_figures(loaded.model, loaded.runde)
    own = sum(D(str(f["beloeb"])) for f in FINANCING if f["type"] == "medfinansiering")
    others = sum(D(str(f["beloeb"])) for f in FINANCING if f["type"] != "medfinansiering")
    assert view.cofinancing == own and view.other_financing == others
    # The same financing as the budget attachment counts: applied + the rest = its total.
    assert view.applied + view.cofinancing + view.other_financing == figures.financing_total
    assert view.other_kinds == ("Tilskud fra andre tilskudsgivere", "Moms", "Afskrivninger")
    assert view.expenses_total == figures.expenses_total


def test_the_view_is_kept_as_json_and_an_older_record_still_reads(
    loaded: LoadedApplication,
) -> None:
    view = budget_view(loaded)
    assert BudgetView.from_record(view.record()) == view
    older = {k: v for k, v in view.record().items() if k != "other_kinds"}
    assert BudgetView.from_record(older).other_kinds == ()


def test_a_revised_budget_balances_with_moms_and_afskrivninger(
    loaded: LoadedApplication,
) -> None:
    view = budget_view(loaded)
    granted = D("1500000.00")
    proposal = propose(view, granted)
    assert proposal.new.expenses_total == (
        granted + view.cofinancing + view.other_financing)


def _per_quarter(data: dict[str, Any]) -> None:
    """Each line's years spread over their quarters 1:2:3:4 (øre left on the fourth)."""
    for line in data["budget"]["udgifter"]:
        spread: dict[str, Decimal] = {}
        for year, amount in line["fordeling"].items():
            total = D(str(amount))
            parts = [(total * n / 10).quantize(D("0.01")) for n in (1, 2, 3)]
            for n, part in enumerate([*parts, total - sum(parts)], start=1):
                spread[f"{year}-K{n}"] = part
        line["fordeling"] = spread


def test_a_revised_budget_keeps_the_rounds_quarters(tmp_path: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from answer_edits import templates_with

    from pulje.checks import check
    from pulje.documents.followup.figures import revised_application
    from schemas.budget import periode

    templates_with(tmp_path, monkeypatch, [("  periodisering: null", "  periodisering: kvartal")])
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_TEXT)
    _per_quarter(data)
    loaded = load_text(dump(data), "kvartal.yaml")
    assert loaded.model is not None, loaded.diagnostics
    view = budget_view(loaded)
    # Unchanged, the budget keeps every line's spread to the øre.
    same = revised_application(loaded, view).model.budget.udgifter
    assert [dict(x.fordeling) for x in same] == [
        dict(x.fordeling) for x in loaded.model.budget.udgifter]
    # Lowered, every line keeps its quarters, in about the same proportions, and adds up.
    proposal = propose(view, D("1500000.00"))
    revised = revised_application(loaded, proposal.new)
    for old, new, line in zip(loaded.model.budget.udgifter, revised.model.budget.udgifter,
                              proposal.new.lines, strict=True):
        assert {periode(k).slags for k in new.fordeling} == {"kvartal"}
        assert set(new.fordeling) <= set(old.fordeling)
        assert sum(new.fordeling.values()) == new.linjebeloeb == line.beloeb
        for year, amount in line.per_year.items():
            assert sum(a for k, a in new.fordeling.items() if periode(k).aar == year) == amount
    codes = {d.code for d in check(revised)}
    assert "BUD015" not in codes  # no line spread coarser than the round asks
