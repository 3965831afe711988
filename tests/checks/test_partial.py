"""All findings in one pass: a section with schema errors no longer hides the findings of the
others; the rules that could not run are named (SCH011), and the counts are the real counts."""

from __future__ import annotations

import json

import pytest
from answer_edits import EXAMPLE_TEXT, NAME, block, diagnostics_of, edit, edits, pos

from pulje.answers.loader import load_text
from pulje.checks import RULES, check
from pulje.checks.registry import Rule
from pulje.diagnostics import Translator, render_json
from pulje.diagnostics.codes import REGISTRY

EN = Translator("en")
BAD_EMAIL = ("Lene.clausen@albertslund.dk", "lene.clausen@albertslund")
MISSPELT_KEY = ("  hovedelementer: |", "  hovedelementr: |")
ONE_KRONE = ("        2018: 540000.00", "        2018: 540001.00")


def codes(text: str) -> list[str]:
    return sorted(d.code for d in diagnostics_of(text))


def note(text: str, section: str):
    found = [d for d in diagnostics_of(text) if d.code == "SCH011" and d.path == (section,)]
    assert len(found) == 1, [(d.code, d.path) for d in diagnostics_of(text)]
    return found[0]


def test_a_misspelt_key_in_one_section_hides_no_finding_of_another() -> None:
    text = edits(MISSPELT_KEY, BAD_EMAIL, ONE_KRONE)
    assert codes(text) == ["BUD002", "BUD011", "KON001", "SCH003", "SCH011"]


def test_the_section_with_the_error_is_named_where_it_stands() -> None:
    text = edit(*MISSPELT_KEY)
    d = note(text, "spor1")
    assert (d.location.line, d.location.col) == pos(text, "spor1:")
    assert EN.format(d.message, dict(d.params)) == (
        "Because of the errors in 'spor1' (Spor 1 - Fælles forberedelse af sagen), the rules "
        "did not check it."
    )


def test_a_wrong_type_in_the_budget_names_the_rules_that_could_not_run() -> None:
    text = edits(("      enheder: 24\n", "      enheder: mange\n"), BAD_EMAIL)
    found = codes(text)
    assert found == ["BUD011", "KON001", "SCH006", "SCH011"]
    needs_budget = sorted(r.code.code for r in RULES if "budget" in r.reads)
    d = note(text, "budget")
    assert d.params["count"] == len(needs_budget) > 0
    assert d.params["codes"] == ", ".join(needs_budget)


def test_an_error_in_oekonomi_stops_the_rules_comparing_it_with_the_budget_only() -> None:
    text = edits(('ansoegt_beloeb: "2.150.000,00"', "ansoegt_beloeb: mange"), ONE_KRONE)
    found = codes(text)
    assert "BUD002" in found  # the budget's own rule still runs
    assert "BUD003" not in found and "BUD011" not in found
    assert "BUD003" in note(text, "oekonomi").params["codes"]


def test_a_misspelt_section_name_stands_for_the_section_it_resembles() -> None:
    """'spor11:' is no section: spor1 is then not checked (its questions are not reported
    as unanswered, nor the section as missing) — the SCH003 says what to do."""
    text = edit("spor1:\n", "spor11:\n")
    found = codes(text)
    assert found == ["BUD011", "SCH003", "SCH011"]
    d = note(text, "spor1")
    assert (d.location.line, d.location.col) == pos(text, "spor11:")


def test_sections_without_errors_keep_their_values() -> None:
    loaded = load_text(edit(*MISSPELT_KEY), NAME)
    assert loaded.model is None
    assert loaded.partial is not None
    assert loaded.failed == {"spor1": "spor1"}
    assert loaded.partial.identifikation.kommune == "Albertslund Kommune"
    assert loaded.partial.spor1.hovedelementer is None  # left empty, and not checked


def test_a_parse_warning_does_not_stop_the_schema_and_the_rules() -> None:
    text = edits(("kommune: Albertslund Kommune", "kommune: !!str Albertslund Kommune"),
                 ("    telefon: \"4368 7422\"", "    telefon: !!int 4368 742"))
    assert codes(text) == ["BUD011", "KON002", "SCH010"]


def test_a_duplicate_key_does_not_stop_the_rules() -> None:
    text = edits(("    navn: Lene Clausen\n", "    navn: Lene Clausen\n    navn: Lene C.\n"),
                 ONE_KRONE)
    assert codes(text) == ["BUD002", "BUD011", "SCH007"]


def test_the_counts_are_the_real_counts() -> None:
    text = edits(MISSPELT_KEY, BAD_EMAIL, ONE_KRONE)
    found = diagnostics_of(text)
    summary = json.loads(render_json(found, EN))["summary"]
    assert (summary["fejl"], summary["advarsler"], summary["info"]) == (3, 0, 2)


def test_sections_of_the_wrong_kind_are_left_out_and_the_rest_is_checked() -> None:
    text = "pulje: bedre-ressourceforloeb\nidentifikation: [a]\nspor1: 3\n"
    loaded = load_text(text, NAME)
    assert loaded.partial is not None  # the other sections are empty, not wrong
    assert list(loaded.failed) == ["identifikation", "spor1"]
    found = check(loaded)
    assert {d.code for d in found} >= {"SCH006", "SCH011", "TXT001", "TXT003", "BUD010"}
    assert not [d for d in found if d.code.startswith("TXT") and d.path[0] in loaded.failed]


def test_when_no_section_loads_the_note_says_no_rule_could_run() -> None:
    loaded = load_text(edit(*MISSPELT_KEY), NAME)
    loaded.partial = None  # a schema whose sections depend on each other: nothing to check
    found = check(loaded)
    assert sorted(d.code for d in found) == ["SCH003", "SCH011"]
    [d] = [d for d in found if d.code == "SCH011"]
    assert EN.format(d.message, {}) == "Because of the errors above, no rule could check the file."


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch):
    """A rule with a fault (as a bug in pulje would be) registered next to the real ones."""

    def fault(ctx):
        raise ZeroDivisionError("a fault in pulje")

    rule = Rule(REGISTRY["TXT002"], fault)
    monkeypatch.setattr("pulje.checks.registry.RULES", [*RULES, rule])
    return rule


def test_a_rule_with_a_fault_is_a_finding_and_the_other_rules_still_run(broken_rule) -> None:
    text = edit(*BAD_EMAIL)
    found = check(load_text(text, NAME))
    assert sorted(d.code for d in found) == ["BUD011", "KON001", "SCH012"]
    [d] = [d for d in found if d.code == "SCH012"]
    assert d.severity.value == "fejl"
    assert d.location is not None and d.location.file == NAME
    shown = EN.format(d.message, dict(d.params))
    assert shown == "The rule TXT002 failed on this file (ZeroDivisionError)."
    assert "report it" in EN.format(d.hint, dict(d.params))


def test_the_example_has_no_note() -> None:
    assert codes(EXAMPLE_TEXT) == ["BUD011"]


def test_a_missing_section_is_not_a_failed_one() -> None:
    text = edit(block("maalgruppe:\n"), "")
    loaded = load_text(text, NAME)
    assert loaded.model is not None and loaded.failed == {}
