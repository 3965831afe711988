"""``pulje diff A.yaml B.yaml``: two versions of Albertslund's application, the whole output
against a golden text beside this test (tests/answers/golden/), and the same as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from answer_edits import EXAMPLE, EXAMPLE_TEXT, edits
from click.testing import CliRunner, Result

from cli import main

GOLDEN = Path(__file__).parent / "golden"

#: The second version: a reworded text, a lower amount (the budget follows: one salary line
#: a month shorter, one line gone and one new in its place), a new target, a new phone number.
EDITS = (
    ("Projektet har flere formål:", "Projektet har tre hovedformål:"),
    ('  ansoegt_beloeb: "2.150.000,00"', '  ansoegt_beloeb: "2.112.000,00"'),
    ('      "2017-10": 20\n', '      "2017-10": 25\n'),
    ('    telefon: "4368 7422"', '    telefon: "4368 7400"'),
    ("      enheder: 21\n", "      enheder: 20\n"),
    ("        2018: 456000.00\n", "        2018: 418000.00\n"),
    ("""    - kategori: loen
      beskrivelse: Udarbejdelse og opfølgning af drejebog, udviklingskonsulent og \
koordinerende sagsbehandler
      enheder: 120
      enhed: time
      enhedspris: 325.00
""", """    - kategori: materialer
      beskrivelse: Pjecer og tegnefilm om rehabiliteringsteamet
      enheder: 120
      enhed: time
      enhedspris: 325.00
"""),
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    for var in ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "PULJE_TEMPLATES"):
        monkeypatch.delenv(var, raising=False)
    Path("v1.yaml").write_text(EXAMPLE_TEXT, encoding="utf-8")
    Path("v2.yaml").write_text(edits(*EDITS), encoding="utf-8")
    return "v1.yaml", "v2.yaml"


def test_the_validated_second_version_agrees_with_itself(versions: tuple[str, str]) -> None:
    result = run("validate", versions[1])
    assert result.exit_code == 0, result.output


def test_diff_danish_whole_output(versions: tuple[str, str]) -> None:
    result = run("diff", *versions)
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "diff-albertslund.txt").read_text(encoding="utf-8")


def test_diff_of_a_file_with_itself(versions: tuple[str, str]) -> None:
    assert run("diff", versions[0], versions[0]).stdout == (
        "Ændringer fra v1.yaml (runde 2016) til v1.yaml (runde 2016):\nIntet svar er ændret.\n")


def test_diff_json(versions: tuple[str, str]) -> None:
    data = json.loads(run("diff", *versions, "--format", "json").stdout)
    assert (data["fra"], data["til"]) == ({"fil": "v1.yaml", "runde": "2016"},
                                          {"fil": "v2.yaml", "runde": "2016"})
    by_path = {c["sti"]: c for c in data["svar"]}
    assert by_path["oekonomi.ansoegt_beloeb"] == {
        "sti": "oekonomi.ansoegt_beloeb", "overskrift": "Økonomi",
        "spoergsmaal": "Angiv det ansøgte beløb", "status": "value",
        "fra": "2150000.00", "til": "2112000.00", "ord": None, "foer_sti": None}
    assert by_path["formaal.forandringer"]["ord"][0].startswith(
        "Projektet har [-flere formål:-] {+tre hovedformål:+} ¶ 1. At borgeren oplever en")
    assert data["budget"]["i_alt"] == [
        {"noegle": "Expenses in all", "fra": "2150000.00", "til": "2112000.00"},
        {"noegle": "Grant needed", "fra": "2150000.00", "til": "2112000.00"},
    ]


def test_an_unreadable_file_is_exit_2(versions: tuple[str, str]) -> None:
    result = run("diff", versions[0], "findes-ikke.yaml")
    assert result.exit_code == 2 and "findes ikke" in result.stderr
    assert EXAMPLE.is_file()
