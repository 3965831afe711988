"""The kinds' web widget descriptors, the contract ``pulje web`` draws and reads forms by: every
question of every round's form has a known template, its key, its question, a kind whose
``read`` takes what is typed, and for tables the cells' kinds."""

from __future__ import annotations

from typing import Any

from pulje.pools import all_pools
from schemas.kinds import kind, words

TEMPLATES = {"input", "textarea", "janej", "radio", "checkboxes", "person", "counts",
             "measurements", "rows", "quarters", "lines", "budget"}
#: Cells that are not a kind of their own: a number, one of the choices, an amount per year.
SPECIAL_CELLS = {"tal", "valg", "aar"}


def _questions() -> list[Any]:
    out = []
    for pool in all_pools():
        for runde in pool.runder:
            out += [q for q, _path, _section in runde.form.walk(dependents=False)]
    return out


def _cell_kinds(widget: Any) -> list[str]:
    attrs = widget.attrs
    cells = [k for _n, _t, k in attrs.get("columns", ()) or ()]
    cells += [k for _n, _t, k in attrs.get("fields", ()) or ()]
    cells += [k for _n, _t, k in attrs.get("baseline", ()) or ()]
    for table in attrs.get("tables", ()) or ():
        cells += [k for _n, _t, k in table["columns"]]
    if attrs.get("value_kind"):
        cells.append(attrs["value_kind"])
    if attrs.get("cell_kind"):
        cells.append(attrs["cell_kind"])
    return cells


def test_every_question_of_every_form_has_a_widget_the_web_knows() -> None:
    questions = _questions()
    assert {q.type for q in questions} >= {"tekst", "beloeb", "janej", "person", "deltagere",
                                           "maaltal", "maanedstal", "medarbejdere",
                                           "tidsplan", "budget"}
    for q in questions:
        widget = q.kind.widget(q)
        assert widget.template in TEMPLATES, (q.id, widget.template)
        attrs = widget.attrs
        assert attrs["name"] == q.id and attrs["kind"] == q.type
        assert isinstance(attrs["required"], bool)
        for cell in _cell_kinds(widget):
            assert cell in SPECIAL_CELLS or cell in words(), (q.id, cell)
        for dep in attrs.get("hvis_ja", ()):
            assert dep.template in TEMPLATES and dep.attrs["kind"] in words()


def test_every_kind_has_a_widget() -> None:
    from schemas.form import Question

    for word in words():
        options: dict[str, Any] = {}
        if word == "valg":
            options = {"muligheder": [{"id": "a", "tekst": "A", "afsnit": ["spor1"]}]}
        q = Question.model_validate({"id": "x", "type": word, "tekst": "Spørgsmål", **options})
        widget = kind(word).widget(q)
        assert widget.template in TEMPLATES
        assert widget.attrs["label"] in ("Spørgsmål", "x")
    choice = Question.model_validate({"id": "x", "type": "valg", "muligheder": [
        {"id": "a", "tekst": "A", "afsnit": ["spor1"]}, {"id": "b", "tekst": "B"}]})
    assert kind("valg").widget(choice).attrs["switches"] == {"a": ["spor1"]}


def test_the_inputs_take_danish_numbers_as_text() -> None:
    """A browser's number field refuses "1.200" and "2.150.000,00": counts and amounts are
    text fields with a numeric keyboard."""
    from schemas.form import Question

    for word in ("antal", "uger", "beloeb", "procent"):
        q = Question.model_validate({"id": "x", "type": word})
        attrs = kind(word).widget(q).attrs
        assert attrs["type"] == "text" and attrs["inputmode"] in ("numeric", "decimal")


def test_the_budget_describes_its_tables() -> None:
    from schemas.form import Question

    attrs = kind("budget").widget(Question.model_validate({"id": "budget",
                                                           "type": "budget"})).attrs
    tables = {t["key"]: t for t in attrs["tables"]}
    assert set(tables) == {"udgifter", "finansiering"}
    names = [n for n, _t, _k in tables["udgifter"]["columns"]]
    assert names[:2] == ["kategori", "beskrivelse"] and "fordeling" in names
    assert tables["udgifter"]["amount"] == ["beloeb", "enheder", "enhedspris"]
    assert [c for c, _ in attrs["choices"]["kategori"]][0] == "loen"
