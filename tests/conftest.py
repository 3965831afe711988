"""Shared set-up: the repository first on sys.path, the edit helpers importable, fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# pytest puts tests/ first on sys.path (rootdir conftest, "prepend" import mode); its folders
# tests/checks, tests/answers, tests/diagnostics … would then shadow the real packages as
# namespace packages. The repository root must come first. tests/fixtures holds the helper
# module answer_edits.
for _entry in (ROOT / "tests" / "fixtures", ROOT):
    if str(_entry) in sys.path:
        sys.path.remove(str(_entry))
    sys.path.insert(0, str(_entry))

import os  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402

# pulje keeps pools and forms as read in the user's cache folder (pulje.pools.cache): the tests
# keep theirs in a folder of their own, never in the user's.
os.environ.setdefault("PULJE_CACHE", tempfile.mkdtemp(prefix="pulje-test-cache-"))
# … and never read the user's kommune profile (pulje init fills in from it): none by default.
os.environ.setdefault("PULJE_PROFIL", os.path.join(tempfile.mkdtemp(prefix="pulje-test-"),
                                                   "ingen-kommuneprofil.yaml"))
from answer_edits import EXAMPLE_TEXT, NAME  # noqa: E402


@pytest.fixture
def example_text() -> str:
    return EXAMPLE_TEXT


@pytest.fixture
def write(tmp_path: Path):
    """Write text (str) or bytes to a file under tmp_path and return its path."""

    def _write(content: str | bytes, name: str = NAME) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(ROOT)) for p in folder.rglob("*")} if folder.is_dir() else set()


@pytest.fixture(scope="session", autouse=True)
def _user_folders_untouched():
    """No test writes into the repository's outputs/ or applications/: they are the user's."""
    watched = [ROOT / "outputs", ROOT / "applications"]
    before = {str(f): _tree(f) for f in watched}
    yield
    for folder in watched:
        new = sorted(_tree(folder) - before[str(folder)])
        assert not new, f"a test wrote into the user's folder {folder}: {new[:5]}"
