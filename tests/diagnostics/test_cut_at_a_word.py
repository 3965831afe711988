"""Long texts in tables and messages are cut at a whole word with "…", never inside one."""

from __future__ import annotations

import pytest

from pulje.answers.loader import _input_text
from pulje.archive.manifest import _cut
from pulje.archive.rows import plain
from pulje.portfolio.listing import _clip
from pulje.yamlsource.errors import _cut as _cut_line

LONG = "Bedre ressourceforløb for borgere i jobafklaringsforløb og ressourceforløb i Albertslund"


@pytest.mark.parametrize("cut", [
    lambda t: plain(t, 30), lambda t: _clip(t, 30), lambda t: _cut(t, 29),
    lambda t: _cut_line(t, 30), lambda t: _input_text(t * 2),
])
def test_a_long_text_is_cut_after_a_whole_word(cut) -> None:  # type: ignore[no-untyped-def]
    out = cut(LONG)
    assert out.endswith("…")
    kept = out[:-1]
    assert LONG.startswith(kept) or (LONG * 2).startswith(kept)
    assert (LONG * 2)[len(kept)] == " ", f"cut inside a word: {out!r}"


def test_a_short_text_is_kept_whole() -> None:
    assert plain("Albertslund Kommune", 30) == "Albertslund Kommune"
    assert _clip("Albertslund Kommune", 30) == "Albertslund Kommune"
