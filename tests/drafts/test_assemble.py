"""``drafts.assemble``: a draft's values as answer-file data; a section whose fields stand in
the document is there even with nothing filled in, so that its questions are found unanswered
(TXT001) as in a new answer file, not the section missing (TXT003)."""

from __future__ import annotations

from pulje.drafts.assemble import assemble
from pulje.pools import load_pool


def test_present_sections_are_there_empty_and_absent_ones_are_not() -> None:
    runde = load_pool("bedre-ressourceforloeb").runde("2016")
    data = assemble("bedre-ressourceforloeb", runde, [], {"spor1", "tidsplan"})
    assert data == {"pulje": "bedre-ressourceforloeb", "runde": "2016", "spor1": {},
                    "tidsplan": {}}
    assert list(assemble("bedre-ressourceforloeb", runde, [], set())) == ["pulje", "runde"]
