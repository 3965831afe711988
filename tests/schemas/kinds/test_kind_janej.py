"""janej: ja or nej, with the answers that depend on it ("Hvis ja, …")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from kinds_support import answers, drawn, errors, form_of, started

from schemas.kinds import Blank, Unfit, kind

GROUP = {
    "id": "anden", "type": "janej", "tekst": "Søgt andetsteds?", "etiket": "Søgt?",
    "svar": "ansoegt",
    "hvis_ja": [
        {"id": "beloeb", "type": "beloeb", "tekst": "Hvor meget?", "krav": True},
        {"id": "kilde", "type": "linje", "tekst": "Hvorfra?", "samme_celle": True},
    ],
}


def test_a_plain_yes_no() -> None:
    form = form_of({"id": "ok", "type": "janej", "tekst": "OK?"})
    assert answers(form, {"ok": "ja"}).ok is True
    assert errors(form, {"ok": "måske"}) == [(("ok",), "value_error", "yes_no")]
    k = kind("janej")
    assert k.read("Nej.", []) is False and k.display(True) == "ja" and k.display(None) == ""
    with pytest.raises(Unfit):
        k.read("måske", [])


def test_dependent_answers_are_a_group_under_the_yes_no() -> None:
    form = form_of(GROUP)
    value = answers(form, {"anden": {"ansoegt": "ja", "beloeb": "200.000", "kilde": "EU"}})
    assert (value.anden.ansoegt, value.anden.beloeb, value.anden.kilde) == (
        True, Decimal("200000.00"), "EU")
    assert errors(form, {"anden": {"ansoegt": "ja", "bloeb": 1}})[0][:2] == (
        ("anden", "bloeb"), "extra_forbidden")


def test_one_question_two_answers_in_one_cell() -> None:
    assert drawn(form_of(GROUP)) == [
        ("row", "Søgt andetsteds?", None),
        ("value", "slot:Søgt andetsteds?", "afsnit.anden.ansoegt", "janej", "Søgt andetsteds?"),
        ("row", "Hvor meget?", None),
        ("value", "slot:Hvor meget?", "afsnit.anden.beloeb", "beloeb", "Hvor meget?"),
        ("value", "slot:Hvor meget?", "afsnit.anden.kilde", "linje", "Hvor meget? (Hvorfra?)"),
    ]
    assert started(form_of(GROUP)) == [
        "  anden:", "    # Søgt andetsteds?", "    ansoegt:", "    # Hvor meget?",
        "    beloeb:", "    # Hvorfra?", "    kilde:"]


def test_blanks_the_yes_no_and_dependents_required_when_ja() -> None:
    q = form_of(GROUP).afsnit[0].spoergsmaal[0]
    empty = answers(form_of(GROUP), {"anden": {}}).anden
    assert list(q.kind.blanks(q, empty, ("a", "anden"))) == [Blank(("a", "anden", "ansoegt"),
                                                                    "Søgt?")]
    yes = answers(form_of(GROUP), {"anden": {"ansoegt": "ja"}}).anden
    assert list(q.kind.blanks(q, yes, ("a", "anden"))) == [Blank(("a", "anden", "beloeb"),
                                                                  "Hvor meget?")]
    assert q.kind.answer_paths(q, "a.anden") == ["a.anden.ansoegt", "a.anden.beloeb",
                                                 "a.anden.kilde"]


def test_tags_resolve_through_the_group() -> None:
    q = form_of(GROUP).afsnit[0].spoergsmaal[0]
    leaf = q.kind.resolve(q, ["kilde"], "")
    assert leaf is not None and (leaf.path, leaf.kind, leaf.required) == (("kilde",), "linje",
                                                                           False)
    assert q.kind.resolve(q, ["ansoegt"], "").kind == "janej"
    assert q.kind.resolve(q, ["findes"], "") is None
