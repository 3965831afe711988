"""The questions of two forms matched: by id, and by text where reworded or moved."""

from __future__ import annotations

from typing import Any

from pulje.pools.matching import THRESHOLD, match, similarity
from schemas.form import Form


def form(*sections: dict[str, Any]) -> Form:
    return Form.model_validate({"afsnit": list(sections)})


def q(qid: str, text: str, kind: str = "tekst") -> dict[str, Any]:
    return {"id": qid, "type": kind, "tekst": text}


OLD = form(
    {"id": "spor1", "overskrift": "Spor 1", "spoergsmaal": [
        q("drejebog", "Hvordan og af hvem vil drejebogen blive udarbejdet?"),
        q("implementering", "Hvordan vil drejebogen blive implementeret?"),
        q("opfoelgning", "Hvordan sikres en systematisk opfølgning?"),
    ]},
    {"id": "spor3", "overskrift": "Spor 3", "spoergsmaal": [
        q("match", "Hvordan sikres det gode match mellem borger og virksomhed?"),
        q("antal", "Hvor mange borgere?", "antal"),
    ]},
)


def fates(old: Form, new: Form) -> list[tuple[str, str | None, str | None]]:
    return [(m.how, m.old.dotted if m.old else None, m.new.dotted if m.new else None)
            for m in match(old, new)]


def test_same_reworded_moved_renamed_new_and_removed() -> None:
    new = form(
        {"id": "spor1", "overskrift": "Spor 1", "spoergsmaal": [
            q("drejebog", "Hvem udarbejder drejebogen, og hvordan?"),  # reworded, same id
            q("implementering", "Hvordan vil drejebogen blive implementeret?"),  # same
            q("digital", "Hvordan bruges digitale værktøjer?"),  # new
        ]},
        {"id": "spor2", "overskrift": "Spor 2", "spoergsmaal": [
            q("match", "Hvordan sikres det gode match mellem borger og virksomhed?"),  # moved
            q("borgere", "Hvor mange borgere?", "antal"),  # moved and renamed: by its text
        ]},
    )
    assert fates(OLD, new) == [
        ("reworded", "spor1.drejebog", "spor1.drejebog"),
        ("same", "spor1.implementering", "spor1.implementering"),
        ("new", None, "spor1.digital"),
        ("moved", "spor3.match", "spor2.match"),
        ("moved", "spor3.antal", "spor2.borgere"),
        ("removed", "spor1.opfoelgning", None),
    ]


def test_a_renamed_question_in_its_section_is_reworded_when_its_text_is_alike() -> None:
    new = form({"id": "spor1", "overskrift": "Spor 1", "spoergsmaal": [
        q("udarbejdelse", "Hvordan og af hvem vil drejebogen (2017) blive udarbejdet?"),
    ]}, {"id": "spor3", "overskrift": "Spor 3", "spoergsmaal": [q("x", "Noget andet helt")]})
    found = fates(OLD, new)
    assert ("reworded", "spor1.drejebog", "spor1.udarbejdelse") in found
    assert ("new", None, "spor3.x") in found


def test_never_a_guess_below_the_threshold_or_across_kinds() -> None:
    assert similarity("Hvor mange borgere?", "Hvor mange virksomheder deltager i projektet?") < (
        THRESHOLD)
    new = form({"id": "spor3", "overskrift": "Spor 3", "spoergsmaal": [
        q("virksomheder", "Hvor mange virksomheder deltager i projektet?", "antal"),
        q("match", "Hvor mange borgere?"),  # same text as 'antal', but a text: not it
    ]})
    found = fates(OLD, new)
    assert ("new", None, "spor3.virksomheder") in found
    assert ("removed", "spor3.antal", None) in found
    # 'match' keeps its id and kind, so it is the same question reworded
    assert ("reworded", "spor3.match", "spor3.match") in found


def test_texts_compare_without_case_punctuation_or_spacing() -> None:
    assert similarity("Hvordan  vil drejebogen blive implementeret?",
                      "hvordan vil drejebogen blive implementeret") == 1.0
