"""From one application's data: the committee case, its approval, the grant (lower than
applied for), a status report with met and missed måltal and an overspent line, the
portfolio listed whole, the calendar parsed back with icalendar, and the archive's history —
all through the command line, with real Word → LibreOffice → PDF."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from after_support import EXAMPLE, write_profile
from click.testing import CliRunner
from icalendar import Calendar

from cli import main
from pulje.office import page_texts


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["--lang", "da", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory, module_database: str) -> dict[str, Path]:
    """The office's archive and portfolio: in SQLite files, and in PostgreSQL (the whole
    module runs once with each, ``module_database`` in tests/conftest)."""
    tmp = tmp_path_factory.mktemp("after")
    mp = pytest.MonkeyPatch()
    mp.setenv("PULJE_ARKIV", str(tmp / "arkiv"))
    mp.setenv("PULJE_PROFIL", str(write_profile(tmp)))
    mp.chdir(tmp)  # commands without -o write under ./outputs: the test's, not the user's
    yield {"tmp": tmp}
    mp.undo()


def test_the_committee_case_is_word_pdf_and_text(office: dict[str, Path]) -> None:
    out = office["tmp"] / "sag"
    text = _run("committee", str(EXAMPLE), "--meeting", "2016-08-23 16:00", "--sagsnr",
                "330-2016-12345", "-o", str(out))
    assert "UDV003" in text and ":." not in text
    pdf = out / "albertslund-bedre-ressourceforloeb-udvalgssag.pdf"
    pages = " ".join(" ".join(page_texts(pdf)).split())
    assert "Godkendelse af ansøgning til Pulje til Bedre ressourceforløb (B)" in pages
    assert "1. at Udvalget godkender, at Jobcentret søger Pulje til Bedre ressourceforløb om " \
           "2.150.000,00 kr. for perioden 1. januar 2017–31. december 2018." in pages
    assert "Testdirektøren for Beskæftigelse indstiller," in pages
    assert (out / "albertslund-bedre-ressourceforloeb-udvalgssag.txt").read_text(
        encoding="utf-8").startswith("Godkendelse af ansøgning")


def test_approval_and_a_lower_grant_are_recorded_and_archived(office: dict[str, Path]) -> None:
    _run("committee", str(EXAMPLE), "--approved", "2016-08-23")
    out = office["tmp"] / "tilsagn"
    text = _run("grant", str(EXAMPLE), "--amount", "1.800.000,00", "--date", "2016-12-01",
                "--status-due", "2017-11-30", "--final-due", "2019-03-31", "-o", str(out))
    assert "Disse 10 budgetlinjer skal ændres" in text or "10" in text
    assert "Virksomhedskonsulent, fast tilknyttet projektet…" in text  # cut at a word
    assert (out / "albertslund-bedre-ressourceforloeb-revideret-budget.xlsx").is_file()
    budget = " ".join(" ".join(page_texts(
        out / "albertslund-bedre-ressourceforloeb-revideret-budget.pdf")).split())
    # 24 months × the grant's share (83,5 %) = 20,05: 20 whole months at 45.000,00 kr.
    assert "900.000,00" in budget and "1.800.000,00" in budget
    assert "Revideret: 24 → 20 måneder" in budget
    note = " ".join(" ".join(page_texts(
        out / "albertslund-bedre-ressourceforloeb-budgetaendring.pdf")).split())
    assert "Budgetlinjer, der skal ændres" in note and "24 → 20 måneder" in note


def test_a_status_report_with_met_and_missed_targets_and_an_overspent_line(
        office: dict[str, Path]) -> None:
    actuals = office["tmp"] / "faktisk.yaml"
    _run("report", str(EXAMPLE), "--status", "--starter", "--until", "2017-10-31", "-o",
         str(actuals))
    text = actuals.read_text(encoding="utf-8").replace("    status:\n",
                                                       "    status: gennemfoert\n")
    for path, value in (("spor2.maaltal_uger", "5"), ("spor3.virksomhedsrettet", "22"),
                        ("spor3.mentorstoette", "40"), ("spor3.ordinaere_timer", "3")):
        text = re.sub(rf'(  {re.escape(path)}:.*\n)    "2017-10":', rf'\1    "2017-10": {value}',
                      text)
    spent = {1: 451062, 2: 285670, 3: 26061, 4: 10000, 5: 20000, 6: 7618, 7: 5012, 8: 4009,
             9: 7000, 10: 5429, 11: 12500}
    for key, value in spent.items():
        text = re.sub(rf"^  {key}:( +#)", rf"  {key}: {value}\1", text, flags=re.M)
    text = text.replace("begrundelser: {}", "begrundelser:\n  5: Udskudt til 2018.")
    actuals.write_text(text, encoding="utf-8")
    out = office["tmp"] / "status"
    result = CliRunner().invoke(main, ["--lang", "da", "report", str(EXAMPLE), "--status",
                                       "--actuals", str(actuals), "-o", str(out)])
    assert result.exit_code == 0, result.output
    codes = re.findall(r": (OPF\d{3}) ", result.output)
    assert codes == ["OPF003", "OPF003", "OPF002", "OPF001"]
    assert "linje 9" in result.output.lower() or "9. Kørselsgodtgørelse" in result.output
    report = " ".join(" ".join(page_texts(
        out / "albertslund-bedre-ressourceforloeb-statusrapport.pdf")).split())
    assert "Regnskab pr. godkendt budgetlinje" in report
    assert "Måltal virksomhedsrettet indsats 8 % 20 % 10-2017 22 % Ja" in report
    assert "Måltal mentorstøtte 10 % 50 % 10-2017 40 % Nej" in report
    assert "Udskudt til 2018." in report
    note = " ".join(" ".join(page_texts(
        out / "albertslund-bedre-ressourceforloeb-statusnotat.pdf")).split())
    for heading in ("Baggrund", "Organisering", "Status på aktiviteterne", "Resultater i tal",
                    "Næste skridt"):
        assert heading in note


def test_the_portfolio_listed_whole(office: dict[str, Path]) -> None:
    text = _run("status", "--today", "2017-12-01")
    assert text == (
        "Portefølje pr. 1. december 2017: 1 ansøgning(er).\n"
        "\n"
        "For sent (0):\n"
        "  Intet er for sent.\n"
        "\n"
        "Det næste (1):\n"
        "  2019-03-31  Slutrapport skal afleveres  Albertslund Kommune  "
        "Ressourceforløb med fokus på…  bevilget\n"
        "\n"
        "Ansøgninger:\n"
        "  bevilget  Albertslund Kommune  Ressourceforløb med fokus på…  "
        "bedre-ressourceforloeb/2016  2.150.000,00 kr. → 1.800.000,00 kr.\n")


def test_the_calendar_parses_back_with_stable_ids_times_and_alarms(
        office: dict[str, Path]) -> None:
    first, second = office["tmp"] / "a.ics", office["tmp"] / "b.ics"
    _run("status", "set", str(EXAMPLE), "--date", "frist=2016-09-01 12:00")
    _run("calendar", "--ics", str(first))
    _run("status", "set", str(EXAMPLE), "--date", "frist=2016-09-02 12:00")  # moved a day
    _run("calendar", "--ics", str(second), "--alarm", "14", "--alarm", "2")
    one = Calendar.from_ical(first.read_bytes())
    two = Calendar.from_ical(second.read_bytes())
    events = {str(e["uid"]): e for e in one.walk("VEVENT")}
    assert set(events) == {str(e["uid"]) for e in two.walk("VEVENT")}
    assert [tz["tzid"] for tz in one.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    kinds = sorted(str(e["categories"].cats[1]) for e in events.values())
    assert kinds == ["frist", "slut", "slutrapport", "start", "statusrapport", "udvalg"]
    deadline = next(e for e in events.values() if "frist" in e["categories"].cats)
    start = deadline.decoded("dtstart")
    assert isinstance(start, datetime) and str(start.tzinfo) == "Europe/Copenhagen"
    assert (start.year, start.month, start.day, start.hour) == (2016, 9, 1, 12)
    assert start.utcoffset() == timedelta(hours=2)
    moved = next(e for e in two.walk("VEVENT") if e["uid"] == deadline["uid"])
    assert (deadline["sequence"], moved["sequence"]) == (0, 1)  # a re-import updates it
    assert moved.decoded("dtstart").day == 2
    final = next(e for e in events.values() if "slutrapport" in e["categories"].cats)
    assert final.decoded("dtstart") == date(2019, 3, 31)  # no time known: all day
    triggers = sorted(a.decoded("trigger") for a in final.walk("VALARM"))
    assert triggers == [timedelta(days=-7), timedelta(days=-1)]
    report = next(e for e in events.values() if "statusrapport" in e["categories"].cats)
    assert list(report.walk("VALARM")) == []  # delivered: no alarm
    assert sorted(a.decoded("trigger") for a in next(
        e for e in two.walk("VEVENT") if "slutrapport" in e["categories"].cats
    ).walk("VALARM")) == [timedelta(days=-14), timedelta(days=-2)]
    project = ("Ressourceforløb med fokus på borgerinddragelse samt tværfaglig, "
               "helhedsorienteret og virksomhedsrettet indsats.")
    for event in events.values():  # the long project name is cut at a word, with "…"
        title = str(event["summary"]).split(": ", 1)[1].rsplit(" (", 1)[0]
        assert title.endswith("…") and project.startswith(title[:-1]), title
        assert project[len(title) - 1] in " ,", title


def test_the_archive_shows_the_whole_history_and_verifies(office: dict[str, Path]) -> None:
    text = _run("archive", "history", str(EXAMPLE))
    kinds = [line.split("  ")[3].split(" (")[0] for line in text.splitlines()
             if "  arkiv  " in line]
    assert kinds == ["godkendelse i udvalget", "tilsagn", "statusrapport"]
    assert "→ bevilget" in text and "→ godkendt" in text
    flat = " ".join(text.split())
    assert "Godkendt i udvalget den 23. august 2016" in flat
    assert "Tilsagn den 1. december 2016 på 1.800.000,00 kr." in flat
    assert "den 2016-" not in flat and "1800000.00" not in flat
    verified = CliRunner().invoke(main, ["--lang", "da", "archive", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "ARK022" not in verified.output  # the portfolio beside the index belongs there
