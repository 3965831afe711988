"""Danish wording: a label joined to its value, a heading inside a sentence — never with two
marks of punctuation in a row."""

from __future__ import annotations

import pytest

from pulje.diagnostics.wording import bare, colon, labelled


@pytest.mark.parametrize(("label", "value", "text"), [
    ("Forventet antal deltagere i projektet på månedsbasis.", "4 → 6",
     "Forventet antal deltagere i projektet på månedsbasis: 4 → 6"),
    ("Sagsnr.", "330-2016-12345", "Sagsnr.: 330-2016-12345"),
    ("Fraværende:", "–", "Fraværende: –"),
    ("Hvem søger?", "Albertslund", "Hvem søger? Albertslund"),
    ("Telefon", "43 68 68 68", "Telefon: 43 68 68 68"),
])
def test_a_label_gets_one_colon_and_no_double_punctuation(label: str, value: str,
                                                          text: str) -> None:
    assert labelled(label, value) == text


def test_a_heading_inside_a_sentence_loses_its_closing_mark() -> None:
    assert bare("Beslutning i udvalget den 23. august 2016:") == \
        "Beslutning i udvalget den 23. august 2016"
    assert bare("Vurdering") == "Vurdering"
    assert bare("Prisen pr. stk.") == "Prisen pr. stk."
    assert colon("Vurdering:") == "Vurdering:" and colon("Dok.nr.") == "Dok.nr.:"


def test_a_long_text_is_shortened_at_a_word_with_an_ellipsis() -> None:
    from pulje.diagnostics.wording import shorten

    text = "Virksomhedskonsulent, fast tilknyttet projektet, 37 t/uge"
    assert shorten(text, 80) == text
    assert shorten(text, 34) == "Virksomhedskonsulent, fast…"
    assert shorten(text, 50) == "Virksomhedskonsulent, fast tilknyttet projektet…"
    assert shorten("netværkskortlægning", 10) == "netværksk…"
    assert len(shorten("a " * 100, 20)) <= 20
