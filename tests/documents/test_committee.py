"""The committee case of the example against every template pulje ships: the headings in the
template's order, the "at …" clauses with the amount and period, the facts, and the whole text
against a golden file beside the test (``UPDATE_GOLDEN=1`` writes them anew: read the diff)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from after_support import EXAMPLE, write_profile

from pulje.answers.loader import load_application
from pulje.documents.committee.blocks import build_case, places_for_a_person
from pulje.documents.committee.facts import CaseOptions, case_facts
from pulje.documents.committee.template import load_template, shipped
from pulje.documents.word.plain import Heading, Numbered, to_text
from pulje.profile import read_profile

GOLDEN = Path(__file__).parent / "golden" / "committee"
OPTIONS = CaseOptions(sagsnr="330-2016-12345", doknr="330-2016-67890",
                      moede=date(2016, 8, 23))


def _case(template: str, tmp_path: Path, options: CaseOptions = OPTIONS):
    profile = read_profile(write_profile(tmp_path)).profile
    loaded = load_application(EXAMPLE)
    t, _ = load_template(template)
    facts = case_facts(loaded, profile, options)
    return t, facts, build_case(facts, t)


def test_pulje_ships_slagelse_and_six_more() -> None:
    assert shipped() == ["holbaek", "jammerbugt", "rodovre", "roskilde", "slagelse",
                         "thisted", "viborg"]


@pytest.mark.parametrize("template", ["slagelse", "holbaek", "thisted", "viborg", "roskilde",
                                      "rodovre", "jammerbugt"])
def test_the_case_of_the_example_in_each_template(template: str, tmp_path: Path) -> None:
    t, facts, doc = _case(template, tmp_path)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    expected = [a.overskrift.format(udvalg="Testudvalget for Beskæftigelse",
                                    dato="23. august 2016") for a in t.afsnit]
    assert headings == expected
    clauses = [b for b in doc.blocks if isinstance(b, Numbered)
               and "".join(s.text for s in b.items[0]).startswith("at ")]
    assert len(clauses) == 1
    first = "".join(s.text for s in clauses[0].items[0])
    assert first.endswith("godkender, at Jobcentret søger Pulje til Bedre ressourceforløb om "
                          "2.150.000,00 kr. for perioden 1. januar 2017–31. december 2018.")
    text = to_text(doc)
    for fact in ("17.46.65.40", "40.400.000,00 kr.", "Projektleder, 37 t/uge: 24 måneder à "
                 "45.000,00 kr. (1.080.000,00 kr.)", "2017", "1.032.806,00 kr.",
                 "albertslund-bedre-ressourceforloeb.pdf"):
        assert fact in " ".join(text.split()), fact
    golden = GOLDEN / f"{template}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_slagelses_case_has_its_letter_case_data_and_indstilling(tmp_path: Path) -> None:
    _t, _f, doc = _case("slagelse", tmp_path)
    text = to_text(doc)
    assert doc.title == "Godkendelse af ansøgning til Pulje til Bedre ressourceforløb (B)"
    assert doc.facts[:2] == [("Sagsnr.", "330-2016-12345"), ("Dok.nr.", "330-2016-67890")]
    assert ("Kompetence", "Testudvalget for Beskæftigelse") in doc.facts
    assert "Testdirektøren for Beskæftigelse indstiller," in text
    assert "Beslutning i Testudvalget for Beskæftigelse den 23. august 2016:" in text
    assert places_for_a_person(doc) == [
        "Baggrund", "Retligt grundlag", "Handlemuligheder", "Vurdering",
        "Konsekvenser for andre udvalg",
        "Beslutning i Testudvalget for Beskæftigelse den 23. august 2016:"]


def test_the_orientering_form_has_letter_o_and_takes_note(tmp_path: Path) -> None:
    _t, _f, doc = _case("slagelse", tmp_path, CaseOptions(orientering=True))
    text = " ".join(to_text(doc).split())
    assert doc.title.endswith("(O)") and doc.title.startswith("Orientering om ansøgning")
    assert ("at Udvalget tager orienteringen om, at Jobcentret har søgt Pulje til Bedre "
            "ressourceforløb om 2.150.000,00 kr. for perioden 1. januar 2017–31. december "
            "2018, til efterretning.") in text


def test_co_financing_gets_its_own_clause_and_an_unknown_payer_a_place(tmp_path: Path,
                                                                       write) -> None:
    from answer_edits import EXAMPLE_TEXT

    text = EXAMPLE_TEXT.replace(
        "budget:\n  udgifter:",
        "budget:\n  finansiering:\n    - type: medfinansiering\n      beskrivelse: Kommunen\n"
        "      beloeb: 100000\n  udgifter:")
    loaded = load_application(write(text))
    t, _ = load_template("thisted")
    facts = case_facts(loaded, None, CaseOptions())
    out = " ".join(to_text(build_case(facts, t)).split())
    assert "2. at en egenfinansiering på 100.000,00 kr. afholdes af [Skriv her: hvor " \
           "egenfinansieringen afholdes]." in out
    assert "Hvor egenfinansieringen afholdes" in facts.notes
    assert "Hvem der indstiller" in facts.notes and "Udvalget, der beslutter" in facts.notes


def test_other_financing_names_its_kinds_with_the_guides_words(tmp_path: Path,
                                                               write) -> None:
    from answer_edits import EXAMPLE_TEXT

    text = EXAMPLE_TEXT.replace(
        "budget:\n  udgifter:",
        "budget:\n  finansiering:\n    - type: moms\n      beskrivelse: Momskompensation\n"
        "      beloeb: 20000\n    - type: tilskud\n      beskrivelse: Fonden\n"
        "      beloeb: 30000\n  udgifter:")
    loaded = load_application(write(text))
    t, _ = load_template("thisted")
    out = " ".join(to_text(build_case(case_facts(loaded, None, CaseOptions()), t)).split())
    assert ("Anden finansiering (tilskud fra andre tilskudsgivere og moms): 50.000,00 kr."
            in out)


def test_the_desk_flags_the_places_for_a_person(tmp_path: Path) -> None:
    from pulje.drafts.textanswers import placeholders

    _t, _f, doc = _case("slagelse", tmp_path)
    found = placeholders("case.pdf", [to_text(doc)])
    assert [d.code for d in found] == ["DOC021"]
    assert found[0].params["count"] == 6
