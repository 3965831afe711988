"""Property tests over answer files: the example mutated at random (values, keys, types, YAML
scalars and tags, indentation, random text) never escapes with an exception; every finding has
its place in the file and a Danish message; the exit code agrees with the severities.

In CI: a bounded number of examples with a fixed seed (``derandomize``). The long runs are marked
slow:  pytest -m slow tests/answers/test_properties.py
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from answer_edits import EXAMPLE_TEXT, NAME
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from pulje.answers.loader import load_text
from pulje.checks import check
from pulje.diagnostics import Translator

DA = Translator("da")
EN = Translator("en")
LINES = EXAMPLE_TEXT.split("\n")
DATA = yaml.safe_load(EXAMPLE_TEXT)
_COMMON = {
    "deadline": None, "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
CI = settings(max_examples=40, derandomize=True, **_COMMON)
LONG = settings(max_examples=1500, **_COMMON)

HOSTILE = [
    "2017-02-30", "2017-01-01 25:00:00", "2017-01-01T10:00:00+99:00", "0000-01-01",
    "!!int abc", "!!timestamp x", "!!python/object:os.system x", "!!binary '@@'", "!!set {a}",
    "!foo x", "9" * 5000, "-" + "9" * 5000, "1.0e26", "1.0e+26", "1e999", "1.0e+999", ".inf",
    "-.inf", ".nan", "-1", "0", "-0.5", "~", "null", "yes", "no", "on", "[", "{", "]", "}",
    "&a", "*a", "*", "|", ">", "|0", "'", '"', "- x", "x: y", "x:y", "\t", "@x", "`x", "%x",
    "!x", "2017-10", "2017-13", "0x1F", "0b101", "017", "1_000", "1:20:30", "190:20:30.15",
    "1e-999999999", " ", "", "ø", "\u202e", "\u00a0", "{{ x }}", "<b>", "&amp;", "\\x01",
    '"\\x01"', '"\\uZZZZ"', "'a''b'", "[1, [2, [3]]]", "{a: {b: {c: 1}}}", "? a", "---",
    "...", "#", "a #b", "10000", "99999999999999999999", "-5", "1.005", "2.150.000,00",
    '"1e999999999"', '"-2.150.000,00 kr."', "  2017:", "ja", "nej", "JA",
]
KEYS = ["pulje", "runde", "identifikation", "oekonomi", "ansoegt_beloeb", "maal", "niveau",
        "2017-10", "2018-10", "2017", "2019", "0", "10000", "1", "5", "udgifter", "enheder",
        "enhedspris", "beloeb", "fordeling", "kategori", "spor1", "spor11", "budget",
        "tidsplan", "<<", "~", "?", "ø", "x y", "x" * 1100]

scalars = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.datetimes().map(str),
)


@st.composite
def text_mutations(draw: st.DrawFn) -> str:
    """The example's text with one to three line edits."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        how = draw(st.sampled_from(["value", "insert", "delete", "duplicate", "indent",
                                    "splice", "key"]))
        if how == "value" and ":" in line:
            lines[i] = line[: line.index(":") + 1] + " " + draw(scalars)
        elif how == "insert":
            indent = " " * draw(st.integers(0, 8))
            lines.insert(i, f"{indent}{draw(st.sampled_from(KEYS))}: {draw(scalars)}")
        elif how == "delete":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, line)
        elif how == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "   ", "\t", "  - "])) + line.lstrip(" ")
        elif how == "splice":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.text(max_size=8)) + line[at:]
        elif ":" in line:
            head = line[: len(line) - len(line.lstrip(" "))]
            lines[i] = head + draw(st.sampled_from(KEYS)) + line[line.index(":"):]
    return "\n".join(lines)


values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), scalars,
              st.decimals(allow_nan=False, allow_infinity=False).map(str)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.integers(-5, 10**6)), inner,
                        max_size=3),
    ),
    max_leaves=8,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


PATHS = [p for p in _paths(DATA) if p]


@st.composite
def data_mutations(draw: st.DrawFn) -> str:
    """The example's data with a value replaced, a key renamed or removed, as YAML."""
    data = yaml.safe_load(EXAMPLE_TEXT)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            how = draw(st.sampled_from(["replace", "rename", "remove"]))
            if how == "replace":
                parent[path[-1]] = draw(values)
            elif isinstance(parent, dict) and how == "rename":
                parent[draw(st.one_of(st.sampled_from(KEYS), st.integers(-5, 10**5)))] = (
                    parent.pop(path[-1])
                )
            elif isinstance(parent, dict):
                parent.pop(path[-1])
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced the path
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def assert_sound(text: str) -> None:
    """Findings only, each with its place and a Danish message; nothing raised."""
    loaded = load_text(text, NAME)
    for d in check(loaded):
        assert d.location is not None and d.location.file == NAME, d
        assert d.location.line is not None and d.location.line >= 1, d
        assert d.location.col is not None and d.location.col >= 1, d
        params = dict(d.params)
        shown = DA.format(d.message, params)
        assert DA.gettext(d.message) != d.message, f"untranslated msgid: {d.message!r}"
        assert shown and EN.format(d.message, params)
        if d.hint:
            assert DA.format(d.hint, params)


def assert_exit_agrees(text: str, folder: Path) -> None:
    path = folder / "svar.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(path)],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert result.stderr.strip()  # an unreadable file is named, with what to do
        return
    body = json.loads(result.stdout)
    fejl = [d for d in body["diagnostics"] if d["severity"] == "fejl"]
    assert result.exit_code == (1 if fejl else 0)
    assert body["summary"]["fejl"] == len(fejl)
    assert all(d["line"] and d["col"] for d in body["diagnostics"])


def _text_body(text: str) -> None:
    assert_sound(text)


def _cli_body(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert_exit_agrees(text, tmp_path_factory.mktemp("p"))


@CI
@given(text_mutations())
def test_mutated_text_gives_findings_not_exceptions(text: str) -> None:
    _text_body(text)


@CI
@given(data_mutations())
def test_mutated_data_gives_findings_not_exceptions(text: str) -> None:
    _text_body(text)


@CI
@given(st.text(max_size=300))
def test_any_text_gives_findings_not_exceptions(text: str) -> None:
    _text_body(text)


@settings(max_examples=15, derandomize=True, **_COMMON)
@given(text=st.one_of(text_mutations(), data_mutations()))
def test_the_exit_code_agrees_with_the_severities(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _cli_body(text, tmp_path_factory)


@pytest.mark.slow
@LONG
@given(st.one_of(text_mutations(), data_mutations(), st.text(max_size=2000)))
def test_long_run_findings_not_exceptions(text: str) -> None:
    _text_body(text)


@pytest.mark.slow
@settings(max_examples=300, **_COMMON)
@given(text=st.one_of(text_mutations(), data_mutations()))
def test_long_run_exit_codes(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    _cli_body(text, tmp_path_factory)


def test_the_strategies_reach_the_hostile_classes() -> None:
    """The mutations can write every class the issue names (so a green run means something)."""
    for needle in ("2017-02-30", "!!int abc", "9" * 5000, "1.0e+999", ".nan", "-1"):
        assert needle in HOSTILE
    assert Decimal("1e26") and any(k == "x" * 1100 for k in KEYS)
