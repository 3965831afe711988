"""Printing findings: names from a user's world (not UTF-8, newlines, right-to-left marks,
control characters) can neither fake a line nor break the JSON or a strict UTF-8 terminal; and
``validate`` of several files gives every file its line whatever the others contain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from answer_edits import EXAMPLE_TEXT, ROOT
from click.testing import CliRunner

from cli import main
from pulje.diagnostics import Location, Severity, Translator
from pulje.diagnostics.codes import Code
from pulje.diagnostics.errors import UnreadableInput
from pulje.diagnostics.report import (
    FileResult,
    dumps,
    error_text,
    format_one,
    render_files_json,
    render_files_text,
    render_json,
    render_text,
    shown,
)

DA, EN = Translator("da"), Translator("en")
TEST = Code("DOC001", Severity.FEJL, "test", "test")

NEWLINE = "ny\nlinje.yaml"
RTL = "rtl\u202eLMAY.pdf"  # shows as "rtlPDF.YAML" where the override is obeyed
NOT_UTF8 = os.fsdecode(b"bad\xff\xfe.yaml")  # a name on disk that is not UTF-8
CONTROL = "esc\x1b[31mrød.docx"
ODD = [NEWLINE, RTL, NOT_UTF8, CONTROL, "linje\u2028skift.pdf", "nul\u200bbredde.pdf"]


def test_shown_escapes_what_could_fake_a_line_or_break_a_terminal() -> None:
    assert shown(NEWLINE) == "ny\\nlinje.yaml"
    assert shown(RTL) == "rtl\\u202eLMAY.pdf"
    assert shown(NOT_UTF8) == "bad\\xff\\xfe.yaml"
    assert shown(CONTROL) == "esc\\x1b[31mrød.docx"
    assert shown("tab\tcr\rdel\x7fc1\x9b") == "tab\\tcr\\rdel\\x7fc1\\x9b"
    for name in ODD:
        out = shown(name)
        assert out.isprintable(), out
        out.encode("utf-8", "strict")


def test_shown_leaves_danish_and_other_printable_text_alone() -> None:
    for text in ("Ansøgning æøå ÆØÅ.docx", "Zürich – 2 000 kr.", "شعار.pdf", "日本語.pdf",
                 "emoji 🙂.pdf", "C:\\mappe\\fil.docx"):
        assert shown(text) == text


def test_every_invisible_or_control_character_is_escaped_and_nothing_else() -> None:
    """Every character of Unicode's Cc, Cf, Cs, Zl and Zp is escaped; nothing assigned to
    another category is (code points this Python's database leaves unassigned may be)."""
    wrong = []
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        escaped = shown(char) != char
        if (category in ("Cc", "Cf", "Cs", "Zl", "Zp") and not escaped) or (
            escaped and category not in ("Cc", "Cf", "Cs", "Zl", "Zp", "Cn")
        ):
            wrong.append(f"U+{code:04X} {category}")
    assert wrong == []


def _finding(file: str, **params: str) -> object:
    return TEST("{file} is damaged.", "Open {file} in Word.", file=file, **params).at(
        Location(file, section="Økonomi"))


def test_a_name_with_a_newline_cannot_fake_a_line_of_findings() -> None:
    findings = [_finding(name) for name in ODD]
    text = render_text(findings, DA)  # type: ignore[arg-type]
    # Each finding is its line and its hint's line, and the summary: nothing more.
    assert len(text.splitlines()) == 2 * len(ODD) + 1
    for line in text.splitlines():
        assert line.isprintable(), line
    one = format_one(findings[0], EN)  # type: ignore[arg-type]
    assert one.splitlines()[0].startswith("ny\\nlinje.yaml (Økonomi): DOC001 error")


def test_json_of_odd_names_is_valid_json_and_prints_under_strict_utf8() -> None:
    body = render_json([_finding(name) for name in ODD], DA)  # type: ignore[arg-type]
    body.encode("utf-8", "strict")
    assert body.isascii() or all(c.isprintable() or c in "\n" for c in body)
    files = [d["file"] for d in json.loads(body)["diagnostics"]]
    assert sorted(files) == sorted(shown(name) for name in ODD)


def test_dumps_keeps_values_and_escapes_invisible_characters() -> None:
    value = {"a": "rtl\u202e", "b": "Ærø\u00ad", "c": "tags\U000e0041", "d": ["x\x85y"]}
    text = dumps(value)
    assert "\u202e" not in text and "\\u202e" in text
    assert "\\udb40\\udc41" in text  # a character outside the BMP, as its UTF-16 pair
    assert "Ærø" in text  # Danish letters as they are
    assert json.loads(text) == value


def test_error_text_makes_a_file_name_safe() -> None:
    exc = UnreadableInput("The file {file} does not exist.", "Check {file}.", file=NEWLINE)
    assert error_text(exc, EN) == (
        "The file ny\\nlinje.yaml does not exist.\n  hint: Check ny\\nlinje.yaml."
    )


# --- several files ------------------------------------------------------------------------------


def test_several_files_each_get_a_line_in_the_order_given() -> None:
    bad = _finding("b.yaml")
    missing = UnreadableInput("The file {file} does not exist.", "", file="c.yaml")
    results = [FileResult("a.yaml"), FileResult("b.yaml", [bad]),  # type: ignore[list-item]
               FileResult("c.yaml", error=missing)]
    lines = render_files_text(results, EN).splitlines()
    assert lines[-4:] == [
        "a.yaml: ready (0 errors and 0 warnings)",
        "b.yaml: errors (1 error and 0 warnings)",
        "c.yaml: unreadable: The file c.yaml does not exist.",
        "Found 1 error and 0 warnings.",
    ]
    body = json.loads(render_files_json(results, DA))
    assert [(f["fil"], f["status"], f["status_text"]) for f in body["filer"]] == [
        ("a.yaml", "klar", "klar"), ("b.yaml", "fejl", "fejl"),
        ("c.yaml", "ulæselig", "ulæselig")]
    assert body["filer"][2]["besked"] == "Filen c.yaml findes ikke."


def test_one_file_prints_as_before_without_a_line_per_file() -> None:
    text = render_files_text([FileResult("a.yaml")], EN)
    assert text == "No errors or warnings found."


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "PULJE_TEMPLATES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validate_gives_every_file_its_line_whatever_the_others_hold(here: Path) -> None:
    (here / "god.yaml").write_text(EXAMPLE_TEXT, encoding="utf-8")
    (here / "latin1.yaml").write_bytes("pulje: x\nnavn: Brøndby\n".encode("latin-1"))
    (here / "mappe.yaml").mkdir()
    (here / "tom.yaml").write_text("", encoding="utf-8")
    args = ["god.yaml", "findes-ikke.yaml", "latin1.yaml", "mappe.yaml", "tom.yaml"]
    result = CliRunner().invoke(main, ["--lang", "en", "validate", *args],
                                catch_exceptions=False)
    assert result.exit_code == 2  # unreadable input
    lines = result.stdout.splitlines()
    table = lines[-6:-1]
    assert [line.split(":")[0] for line in table] == args
    assert [line.split(":")[1].split()[0] for line in table] == [
        "ready", "unreadable", "errors", "unreadable", "errors"]
    json_out = CliRunner().invoke(main, ["validate", "--format", "json", *args],
                                  catch_exceptions=False)
    body = json.loads(json_out.stdout)
    assert [f["fil"] for f in body["filer"]] == args


def _strict_run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("PULJE_LANG", None)
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd, env=env,
                          capture_output=True, timeout=120, check=False)


@pytest.mark.skipif(sys.platform == "win32", reason="names that are not UTF-8 are POSIX's")
def test_validate_odd_names_under_a_strict_utf8_terminal(tmp_path: Path) -> None:
    names = [os.fsencode(n) for n in (NEWLINE, RTL, CONTROL)] + [b"bad\xff\xfe.yaml"]
    for name in names:
        (tmp_path / os.fsdecode(name)).write_text(EXAMPLE_TEXT, encoding="utf-8")
    args = [os.fsdecode(n) for n in names] + [os.fsdecode(b"mangler\xff.yaml")]
    for fmt in ("text", "json"):
        proc = _strict_run(["validate", "--format", fmt, *args], tmp_path)
        assert proc.returncode == 2, proc.stderr.decode("utf-8", "replace")
        out = proc.stdout.decode("utf-8")  # strict: the output is UTF-8
        assert b"Traceback" not in proc.stderr
        if fmt == "json":
            body = json.loads(out)
            assert [f["fil"] for f in body["filer"]] == [shown(a) for a in args]
        else:
            table = out.splitlines()[-6:-1]
            assert [line.rsplit(": ", 1)[0].split(": ")[0] for line in table] == [
                shown(a) for a in args]
            assert "bad\\xff\\xfe.yaml:28:19: BUD011" in out
