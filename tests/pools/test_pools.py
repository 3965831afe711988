"""Pools are data: a new pool or round is a folder of YAML files, not code."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pulje.diagnostics import Translator
from pulje.diagnostics.errors import PuljeError, UnknownPool
from pulje.pools import EmailKanal, PortalKanal, load_pool, pool_ids, templates_dir

POOL = "bedre-ressourceforloeb"


def test_the_shipped_pool_has_the_form_header_facts() -> None:
    pool = load_pool(POOL)
    assert pool.navn == "Pulje til Bedre ressourceforløb"
    assert pool.styrelse == "Styrelsen for Arbejdsmarked og Rekruttering"
    runde = pool.runde()
    assert runde.konti == ["17.46.65.40"]
    assert isinstance(runde.kanal, EmailKanal)
    assert (runde.modtager, runde.cc) == ("star@star.dk", ["cwh@star.dk", "ibh@star.dk"])
    assert runde.emne == "Ansøgning til pulje Bedre ressourceforløb"
    assert runde.sidegraense == 15
    assert runde.frist is None  # "efterår 2016": no date is known, none is invented
    assert runde.puljebeloeb == Decimal("40400000.00")
    assert runde.baseline_maaned is not None
    assert (runde.baseline_maaned.year, runde.baseline_maaned.month) == (2016, 8)
    assert [(m.year, m.month) for m in runde.maalinger] == [(2017, 10), (2018, 10)]
    assert runde.periode is not None and runde.periode.years == [2017, 2018]
    assert "uforudsete udgifter" in runde.budget.forbudte_poster
    assert runde.budget.revision_forventet
    assert runde.dokumenter == ["ansoegning", "budgetbilag", "budgetark"]
    assert runde.skema_kilde == "transcribed"


def _copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "templates"
    shutil.copytree(templates_dir(), base, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PULJE_TEMPLATES", str(base))
    return base


def test_a_new_round_is_a_copied_folder_and_the_newest_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _copy(tmp_path, monkeypatch)
    new = base / POOL / "2019"
    shutil.copytree(base / POOL / "2016", new)
    text = (new / "runde.yaml").read_text(encoding="utf-8")
    (new / "runde.yaml").write_text(
        text.replace('id: "2016"', 'id: "2019"').replace("frist: null", "frist: 2019-12-05 12:00"),
        encoding="utf-8")
    pool = load_pool(POOL)
    assert [r.id for r in pool.runder] == ["2016", "2019"]
    assert pool.runde().id == "2019" and pool.runde("2016").id == "2016"
    frist = pool.runde().frist
    assert frist is not None and frist.tidspunkt == datetime(
        2019, 12, 5, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with pytest.raises(UnknownPool):
        pool.runde("2030")


def test_rounds_are_ordered_with_numbers_as_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _copy(tmp_path, monkeypatch)
    for name in ("2019-2", "2019-10"):
        shutil.copytree(base / POOL / "2016", base / POOL / name)
        path = base / POOL / name / "runde.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace('id: "2016"', f'id: "{name}"'),
                        encoding="utf-8")
    assert [r.id for r in load_pool(POOL).runder] == ["2016", "2019-2", "2019-10"]


def test_a_round_without_an_id_is_its_folder_and_another_id_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _copy(tmp_path, monkeypatch)
    shutil.copytree(base / POOL / "2016", base / POOL / "2017")
    path = base / POOL / "2017" / "runde.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('id: "2016"\n', ""), encoding="utf-8")
    assert [r.id for r in load_pool(POOL).runder] == ["2016", "2017"]
    path.write_text(text, encoding="utf-8")  # a copy whose id was not changed
    with pytest.raises(PuljeError) as info:
        load_pool(POOL)
    message = info.value.text(Translator("da"))
    assert "2017" in message and "runde.yaml:" in message and "mappens navn" in message


def test_deadlines_with_and_without_a_time_of_day() -> None:
    from pulje.pools import Frist

    with_time = Frist.model_validate({"dato": "2016-09-01", "tid": "12:00"})
    assert with_time.tidspunkt == datetime(2016, 9, 1, 12, 0,
                                           tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert with_time.tidspunkt is not None and with_time.tidspunkt.utcoffset() is not None
    without = Frist.model_validate({"dato": date(2018, 12, 14)})
    assert without.tidspunkt is None and without.tid is None
    from pulje.pools.round import _frist

    assert _frist("2016-09-01 kl. 12.00") == {"dato": "2016-09-01", "tid": "12:00"}
    assert Frist.model_validate(_frist("2017-02-01 12:00")).tid == time(12, 0)
    with pytest.raises(ValueError):
        _frist("efterår 2016")


def test_a_channel_is_e_mail_or_the_portal() -> None:
    from pulje.pools import Runde

    portal = Runde.model_validate({"id": "2017", "kanal": {"type": "tilskudsportal",
                                                           "upload": ["ansoegning"]}})
    assert isinstance(portal.kanal, PortalKanal)
    assert (portal.modtager, portal.cc, portal.emne) == (None, [], None)
    with pytest.raises(ValueError):
        Runde.model_validate({"id": "x", "kanal": {"type": "fax"}})


def test_unknown_pool_names_the_nearest_or_how_many_there_are() -> None:
    with pytest.raises(UnknownPool) as info:
        load_pool("bedre-ressourceforloeb-2016")
    assert f"Mente du '{POOL}'?" in info.value.text(Translator("da"))
    with pytest.raises(UnknownPool) as info:
        load_pool("findes-ikke")
    assert f"de {len(pool_ids())} puljer" in info.value.text(Translator("da"))
    assert POOL in pool_ids()


def test_a_broken_pool_definition_is_a_clear_error_with_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _copy(tmp_path, monkeypatch)
    (base / "ny-pulje").mkdir()
    (base / "ny-pulje" / "pool.yaml").write_text("id: ny-pulje\nnavn: Ny\nsidegraense: nul\n",
                                                 encoding="utf-8")
    with pytest.raises(PuljeError) as info:
        load_pool("ny-pulje")
    text = info.value.text(Translator("da"))
    assert "pool.yaml" in text and ":" in text


def test_the_old_format_with_rounds_in_pool_yaml_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _copy(tmp_path, monkeypatch)
    path = base / POOL / "pool.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "runder:\n  - id: '2016'\n",
                    encoding="utf-8")
    with pytest.raises(PuljeError) as info:
        load_pool(POOL)
    assert "en runde er nu en mappe" in info.value.text(Translator("da"))


def test_a_pool_without_rounds_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _copy(tmp_path, monkeypatch)
    (base / "tom").mkdir()
    (base / "tom" / "pool.yaml").write_text("id: tom\nnavn: Tom pulje\n", encoding="utf-8")
    with pytest.raises(PuljeError) as info:
        load_pool("tom")
    assert "runde.yaml" in info.value.text(Translator("en"))
