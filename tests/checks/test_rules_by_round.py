"""Rules by round: a rule runs only where its part of the form exists, a question asked under a
condition is required only then (``kraeves_hvis``), a pool's own rule stays with its pool, and
the rules read the round's facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pulje.answers.loader import load_text
from pulje.checks import check

RUNDE = """\
sidegraense: 4
maksimum: 1000
projektperiode: {fra: 2020-01-01, til: 2020-06-30}
maalinger: [2020-06]
"""

SKEMA = """\
afsnit:
  - id: stv
    overskrift: STV
    spoergsmaal:
      - {id: modtager_stv, type: janej, tekst: Modtager kommunen STV-midler?}
      - id: samspil
        type: tekst
        tekst: Hvordan bliver samspillet med STV?
        kraeves_hvis: stv.modtager_stv
        kort: 1
  - id: maalgruppe
    overskrift: Målgruppe
    spoergsmaal:
      - {id: indstilles, type: deltagere, tekst: Indstilles}
      - {id: tilkendes, type: deltagere, tekst: Tilkendes}
"""


@pytest.fixture
def pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "puljer" / "lille-pulje"
    (folder / "2020").mkdir(parents=True)
    (folder / "pool.yaml").write_text("id: lille-pulje\nnavn: Lille pulje\n", encoding="utf-8")
    (folder / "2020" / "runde.yaml").write_text(RUNDE, encoding="utf-8")
    (folder / "2020" / "skema.yaml").write_text(SKEMA, encoding="utf-8")
    monkeypatch.setenv("PULJE_TEMPLATES", str(tmp_path / "puljer"))


def _codes(text: str) -> list[str]:
    loaded = load_text("pulje: lille-pulje\n" + text, "svar.yaml")
    return sorted(d.code for d in check(loaded))


MAALGRUPPE = ("maalgruppe:\n  indstilles: {pr_maaned: 2, i_alt: 10}\n"
              "  tilkendes: {pr_maaned: 3, i_alt: 13}\n")


def test_a_question_required_only_when_its_condition_is_ja(pool: None) -> None:
    assert _codes("stv:\n  modtager_stv: nej\n" + MAALGRUPPE) == []
    assert _codes("stv:\n  modtager_stv: ja\n" + MAALGRUPPE) == ["TXT001"]
    assert _codes("stv:\n  modtager_stv: ja\n  samspil: Godt.\n" + MAALGRUPPE) == []


def test_rules_run_only_where_their_part_of_the_form_is(pool: None) -> None:
    """No budget, no økonomi, no tidsplan, no måltal in this form: no BUD, TID or MAA
    finding; the period's six months bound the participants (MAL001); Bedre
    ressourceforløb's own rule (MAL002, more granted than referred) is not this pool's."""
    found = _codes("stv:\n  modtager_stv: nej\n" + MAALGRUPPE.replace("i_alt: 10", "i_alt: 13"))
    assert found == ["MAL001"]
