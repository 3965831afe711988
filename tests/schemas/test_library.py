"""A form's data file read: shared sections with the form's overrides, and every mistake in
it named with its file, line and column."""

from __future__ import annotations

import pytest

from pulje.diagnostics import Translator
from schemas.library import FormError, library_ids, load_form

DA = Translator("da")


def _load(text: str):
    return load_form(text.encode("utf-8"), "skema.yaml")


def _error(text: str) -> str:
    with pytest.raises(FormError) as info:
        _load(text)
    return info.value.text(DA)


def test_the_library_has_the_sections_star_forms_share() -> None:
    assert set(library_ids()) >= {"identifikation", "oekonomi", "maalgruppe", "formaal",
                                  "tidsplan", "organisation", "opkvalificering", "forankring",
                                  "evaluering", "budget"}
    for section_id in library_ids():
        form = _load(f"afsnit:\n  - del: {section_id}\n")
        assert form.afsnit[0].id == section_id


def test_a_shared_section_with_the_forms_own_words() -> None:
    form = _load("""\
afsnit:
  - del: identifikation
    id: forside
    uden: [ansoegertype, medansoegere]
    tekster: {kommune: Ansøger}
    aendringer:
      kommune: {type: linje, krav: false}
  - del: organisation
    intro: ""
    uden: [samarbejdspartnere]
    tilfoej:
      - {id: stv, type: tekst, tekst: Samspil med STV?, krav: false}
    udgaaet: [modtager_stv]
""")
    forside, organisation = form.afsnit
    assert forside.id == "forside" and [q.id for q in forside.spoergsmaal] == [
        "projektnavn", "kommune", "ansvarlig"]
    kommune = forside.spoergsmaal[1]
    assert (kommune.tekst, kommune.type, kommune.krav) == ("Ansøger", "linje", False)
    assert organisation.intro == "" and organisation.spoergsmaal[-1].id == "stv"
    assert organisation.udgaaet == ["modtager_stv"]


def test_the_forms_content_is_its_key() -> None:
    one, two = _load("afsnit:\n  - del: budget\n"), _load("afsnit:\n  - del: tidsplan\n")
    assert one.key and one.key != two.key
    assert _load("afsnit:\n  - del: budget\n").key == one.key


@pytest.mark.parametrize(("text", "where", "words"), [
    ("afsnit:\n  - del: findes\n", ":2:10", "ingen fælles del"),
    ("afsnit:\n  - del: identifikation\n    uden: [x]\n", ":3:11", "intet spørgsmål"),
    ("afsnit:\n  - del: identifikation\n    tekster: {x: y}\n", ":3:18", "intet spørgsmål"),
    ("afsnit:\n  - id: a\n    spoergsmaal:\n      - {id: q, type: pengebeloeb}\n", ":4:9",
     "ukendt type 'pengebeloeb'"),
    ("afsnit:\n  - id: a\n    spoergsmaal:\n      - {id: q, type: tekst, tabel: T}\n", ":4:9",
     "'tabel' gælder ikke for typen tekst"),
    ("afsnit:\n  - id: a\n    spoergsmaal:\n      - {id: Q-1, type: tekst}\n", ":4:14",
     "små bogstaver"),
    ("afsnit:\n  - id: a\n    spoergsmaal:\n      - {id: q, type: tekst, kraeves_hvis: a.x}\n",
     ":1:1", "ja/nej"),
    ("afsnit:\n  - id: a\n", ":2:5", "enten 'spoergsmaal' eller 'svar'"),
    ("afsnit: []\n", ":1:9", ""),
    ("titel: x\n", ":1:1", "'afsnit:'"),
    ("afsnit:\n  - id: pulje\n    fritekst: true\n", ":2:3", "svarfilens egne"),
])
def test_mistakes_are_named_with_their_place(text: str, where: str, words: str) -> None:
    message = _error(text)
    assert f"skema.yaml{where}" in message and words in message, message


def test_broken_yaml_and_foreign_bytes_are_form_errors() -> None:
    assert "skema.yaml:3" in _error("afsnit:\n  - id: [\n")
    with pytest.raises(FormError):
        load_form(b"\xff\xfe\x00", "skema.yaml")
