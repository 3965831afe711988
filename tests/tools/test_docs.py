"""docs/rules.md documents every diagnostic code: a table row with its severity, summary and
source, so a user who meets a code can look it up."""

from __future__ import annotations

import importlib
import re

import pytest
from answer_edits import ROOT

from pulje.diagnostics.codes import REGISTRY, Code

RULES_MD = ROOT / "docs" / "rules.md"
SKIP = {".venv", "tests", "bench", "build", "outputs"}


def _code_modules() -> list[str]:
    """Every engine module that defines codes (calls ``define(``), found in the tree, so a new
    module with codes cannot slip past the docs."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in SKIP or rel.parts[0].startswith(".") or rel == rel.parent / "setup.py":
            continue
        if rel.as_posix() == "pulje/diagnostics/codes.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\w+ = define\(", text, re.MULTILINE):
            found.append(".".join(rel.with_suffix("").parts))
    return found


def _table() -> dict[str, dict[str, str]]:
    """docs/rules.md's code table: code → {column header: cell text}."""
    text = RULES_MD.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    split = [
        [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)[1:-1]]
        for row in rows
    ]
    header = split[0]
    body = [cells for cells in split[1:] if not set("".join(cells)) <= set("-: ")]
    return {cells[0]: dict(zip(header, cells, strict=True)) for cells in body}


def _check(codes: list[Code]) -> None:
    table = _table()
    missing = [c.code for c in codes if c.code not in table]
    assert not missing, f"codes without a row in docs/rules.md: {missing}"
    for c in codes:
        row = table[c.code]
        assert row["Kilde"] == c.source, c.code
        assert row["Alvor"] == c.severity.value, c.code
        assert row["Hvad"] == c.summary, c.code


def test_rules_md_exists() -> None:
    assert RULES_MD.is_file(), "docs/rules.md is missing: run python -m pulje.tools.docs"


def test_every_validate_code_is_in_the_rule_table_with_its_source() -> None:
    """The codes `pulje validate` can report: SCH (loader) and every registered rule."""
    importlib.import_module("pulje.answers.codes")
    checks = importlib.import_module("pulje.checks")
    codes = [c for c in REGISTRY.values() if c.code[:3] in {"SCH"}]
    codes += [r.code for r in checks.RULES]
    assert len(codes) >= 30
    _check(codes)


def test_every_registered_code_is_in_the_rule_table_with_its_source() -> None:
    modules = _code_modules()
    assert "pulje.checks.budget" in modules and "pulje.answers.codes" in modules
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # an optional dependency of another part is missing
            pytest.fail(f"{name} cannot be imported: {exc}")
    _check(list(REGISTRY.values()))


def test_rule_table_has_no_stale_codes() -> None:
    for name in _code_modules():
        importlib.import_module(name)
    stale = sorted(set(_table()) - set(REGISTRY))
    assert not stale, f"docs/rules.md lists codes that no longer exist: {stale}"
