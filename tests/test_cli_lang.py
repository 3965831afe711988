"""The command line in the run's language: every command's help in Danish and in English
(--lang, LANG, a fresh process), usage lines and errors, places on a page, and JSON whose
keys and machine values are the same in both languages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import click
import pytest
from answer_edits import EXAMPLE_TEXT, ROOT, edits
from click.testing import CliRunner
from test_cli import MISSPELT, ONE_KRONE, _plain_environment, put, run

from cli import main

__all__ = ["_plain_environment"]  # the autouse fixture: no locale from the machine


# --- help in the run's language ----------------------------------------------------------------

_DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")
_WORD = re.compile(r"[^\W\d_]+")


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """(path, command) of the group and every command and sub-group under it."""
    yield path, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _help_msgids() -> list[str]:
    """Every text of pulje's own that click shows in help: commands', options' and names."""
    from pulje.diagnostics.clickhelp import METAVARS

    out = list(METAVARS)
    for _path, command in _commands(main):
        out += [command.help or ""]
        for param in command.params:
            out += [getattr(param, "help", None) or "", param.metavar or ""]
    return sorted({m for m in out if m})


def _words(text: str) -> set[str]:
    text = re.sub(r"(?<!\w)--?[\w-]+", " ", text)  # option names are the same in both
    text = re.sub(r"\[[\w|-]+\]", " ", text)  # and so are the choices: [text|json], [a-kasse|…]
    return {w.lower() for w in _WORD.findall(text)}


def _only(lang: str) -> set[str]:
    """Words of pulje's help texts in ``lang`` that the other language's texts do not have
    (command names, the same in both, left out)."""
    from pulje.diagnostics import Translator

    da = Translator("da")
    danish = set().union(*(_words(da.gettext(m)) for m in _help_msgids()))
    english = set().union(*(_words(m) for m in _help_msgids()))
    names = {name for path, _ in _commands(main) for name in path}
    return (danish - english if lang == "da" else english - danish) - names


def _help(args: list[str], env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, args, env=env, prog_name="pulje")
    assert result.exit_code == 0, result.output
    return result.output


ALL_HELP = [list(path) for path, _ in _commands(main)]


def test_every_help_msgid_has_a_danish_translation() -> None:
    from pulje.tools.catalog import po_path, read

    catalog = read(po_path("da"), "da")
    msgids = _help_msgids()
    assert len(msgids) >= 40
    untranslated = [m for m in msgids if not (catalog.get(m) and catalog.get(m).string)]
    assert untranslated == []


@pytest.mark.parametrize("path", ALL_HELP, ids=lambda p: " ".join(p) or "pulje")
def test_help_is_english_with_lang_en_and_danish_by_default(path: list[str]) -> None:
    danish_only, english_only = _only("da"), _only("en")
    assert {"svarfil", "arkivmappen", "kun"} <= danish_only  # the sets are not empty
    assert {"answer", "folder", "only"} <= english_only
    for english in (_help(["--lang", "en", *path, "--help"]),
                    _help([*path, "--help"], env={"LANG": "en_US.UTF-8"}),
                    _help(["--help", "--lang", "en"]) if not path else ""):
        assert not _DANISH_LETTERS.search(english), english
        assert _words(english) & danish_only == set(), english
    danish = _help([*path, "--help"])
    assert danish.startswith("Brug: pulje")
    assert _words(danish) & english_only == set(), danish
    assert "Usage" not in danish and "Options" not in danish


def test_lang_en_reaches_usage_errors_of_every_level() -> None:
    en = CliRunner().invoke(main, ["--lang", "en", "archive", "show"], prog_name="pulje")
    assert en.exit_code == 2
    assert "Usage: pulje archive show [OPTIONS] ID" in en.output
    assert "Error: Missing argument 'ID'." in en.output
    da = CliRunner().invoke(main, ["init"], prog_name="pulje")
    assert "Brug: pulje init [TILVALG] PULJE" in da.output
    assert "Fejl: Mangler argumentet 'PULJE'." in da.output


def test_english_help_from_the_environment_in_a_fresh_process() -> None:
    """``LANG=en_US.UTF-8 pulje validate --help``: the language is read before click runs."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = "en_US.UTF-8"
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", "--help"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: cli.py validate [OPTIONS] FILE...")
    assert "Check answer files" in proc.stdout and not _DANISH_LETTERS.search(proc.stdout)


def test_a_page_is_a_side_in_danish_and_a_page_in_english() -> None:
    from pulje.diagnostics import Location, Translator

    where = Location("ansoegning.pdf", page=16)
    assert Translator("da").where(where) == "ansoegning.pdf:side 16"
    assert Translator("en").where(where) == "ansoegning.pdf:page 16"
    assert Translator("en").where(Location("a.yaml", line=3, col=2)) == "a.yaml:3:2"


# --- JSON: the same keys and machine values in both languages --------------------------------

_MACHINE = ("code", "severity", "status", "type")


def _shape(value, path: str = "") -> tuple[set[str], list[tuple[str, object]]]:
    """The key paths of a JSON document, and its machine values (codes, severities …)."""
    keys: set[str] = set()
    machine: list[tuple[str, object]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            keys.add(f"{path}.{key}")
            if key in _MACHINE:
                machine.append((f"{path}.{key}", item))
            sub_keys, sub_machine = _shape(item, f"{path}.{key}")
            keys |= sub_keys
            machine += sub_machine
    elif isinstance(value, list):
        for item in value:
            sub_keys, sub_machine = _shape(item, f"{path}[]")
            keys |= sub_keys
            machine += sub_machine
    return keys, machine


@pytest.mark.parametrize("args", [
    ["validate", "--format", "json", "a.yaml", "brudt.yaml"],
    ["check", "--format", "json", "."],
    ["pools", "--format", "json"],
    ["build", "--no-pdf", "--format", "json", "brudt.yaml", "-o", "ud-{lang}"],
    ["build", "--no-pdf", "--format", "json", "a.yaml", "-o", "ud-{lang}"],
], ids=["validate", "check", "pools", "build-refused", "build"])
def test_json_keys_and_codes_are_the_same_in_both_languages(args: list[str]) -> None:
    put("a.yaml", EXAMPLE_TEXT)
    put("brudt.yaml", edits(ONE_KRONE, MISSPELT))
    shapes = {}
    texts = {}
    for lang in ("da", "en"):
        result = run("--lang", lang, *[a.format(lang=lang) for a in args])
        body = json.loads(result.stdout)
        shapes[lang] = _shape(body)
        texts[lang] = json.dumps(body, ensure_ascii=False)
    assert shapes["da"] == shapes["en"]
    assert shapes["en"][0]
    if args[0] != "pools":  # findings: their messages follow the language
        assert texts["da"] != texts["en"]
        assert " fejl" not in texts["en"] and "kræver revision" not in texts["en"]
