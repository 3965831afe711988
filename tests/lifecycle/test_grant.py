"""``pulje grant`` with a lower amount, as the project office reads it: the lines that change and
how the revised budget was made, in Danish and — with ``--lang en`` — in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from after_support import EXAMPLE, write_profile
from click.testing import CliRunner

from cli import main


@pytest.fixture(autouse=True)
def _office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_ARKIV", str(tmp_path / "arkiv"))
    monkeypatch.setenv("PULJE_PROFIL", str(write_profile(tmp_path)))
    monkeypatch.delenv("PULJE_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(("lang", "expected", "foreign"), [
    ("da", ["Disse 9 budgetlinjer skal ændres:", "hele enheder",
            "enhedsprisen sænket, så summen passer præcist"], "whole units"),
    ("en", ["These 9 budget line(s) must change:", "whole units",
            "the unit price lowered to fit, so the sum is exact"], "hele enheder"),
])
def test_a_lower_grant_says_how_the_revised_budget_was_made_in_the_users_language(
        tmp_path: Path, lang: str, expected: list[str], foreign: str) -> None:
    result = CliRunner().invoke(main, [
        "--lang", lang, "grant", str(EXAMPLE), "--amount", "1800000", "--date", "2016-12-01",
        "--no-pdf", "-o", str(tmp_path / "tilsagn")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for words in expected:
        assert words in text, words
    assert foreign not in text
    assert (tmp_path / "tilsagn" / "albertslund-bedre-ressourceforloeb-revideret-budget.xlsx"
            ).is_file()
