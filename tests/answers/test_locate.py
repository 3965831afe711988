"""A finding about something the file lacks stands where it belongs: before the key that follows
it in the form, else under the last line of its section (blank lines and comments skipped)."""

from __future__ import annotations

from answer_edits import NAME, block, diagnostics_of, edit, pos


def where(text: str, code: str, path: tuple) -> tuple[int, int]:
    found = [d for d in diagnostics_of(text) if d.code == code and d.path[: len(path)] == path]
    assert found, [(d.code, d.path) for d in diagnostics_of(text)]
    loc = found[0].location
    assert loc is not None and loc.file == NAME
    return loc.line, loc.col


def test_a_missing_section_stands_before_the_next_section_of_the_form() -> None:
    text = edit(block("spor2:\n"), "")
    assert where(text, "TXT003", ("spor2",)) == pos(text, "spor3:\n")


def test_a_missing_last_section_stands_after_the_last_line_of_the_file() -> None:
    text = edit(block("budget:\n"), "")
    body = text.rstrip("\n").split("\n")
    last = max(i for i, line in enumerate(body, 1) if line.strip() and not line.startswith("#"))
    assert where(text, "TXT003", ("budget",)) == (last + 1, 1)


def test_a_missing_key_at_the_end_of_a_section_skips_blank_lines_and_comments() -> None:
    text = edit("    ansoegt: nej\n", "    ansoegt: ja\n\n    # mere senere\n")
    line, col = pos(text, "ansoegt: ja")
    assert where(text, "BUD008", ("oekonomi", "anden_finansiering", "beloeb")) == (line + 1, col)


def test_a_missing_key_in_an_empty_section_stands_at_the_section() -> None:
    text = edit(block("spor3:\n"), "spor3: {}\n")
    assert where(text, "TXT001", ("spor3",)) == pos(text, "{}")


def test_a_missing_month_stands_before_the_later_month() -> None:
    text = edit('      "2017-10": 20\n', "")
    assert where(text, "MAA004", ("spor3", "virksomhedsrettet")) == pos(text, '"2018-10": 30')


def test_a_missing_key_after_a_block_text_stands_under_the_text() -> None:
    text = edit(block("  koordinering: |"), "")
    # spor3 ends with 'match', a block text followed by blank lines: koordinering belongs
    # under its last line, not at the next section
    match_end = text.index("\norganisation:")
    last = text[:match_end].rstrip("\n").count("\n") + 1
    assert where(text, "TXT001", ("spor3", "koordinering")) == (last + 1, 3)
