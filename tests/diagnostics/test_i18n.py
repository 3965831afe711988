"""Messages come out in Danish by default and in English with --lang en, from the one catalogue
that is package data (pulje/locale)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from pulje.diagnostics.i18n import LOCALE_DIR, Translator, translations

LANG_VARS = ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def test_a_message_renders_in_danish_by_default_and_in_english_with_lang_en() -> None:
    translations.cache_clear()
    msgid = "Unknown key '{key}'."
    assert Translator().format(msgid, {"key": "pulej"}) == "Ukendt nøgle 'pulej'."
    assert Translator("en").format(msgid, {"key": "pulej"}) == "Unknown key 'pulej'."
    assert Translator().ngettext("{n} warning", "{n} warnings", 2) == "{n} advarsler"


def test_the_catalogue_is_read_from_the_package() -> None:
    assert (LOCALE_DIR / "da" / "LC_MESSAGES" / "pulje.mo").is_file()
    assert Path(str(LOCALE_DIR)) == Path(__file__).resolve().parents[2] / "pulje" / "locale"


def test_validate_speaks_danish_by_default_and_english_with_lang_en(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli import main

    for var in LANG_VARS:
        monkeypatch.delenv(var, raising=False)
    answers = tmp_path / "ansoegning.yaml"
    answers.write_text("pulje: bedre-ressourceforloeb\npulej: x\n", encoding="utf-8")
    runner = CliRunner()

    danish = runner.invoke(main, ["validate", str(answers)])
    assert danish.exit_code == 1, danish.output
    assert "SCH003 fejl Ukendt nøgle 'pulej'." in danish.output
    assert "hint: Mente du 'pulje'?" in danish.output

    english = runner.invoke(main, ["--lang", "en", "validate", str(answers)])
    assert english.exit_code == 1, english.output
    assert "SCH003 error Unknown key 'pulej'." in english.output
    assert "hint: Did you mean 'pulje'?" in english.output


@pytest.mark.parametrize(("count", "unit", "text"), [
    (Decimal("24"), "måned", "24 måneder"), (Decimal("1"), "måned", "1 måned"),
    (Decimal("120"), "time", "120 timer"), (Decimal("4"), "kursusdag", "4 kursusdage"),
    (Decimal("2"), "dag", "2 dage"), (Decimal("3"), "uge", "3 uger"), (Decimal("2"), "år", "2 år"),
    (Decimal("5"), "stk.", "5 stk."), (Decimal("1.5"), "time", "1,5 timer"),
    (Decimal("2"), "opfølgningsdag", "2 opfølgningsdage"), (Decimal("2"), "Måned", "2 Måneder"),
    (Decimal("3"), "t/uge", "3 t/uge"), (Decimal("3"), "licens", "3 licens"),
    (Decimal("1000"), None, "1.000"),
])
def test_a_quantity_has_its_unit_in_plural_unless_it_is_one(count: Decimal, unit: str | None,
                                                             text: str) -> None:
    assert Translator("da").quantity(count, unit) == text
