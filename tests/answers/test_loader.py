"""Loading answer files: every kind of bad input is a diagnostic with file:line:col, never a
traceback; good input loads with its values unchanged."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from answer_edits import (
    EXAMPLE,
    EXAMPLE_TEXT,
    NAME,
    after,
    audit_info,
    block,
    diagnostics_of,
    edit,
    findings,
    mark,
    pos,
)

from pulje.answers.loader import load_application, load_text
from pulje.diagnostics import Translator
from pulje.diagnostics.errors import UnreadableInput
from pulje.diagnostics.report import format_one

EN = Translator("en")
HEAD = "pulje: bedre-ressourceforloeb\n"


def only(text: str, name: str = NAME):
    """The one diagnostic the text gives (fails if there are more or none), besides the notes
    that always come: BUD011 on the amount, SCH011 on a section the rules could not check."""
    found = [d for d in diagnostics_of(text, name) if d.code not in ("BUD011", "SCH011")]
    assert len(found) == 1, [format_one(d, EN) for d in found]
    return found[0]


def where(d) -> tuple[int, int]:
    assert d.location is not None and d.location.file == NAME
    return d.location.line, d.location.col


def message(d) -> str:
    return EN.format(d.message, dict(d.params))


def hint(d) -> str:
    return EN.format(d.hint, dict(d.params))


# --- malformed YAML --------------------------------------------------------------------------

MALFORMED = [
    pytest.param(
        HEAD + "identifikation:\n    kommune: A\n  ansvarlig: x\n", (4, 3),
        "The indentation does not match the lines above.", id="bad-indentation",
    ),
    pytest.param(
        HEAD + "identifikation:\n  kommune: A\n   navn: B\n", (4, 8), None,
        id="indented-one-too-far",
    ),
    pytest.param(HEAD + "identifikation:\n\tkommune: A\n", (3, 1), None, id="tab"),
    pytest.param(HEAD + "identifikation:\n  kommune: a: b\n", (3, 13), None, id="key-a-b"),
    pytest.param(HEAD + "identifikation:\n  kommune: *albertslund\n", (3, 12),
                 "An alias (*name) refers to no anchor.", id="undefined-alias"),
    pytest.param(HEAD + 'identifikation:\n  kommune: "Albert\\qslund"\n', (3, 19),
                 "Unknown escape sequence in a quoted text.", id="unknown-escape"),
    pytest.param(HEAD + "---\npulje: bedre-ressourceforloeb\n", (2, 1),
                 "The file holds more than one YAML document ('---').", id="two-documents"),
    pytest.param(HEAD + "spor1:\n  - a\n  b: c\n", (4, 3), None, id="list-then-key"),
    pytest.param(HEAD + "oekonomi: {ansoegt_beloeb: 1\n", (2, 11),
                 "A section in curly brackets is not closed.", id="unclosed-brace"),
]


@pytest.mark.parametrize(("text", "place", "expected"), MALFORMED)
def test_malformed_yaml_is_one_sch001_at_its_place(text, place, expected) -> None:
    d = only(text)
    assert (d.code, d.severity.value) == ("SCH001", "fejl")
    assert where(d) == place
    assert hint(d)  # every YAML finding says what to do
    if expected is not None:
        assert message(d) == expected


def test_unclosed_quote_is_sch001_not_a_traceback() -> None:
    text = HEAD + 'identifikation:\n  kommune: "Albertslund\n  projektnavn: Bedre\n'
    d = only(text)
    assert d.code == "SCH001"
    assert message(d) == 'The quote " opened here is never closed.'


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    text = HEAD + 'identifikation:\n  kommune: "Albertslund\n  projektnavn: Bedre\n'
    assert where(only(text)) == (3, 12)


def test_key_without_colon_points_at_the_key() -> None:
    d = only(HEAD + "identifikation:\n  kommune: A\nformaal\nspor1: {}\n")
    assert message(d) == "A key is missing its colon."
    assert where(d) == (4, 1)


def test_tab_gets_the_tab_message() -> None:
    d = only(HEAD + "identifikation:\n\tkommune: A\n")
    assert message(d) == "A tab character is not allowed here; YAML indents with spaces."


def test_key_a_b_gets_the_colon_message() -> None:
    d = only(HEAD + "identifikation:\n  kommune: a: b\n")
    assert message(d) == (
        "A colon is not allowed here (a text containing ': ' must be put in quotes)."
    )


def test_every_truncation_of_the_example_loads_without_a_traceback() -> None:
    """Cut the example after every 3rd line (a half-saved file): diagnostics, never an
    exception, and every diagnostic has a place inside the file."""
    lines = EXAMPLE_TEXT.splitlines(keepends=True)
    for n in range(0, len(lines), 3):
        text = "".join(lines[:n]) + lines[n][: len(lines[n]) // 2] if n < len(lines) else ""
        for d in diagnostics_of(text):
            assert d.location is not None and d.location.line is not None, (n, d)
            # at most one past the last line: "the file ends in the middle of a value"
            assert 1 <= d.location.line <= text.count("\n") + 2, (n, d)
            assert d.location.col is not None and d.location.col >= 1, (n, d)


# --- wrong types and values ------------------------------------------------------------------

WRONG = [
    pytest.param("    pr_maaned: 4\n    i_alt: 96\n  tilkendes",
                 "    pr_maaned: fire\n    i_alt: 96\n  tilkendes", "pr_maaned: »fire",
                 "'fire' is not a whole number.", id="text-for-number"),
    pytest.param("    ansoegt: nej", "    ansoegt: maybe", "ansoegt: »maybe",
                 "'maybe' is not yes or no; write ja or nej.", id="maybe-for-ja-nej"),
    pytest.param("    ansoegt: nej", "    ansoegt: [ja]", "ansoegt: »[ja]",
                 "This must be ja or nej.", id="list-for-ja-nej"),
    pytest.param(block("formaal:\n"), "formaal:\n  - Bedre forløb\n", "formaal:\n  »- Bedre",
                 "This must be a section of 'name: value' lines.", id="list-for-section"),
    pytest.param(block("formaal:\n"), "formaal: Bedre forløb\n", "formaal: »Bedre",
                 "This must be a section of 'name: value' lines.", id="text-for-section"),
    pytest.param('ansoegt_beloeb: "2.150.000,00"', "ansoegt_beloeb: mange penge",
                 "ansoegt_beloeb: »mange",
                 "'mange penge' is not an amount; write e.g. 2150000 or \"2.150.000,00\".",
                 id="text-for-money"),
    pytest.param('ansoegt_beloeb: "2.150.000,00"', "ansoegt_beloeb: 2150000.001",
                 "ansoegt_beloeb: »2150000.001",
                 "An amount can have at most two decimals (whole øre).",
                 id="money-three-decimals"),
    pytest.param('ansoegt_beloeb: "2.150.000,00"', 'ansoegt_beloeb: "2.150.000,001"',
                 'ansoegt_beloeb: »"2.150.000,001"',
                 "An amount can have at most two decimals (whole øre).",
                 id="danish-money-three-decimals"),
    pytest.param('ansoegt_beloeb: "2.150.000,00"', "ansoegt_beloeb: .nan",
                 "ansoegt_beloeb: ».nan",
                 "'.nan' is not an amount; write e.g. 2150000 or \"2.150.000,00\".",
                 id="nan-money"),
    pytest.param("      enheder: 24\n", "      enheder: mange\n", "enheder: »mange",
                 "'mange' is not a number.", id="text-for-units"),
    pytest.param("      antal: 9\n", "      antal: -9\n", "antal: »-9",
                 "The value must be at least 0.", id="negative-count"),
    pytest.param('      "2018-10": 30\n', '      "2018-10": tredive\n', '"2018-10": »tredive',
                 "'tredive' is not a percentage; write e.g. 20 or \"20 %\".", id="text-percent"),
    pytest.param('      "2018-10": 30\n', '      "2018-13": 30\n', '»"2018-13": 30',
                 "'2018-13' is not a month; write it as YYYY-MM, e.g. 2017-10.",
                 id="bad-month"),
    pytest.param("email: Lene.clausen@albertslund.dk", "email: 12", "email: »12",
                 "This must be a text.", id="number-for-text"),
    pytest.param("    - kategori: revision", "    - kategori: revisor", "kategori: »revisor",
                 "'revisor' is not allowed for budget.udgifter[10].kategori; allowed: loen, "
                 "konsulenter, materialer, transport, husleje, administration, "
                 "projektevaluering, revision, udstyr or oevrige.", id="unknown-category"),
]


@pytest.mark.parametrize(("old", "new", "value", "expected"), WRONG)
def test_wrong_type_is_one_sch006_at_the_value(old, new, value, expected) -> None:
    text = edit(old, new)
    d = only(text)
    assert (d.code, d.severity.value) == ("SCH006", "fejl")
    assert where(d) == mark(text, value)
    assert message(d) == expected


MONEY = [
    ('"2.150.000,00 kr."', Decimal("2150000.00")),
    ("2.150.000,00 kr.", Decimal("2150000.00")),
    ("2150000", Decimal("2150000.00")),
    ("2150000.00", Decimal("2150000.00")),
    ('"2150000,5"', Decimal("2150000.50")),
    ('"2 150 000 kr"', Decimal("2150000.00")),
]


@pytest.mark.parametrize(("written", "amount"), MONEY)
def test_money_as_danes_write_it(written: str, amount: Decimal) -> None:
    text = edit('ansoegt_beloeb: "2.150.000,00"', f"ansoegt_beloeb: {written}")
    loaded = load_text(text, NAME)
    assert loaded.diagnostics == []
    assert loaded.model.oekonomi.ansoegt_beloeb == amount
    if amount == Decimal("2150000"):
        assert findings(text) == [audit_info(text)]


def test_floats_are_exact_decimals() -> None:
    """3.54 kr./km × 2250 km must be exactly 7965.00, not a binary float."""
    loaded = load_text(EXAMPLE_TEXT, NAME)
    line = loaded.model.budget.udgifter[8]
    assert line.enhedspris == Decimal("3.54")
    assert line.beregnet == Decimal("7965.00")


# --- the pool, keys, required answers --------------------------------------------------------


def test_missing_pulje_line() -> None:
    text = edit(HEAD, "")
    d = only(text)
    assert (d.code, where(d)) == ("SCH004", pos(text, 'runde: "2016"'))
    assert message(d) == "The file does not say which pool it applies to."
    assert hint(d) == "Add a line 'pulje: <pool>' at the top (see 'pulje pools')."


def test_unknown_pool() -> None:
    text = edit(HEAD, "pulje: bedre-ressourceforloebet\n")
    d = only(text)
    assert (d.code, where(d)) == ("SCH009", after(text, "pulje: "))
    assert message(d) == "There is no pool called 'bedre-ressourceforloebet'."
    assert hint(d) == "Did you mean 'bedre-ressourceforloeb'? 'pulje pools' lists the pools."


def test_pool_id_cannot_walk_out_of_templates() -> None:
    text = edit(HEAD, "pulje: ../templates/bedre-ressourceforloeb\n")
    assert only(text).code == "SCH009"


def test_unknown_round() -> None:
    text = edit('runde: "2016"', 'runde: "2099"')
    d = only(text)
    assert (d.code, where(d)) == ("SCH009", after(text, "runde: "))
    assert message(d) == "The pool bedre-ressourceforloeb has no round '2099' (it has: 2016)."


def test_round_left_out_means_the_newest() -> None:
    text = edit('runde: "2016"\n', "")
    assert findings(text) == [audit_info(text)]


def test_round_written_as_a_number() -> None:
    text = edit('runde: "2016"', "runde: 2016")
    assert findings(text) == [audit_info(text)]


def test_misspelt_key_suggests_the_right_one() -> None:
    text = edit("  hovedelementer: |", "  hovedelementr: |")
    d = only(text)
    assert (d.code, d.severity.value) == ("SCH003", "fejl")
    assert where(d) == pos(text, "hovedelementr")
    assert message(d) == "Unknown key 'hovedelementr'."
    assert hint(d) == "Did you mean 'hovedelementer'?"


def test_misspelt_key_in_a_budget_line_suggests_the_right_one() -> None:
    text = edit("      enheder: 24\n", "      enheder: 24\n      beloebb: 1080000\n")
    d = only(text)
    assert (d.code, where(d)) == ("SCH003", pos(text, "beloebb"))
    assert hint(d) == "Did you mean 'beloeb'?"


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    text = edit("spor1:\n", "spor1:\n  zzz: 1\n")
    d = only(text)
    assert (d.code, where(d)) == ("SCH003", pos(text, "zzz"))
    assert hint(d) == "Allowed here: hovedelementer, udarbejdelse, implementering, tidsplan."


def test_missing_required_field_of_a_budget_line() -> None:
    text = edit("      beskrivelse: Projektleder, 37 t/uge\n", "")
    d = only(text)
    assert (d.code, d.severity.value) == ("SCH004", "fejl")
    assert where(d) == mark(text, "    - »kategori: loen\n      enheder: 24")  # the line
    assert message(d) == "'budget.udgifter[0].beskrivelse' is missing."


def test_budget_line_without_an_amount() -> None:
    text = edit("      enhedspris: 45000.00\n", "")
    d = only(text)
    assert d.code == "SCH006"
    assert message(d) == (
        "A budget line needs an amount ('beloeb') or units and unit price "
        "('enheder' and 'enhedspris')."
    )


def test_duplicate_key() -> None:
    text = edit("    navn: Lene Clausen\n", "    navn: Lene Clausen\n    navn: Lene C.\n")
    d = only(text)
    assert (d.code, d.severity.value) == ("SCH007", "fejl")
    assert where(d) == pos(text, "navn: Lene C.")
    first = pos(text, "navn: Lene Clausen")[0]
    assert message(d) == f"The key 'navn' appears twice (first on line {first})."


# --- encodings and characters ----------------------------------------------------------------


def test_latin1_file_is_sch005_at_the_first_bad_byte(write) -> None:
    raw = "pulje: bedre-ressourceforloeb\nidentifikation:\n  projektnavn: Bedre forløb\n"
    path = write(raw.encode("latin-1"), NAME)
    loaded = load_application(path, display_name=NAME)
    [d] = loaded.diagnostics
    assert (d.code, d.severity.value, where(d)) == ("SCH005", "fejl", (3, 26))
    assert message(d) == "The file is not UTF-8 text (byte 0xF8 cannot be read)."


def test_latin1_column_counts_characters_not_bytes(write) -> None:
    """UTF-8 'æø' before the bad byte are two characters, not four bytes."""
    raw = b"pulje: bedre-ressourceforloeb\nidentifikation:\n  projektnavn: \xc3\xa6\xc3\xb8 \xf8\n"
    loaded = load_application(write(raw), display_name=NAME)
    [d] = loaded.diagnostics
    assert (d.code, where(d)) == ("SCH005", (3, 19))


def test_utf8_bom_and_windows_line_ends_are_fine(write) -> None:
    raw = b"\xef\xbb\xbf" + EXAMPLE_TEXT.replace("\n", "\r\n").encode("utf-8")
    loaded = load_application(write(raw), display_name=NAME)
    assert loaded.diagnostics == []
    assert loaded.model.identifikation.kommune == "Albertslund Kommune"
    assert "\r" not in loaded.model.spor1.implementering


def test_raw_control_character() -> None:
    text = edit("kommune: Albertslund Kommune", "kommune: Albert\x01slund Kommune")
    d = only(text)
    assert (d.code, d.severity.value) == ("SCH002", "fejl")
    line, col = pos(text, "kommune: Albert")
    assert where(d) == (line, col + len("kommune: Albert"))
    assert message(d) == "The character U+0001 cannot be part of a Word document."


def test_escaped_control_character_in_a_quoted_text() -> None:
    text = edit("kommune: Albertslund Kommune", 'kommune: "Albert\\x01slund Kommune"')
    d = only(text)
    assert (d.code, where(d)) == ("SCH002", after(text, "kommune: "))


def test_tab_inside_a_text_is_allowed() -> None:
    text = edit("kommune: Albertslund Kommune", 'kommune: "Albertslund\\tKommune"')
    assert [f for f in findings(text) if f[0].startswith("SCH")] == []


def test_empty_file() -> None:
    d = only("")
    assert (d.code, where(d)) == ("SCH008", (1, 1))
    assert message(d) == "The file is empty."


def test_file_of_only_comments_is_empty() -> None:
    assert only("# intet her\n\n").code == "SCH008"


@pytest.mark.parametrize("text", ["- a\n- b\n", "Albertslund\n", "42\n"])
def test_file_that_is_not_a_mapping(text: str) -> None:
    d = only(text)
    assert (d.code, where(d)) == ("SCH008", (1, 1))
    assert message(d) == (
        "The file is not an answer file: it must consist of 'name: value' lines."
    )


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_billion_laughs_stops_quickly() -> None:
    started = time.perf_counter()
    d = only(HEAD + BOMB)
    assert time.perf_counter() - started < 3.0
    assert d.code == "SCH001"
    assert message(d) == (
        "The file holds more than 100,000 values (or expands to more through aliases): far "
        "more than an application."
    )


def test_recursive_alias() -> None:
    d = only(HEAD + "identifikation: &a\n  ansvarlig: *a\n")
    assert d.code == "SCH001"
    assert d.location is not None and d.location.line is not None


def test_template_syntax_and_markup_load_unchanged() -> None:
    answer = "Vi skriver {{ 7*7 }} & <b>fed</b> {% if x %}, ${HOME} og 50 % < 60 %."
    text = edit(block("  udarbejdelse: |"), f"  udarbejdelse: |\n    {answer}\n")
    text = edit("kommune: Albertslund Kommune", 'kommune: "{{ 7*7 }} & <Albertslund>"', text)
    loaded = load_text(text, NAME)
    assert loaded.diagnostics == []
    assert loaded.model.spor1.udarbejdelse == answer
    assert loaded.model.identifikation.kommune == "{{ 7*7 }} & <Albertslund>"


def test_text_answers_keep_paragraphs_and_bullets() -> None:
    loaded = load_text(EXAMPLE_TEXT, NAME)
    role = loaded.model.organisation.projektleder_rolle
    assert role.startswith("Projektleders roller i projektet er:\n- sikre og understøtte")
    assert "\n\nProjektlederens rolle i styregruppen:\n- " in role


# --- files that cannot be read ---------------------------------------------------------------


def test_missing_file_raises_unreadable_input(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput) as info:
        load_application(tmp_path / "findes-ikke.yaml")
    assert info.value.exit_code == 2
    assert "findes-ikke.yaml" in info.value.text(EN)


def test_folder_raises_unreadable_input(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput) as info:
        load_application(tmp_path)
    assert info.value.text(EN).startswith(f"{tmp_path} is a folder, not a file.")


def test_example_file_loads_with_a_model() -> None:
    loaded = load_application(EXAMPLE)
    assert loaded.diagnostics == []
    assert loaded.model is not None and loaded.pool is not None and loaded.runde is not None
    assert loaded.runde.id == "2016"
