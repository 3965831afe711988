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
