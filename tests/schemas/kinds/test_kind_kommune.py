"""kommune: a line naming a municipality (KON003 walks the form by this kind)."""

from __future__ import annotations

from kinds_support import answers, drawn, form_of

from schemas.kinds import kind


def test_a_kommune_is_a_line_drawn_as_a_value() -> None:
    form = form_of({"id": "kommune", "type": "kommune", "tekst": "Ansøger / Kommune"})
    assert answers(form, {"kommune": "Albertslund Kommune"}).kommune == "Albertslund Kommune"
    assert drawn(form)[1][3] == "kommune"
    assert kind("kommune").read(" Glostrup ", []) == "Glostrup"
    assert kind("kommune").widget(form.afsnit[0].spoergsmaal[0]).attrs["list"] == "kommuner"
