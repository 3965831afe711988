"""``pulje pools diff POOL A B``: what changed between two rounds of a pool — the facts and
the questions — whole against a golden text beside this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import main

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def _danish(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "PULJE_TEMPLATES"):
        monkeypatch.delenv(var, raising=False)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_two_rounds_of_ledige_over_50_danish_whole_output() -> None:
    """2020 → 2023: the applicants widen to kommuner, the period is given, the time plan
    becomes a grid (one question changed: free text → year and quarter), the indsats question
    is reworded and one on kerneelementer is new."""
    result = run("pools", "diff", "ledige-over-50", "2020", "2023")
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "diff-ledige-over-50-2020-2023.txt").read_text(
        encoding="utf-8")


def test_two_rounds_of_ledige_over_50_english_whole_output() -> None:
    result = run("--lang", "en", "pools", "diff", "ledige-over-50", "2020", "2023")
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "diff-ledige-over-50-2020-2023.en.txt").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("old,new", [("2020", "2023"), ("2023", "2020")])
def test_the_time_plan_of_a_round_without_a_period_is_one_changed_question(
        old: str, new: str) -> None:
    """A round without a project period (the time plan a free text) against one with it (a
    grid of years and quarters): the tidsplan once, as changed — never new and removed."""
    text = run("pools", "diff", "ledige-over-50", old, new).stdout
    assert text.count("[tidsplan]") == 1
    assert "  Ændret (1):\n    Projektets tidsplan: " in text
    data = json.loads(run("pools", "diff", "ledige-over-50", old, new, "--format", "json").stdout)
    plan = [q for q in data["spoergsmaal"] if (q["fra"] or q["til"])["sti"] == "tidsplan"]
    assert len(plan) == 1 and plan[0]["status"] == "changed"
    kinds = {"2020": "tekst", "2023": "tidsplan"}
    assert (plan[0]["fra"]["type"], plan[0]["til"]["type"]) == (kinds[old], kinds[new])


def test_json_names_each_question_with_its_fate() -> None:
    data = json.loads(run("pools", "diff", "den-centrale-pulje", "2016", "2017",
                          "--format", "json").stdout)
    assert (data["pulje"], data["fra_runde"], data["til_runde"]) == (
        "den-centrale-pulje", "2016", "2017")
    facts = {f["noegle"]: (f["fra"], f["til"]) for f in data["fakta"]}
    assert facts["maksimum"] == ("ikke oplyst", "500.000,00 kr.")
    assert facts["kanal"][1] == "STAR's Tilskudsportal (upload: ansoegning, budgetark)"
    fates = {(q["fra"] or q["til"])["sti"]: q["status"] for q in data["spoergsmaal"]}
    assert fates["tema"] == "new" and fates["formaal"] == "same"
    assert fates["budget"] == "reworded"  # "Budget" → "Detaljeret budget"


def test_an_unknown_round_is_a_clear_error() -> None:
    result = run("pools", "diff", "ledige-over-50", "2020", "2099")
    assert result.exit_code == 2
    assert "Puljen ledige-over-50 har ingen runde '2099'" in result.stderr
