"""Word control values: whatever a project leader types in a control, reading it gives a value
or a DOC008 at the control's place — never an exception — and an unreadable control hides no
finding of the other sections.

In CI: bounded examples with a fixed seed. Long runs:  pytest -m slow tests/drafts
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import drafts_samples as samples
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulje.answers.loader import load_text
from pulje.checks import check
from pulje.diagnostics import Translator
from pulje.drafts import import_docx
from pulje.drafts.fields import (
    LINE,
    LINES,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    YES_NO,
    FieldSpec,
    Unfit,
    parse,
    resolve,
)
from pulje.drafts.importer import answer_text
from pulje.drafts.reader import expected_tags, read_draft
from pulje.pools import load_pool
from schemas.types import MAX_KR, MAX_PERCENT, XML_ILLEGAL

DA = Translator("da")
_COMMON = {
    "deadline": None, "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}

TYPED = [
    "9" * 5000, "1e999", "1E+26", "100000000000000000000000000", "-1", "-0", "0", ".inf",
    "NaN", "Infinity", "-sNaN", "1,5", "1.5", "1.200", "1.200,50 kr.", "2.150.000,00 kr.",
    "4 uger", "20 %", "20 pct.", "ja", "Nej", "ja.", "måske", "", " ", "\u00a0", "١٢", "½",
    "²", "1e-999999999", "0,001", "{{ x }}", "ca. 4", "-2.150.000,00", "1" * 31, "1" * 30,
]
typed = st.one_of(st.sampled_from(TYPED), st.text(max_size=40),
                  st.from_regex(r"-?[0-9.,]{1,40}( ?(kr\.|%|uger|pct\.))?", fullmatch=True))
KINDS = [NUMBER, MONEY, PERCENT, YES_NO, TEXT, LINE, LINES]
# what Word can hold in a control (its XML refuses control characters)
in_word = typed.map(lambda text: XML_ILLEGAL.sub("", text))


def _check_value(kind: str, text: str) -> None:
    spec = FieldSpec("x", ("x",), kind, "x")
    try:
        value = parse(spec, text, [text] if text else [])
    except Unfit as exc:
        assert exc.expected == kind
        return
    if value is None:
        return
    if kind == NUMBER:
        assert isinstance(value, int) and 0 <= value < 10**30
    elif kind == MONEY:
        assert isinstance(value, Decimal) and value.is_finite()
        assert value.copy_abs() < MAX_KR and value == value.quantize(Decimal("0.01"))
    elif kind == PERCENT:
        assert isinstance(value, Decimal) and value.is_finite()
        assert value.copy_abs() < MAX_PERCENT
    elif kind == YES_NO:
        assert isinstance(value, bool)


@settings(max_examples=300, derandomize=True, **_COMMON)
@given(kind=st.sampled_from(KINDS), text=typed)
def test_a_controls_text_is_a_value_or_unfit(kind: str, text: str) -> None:
    _check_value(kind, text)


@pytest.mark.slow
@settings(max_examples=20_000, **_COMMON)
@given(kind=st.sampled_from(KINDS), text=typed)
def test_long_run_control_values(kind: str, text: str) -> None:
    _check_value(kind, text)


# --- whole drafts ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The example built once, and two tags of each kind of control its form has."""
    folder = tmp_path_factory.mktemp("draft")
    docx = samples.built(folder / "albertslund.docx")
    pool = load_pool("bedre-ressourceforloeb")
    form = pool.runde().form
    by_kind: dict[str, list[str]] = {}
    for tag, _section in expected_tags(pool.id, pool.runde().id):
        spec = resolve(form, tag)
        if spec is not None and not spec.container:
            by_kind.setdefault(spec.kind, []).append(tag)
    tags = sorted(tag for found in by_kind.values() for tag in found[:2])
    assert {NUMBER, MONEY, PERCENT, TEXT} <= set(by_kind), by_kind
    return SimpleNamespace(docx=docx, tags=tags)


def _draft_body(built: SimpleNamespace, folder: Path, tag: str, text: str) -> None:
    edited = samples.edit_control(built.docx, folder / "udkast.docx", tag, text)
    draft = read_draft(edited)
    assert draft.readable and draft.data is not None
    for d in draft.diagnostics:
        assert d.location is not None and d.location.file == str(edited)
    loaded = load_text(answer_text(draft, edited.name), "svar.yaml")
    for d in check(loaded):
        place = draft.locate(d.path)
        assert place.file == str(edited)
        assert DA.gettext(d.message) != d.message, d.message
    result = import_docx(edited, folder / "svar.yaml", force=True)
    assert result.written is not None
    for d in result.diagnostics:
        assert d.location is not None


@settings(max_examples=12, derandomize=True, **_COMMON)
@given(which=st.integers(0, 10_000), text=in_word)
def test_any_text_typed_in_a_control_reads_back_as_findings(
    built: SimpleNamespace, tmp_path_factory: pytest.TempPathFactory, which: int, text: str
) -> None:
    tag = built.tags[which % len(built.tags)]
    _draft_body(built, tmp_path_factory.mktemp("e"), tag, text)


@pytest.mark.slow
@settings(max_examples=400, **_COMMON)
@given(which=st.integers(0, 10_000), text=in_word)
def test_long_run_typed_controls(
    built: SimpleNamespace, tmp_path_factory: pytest.TempPathFactory, which: int, text: str
) -> None:
    tag = built.tags[which % len(built.tags)]
    _draft_body(built, tmp_path_factory.mktemp("e"), tag, text)


@pytest.mark.parametrize(("tag", "text"), [
    ("oekonomi.ansoegt_beloeb", "1e999"), ("oekonomi.ansoegt_beloeb", "9" * 5000),
    ("spor3.virksomhedsrettet.maal.2017-10", "1" + "0" * 30 + " %"),
    ("spor2.maaltal_uger.2018-10", "9" * 5000), ("maalgruppe.indstilles.pr_maaned", "1" * 31),
])
def test_absurd_numbers_in_controls_are_doc008_at_the_control(
    built: SimpleNamespace, tmp_path: Path, tag: str, text: str
) -> None:
    edited = samples.edit_control(built.docx, tmp_path / "u.docx", tag, text)
    result = import_docx(edited, tmp_path / "svar.yaml")
    [d] = [d for d in result.diagnostics if d.code == "DOC008"]
    assert d.location is not None and d.location.section


def test_an_unreadable_control_hides_no_finding_of_another_section(
    built: SimpleNamespace, tmp_path: Path
) -> None:
    first = samples.edit_control(built.docx, tmp_path / "a.docx",
                                 "maalgruppe.indstilles.pr_maaned", "ca. 4")
    edited = samples.edit_control(first, tmp_path / "b.docx", "identifikation.ansvarlig.email",
                                  "lene.clausen@albertslund")
    result = import_docx(edited, tmp_path / "svar.yaml")
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["BUD011", "DOC008", "KON001", "SCH011"]
    [note] = [d for d in result.diagnostics if d.code == "SCH011"]
    assert note.path == ("maalgruppe",)
