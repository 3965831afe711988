"""The contract of the kinds: every kind is one module named by its word, with one test module,
and owns its error messages; the library stays off Word, PDF and Excel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from schemas.kinds import KINDS, Kind, all_kinds, all_messages, kind, words

HERE = Path(__file__).parent
ROOT = HERE.parents[2]


def test_every_kind_is_its_module_and_has_a_test_module() -> None:
    found = all_kinds()
    assert set(found) == set(words()) and len(found) >= 20
    for word, k in found.items():
        assert isinstance(k, Kind) and k.word == word
        assert type(k).__module__ == f"schemas.kinds.{word}"
        assert (HERE / f"test_kind_{word}.py").is_file(), f"kind {word} has no test module"


def test_an_unknown_word_is_no_kind() -> None:
    with pytest.raises(KeyError):
        kind("findes_ikke")
    with pytest.raises(KeyError):
        kind("base")


def test_each_error_key_belongs_to_one_kind() -> None:
    owners: dict[str, str] = {}
    for word in words():
        for key in kind(word).messages:
            assert key not in owners, (key, owners.get(key), word)
            owners[key] = word
    assert set(owners) == set(all_messages())


@pytest.mark.parametrize("word", words())
def test_nothing_is_shown_for_no_answer(word: str) -> None:
    assert kind(word).display(None) == ""


def test_the_library_imports_no_word_pdf_or_excel_library() -> None:
    code = ("import sys; from schemas.kinds import all_kinds; all_kinds(); "
            "import schemas.form, schemas.library, schemas.layout; "
            "print(sorted(m for m in ('docx', 'docxtpl', 'pypdf', 'openpyxl', 'lxml') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out == "[]\n"
    assert KINDS  # the registry is filled as kinds are used
