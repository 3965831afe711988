"""The cache of pools and forms as read: a second run reads them back, a changed file or a
damaged entry is read again from the data, and the cache can be turned off."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pulje.pools import cache, load_pool, templates_dir

ROOT = Path(__file__).resolve().parents[2]
POOL = "bedre-ressourceforloeb"


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the pools and an empty cache folder of its own."""
    base = tmp_path / "templates"
    shutil.copytree(templates_dir(), base, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PULJE_TEMPLATES", str(base))
    monkeypatch.setenv("PULJE_CACHE", str(tmp_path / "cache"))
    return base


def _entries(tmp_path: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.pickle"))


def test_a_second_process_reads_the_pool_and_form_from_the_cache(
    setup: Path, tmp_path: Path
) -> None:
    code = ("from pulje.pools import load_pool; r = load_pool('bedre-ressourceforloeb').runde(); "
            "print(len(r.form.afsnit), r.sidegraense)")
    env = {"PULJE_TEMPLATES": str(setup), "PULJE_CACHE": str(tmp_path / "cache"),
           "PATH": "", "PYTHONPATH": str(ROOT)}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True)
    assert _entries(tmp_path) == ["pulje", "skema"]
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").glob("*.pickle")}
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    assert first.stdout == second.stdout == "14 15\n"
    # read, not written again
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "cache").glob("*.pickle")} == stamps


def test_an_edited_round_is_read_again(setup: Path, tmp_path: Path) -> None:
    key_before = cache._key("pulje", [setup / POOL / "2016" / "runde.yaml"])
    path = setup / POOL / "2016" / "runde.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sidegraense: 15",
                                                             "sidegraense: 14  "),
                    encoding="utf-8")
    assert cache._key("pulje", [path]) != key_before
    assert cache.cached("x", [path], lambda: 1) == 1
    assert cache.cached("x", [path], lambda: 2) == 1  # the same files: the entry
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.cached("x", [path], lambda: 3) == 3  # changed: made again


def test_a_damaged_entry_is_made_again(setup: Path, tmp_path: Path) -> None:
    files = [setup / POOL / "pool.yaml"]
    assert cache.cached("x", files, lambda: "first") == "first"
    [entry] = (tmp_path / "cache").glob("x-*.pickle")
    entry.write_bytes(b"\x80\x04 not a pickle")
    assert cache.cached("x", files, lambda: "again") == "again"
    assert cache.cached("x", files, lambda: "third") == "again"  # written anew
    assert load_pool(POOL).runde().sidegraense == 15


def test_off_writes_nothing(setup: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_CACHE", "off")
    assert cache.cache_dir() is None
    assert cache.cached("x", [setup / POOL / "pool.yaml"], lambda: 7) == 7
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_folder_is_no_error(
    setup: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PULJE_CACHE", str(blocker / "cache"))
    assert cache.cached("x", [setup / POOL / "pool.yaml"], lambda: 8) == 8
