"""bilag: the attachments an application sends beside the form and the budget, each with the
round's id for it and its file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kinds_support import Lines, Round, answers, drawn, errors, form_of, started

Q = {"id": "bilag", "type": "bilag", "tekst": "Bilag"}


def test_a_list_of_attachments_with_id_description_and_file() -> None:
    form = form_of(Q)
    value = answers(form, {"bilag": [{"id": "samarbejdsaftale", "fil": "bilag/aftale.pdf"},
                                     {"tekst": "Støtteerklæring", "fil": "stoette.pdf"}]})
    assert [(b.id, b.fil) for b in value.bilag] == [("samarbejdsaftale", "bilag/aftale.pdf"),
                                                    (None, "stoette.pdf")]
    assert answers(form, {}).bilag == []
    assert errors(form, {"bilag": [{"id": "Aftale med æ", "fil": "x.pdf"}]})[0][:2] == (
        ("bilag", 0, "id"), "string_pattern_mismatch")
    assert errors(form, {"bilag": [{"fil": "x.pdf", "sti": "y"}]})[0][:2] == (
        ("bilag", 0, "sti"), "extra_forbidden")


def test_drawn_as_a_table_and_read_back_by_row() -> None:
    form = form_of(Q)
    assert drawn(form)[1][:3] == ("rows", "slot:Bilag", "afsnit.bilag")
    q = form.afsnit[0].spoergsmaal[0]
    leaf = q.kind.resolve(q, ["1", "fil"], "")
    assert leaf is not None and (leaf.path, leaf.kind, leaf.in_list) == ((1, "fil"), "linje",
                                                                        True)
    assert q.kind.resolve(q, ["1", "sti"], "") is None
    assert list(q.kind.blanks(q, [], ("i", "bilag"))) == []  # none is an answer


@dataclass
class _Required:
    id: str
    tekst: str
    dokument: str | None = None


@dataclass
class _RoundWithAttachments(Round):
    bilag: list[Any] = field(default_factory=lambda: [
        _Required("budget", "Budgettet", "budgetark"),
        _Required("samarbejdsaftale", "En underskrevet samarbejdsaftale")])


def test_the_starter_writes_the_rounds_required_attachments_pulje_does_not_make() -> None:
    form = form_of(Q)
    out = Lines(_RoundWithAttachments())
    q = form.afsnit[0].spoergsmaal[0]
    q.kind.starter(q, out, "  ")
    assert out.lines[2:] == [
        "  bilag:",
        "    # Krævet af runden: En underskrevet samarbejdsaftale",
        "    - id: samarbejdsaftale",
        "      fil:",
    ]
    # a round without required attachments: an empty list and an example
    assert started(form)[2] == "  bilag: []"
