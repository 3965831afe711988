"""The one vocabulary of an application's facts (pulje.documents.facts), and the old names it
still reads: the same map as the readers of old records use."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pulje.answers.loader import load_application
from pulje.archive.index import RENAMED_FROM_1
from pulje.archive.manifest import ManifestV1, ManifestV2
from pulje.documents.facts import FACTS, OLD_NAMES, Facts, facts_of, money

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"


def test_the_facts_of_the_example() -> None:
    facts = facts_of(load_application(EXAMPLE), sider=12)
    assert facts.record(keep_none=False) | {"version": "x"} == {
        "pulje": "bedre-ressourceforloeb", "runde": "2016", "kommune": "Albertslund Kommune",
        "projekt": facts.projekt, "beloeb": "2150000.00", "sider": 12, "version": "x"}
    assert facts.projekt is not None and facts.projekt.startswith("Ressourceforløb")
    assert FACTS == ("pulje", "runde", "kommune", "projekt", "beloeb", "sider", "sidegraense",
                     "tidspunkt", "version")
    assert tuple(Facts().record()) == FACTS


def test_amounts_are_kroner_with_two_decimals_whatever_they_hold() -> None:
    assert money(Decimal("2150000")) == "2150000.00"
    assert money(Decimal("0.5")) == "0.50"
    assert money(None) is None
    assert money(Decimal("1e40")) == "1" + "0" * 40  # no crash on an absurd amount


def test_the_old_names_are_those_the_readers_of_old_records_know() -> None:
    # The first manifest format: its model's fields, renamed, are the second's facts.
    v1 = {OLD_NAMES["pulje-pakke/1"].get(f, f) for f in ManifestV1.model_fields}
    # (pulje-pakke/2's own: the documents, the page limit and what a package records, art)
    assert v1 - {"files"} == set(ManifestV2.model_fields) - {"filer", "dokumenter",
                                                              "sidegraense", "art"}
    # The index of schema 1: the migration renames exactly these columns.
    assert {old: new for new, old in RENAMED_FROM_1.items()} == OLD_NAMES["index/1"]
    assert set(OLD_NAMES["pulje-rapport/1"].values()) <= set(FACTS)
