"""Fixtures for the archive tests; puts the repository on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archive_helpers import PackageFactory, build_package  # noqa: E402


@pytest.fixture
def make_package(tmp_path: Path) -> PackageFactory:
    """``make_package(seed, **manifest_fields)`` → a new package under tmp_path/pakker."""
    counter = [0]

    def make(seed: str = "a", *, as_zip: bool = False, size: int = 200, **meta: Any) -> Path:
        counter[0] += 1
        where = tmp_path / "pakker" / f"pakke{counter[0]}"
        where.parent.mkdir(exist_ok=True)
        return build_package(where, seed, as_zip=as_zip, size=size, **meta)

    return make


@pytest.fixture
def arkiv(tmp_path: Path) -> Path:
    return tmp_path / "arkiv"


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own per-user data folder: the default archive never lands in the
    real one, and PULJE_ARKIV from the environment does not leak in."""
    data = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("PULJE_ARKIV", raising=False)
    return data


@pytest.fixture(autouse=True)
def each_database(database: str) -> str:
    """Every archive test runs with the index in SQLite and in PostgreSQL (tests/conftest)."""
    return database
