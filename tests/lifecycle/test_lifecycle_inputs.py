"""Bad input after the application: a clear finding with its place, nothing written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from after_support import EXAMPLE

from pulje.documents.committee.facts import CaseOptions
from pulje.lifecycle.committee import committee
from pulje.lifecycle.common import LifecycleError
from pulje.lifecycle.reports import report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _archive(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PULJE_ARKIV", str(tmp_path / "arkiv"))
    monkeypatch.delenv("PULJE_DATABASE_URL", raising=False)


def test_a_meeting_after_the_deadline_warns_and_offers_the_orientering(tmp_path: Path) -> None:
    result = committee(FIXTURES / "den-centrale-pulje.yaml",
                       CaseOptions(moede=date(2016, 9, 6)), pdf=False, out_dir=tmp_path / "s")
    (late,) = [d for d in result.diagnostics if d.code == "UDV001"]
    assert late.params["deadline"] == date(2016, 9, 1)
    assert "--orientering" in late.hint
    text = (tmp_path / "s" / "den-centrale-pulje-udvalgssag.txt").read_text(encoding="utf-8")
    assert "Ansøgningsfristen er 1. september 2016 kl. 12.00." in " ".join(text.split())
    again = committee(FIXTURES / "den-centrale-pulje.yaml",
                      CaseOptions(moede=date(2016, 9, 6), orientering=True), pdf=False,
                      out_dir=tmp_path / "o")
    assert not [d for d in again.diagnostics if d.code == "UDV001"]


def test_an_existing_output_folder_is_never_written_into(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    with pytest.raises(LifecycleError):
        committee(EXAMPLE, CaseOptions(), pdf=False, out_dir=tmp_path / "s")
    assert list((tmp_path / "s").iterdir()) == []


@pytest.mark.parametrize(("text", "code", "line"), [
    ("rapport: status\nopgjort_pr: 2017-13-40\n", "SCH006", 2),
    ("rapport: status\nopgjort_pr: 2017-10-31\nregnskab:\n  99: 100\n", "OPF005", 4),
    ("rapport: status\nopgjort_pr: 2017-10-31\nmaaltal:\n  spor9.x: {}\n", "OPF005", 4),
    ("rapport: status\nopgjort_pr: 2017-10-31\nregnskab: {1: {{ x }}}\n", "SCH001", 3),
])
def test_a_bad_actuals_file_is_a_finding_with_its_place(tmp_path: Path, text: str, code: str,
                                                        line: int) -> None:
    actuals = tmp_path / "f.yaml"
    actuals.write_text(text, encoding="utf-8")
    result = report(EXAMPLE, actuals, final=False, pdf=False, out_dir=tmp_path / "r")
    assert result.refused and not (tmp_path / "r").exists()
    found = [d for d in result.diagnostics if d.code == code]
    assert found and found[0].location is not None and found[0].location.line == line


def test_an_answer_file_with_errors_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("pulje: bedre-ressourceforloeb\noekonomi: 12\n", encoding="utf-8")
    with pytest.raises(LifecycleError) as caught:
        committee(bad, CaseOptions(), pdf=False, out_dir=tmp_path / "x")
    assert caught.value.diagnostics


def test_an_actuals_file_with_nothing_filled_in_is_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main
    from pulje.lifecycle.reports import write_actuals_starter

    actuals = write_actuals_starter(EXAMPLE, tmp_path / "f.yaml", final=False,
                                    until=date(2017, 10, 31))
    result = report(EXAMPLE, actuals, final=False, pdf=False, out_dir=tmp_path / "r")
    assert result.refused and not (tmp_path / "r").exists() and result.archived is None
    assert [d.code for d in result.diagnostics if d.code == "OPF006"] == ["OPF006"]
    cli = CliRunner().invoke(main, ["--lang", "da", "report", str(EXAMPLE), "--status",
                                    "--actuals", str(actuals), "--no-pdf", "-o",
                                    str(tmp_path / "c")])
    assert cli.exit_code != 0 and "OPF006" in cli.output
    assert not (tmp_path / "c").exists()
    assert [p.name for p in (tmp_path / "arkiv").iterdir()] == ["portefoelje.sqlite"]


def test_the_starter_lists_only_the_activities_up_to_its_date(tmp_path: Path) -> None:
    import yaml

    actuals = write_actuals_starter_for(tmp_path, date(2017, 10, 31))
    data = yaml.safe_load(actuals.read_text(encoding="utf-8"))
    years = {(a["aar"], a["kvartal"]) for a in data["aktiviteter"]}
    assert years and all((y, q) <= (2017, 4) for y, q in years)
    assert not any(y == 2018 for y, _ in years)


def write_actuals_starter_for(tmp_path: Path, until: date) -> Path:
    from pulje.lifecycle.reports import write_actuals_starter

    return write_actuals_starter(EXAMPLE, tmp_path / "s.yaml", final=False, until=until)


def test_the_places_a_person_writes_are_named_without_their_closing_colon(
        tmp_path: Path) -> None:
    result = committee(EXAMPLE, CaseOptions(moede=date(2016, 8, 23)), template="slagelse",
                       pdf=False, out_dir=tmp_path / "s")
    (places,) = [d for d in result.diagnostics if d.code == "UDV003"]
    assert "den 23. august 2016" in places.params["headings"]
    assert ":" not in places.params["headings"]


def test_the_starters_comments_are_cut_at_a_word_with_an_ellipsis(tmp_path: Path) -> None:
    words = set(" ".join(EXAMPLE.read_text(encoding="utf-8").split()).split())
    text = write_actuals_starter_for(tmp_path, date(2017, 10, 31)).read_text(encoding="utf-8")
    cut = [line for line in text.splitlines() if "…" in line]
    assert cut  # the example has descriptions and måltal longer than the comments
    for line in cut:
        last = line.split("…")[0].rsplit(" ", 1)[-1].lstrip("#")
        assert last in words or last.rstrip(",;:") in words, line
