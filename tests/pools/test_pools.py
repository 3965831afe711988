"""Pools are data: a new pool or round is a folder and a YAML file, not code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pulje.diagnostics import Translator
from pulje.diagnostics.errors import PuljeError, UnknownPool
from pulje.pools import describe, load_pool, pool_ids, templates_dir

POOL = "bedre-ressourceforloeb"


def test_the_shipped_pool_has_the_form_header_facts() -> None:
    pool = load_pool(POOL)
    assert pool.navn == "Pulje til Bedre ressourceforløb"
    assert pool.finanslovskonto == "17.46.65.40"
    assert (pool.modtager, pool.cc) == ("star@star.dk", ["cwh@star.dk", "ibh@star.dk"])
    assert pool.emne == "Ansøgning til pulje Bedre ressourceforløb"
    assert pool.sidegraense == 15
    runde = pool.runde()
    assert (runde.baseline_maaned.year, runde.baseline_maaned.month) == (2016, 8)
    assert [(m.year, m.month) for m in runde.maalinger] == [(2017, 10), (2018, 10)]
    assert runde.periode.years == [2017, 2018]
    assert "uforudsete udgifter" in pool.budget.forbudte_poster
    assert pool.budget.revision_forventet


def _copy_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_id: str, text: str) -> None:
    base = tmp_path / "templates"
    shutil.copytree(templates_dir(), base)
    folder = base / new_id
    folder.mkdir(exist_ok=True)
    (folder / "pool.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("PULJE_TEMPLATES", str(base))


def test_a_new_round_is_data_and_the_newest_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = (templates_dir() / POOL / "pool.yaml").read_text(encoding="utf-8")
    extra = (
        '  - id: "2019"\n    baseline_maaned: 2019-01\n    maalinger: [2020-06]\n'
        "    projektperiode:\n      fra: 2020-01-01\n      til: 2020-12-31\n"
    )
    text = original.replace("budget:\n", extra + "budget:\n", 1)
    _copy_pool(tmp_path, monkeypatch, POOL, text)
    pool = load_pool(POOL)
    assert [r.id for r in pool.runder] == ["2016", "2019"]
    assert pool.runde().id == "2019" and pool.runde("2016").id == "2016"
    with pytest.raises(UnknownPool):
        pool.runde("2030")


def test_unknown_pool_names_the_known_ones() -> None:
    with pytest.raises(UnknownPool) as info:
        load_pool("findes-ikke")
    assert POOL in info.value.text(Translator("da"))
    assert POOL in pool_ids()


def test_a_broken_pool_definition_is_a_clear_error_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy_pool(tmp_path, monkeypatch, "ny-pulje", "id: ny-pulje\nnavn: Ny\nsidegraense: nul\n")
    with pytest.raises(PuljeError) as info:
        load_pool("ny-pulje")
    text = info.value.text(Translator("da"))
    assert "pool.yaml" in text and ":" in text


def test_describe_lists_the_facts_in_danish() -> None:
    text = describe([load_pool(POOL)], Translator("da"))
    for fact in ("17.46.65.40", "star@star.dk", "cwh@star.dk", "15", "oktober 2017"):
        assert fact in text
