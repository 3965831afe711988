"""The stage a batch is checked in: made names that keep what the desk reads from a name (the
suffix, a budget attachment beside its form, a hidden file, Word's lock file, pulje's own
records) and nothing else; the check's rows and findings told back in the uploaded names."""

from __future__ import annotations

import io
from pathlib import Path

from pulje.diagnostics import Location
from pulje.drafts import DeskResult, DeskRow
from pulje.drafts.codes import DOC001
from pulje.web.desk.batches import BatchStore
from pulje.web.desk.staging import _made_names, relabel, remove, stage
from pulje.web.desk.uploads import Receiver, Upload


def _store(tmp_path: Path, names: list[str]) -> tuple[BatchStore, object]:
    store = BatchStore(tmp_path)
    batch = store.new("")
    Receiver(store, batch, 50).add([Upload(n, io.BytesIO(n.encode())) for n in names])
    return store, batch


def test_made_names_keep_what_the_desk_reads_from_a_name(tmp_path: Path) -> None:
    names = ["Ansøgning v3.DOCX", "Ansøgning v3-bilag-budget.pdf", "Ansøgning v3-budget.xlsx",
             ".skjult.docx", "~$søgning.docx", "report.json", "noter", "../../x.yaml"]
    _store_, batch = _store(tmp_path, names)
    made = _made_names(batch.files)  # type: ignore[attr-defined]
    by_name = {f.name: made[f.number] for f in batch.files}  # type: ignore[attr-defined]
    form = by_name["Ansøgning v3.DOCX"]
    assert form.endswith(".docx") and form.startswith("f")
    stem = form.removesuffix(".docx")
    assert by_name["Ansøgning v3-bilag-budget.pdf"] == f"{stem}-bilag-budget.pdf"
    assert by_name["Ansøgning v3-budget.xlsx"] == f"{stem}-budget.xlsx"
    assert by_name[".skjult.docx"].startswith(".f") and by_name[".skjult.docx"].endswith(".docx")
    assert by_name["~$søgning.docx"].startswith("~$f")
    assert by_name["report.json"] == "report.json"
    assert by_name["../../x.yaml"].endswith(".yaml") and "/" not in by_name["../../x.yaml"]
    assert "." not in by_name["noter"]
    assert all(n.isascii() for n in made.values())


def test_the_stage_and_the_names_told_back(tmp_path: Path) -> None:
    store, batch = _store(tmp_path, ["a.docx", "mappe/under/b.pdf", "mappe/c.yaml"])
    staged = stage(store, batch)  # type: ignore[arg-type]
    try:
        given = [str(p) for p in staged.paths]
        assert len(given) == 2  # the loose file, and the folder as a folder
        assert staged.names[given[1]] == "mappe"
        inside = sorted(str(p.relative_to(staged.root)) for p in staged.root.rglob("*"))
        assert all(part.isascii() for part in inside)
        staged_b = next(k for k, v in staged.names.items() if v == "mappe/under/b.pdf")
        row = DeskRow(staged_b, "pdf", [DOC001("{file} is damaged: {why}.", "",
                                               file=staged_b, why=f"see {staged_b}").at(
            Location(staged_b, page=2))])
        told = relabel(DeskResult(files=[row]), staged).files[0]
        assert told.file == "mappe/under/b.pdf"
        (d,) = told.diagnostics
        assert d.location is not None and d.location.file == "mappe/under/b.pdf"
        assert d.location.page == 2
        assert d.params == {"file": "mappe/under/b.pdf", "why": "see mappe/under/b.pdf"}
        assert staged.shown(f"{staged.root}/other") == "…/other"  # no server path shown
    finally:
        remove(staged)
    assert not staged.root.exists()
