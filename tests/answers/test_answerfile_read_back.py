"""``answerfile.read_back``: the data a dumped answer file reads back as, without the text — the
same values and types as ``yamlsource.parse(dump(data))`` for everything it vouches for (checked
at random, with a fixed seed), and None for what only the parser can tell (a character Word
cannot hold, a key YAML would read otherwise, values beyond its limits). The desk loads a Word
draft's answers this way (``drafts.importer.loaded_answers``): the same model and findings as
through the answer file's text."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulje.answers.answerfile import dump, read_back
from pulje.answers.loader import load_data, load_text
from pulje.checks import check
from pulje.yamlsource import parse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "drafts"))

CI = settings(max_examples=150, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**40, 10**40),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.decimals(min_value=-10**12, max_value=10**12, places=2),
    st.dates(), _TEXT, st.sampled_from(["ja", "nej", "null", "1.5", "017", "2017-10", " x",
                                        "a\nb", "x\n", "\t", "\u2028", "\x01"]),
)
_KEYS = st.one_of(_TEXT, st.integers(-3000, 3000), st.sampled_from(
    ["yes", "on", "null", "2017", "2017-10", "a b", "æble", "_x", "1.5"]))
_DATA = st.dictionaries(_KEYS, st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(_KEYS, inner, max_size=3), max_leaves=12), max_size=5)


def _typed(value: Any) -> Any:
    """A value with its types spelt out (1 == Decimal(1) == True in Python)."""
    if isinstance(value, dict):
        return [("dict", _typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return ["list", *(_typed(v) for v in value)]
    return (type(value).__name__, str(value))


@CI
@given(_DATA)
def test_read_back_is_what_the_parser_reads_from_the_dump(data: dict[Any, Any]) -> None:
    back = read_back(data)
    if back is None:
        return
    doc = parse(dump(data, header=["kommentar"]), "svar.yaml")
    assert doc.diagnostics == []
    assert _typed(back) == _typed(doc.data)


def test_read_back_vouches_for_the_values_of_a_draft_and_not_for_the_rest() -> None:
    data = {"a": {"tekst": "linje 1\n\nlinje 2", "tal": 8, "beloeb": Decimal("2150000.00"),
                  "pct": Decimal("20"), "svar": False, "dato": date(2016, 9, 1),
                  "tom": None, "liste": ["x", {"y": Decimal("1.50")}], 2017: {"2017-10": 3}}}
    back = read_back(data)
    assert back is not None
    assert _typed(back) == _typed(parse(dump(data), "svar.yaml").data)
    assert back["a"]["svar"] == "nej" and back["a"]["pct"] == 20
    for odd in ({"a": "bip\x07"}, {"a": 1.5}, {True: 1}, {"a": Decimal("NaN")}, {"": 1}, {}):
        assert read_back(odd) is None, odd
    assert read_back({"a": 10**40}) == {"a": str(10**40)}  # as the parser keeps it: text


def test_a_drafts_answers_load_as_through_the_answer_file(tmp_path: Path) -> None:
    import drafts_samples as samples

    from pulje.drafts.importer import answer_text, loaded_answers
    from pulje.drafts.reader import read_draft

    built = samples.built(tmp_path / "kilde.docx")
    for tag, text in [("maalgruppe.indstilles.pr_maaned", "mange"),
                      ("spor2.maaltal_uger.2017-10", "-4 uger"),
                      ("identifikation.ansvarlig.telefon", "")]:
        target = samples.edit_control(built, tmp_path / "udkast.docx", tag, text)
        draft = read_draft(target, "udkast.docx")
        assert draft.data is not None and read_back(draft.data) is not None
        direct = loaded_answers(draft, "udkast.docx", "udkast.docx")
        through = load_text(answer_text(draft, "udkast.docx"), "udkast.docx")
        assert direct.model == through.model
        assert direct.partial == through.partial and direct.failed == through.failed
        found = [(d.code, d.message, d.params, d.path) for d in check(direct)]
        assert found == [(d.code, d.message, d.params, d.path) for d in check(through)]
        assert found  # each edit makes a finding


def test_load_data_refuses_what_load_text_refuses() -> None:
    text = load_text('pulje: "ingen-saadan"\n', "svar.yaml")
    data = load_data({"pulje": "ingen-saadan"}, "svar.yaml")
    assert [d.code for d in data.diagnostics] == [d.code for d in text.diagnostics] == ["SCH009"]
    assert data.model is None and text.model is None
