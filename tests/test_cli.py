"""The command line as a user meets it: exit codes and whole outputs of validate and init
(``pulje pools``: tests/pools/test_listing.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from answer_edits import EXAMPLE, EXAMPLE_TEXT, ROOT, block, edits, templates_with
from click.testing import CliRunner, Result

from cli import main
from pulje.yamlsource import parse

ROUND = ROOT / "templates" / "bedre-ressourceforloeb" / "2016" / "runde.yaml"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No locale from the machine running the tests, and files named relative to tmp_path."""
    for var in ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "PULJE_TEMPLATES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def put(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


@pytest.fixture
def no_audit_tiers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool without audit tiers, so no BUD011 info: findings are fejl and advarsler."""
    source = ROUND.read_text(encoding="utf-8")
    templates_with(tmp_path, monkeypatch,
                   [(block("  revision_graenser:", source), "  revision_graenser: []\n")], "tpl")


ONE_KRONE = ("        2018: 540000.00", "        2018: 540001.00")
MISSPELT = ("kommune: Albertslund Kommune", "kommune: Albertslun Kommune")


def _line(text: str, needle: str) -> int:
    assert text.count(needle) == 1
    return text[: text.index(needle)].count("\n") + 1


# --- validate: exit codes and whole outputs (Danish, the default) ----------------------------


def test_validate_example_danish_whole_output() -> None:
    name = put("eksempel.yaml", EXAMPLE_TEXT)
    result = run("validate", name)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "eksempel.yaml:28:19: BUD011 info Et tilskud på 2.150.000,00 kr. kræver revision og "
        "forvaltningsrevision ved en registreret eller statsautoriseret revisor. Budgettet "
        "afsætter 25.000,00 kr. til revision (kategorien Revision).\n"
        "  hint: Se efter, at beløbet dækker revisors honorar for netop denne revision.\n"
        "Fandt 0 fejl, 0 advarsler og 1 bemærkning.\n"
    )


def test_validate_broken_file_danish_whole_output(no_audit_tiers: None) -> None:
    """One krone too much in one year, and a misspelt kommune: two findings, one per line."""
    text = edits(ONE_KRONE, MISSPELT)
    result = run("validate", put("brudt.yaml", text))
    assert result.exit_code == 1
    assert result.stderr == ""
    year = _line(text, "2017: 540000.00")
    assert result.stdout == (
        "brudt.yaml:20:12: KON003 advarsel 'Albertslun Kommune' er ikke en af Danmarks 98 "
        "kommuner.\n"
        "  hint: Mente du 'Albertslund Kommune'?\n"
        f"brudt.yaml:{year}:9: BUD002 fejl Fordelingen på år for 'Projektleder, 37 t/uge' giver "
        "i alt 1.080.001,00 kr., men linjens beløb er 1.080.000,00 kr. (forskel 1,00 kr.).\n"
        "  hint: Ret beløbene under 'fordeling', så de tilsammen giver linjens beløb.\n"
        "Fandt 1 fejl og 1 advarsel.\n"
    )


def test_validate_two_fejl_and_one_advarsel_danish_whole_output(no_audit_tiers: None) -> None:
    text = edits(ONE_KRONE, MISSPELT,
                 ("Lene.clausen@albertslund.dk", "lene.clausen@albertslund"))
    result = run("validate", put("brudt.yaml", text))
    assert result.exit_code == 1
    year = _line(text, "2017: 540000.00")
    assert result.stdout == (
        "brudt.yaml:20:12: KON003 advarsel 'Albertslun Kommune' er ikke en af Danmarks 98 "
        "kommuner.\n"
        "  hint: Mente du 'Albertslund Kommune'?\n"
        "brudt.yaml:25:12: KON001 fejl 'lene.clausen@albertslund' er ikke en gyldig "
        "e-mailadresse.\n"
        "  hint: Skriv den som navn@kommune.dk uden mellemrum.\n"
        f"brudt.yaml:{year}:9: BUD002 fejl Fordelingen på år for 'Projektleder, 37 t/uge' giver "
        "i alt 1.080.001,00 kr., men linjens beløb er 1.080.000,00 kr. (forskel 1,00 kr.).\n"
        "  hint: Ret beløbene under 'fordeling', så de tilsammen giver linjens beløb.\n"
        "Fandt 2 fejl og 1 advarsel.\n"
    )


def test_validate_clean_file_danish(no_audit_tiers: None) -> None:
    result = run("validate", put("a.yaml", EXAMPLE_TEXT))
    assert (result.exit_code, result.stdout) == (0, "Der er ikke fundet fejl eller advarsler.\n")


def test_missing_file_danish() -> None:
    result = run("validate", "findes-ikke.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "findes-ikke.yaml: Filen findes-ikke.yaml findes ikke.\n"
        "  hint: Kontrollér filnavnet og mappen.\n"
    )


def test_json_messages_are_danish_by_default() -> None:
    result = run("validate", "--format", "json", put("a.yaml", EXAMPLE_TEXT))
    body = json.loads(result.stdout)
    [row] = body["diagnostics"]
    assert row["message"].startswith("Et tilskud på 2.150.000,00 kr. kræver revision")
    assert row["hint"] == "Se efter, at beløbet dækker revisors honorar for netop denne revision."
    assert body["summary"]["text"] == "Fandt 0 fejl, 0 advarsler og 1 bemærkning."


# --- validate: exit codes and whole outputs (English) ----------------------------------------


def test_validate_example_english_whole_output() -> None:
    name = put("eksempel.yaml", EXAMPLE_TEXT)
    result = run("--lang", "en", "validate", name)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "eksempel.yaml:28:19: BUD011 info A grant of DKK 2,150,000.00 calls for audit and "
        "performance audit (forvaltningsrevision) by a registered or state-authorised auditor. "
        "The budget sets aside DKK 25,000.00 for audit (category Revision).\n"
        "  hint: Check that the amount covers the auditor's fee for this audit.\n"
        "Found 0 errors, 0 warnings and 1 note.\n"
    )


def test_validate_broken_file_english_whole_output(no_audit_tiers: None) -> None:
    text = edits(ONE_KRONE, MISSPELT)
    name = put("brudt.yaml", text)
    result = run("--lang", "en", "validate", name)
    assert result.exit_code == 1
    year = _line(text, "2017: 540000.00")
    assert result.stdout == (
        "brudt.yaml:20:12: KON003 warning 'Albertslun Kommune' is not one of Denmark's 98 "
        "municipalities.\n"
        "  hint: Did you mean 'Albertslund Kommune'?\n"
        f"brudt.yaml:{year}:9: BUD002 error The years of 'Projektleder, 37 t/uge' add up to "
        "DKK 1,080,001.00, but the line is DKK 1,080,000.00 (difference DKK 1.00).\n"
        "  hint: Correct the years under 'fordeling' so they add up to the line's amount.\n"
        "Found 1 error and 1 warning.\n"
    )


def test_validate_warnings_only_exits_0(no_audit_tiers: None) -> None:
    result = run("--lang", "en", "validate", put("a.yaml", edits(MISSPELT)))
    assert result.exit_code == 0
    assert result.stdout.endswith("Found 0 errors and 1 warning.\n")


def test_validate_clean_file_says_so(no_audit_tiers: None) -> None:
    result = run("--lang", "en", "validate", put("a.yaml", EXAMPLE_TEXT))
    assert (result.exit_code, result.stdout) == (0, "No errors or warnings found.\n")


def test_validate_json_has_every_field() -> None:
    text = edits(ONE_KRONE, MISSPELT)
    result = run("validate", "--format", "json", put("brudt.yaml", text))
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    rows = body["diagnostics"]
    assert [(r["file"], r["line"], r["col"], r["code"], r["severity"]) for r in rows] == [
        ("brudt.yaml", 20, 12, "KON003", "advarsel"),
        ("brudt.yaml", 28, 19, "BUD011", "info"),
        ("brudt.yaml", _line(text, "2017: 540000.00"), 9, "BUD002", "fejl"),
    ]
    for row in rows:
        assert isinstance(row["message"], str) and row["message"]
        assert isinstance(row["hint"], str) and row["hint"]
    assert "Albertslun Kommune" in rows[0]["message"]
    assert "Albertslund Kommune" in rows[0]["hint"]
    assert {k: body["summary"][k] for k in ("fejl", "advarsler", "info")} == {
        "fejl": 1, "advarsler": 1, "info": 1,
    }


def test_validate_json_english_messages() -> None:
    result = run("--lang", "en", "validate", "--format", "json", put("a.yaml", EXAMPLE_TEXT))
    [row] = json.loads(result.stdout)["diagnostics"]
    assert row["hint"] == "Check that the amount covers the auditor's fee for this audit."
    assert json.loads(result.stdout)["summary"]["text"] == "Found 0 errors, 0 warnings and 1 note."


def test_lang_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    result = run("validate", put("a.yaml", EXAMPLE_TEXT))
    assert result.stdout.endswith("Found 0 errors, 0 warnings and 1 note.\n")


def test_lang_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    result = run("--lang", "da", "validate", put("a.yaml", EXAMPLE_TEXT))
    assert result.stdout.endswith("Fandt 0 fejl, 0 advarsler og 1 bemærkning.\n")


def test_schema_error_exits_1_and_is_located() -> None:
    text = edits(("  hovedelementer: |", "  hovedelementr: |"))
    result = run("--lang", "en", "validate", put("a.yaml", text))
    assert result.exit_code == 1
    line = _line(text, "hovedelementr")
    amount = _line(text, "ansoegt_beloeb:")
    # The other sections are still checked (BUD011 on the amount); the section with the error
    # is named as not checked by the rules (SCH011 at its key, the line above).
    assert result.stdout == (
        f"a.yaml:{amount}:19: BUD011 info A grant of DKK 2,150,000.00 calls for audit and "
        "performance audit (forvaltningsrevision) by a registered or state-authorised auditor. "
        "The budget sets aside DKK 25,000.00 for audit (category Revision).\n"
        "  hint: Check that the amount covers the auditor's fee for this audit.\n"
        f"a.yaml:{line - 1}:1: SCH011 info Because of the errors in 'spor1' (Spor 1 - Fælles "
        "forberedelse af sagen), the rules did not check it.\n"
        "  hint: Correct the errors and run validate again to see its other findings.\n"
        f"a.yaml:{line}:3: SCH003 error Unknown key 'hovedelementr'.\n"
        "  hint: Did you mean 'hovedelementer'?\n"
        "Found 1 error, 0 warnings and 2 notes.\n"
    )


# --- validate: several files, unreadable files, usage errors ---------------------------------


def test_several_files_one_bad_exits_1_and_reports_both() -> None:
    good = put("god.yaml", EXAMPLE_TEXT)
    bad = put("brudt.yaml", edits(ONE_KRONE))
    result = run("--lang", "en", "validate", good, bad)
    assert result.exit_code == 1
    assert "god.yaml:28:19: BUD011 info" in result.stdout
    assert "brudt.yaml:28:19: BUD011 info" in result.stdout
    assert "BUD002 error" in result.stdout
    assert result.stdout.endswith("Found 1 error, 0 warnings and 2 notes.\n")


def test_missing_file_exits_2_and_the_others_are_still_reported() -> None:
    bad = put("brudt.yaml", edits(ONE_KRONE))
    result = run("--lang", "en", "validate", "findes-ikke.yaml", bad)
    assert result.exit_code == 2
    assert result.stderr == (
        "findes-ikke.yaml: The file findes-ikke.yaml does not exist.\n"
        "  hint: Check the name and the folder.\n"
    )
    assert "brudt.yaml" in result.stdout and "BUD002 error" in result.stdout
    assert result.stdout.endswith("Found 1 error, 0 warnings and 1 note.\n")


def test_folder_exits_2(tmp_path: Path) -> None:
    Path("mappe").mkdir()
    result = run("--lang", "en", "validate", "mappe")
    assert result.exit_code == 2
    assert result.stderr == (
        "mappe: mappe is a folder, not a file.\n  hint: Give the path of an answer file.\n"
    )


def test_only_unreadable_files_do_not_claim_no_errors() -> None:
    result = run("--lang", "en", "validate", "findes-ikke.yaml")
    assert result.exit_code == 2
    assert "No errors or warnings found." not in result.stdout


def test_not_utf8_file_exits_1_with_sch005() -> None:
    Path("latin1.yaml").write_bytes(
        "pulje: bedre-ressourceforloeb\nidentifikation:\n  kommune: Brøndby\n".encode("latin-1")
    )
    result = run("--lang", "en", "validate", "latin1.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "latin1.yaml:3:14: SCH005 error The file is not UTF-8 text (byte 0xF8 cannot be read).\n"
    )


@pytest.mark.parametrize(
    "args", [["validate"], ["validate", "--format", "xml", "a.yaml"], ["--lang", "fr", "pools"],
             ["nosuchcommand"]],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    put("a.yaml", EXAMPLE_TEXT)
    assert run(*args).exit_code == 2


def test_python_cli_py_works_too() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--lang", "en", "validate", str(EXAMPLE)],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith("Found 0 errors, 0 warnings and 1 note.\n")


# --- init ------------------------------------------------------------------------------------


def _questions(model, path=()):
    """(path, title) of every question and target table in a schema model, in form order."""
    from pydantic import BaseModel

    from schemas.introspect import field_extra

    for name, info in model.model_fields.items():
        here = (*path, name)
        meta = field_extra(info)
        if meta.get("question") or meta.get("table") or meta.get("unit"):
            yield here, info.title
        ann = info.annotation
        inner = [ann, *getattr(ann, "__args__", ())]
        for candidate in inner:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                yield from _questions(candidate, here)
                break


def _comment_above(lines: list[str], line_no: int) -> str:
    """The comment block just above 1-based line ``line_no``, joined into one text."""
    out: list[str] = []
    i = line_no - 2
    while i >= 0 and lines[i].lstrip().startswith("#"):
        out.insert(0, lines[i].lstrip()[1:].strip())
        i -= 1
    return " ".join(out)


def test_init_writes_every_question_as_a_comment_above_its_field() -> None:
    from pulje.pools import load_pool

    result = run("--lang", "en", "init", "bedre-ressourceforloeb", "-o", "ny.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Wrote ny.yaml. Fill in the answers and run: pulje validate ny.yaml\n"
    )
    text = Path("ny.yaml").read_text(encoding="utf-8")
    doc = parse(text, "ny.yaml")
    assert doc.diagnostics == []
    lines = text.splitlines()
    questions = list(_questions(load_pool("bedre-ressourceforloeb").runde().answer_model))
    assert len(questions) >= 20
    assert (("spor3", "koordinering") in dict(questions)) and (("spor2", "maaltal_uger") in dict(
        questions))
    for path, title in questions:
        assert path in doc.source.keys, f"{path} has no field in the starter file"
        line, _col = doc.source.keys[path]
        assert title in _comment_above(lines, line), (path, title)


def test_init_file_loads_without_schema_findings() -> None:
    from pulje.answers.loader import load_application
    from pulje.checks import check

    assert run("init", "bedre-ressourceforloeb", "-o", "ny.yaml").exit_code == 0
    loaded = load_application(Path("ny.yaml"))
    assert loaded.model is not None
    codes = {d.code for d in check(loaded)}
    assert not {c for c in codes if c.startswith("SCH")}
    # an empty form: unanswered questions, no budget lines, no plan
    assert {"TXT001", "BUD010", "TID003"} <= codes
    assert loaded.model.budget.udgifter == [] and loaded.model.budget.finansiering == []


def test_init_into_a_new_folder() -> None:
    assert run("init", "bedre-ressourceforloeb", "-o", "applications/ny.yaml").exit_code == 0
    assert Path("applications/ny.yaml").is_file()


def test_init_never_overwrites() -> None:
    Path("min.yaml").write_text("mine svar\n", encoding="utf-8")
    result = run("--lang", "en", "init", "bedre-ressourceforloeb", "-o", "min.yaml")
    assert result.exit_code == 2
    assert Path("min.yaml").read_text(encoding="utf-8") == "mine svar\n"
    assert "min.yaml" in result.stderr
    assert sorted(p.name for p in Path(".").iterdir()) == ["min.yaml"]  # no stray temp file


def test_init_unknown_pool_exits_2() -> None:
    result = run("--lang", "en", "init", "ingen-pulje", "-o", "ny.yaml")
    assert result.exit_code == 2
    count = len([p for p in (ROOT / "templates").iterdir() if (p / "pool.yaml").is_file()])
    assert result.stderr == (
        "There is no pool called 'ingen-pulje'.\n"
        f"  hint: Run 'pulje pools' to see the {count} pools.\n"
    )
    assert not Path("ny.yaml").exists()


def test_copy_of_example_keeps_relative_name(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, "x.yaml")
    result = run("validate", "x.yaml")
    assert result.stdout.startswith("x.yaml:28:19: BUD011 info ")


def test_init_danish_messages() -> None:
    result = run("init", "bedre-ressourceforloeb", "-o", "ny.yaml")
    assert result.stdout == (
        "ny.yaml er oprettet. Udfyld svarene, og kør derefter: pulje validate ny.yaml\n"
    )
    again = run("init", "bedre-ressourceforloeb", "-o", "ny.yaml")
    assert again.exit_code == 2
    assert again.stderr == (
        "ny.yaml findes allerede, og pulje overskriver ikke filer.\n"
        "  hint: Vælg et andet navn, eller flyt først den gamle fil et andet sted hen.\n"
    )


def test_usage_errors_speak_danish_and_english_with_lang_en() -> None:
    from click.testing import CliRunner as _Runner

    from cli import main as _main

    da = _Runner().invoke(_main, ["build"], prog_name="pulje")
    assert da.exit_code == 2
    assert "Fejl: Mangler argumentet 'ANSØGNING'." in da.output
    assert "Skriv 'pulje build --help' for at få hjælp." in da.output
    en = _Runner().invoke(_main, ["--lang", "en", "build"])
    assert en.exit_code == 2
    assert "Error: Missing argument 'APPLICATION'." in en.output
    helptext = _Runner().invoke(_main, ["validate", "--help"]).output
    assert helptext.startswith("Brug: ") and "Vis denne hjælp og afslut." in helptext

