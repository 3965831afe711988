"""linjer: a list of short texts, one a paragraph (a tidsplan cell)."""

from __future__ import annotations

from kinds_support import answers, form_of

from schemas.kinds import Blank, kind


def test_lines_in_and_out() -> None:
    form = form_of({"id": "aktiviteter", "type": "linjer", "tekst": "Aktiviteter"})
    assert answers(form, {"aktiviteter": ["a", "b"]}).aktiviteter == ["a", "b"]
    assert answers(form, {}).aktiviteter == []
    k = kind("linjer")
    assert k.read("a\nb", ["a", "b"]) == ["a", "b"] and k.read("", []) is None
    assert k.display(["a", "b"]) == "a\nb"
    q = form.afsnit[0].spoergsmaal[0]
    assert list(k.blanks(q, [" "], ("x",))) == [Blank(("x",), "Aktiviteter")]
