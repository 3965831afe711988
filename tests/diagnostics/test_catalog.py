"""The message catalogue: every msgid in the code is translated, placeholders agree, the committed
.mo is up to date, and messages come out in Danish by default and in English with --lang en."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from click.testing import CliRunner

from pulje.diagnostics import catalog
from pulje.diagnostics.catalog import Problem, extract, mo_path, packages
from pulje.diagnostics.i18n import LANGUAGES, Translator, translations

LANG_VARS = ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def _listing(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


# --- the extractor sees every kind of call ---------------------------------------------------

def test_extractor_sees_n_gettext_format_ngettext_and_calls_inside_f_strings(
    tmp_path: Path,
) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "__init__.py").write_text(textwrap.dedent('''
        from pulje.diagnostics import N_
        A = N_("Marked with N_.")
        def show(tr, n, p):
            tr.gettext("Called as a method.")
            tr.format("Formatted {x}.", {"x": 1})
            tr.ngettext("{n} line", "{n} lines", n).format(n=n)
            "{a}".format(a=1)
            format(p, "f")
            return f"  {tr.gettext('Inside an f-string')}: {p.x}"
    '''), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(catalog, "ROOT", tmp_path)
        found = {m.id if isinstance(m.id, str) else tuple(m.id) for m in extract("demo") if m.id}
    assert found == {
        "Marked with N_.", "Called as a method.", "Formatted {x}.", ("{n} line", "{n} lines"),
        "Inside an f-string",
    }


def test_the_real_code_yields_the_method_calls_of_cli_and_pools() -> None:
    cli_and_diagnostics = {m.id for m in extract("diagnostics")}
    assert "Wrote {file}. Fill in the answers and run: pulje validate {file}" in (
        cli_and_diagnostics  # tr.format('…', …) in cli.py
    )
    pools = {m.id for m in extract("pools")}
    assert {"Finance account", "Page limit", "No pools found."} <= pools  # tr.gettext in f-strings


def test_check_reports_a_missing_translation_and_a_placeholder_mismatch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "demo" / "locale").mkdir(parents=True)
    (tmp_path / "demo" / "__init__.py").write_text(
        'from diagnostics import N_\nA = N_("Unknown key \'{key}\'.")\nB = N_("Not translated.")\n',
        encoding="utf-8",
    )
    (tmp_path / "demo" / "locale" / "da.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Unknown key \'{key}\'."\nmsgstr "Ukendt nøgle \'{nøgle}\'."\n',
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(catalog, "ROOT", tmp_path)
        assert catalog.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "'Not translated.'" in out
    assert "demo/locale/da.po" in out
    assert "mangler {key}" in out and "{nøgle}" in out


# --- (a) every msgid in the code has a Danish translation ------------------------------------

@pytest.fixture(scope="module")
def missing() -> list[Problem]:
    return catalog.missing()


@pytest.mark.parametrize("package", packages())
def test_every_msgid_in_the_code_has_a_danish_translation(
    package: str, missing: list[Problem]
) -> None:
    problems = [p for p in missing if Path(p.target).parts[-3] == package]
    assert not problems, (
        f"{len(problems)} msgid(s) in the code have no Danish translation in "
        f"{package}/locale/da.po (then run: python -m diagnostics.catalog):\n" + _listing(problems)
    )


def test_the_engine_packages_have_msgids() -> None:
    # Guards the test above against an extractor that silently finds nothing.
    counts = {p: len([m for m in extract(p) if m.id]) for p in
              ("answers", "checks", "pools", "atomicio", "diagnostics")}
    assert all(n >= 5 for n in counts.values()), counts


# --- (b) placeholders agree between msgid and msgstr -----------------------------------------

def test_placeholders_agree_between_msgid_and_msgstr() -> None:
    problems = catalog.mismatched()
    assert not problems, "Translations whose {placeholders} differ:\n" + _listing(problems)


def test_no_msgid_is_translated_differently_in_two_po_files() -> None:
    problems = catalog.conflicts()
    assert not problems, "The .mo keeps only one of these translations:\n" + _listing(problems)


def test_placeholders_are_compared_by_name_and_count() -> None:
    assert catalog.placeholders("{a} and {b} and {a}") == {"{a}": 2, "{b}": 1}
    assert catalog.placeholders("{x:>4}") == {"{x:>4}": 1}
    assert catalog.placeholders("no fields, {{literal}}") == {}


# --- (c) the committed .mo is a fresh compile of the .po files -------------------------------

def _messages(mo: bytes) -> dict[object, object]:
    parsed = read_mo(io.BytesIO(mo))
    out: dict[object, object] = {
        (m.id if isinstance(m.id, str) else tuple(m.id)):
        (m.string if isinstance(m.string, str) else tuple(m.string))
        for m in parsed if m.id
    }
    out["Plural-Forms"] = parsed.plural_forms
    return out


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if catalog.sources(lang)])
def test_the_committed_mo_equals_a_fresh_compile(lang: str) -> None:
    committed = mo_path(lang)
    assert committed.is_file(), f"{committed} is missing: run make catalogs"
    fresh, on_disk = _messages(catalog.compiled(lang)), _messages(committed.read_bytes())
    stale = sorted(str(k) for k in fresh.keys() ^ on_disk.keys())
    stale += sorted(str(k) for k in fresh.keys() & on_disk.keys() if fresh[k] != on_disk[k])
    assert not stale, (
        f"{committed.name} is out of date with the .po files; run make catalogs "
        f"(python -m diagnostics.catalog). Differs in:\n" + "\n".join(stale[:40])
    )


# --- (d) Danish by default, English with lang en ---------------------------------------------

def test_a_message_renders_in_danish_by_default_and_in_english_with_lang_en() -> None:
    translations.cache_clear()
    msgid = "Unknown key '{key}'."
    assert Translator().format(msgid, {"key": "pulej"}) == "Ukendt nøgle 'pulej'."
    assert Translator("en").format(msgid, {"key": "pulej"}) == "Unknown key 'pulej'."
    assert Translator().ngettext("{n} warning", "{n} warnings", 2) == "{n} advarsler"


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
