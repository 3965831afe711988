"""The form's parts one by one: the draft store (versions, a stale base refused, an unchanged
text no version, old versions pruned, ids never paths), posted names, fields read as the
answer file spells them, and the merge of two people's answers question by question."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from drafting import write_pool

from pulje.answers.loader import load_text
from pulje.web.editor.fields import read, value_at
from pulje.web.editor.merge import merge
from pulje.web.editor.names import Posted, field_id, name
from pulje.web.editor.store import Conflict, DraftStore


def test_a_save_makes_the_next_version_and_a_stale_base_is_refused(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    draft = store.new("anna", "alle-typer", "2024", "a: 1\n")
    saved, made = store.save(draft.id, 1, "a: 2\n", "bo", "Titel")
    assert made and saved.version == 2 and saved.saved.by == "bo"
    same, made = store.save(draft.id, 2, "a: 2\n", "bo", "Titel")
    assert not made and same.version == 2  # the same text again: no new version
    with pytest.raises(Conflict) as refused:
        store.save(draft.id, 1, "a: 3\n", "anna", "Titel")
    assert refused.value.draft.version == 2 and refused.value.base == 1
    assert [s.by for s in refused.value.draft.since(1)] == ["bo"]
    assert store.text(store.get(draft.id) or draft) == "a: 2\n"  # nothing of anna's saved


def test_old_versions_are_pruned_and_ids_never_become_paths(tmp_path: Path) -> None:
    store = DraftStore(tmp_path, keep=3)
    draft = store.new("", "p", "r", "v: 1\n")
    for n in range(2, 8):
        draft, _ = store.save(draft.id, n - 1, f"v: {n}\n", "", "")
    assert store.versions(draft) == [7, 6, 5]
    assert store.text(draft, 2) is None and store.text(draft, 6) == "v: 6\n"
    for wrong in ("../../etc", "x" * 32, draft.id.upper(), ""):
        assert store.get(wrong) is None
        with pytest.raises(KeyError):
            store.save(wrong, 1, "", "", "")


def test_posted_names_rows_and_ids() -> None:
    path = ("budget", "udgifter", 3, "fordeling", 2025)
    assert name(path) == "budget.udgifter.3.fordeling.2025"
    assert field_id(path) == "felt-budget.udgifter.3.fordeling.2025"
    posted = Posted({"t.rows.0.a": ["x"], "t.rows.7.a": ["y"], "t.rows.x.a": ["z"],
                     "t.rows.12345.a": ["w"], "t.other": ["v"]})
    assert posted.indices(("t", "rows")) == [0, 7]
    posted.drop("t.rows.0")
    assert posted.indices(("t", "rows")) == [7] and posted.get("t.other") == "v"


@pytest.mark.parametrize(("word", "typed", "value"), [
    ("beloeb", "1.250.000,50", Decimal("1250000.50")),
    ("maaned", "2024-09", "2024-09"),
    ("dato", "2024-02-01", date(2024, 2, 1)),
    ("linje", "  Bo Ibsen  ", "Bo Ibsen"),
    ("beloeb", "mange penge", "mange penge"),  # kept as typed: validate says what is wrong
    ("linje", "   ", None),
])
def test_a_field_is_read_as_the_answer_file_spells_it(word: str, typed: str,
                                                      value: object) -> None:
    assert read(word, typed) == value


def test_value_at_reads_rows_and_year_keys() -> None:
    data = {"budget": {"udgifter": [{"fordeling": {2024: 5}}, {"beloeb": 7}]}}
    assert value_at(data, ("budget", "udgifter", 0, "fordeling", 2024)) == 5
    assert value_at(data, ("budget", "udgifter", 1, "beloeb")) == 7
    assert value_at(data, ("budget", "udgifter", 2, "beloeb")) is None
    assert value_at(data, ("budget", "udgifter", True)) is None


def test_the_merge_keeps_both_peoples_answers_question_by_question(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafting import ALL_ANSWERS

    monkeypatch.setenv("PULJE_TEMPLATES", str(write_pool(tmp_path)))
    loaded = load_text(ALL_ANSWERS, "svar.yaml")
    assert loaded.runde is not None and isinstance(loaded.data, dict)
    form, base = loaded.runde.form, loaded.data

    def changed(section: str, key: str, value: object) -> dict[str, object]:
        out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
        out[section][key] = value  # type: ignore[index]
        return out

    theirs = changed("indsats", "leder", "Anne Holm")
    mine = changed("indsats", "pladser", 300)
    merged, changes = merge(form, base, theirs, mine)
    assert merged["indsats"]["leder"] == "Anne Holm" and merged["indsats"]["pladser"] == 300
    assert [(c.question, c.theirs, c.both) for c in changes] == [
        ("Hvem leder indsatsen?", "Anne Holm", False)]
    # the same answer in another spelling (50000 and 50000.00) is no change
    respelled = changed("oekonomi", "ansoegt_beloeb", Decimal("1250000.500"))
    assert merge(form, base, respelled, base)[1] == []
    # both changed one question: one's own answer stands, theirs is named
    both = changed("indsats", "leder", "Ole Dam")
    merged, changes = merge(form, base, theirs, both)
    assert merged["indsats"]["leder"] == "Ole Dam"
    assert [(c.theirs, c.both) for c in changes] == [("Anne Holm", True)]
