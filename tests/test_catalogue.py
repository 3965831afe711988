"""Every round of the catalogue, from data alone: ``init`` writes the round's starter, the
starter is filled with answers generated from the round's form (tests/fixtures/fill.py), and
the filled file validates without fejl or advarsler and builds (``--no-pdf``) the documents the
round lists. Then the PDF path (LibreOffice, pages counted) for one round of each shape."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import docx
import fill
import pytest
from click.testing import CliRunner, Result

from cli import main
from pulje.answers.answerfile import dump
from pulje.pools import Runde, all_pools, load_pool
from pulje.yamlsource import parse

ROUNDS = [(p.id, r.id) for p in all_pools() for r in p.runder]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "da", *args], catch_exceptions=False)


def _day_before(runde: Runde) -> list[str]:
    """``--dato`` a fortnight before the round's deadline (every round pulje knows lies in the
    past); none when the round gives no deadline."""
    if runde.frist is None:
        return []
    return ["--dato", (runde.frist.dato - timedelta(days=14)).isoformat()]


def _filled(pool_id: str, runde_id: str, work: Path) -> Path:
    """``pulje init`` for the round, then every question of the starter answered with the
    generated answers. The starter must ask every question the generated answers answer; the
    sections of spor not chosen are left out, as a person who deletes them would."""
    start = work / "start.yaml"
    started = run("init", pool_id, "--runde", runde_id, "-o", str(start))
    assert started.exit_code == 0, started.output
    starter = parse(start.read_text(encoding="utf-8"), str(start)).data
    assert (starter["pulje"], starter["runde"]) == (pool_id, runde_id)
    runde = load_pool(pool_id).runde(runde_id)
    generated = fill.answers(runde, pool_id)
    out: dict[str, Any] = {}
    for key, value in generated.items():
        assert key in starter, f"{pool_id} {runde_id}: init does not ask {key}"
        if isinstance(value, dict) and isinstance(starter[key], dict) and key != "tidsplan":
            missing = set(value) - set(starter[key])
            assert not missing, f"{pool_id} {runde_id}: init does not ask {key}.{missing}"
        out[key] = value
    filled = work / f"{pool_id}-{runde_id}.yaml"
    filled.write_text(dump(out), encoding="utf-8")
    return filled


@pytest.mark.parametrize(("pool_id", "runde_id"), ROUNDS, ids=[f"{p}-{r}" for p, r in ROUNDS])
def test_every_round_init_fill_validate_build(pool_id: str, runde_id: str,
                                              tmp_path: Path) -> None:
    runde = load_pool(pool_id).runde(runde_id)
    answers = _filled(pool_id, runde_id, tmp_path)
    validated = run("validate", str(answers), *_day_before(runde))
    assert validated.exit_code == 0, validated.output
    found = re.findall(r": ([A-Z]{3}\d{3}) (fejl|advarsel|info) ", validated.output)
    assert [f for f in found if f[1] != "info"] == [], validated.output
    out = tmp_path / "ud"
    built = run("build", str(answers), "-o", str(out), "--no-pdf")
    assert built.exit_code == 0, built.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["pulje"], report["runde"]) == (pool_id, runde_id)
    assert report["sidegraense"] == runde.sidegraense
    assert [d["id"] for d in report["dokumenter"]] == list(runde.dokumenter)
    assert report["beloeb"] == f"{fill.applied(runde):.2f}"
    assert sorted(report["filer"]) == sorted(p.name for p in out.iterdir() if p.suffix != ".json")
    shown = _body(out / f"{answers.stem}.docx")
    assert load_pool(pool_id).navn in shown or (runde.titel or "\0") in shown
    assert generated_name(answers) in shown  # the answers are in the form


def generated_name(answers: Path) -> str:
    return str(parse(answers.read_text(encoding="utf-8"), str(answers)).data["identifikation"][
        "projektnavn"]).strip()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(path: Path) -> str:
    """The text of the document's body (tables too), a paragraph a line."""
    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "applications").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_bundled_example_validates_clean_before_its_deadline(example: Path) -> None:
    """The examples of the three form shapes (README): no fejl and no advarsel, judged a
    fortnight before their round's deadline; a skeleton form says so as a note only."""
    data = parse(example.read_text(encoding="utf-8"), str(example)).data
    runde = load_pool(data["pulje"]).runde(data["runde"])
    validated = run("validate", str(example), *_day_before(runde))
    assert validated.exit_code == 0, validated.output
    found = re.findall(r": ([A-Z]{3}\d{3}) (fejl|advarsel|info) ", validated.output)
    assert [f for f in found if f[1] != "info"] == [], validated.output


def test_the_examples_are_of_three_shapes() -> None:
    shapes = set()
    for example in EXAMPLES:
        data = parse(example.read_text(encoding="utf-8"), str(example)).data
        runde = load_pool(data["pulje"]).runde(data["runde"])
        narrative = any(q.type == "tekst" and path[0] != "identifikation"
                        for q, path, _s in runde.form.walk())
        shapes.add(("skeleton" if runde.skeleton else "full",
                    bool(data["identifikation"].get("medansoegere")), narrative))
    assert {("full", False, True), ("skeleton", True, True), ("skeleton", False, False)} <= shapes
