"""Bounded work: reading stops at the value, depth and alias budget, whatever follows.

The time and memory this saves are measured by bench/bench_bounds.py (not timed here)."""

from __future__ import annotations

from answer_edits import NAME

from pulje.diagnostics import Translator
from pulje.yamlsource import MAX_DEPTH, MAX_NODES, parse

EN = Translator("en")
HEAD = "pulje: bedre-ressourceforloeb\n"


def message(d) -> str:
    return EN.format(d.message, dict(d.params))


def test_reading_stops_at_the_value_budget_before_the_end_of_the_file() -> None:
    """A syntax error after the budget is never reached: the file was not read that far."""
    n = MAX_NODES + 10
    text = HEAD + "tidsplan:\n  2017:\n    1:\n" + "      - a\n" * n + "oops: [\n"
    doc = parse(text, NAME)
    assert doc.data is None
    [d] = doc.diagnostics
    assert d.code == "SCH001"
    assert message(d) == (
        "The file holds more than 100,000 values (or expands to more through aliases): far "
        "more than an application."
    )
    # the value on which the budget ran out: 9 values (keys count) come before the first
    # item, on line 5
    assert d.location.line == 5 + (MAX_NODES + 1 - 9) - 1


def test_a_flow_list_of_tiny_values_is_bounded_too() -> None:
    text = HEAD + "spor1: [" + "a," * (MAX_NODES + 5) + "a]\n"
    [d] = parse(text, NAME).diagnostics
    assert d.code == "SCH001" and "100,000 values" in message(d)
    assert d.location.line == 2


def test_nesting_stops_at_its_depth() -> None:
    text = HEAD + "spor1: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10) + "\n"
    [d] = parse(text, NAME).diagnostics
    assert d.code == "SCH001"
    assert message(d) == f"The file nests deeper than {MAX_DEPTH} levels."
    assert (d.location.line, d.location.col) == (2, 8 + MAX_DEPTH - 1)


def test_brackets_nested_beyond_the_parsers_own_limit_are_one_finding() -> None:
    text = HEAD + "spor1: " + "[" * 100_000 + "]" * 100_000 + "\n"
    [d] = parse(text, NAME).diagnostics
    assert d.code == "SCH001"
    assert message(d) == "The file nests far too deep (brackets or indentation)."


def test_block_nesting_stops_at_its_depth() -> None:
    text = HEAD + "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "x: 1\n"
    [d] = parse(text, NAME).diagnostics
    assert message(d) == f"The file nests deeper than {MAX_DEPTH} levels."


def test_an_alias_counts_what_it_expands_to() -> None:
    items = ", ".join(["x"] * 1000)
    text = HEAD + f"a: &a [{items}]\n" + "".join(f"b{i}: *a\n" for i in range(200))
    [d] = parse(text, NAME).diagnostics
    assert d.code == "SCH001" and "100,000 values" in message(d)


def test_an_alias_to_the_section_it_stands_in_is_refused() -> None:
    [d] = parse(HEAD + "identifikation: &a\n  ansvarlig: *a\n", NAME).diagnostics
    assert message(d) == "An alias (*a) refers to the section it stands in."
    assert (d.location.line, d.location.col) == (3, 14)


def test_a_file_just_under_the_budget_is_read_whole() -> None:
    n = MAX_NODES - 100
    text = HEAD + "tidsplan:\n  2017:\n    1:\n" + "      - a\n" * n
    doc = parse(text, NAME)
    assert doc.diagnostics == []
    assert len(doc.data["tidsplan"][2017][1]) == n
