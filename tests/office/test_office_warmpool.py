"""The server's warm LibreOffices side by side (``pulje.office.warmpool``): the contract of
``convert_to_pdf`` (PDF names, failures, the cache, ``on_result``), and the cold way when
LibreOffice cannot be kept warm. Page counts across orders: test_office_determinism.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import office_samples as samples
import pytest

from pulje.office import ConversionFailure, count_pages, warmpool
from pulje.office import warm as warm_module
from pulje.office.warmpool import WarmPool


@pytest.fixture()
def drafts(tmp_path: Path) -> list[Path]:
    for folder in "abc":
        (tmp_path / folder).mkdir()
    one = samples.one_page(tmp_path / "a" / "ansoegning.docx")
    two = samples.three_sections(tmp_path / "b" / "ansoegning.docx")  # the same name
    broken = tmp_path / "c" / "noter.docx"
    broken.write_bytes(b"not a zip at all")
    return [one, two, broken]


def _outcomes(pool: WarmPool, drafts: list[Path], out: Path) -> dict[Path, object]:
    told: dict[Path, object] = {}
    results = pool.convert_to_pdf(drafts, out, on_result=lambda s, o: told.setdefault(s, o))
    assert told == results  # each outcome told once, as it came
    return dict(results)


def test_a_batch_gets_the_cold_ways_names_and_failures(drafts: list[Path], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_CACHE", "off")
    with WarmPool(2) as pool:
        pool.start()
        results = _outcomes(pool, drafts, tmp_path / "ud")
        assert not pool.unavailable
    first, second, broken = (results[d] for d in drafts)
    assert isinstance(first, Path) and first.name == "ansoegning.pdf"
    assert isinstance(second, Path) and second.name == "ansoegning-2.pdf"
    assert count_pages(first) == 1 and count_pages(second) >= 2
    assert isinstance(broken, ConversionFailure)
    assert sorted(p.name for p in (tmp_path / "ud").iterdir()) == ["ansoegning-2.pdf",
                                                                   "ansoegning.pdf"]


def test_a_document_converted_before_comes_from_the_cache(
        drafts: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_CACHE", str(tmp_path / "cache"))
    with WarmPool(1) as pool:
        pool.start()
        _outcomes(pool, drafts[:1], tmp_path / "ud1")
        pool.close()  # no LibreOffice left: only the cache can answer now
        monkeypatch.setattr(warm_module.WarmOffice, "convert_to_pdf", _refuse)
        monkeypatch.setattr(warmpool, "convert_to_pdf", _refuse)
        again = _outcomes(pool, drafts[:1], tmp_path / "ud2")[drafts[0]]
        assert not pool.unavailable  # neither a warm nor a cold LibreOffice was asked
    assert isinstance(again, Path) and count_pages(again) == 1


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("converted again: the cache should have answered")


def test_without_uno_the_batch_goes_the_cold_way(drafts: list[Path], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_CACHE", "off")
    monkeypatch.setattr(warm_module, "uno_python", lambda: None)
    pool = WarmPool(2)
    with pytest.raises(warm_module.WarmUnavailable):
        pool.start()
    results = _outcomes(pool, drafts, tmp_path / "ud")
    assert pool.unavailable
    assert isinstance(results[drafts[0]], Path) and count_pages(results[drafts[0]]) == 1
    assert isinstance(results[drafts[2]], ConversionFailure)
    assert shutil.which("soffice") is not None
