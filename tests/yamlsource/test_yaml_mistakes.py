"""A beginner's YAML mistakes get a Danish message that names the real cause, at the line the
user must change — never PyYAML's English text."""

from __future__ import annotations

import pytest
from answer_edits import EXAMPLE_TEXT, NAME, block, diagnostics_of, edit, pos

from pulje.diagnostics import Translator
from pulje.yamlsource.errors import PROBLEMS

DA = Translator("da")
UDARBEJDELSE = block("  udarbejdelse: |")


def yaml_findings(text: str) -> list:
    return [d for d in diagnostics_of(text) if d.code == "SCH001"]


def the_one(text: str):
    found = yaml_findings(text)
    assert len(found) == 1, [(d.message, d.location) for d in found]
    return found[0]


def danish(d) -> str:
    return DA.format(d.message, dict(d.params))


def where(d) -> tuple[int, int]:
    assert d.location is not None and d.location.file == NAME
    return d.location.line, d.location.col


MISTAKES = [
    pytest.param(
        UDARBEJDELSE, "  udarbejdelse: | Vi vil gøre det\n    og mere\n", "Vi vil gøre det",
        "Der må ikke stå tekst på samme linje som '|' eller '>'.", id="text-after-bar",
    ),
    pytest.param(
        UDARBEJDELSE, "  udarbejdelse: >Vi vil\n", "Vi vil",
        "Der må ikke stå tekst på samme linje som '|' eller '>'.", id="text-after-fold",
    ),
    pytest.param(
        UDARBEJDELSE, "  udarbejdelse: |\n  Vi vil gøre det.\n  Og mere.\n", "Vi vil gøre det.",
        "Teksten under 'udarbejdelse: |' skal rykkes længere ind end 'udarbejdelse'.",
        id="block-not-indented",
    ),
    pytest.param(
        UDARBEJDELSE, "  udarbejdelse: |\nVi vil gøre det.\n", "Vi vil gøre det.",
        "Teksten under 'udarbejdelse: |' skal rykkes længere ind end 'udarbejdelse'.",
        id="block-at-column-1",
    ),
    pytest.param(
        UDARBEJDELSE, "  udarbejdelse: |\n  Vi vil: gøre det.\n", "Vi vil: gøre det.",
        "Teksten under '|' skal rykkes længere ind end feltets navn.",
        id="block-not-indented-with-a-colon",  # YAML reads it as a key: no syntax error
    ),
    pytest.param(
        "kommune: Albertslund Kommune", 'kommune: "Albertslund Kommune', '"Albertslund',
        'Anførselstegnet ", der begynder her, bliver aldrig lukket.',
        id="double-quote-never-closed",  # YAML runs on to the next '"', lines further down
    ),
    pytest.param(
        "kommune: Albertslund Kommune", "kommune: 'Albertslund Kommune", "'Albertslund",
        "Anførselstegnet ', der begynder her, bliver aldrig lukket.", id="single-quote",
    ),
    pytest.param(
        "kommune: Albertslund Kommune", 'kommune: "Albertslund" Kommune', " Kommune\n",
        "Der står tekst efter det afsluttende anførselstegn.", id="text-after-the-quote",
    ),
    pytest.param(
        "  kommune: Albertslund Kommune", "\tkommune: Albertslund Kommune", "\tkommune",
        "Der må ikke stå et tabulatortegn her. Ryk ind med mellemrum.", id="tab-indent",
    ),
    pytest.param(
        "  kommune: Albertslund Kommune", "  kommune:Albertslund Kommune", "kommune:Albertslund",
        "Der mangler et mellemrum efter kolonet i 'kommune:Albertslund Kommune'.",
        id="no-space-after-colon",
    ),
    pytest.param(
        "pulje: bedre-ressourceforloeb", "pulje:bedre-ressourceforloeb", "pulje:bedre",
        "Der mangler et mellemrum efter kolonet i 'pulje:bedre-ressourceforloeb'.",
        id="no-space-after-colon-at-the-top",
    ),
    pytest.param(
        "kommune: Albertslund Kommune", "kommune: @Albertslund", "@Albertslund",
        "En værdi må ikke begynde med '@'.", id="reserved-first-character",
    ),
    pytest.param(
        "  kommune: Albertslund Kommune", "  kommune: A\n  " + "x" * 1100 + ": a", "x" * 1100,
        "Teksten før ':' er længere, end et navn må være (1.024 tegn).", id="key-too-long",
    ),
]


@pytest.mark.parametrize(("old", "new", "needle", "expected"), MISTAKES)
def test_a_beginners_mistake_is_named_in_danish_where_it_is(old, new, needle, expected) -> None:
    text = edit(old, new)
    d = the_one(text)
    assert d.severity.value == "fejl"
    assert danish(d) == expected
    line, col = where(d)
    assert line == pos(text, needle)[0]
    assert DA.format(d.hint, dict(d.params)) != d.hint  # the hint is Danish too


def test_the_unclosed_quote_is_reported_where_it_opens_not_where_yaml_gave_up() -> None:
    text = edit("kommune: Albertslund Kommune", 'kommune: "Albertslund Kommune')
    assert where(the_one(text)) == pos(text, '"Albertslund')


def test_a_missing_space_after_colon_inside_a_section_is_named_by_the_schema() -> None:
    """'kommune:Albertslund' alone in its section is valid YAML (a text): the schema, which
    wanted a section, says what is wrong."""
    text = edit(block("identifikation:\n"), "identifikation:\n  kommune:Albertslund\n")
    [d] = [d for d in diagnostics_of(text) if d.code == "SCH006"]
    assert danish(d) == "Der mangler et mellemrum efter kolonet i 'kommune:Albertslund'."


def test_a_missing_space_after_a_list_dash_is_named() -> None:
    text = edit("      - Udarbejdelse af drejebog\n", "      -Udarbejdelse af drejebog\n")
    [d] = [d for d in diagnostics_of(text) if d.code == "SCH006"]
    assert danish(d).startswith("Der mangler et mellemrum efter '-' i '-Udarbejdelse")


def test_times_and_web_addresses_are_not_taken_for_a_missing_space() -> None:
    text = edit("kommune: Albertslund Kommune", "kommune: Albertslund: Kommune 10:30")
    assert danish(the_one(text)) == (
        "Der må ikke stå et kolon her (en tekst, der indeholder ': ', skal stå i anførselstegn)."
    )


# Every YAML error the parser can give, provoked: none shows PyYAML's English.
PROVOKED = [
    "a: [1, 2\nb: 1\n", "a: {b: 1\nc: 2\n", "a: &\n", "a: *nope\n", "a: !e!x 1\n",
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "a: 1\n...\nb: 2\n", "a: |0\n  x\n",
    'a: "\\uZZZZ"\n', 'a: "\\q"\n', "a: b\n c: d\n", "- a\nb: c\n", "a:\n  - b\n  c: d\n",
    "a: 1\n---\nb: 2\n", "a: `x\n", "a: %x\n", "? [a]\n: b\n", "a: 'x\n", "[a, b]]\n",
    "a: \x85b\n", "a: b\n\t- c\n",
]


@pytest.mark.parametrize("text", PROVOKED)
def test_no_yaml_error_shows_pyyaml_english(text: str) -> None:
    found = [d for d in diagnostics_of(text) if d.code in ("SCH001", "SCH008", "SCH004")]
    assert found, text
    for d in found:
        shown = danish(d)
        assert shown != d.message, f"untranslated: {d.message!r}"
        for english in ("while scanning", "while parsing", "could not", "did not find",
                        "found ", "expected"):
            assert english not in shown, shown
        assert d.location is not None and d.location.line is not None


def test_every_problem_in_the_table_has_a_danish_message() -> None:
    for _problem, message in PROBLEMS:
        assert DA.gettext(message) != message, message


def test_the_example_itself_has_no_yaml_findings() -> None:
    assert yaml_findings(EXAMPLE_TEXT) == []
