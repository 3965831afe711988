"""Danish formatting (babel) and the answer structure of the template's Jinja filters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from jinja2 import UndefinedError

from pulje.documents.filters import (
    afsnit,
    aktiviteter,
    antal,
    dato,
    hent,
    iso_maaned,
    janej,
    join_blocks,
    kr,
    kvartal,
    liste,
    maaned,
    maanedsnavn,
    pct,
    raekker,
    uger,
    xml_safe,
)
from pulje.documents.form import make_environment
from schemas.types import Quarter


def test_danish_formats() -> None:
    assert kr(Decimal("2150000")) == "2.150.000,00 kr."
    assert kr(Decimal("3.54")) == "3,54 kr."
    assert pct(Decimal("20")) == "20 %"
    assert pct(Decimal("2.5")) == "2,5 %"
    assert dato(date(2017, 10, 1)) == "1. oktober 2017"
    assert maaned(date(2017, 10, 1)) == "oktober 2017"
    assert maanedsnavn(date(2016, 8, 1)) == "august"
    assert iso_maaned(date(2017, 10, 1)) == "2017-10"
    assert kvartal(Quarter(2017, 1)) == "1. kvt. 2017"
    assert kvartal(3, 2018) == "3. kvt. 2018"
    assert uger(4) == "4 uger" and uger(1) == "1 uge"
    assert antal(1200) == "1.200"
    assert janej(True) == "ja" and janej(False) == "nej"
    assert liste(["cwh@star.dk", "ibh@star.dk"]) == "cwh@star.dk og ibh@star.dk"
    assert liste(["a", "b", "c"]) == "a, b og c"


def test_none_is_an_empty_answer() -> None:
    for f in (kr, pct, dato, maaned, uger, antal, janej, liste):
        assert f(None) == ""
    assert hent(None, date(2017, 10, 1)) is None
    assert aktiviteter(None, 2017, 1) == []
    assert raekker([], "funktion", "antal") == [{"funktion": None, "antal": None}]


def test_lookups_leave_out_what_the_user_left_out() -> None:
    assert hent({date(2017, 10, 1): 20}, date(2018, 10, 1)) is None
    assert aktiviteter({2017: {1: ["a"]}}, 2018, 1) == []
    assert aktiviteter({2017: {1: ["a"]}}, 2017, 1) == ["a"]


def test_filters_do_not_swallow_an_undefined_name() -> None:
    env = make_environment()
    for expr in ("svar.x | kr", "svar.x | afsnit", "svar.x | hent(1)", "svar.x | liste"):
        with pytest.raises(UndefinedError):
            env.from_string("{{ " + expr + " }}").render(svar={})


@pytest.mark.parametrize("text", [
    "",
    "Et afsnit.",
    "Første afsnit.\n\nAndet afsnit.",
    "Linje 1\nlinje 2 i samme afsnit",
    "Indledning:\n- a\n- b\n\nSlut.",
    "Indledning:\n\n- a\n- b",
    "- a\n\n- b",
    "- a\nfortsat\n- b",
    "1. nummer et\n\n2. nummer to",
    "  indrykket\n\n- punkt med - bindestreg",
])
def test_afsnit_and_join_blocks_are_inverses(text: str) -> None:
    blocks = afsnit(text)
    assert blocks, "an empty answer is still one (empty) paragraph"
    back = join_blocks((b["tekst"], b["stil"] == "ListBullet", b["hold"] == "true")
                       for b in blocks)
    assert back == text


def test_afsnit_marks_bullets_and_keeps_lead_lines_with_their_list() -> None:
    blocks = afsnit("Roller:\n- sikre mål\n- ledelsesinformation\n\nSlut")
    assert [(b["tekst"], b["stil"], b["hold"]) for b in blocks] == [
        ("Roller:", "Svar", "true"),
        ("sikre mål", "ListBullet", "true"),
        ("ledelsesinformation", "ListBullet", "false"),
        ("Slut", "Svar", "false"),
    ]


def test_xml_safe_strips_what_word_cannot_hold() -> None:
    assert xml_safe({"a": ["x\x00y\x0b", 3]}) == {"a": ["xy", 3]}
