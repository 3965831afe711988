"""The filled-in answer file (``answers.filled``): the starter's layout with the answers in it,
read back to exactly the answers written, with the same findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulje.answers.filled import filled_text, free_text_paths
from pulje.answers.loader import load_application, load_text
from pulje.answers.starter import starter_text
from pulje.checks import check
from pulje.pools import load_pool
from pulje.yamlsource import XML_ILLEGAL

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
POOL = load_pool("bedre-ressourceforloeb")
RUNDE = POOL.runde("2016")
CI = settings(max_examples=60, derandomize=True, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])


def _codes(text: str) -> list[tuple[str, tuple[Any, ...]]]:
    return sorted((d.code, tuple(d.path)) for d in check(load_text(text, "svar.yaml")))


def test_the_example_reads_back_to_the_same_answers_and_findings() -> None:
    loaded = load_application(EXAMPLE)
    text = filled_text(POOL, RUNDE, loaded.data, header=["Gemt af pulje web"])
    again = load_text(text, "svar.yaml")
    assert again.model == loaded.model
    assert _codes(text) == sorted((d.code, tuple(d.path)) for d in check(loaded))
    assert text.startswith("# Gemt af pulje web\npulje: bedre-ressourceforloeb\nrunde: \"2016\"")


def test_questions_stand_as_comments_above_their_answers() -> None:
    loaded = load_application(EXAMPLE)
    lines = filled_text(POOL, RUNDE, loaded.data).split("\n")
    at = lines.index('  ansoegt_beloeb: "2.150.000,00"')
    assert lines[at - 1] == "  # Angiv det ansøgte beløb"
    at = next(i for i, line in enumerate(lines) if line.startswith("    ansoegt:"))
    assert lines[at - 1].startswith("    # Er der ansøgt om tilskud til projektet")
    assert "# Projektets tidsplan: år → kvartal (1–4) → aktiviteter" in lines
    assert "# Spor 1 - Fælles forberedelse af sagen" in lines


def test_a_starter_s_answers_give_the_starter_s_findings() -> None:
    starter = starter_text(POOL, RUNDE)
    data = load_text(starter, "ny.yaml").data
    text = filled_text(POOL, RUNDE, data)
    assert _codes(text) == _codes(starter)
    assert "  kommune:\n" in text  # unanswered: empty, as pulje init writes it


def test_keys_the_form_does_not_know_are_kept() -> None:
    data = {"identifikation": {"projektnavn": "Job", "ukendt": 7}, "fremmed": {"a": 1}}
    text = filled_text(POOL, RUNDE, data)
    loaded = load_text(text, "svar.yaml")
    assert loaded.data["identifikation"]["ukendt"] == 7 and loaded.data["fremmed"] == {"a": 1}
    assert {"SCH003"} <= {d.code for d in check(loaded)}


def test_free_texts_are_blocks() -> None:
    paths = free_text_paths(RUNDE.form)
    assert ("spor1", "hovedelementer") in paths and ("oekonomi", "ansoegt_beloeb") not in paths
    text = filled_text(POOL, RUNDE, {"spor1": {"hovedelementer": "Første afsnit.\n\n- punkt"}})
    assert "  hovedelementer: |-\n    Første afsnit.\n\n    - punkt\n" in text


@CI
@given(st.text(min_size=0, max_size=200))
def test_any_text_reads_back_exactly(value: str) -> None:
    data = {"identifikation": {"projektnavn": value, "kommune": value}}
    loaded = load_text(filled_text(POOL, RUNDE, data), "svar.yaml")
    if XML_ILLEGAL.search(value):  # a character Word cannot hold: refused with a place
        assert {d.code for d in loaded.diagnostics} == {"SCH002"}
        return
    assert loaded.data["identifikation"]["projektnavn"] == value
    assert loaded.data["identifikation"]["kommune"] == value
