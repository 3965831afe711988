"""``pulje pools`` as a user meets it: the table of rounds (whole outputs, Danish and English),
the filters, open rounds as of a day, JSON and ``show``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli import main


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No locale from the machine running the tests, and pulje's own pools."""
    for var in ("PULJE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "PULJE_TEMPLATES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


CENTRALE_DA = """\
  Runde   Konto        Frist                   Dage tilbage                Ans.  Kanal   \
Sider  Skema
den-centrale-pulje: Den centrale pulje til en særlig beskæftigelsesindsats
  2016    17.41.12.20  1. sep. 2016 kl. 12.00  udløbet for 141 dage siden  B     e-mail  \
6      skelet
  2017    17.41.12.20  1. feb. 2017 kl. 12.00  om 12 dage                  B     portal  \
?      skelet
  2018    17.41.12.20  1. feb. 2018 *          om 377 dage                 B     ?       \
?      skelet
  2019-1  17.41.12.20  4. feb. 2019 *          om 745 dage                 B     ?       \
?      skelet

4 af 29 runder, bedømt pr. 20. januar 2017.
Ansøgere: K kommuner, A a-kasser, B bred. * klokkeslættet er ikke oplyst. ? ikke oplyst.
skelet: STAR's egne spørgsmål er ikke skrevet af; skemaet er STAR's fælles skelet med rundens \
krævede indhold — sammenlign med STAR's eget skema.
Alle en rundes fakta: pulje pools show PULJE --runde RUNDE
"""


def test_pools_one_konto_danish_whole_output() -> None:
    """A round per line, under its pool: the deadline with its time (or *), the days left as
    of the day asked, the applicants, the channel, the page limit and the kind of form."""
    result = run("pools", "--konto", "17.41.12.20", "--dato", "2017-01-20")
    assert (result.exit_code, result.stdout) == (0, CENTRALE_DA)


def test_pools_english_whole_output() -> None:
    result = run("--lang", "en", "pools", "--konto", "17.41.12", "--dato", "2017-01-20")
    assert result.stdout == (
        "  Round   Account      Deadline              Days left            Appl.  Channel  "
        "Pages  Form\n"
        "den-centrale-pulje: Den centrale pulje til en særlig beskæftigelsesindsats\n"
        "  2016    17.41.12.20  1 Sept 2016 at 12:00  passed 141 days ago  B      e-mail   "
        "6      skeleton\n"
        "  2017    17.41.12.20  1 Feb 2017 at 12:00   in 12 days           B      portal   "
        "?      skeleton\n"
        "  2018    17.41.12.20  1 Feb 2018 *          in 377 days          B      ?        "
        "?      skeleton\n"
        "  2019-1  17.41.12.20  4 Feb 2019 *          in 745 days          B      ?        "
        "?      skeleton\n"
        "\n"
        "4 of 29 rounds, judged as of 20 January 2017.\n"
        "Applicants: K municipalities, A unemployment funds, B broad. * the time of day is not "
        "given. ? not given.\n"
        "skeleton: STAR's own questions are not transcribed; the form is STAR's common skeleton "
        "with the round's required contents — compare with STAR's own form.\n"
        "All facts of a round: pulje pools show POOL --runde ROUND\n"
    )


def test_pools_lists_every_round_of_every_pool() -> None:
    from pulje.pools import all_pools

    result = run("pools", "--dato", "2026-01-01")
    lines = result.stdout.splitlines()
    rounds = [(p.id, r.id) for p in all_pools() for r in p.runder]
    assert len(rounds) >= 15 and len({p for p, _ in rounds}) >= 8
    assert f"{len(rounds)} af {len(rounds)} runder, bedømt pr. 1. januar 2026." in lines
    for pool in {p for p, _ in rounds}:
        assert any(line.startswith(f"{pool}: ") for line in lines), pool
    # the form's own questions, or STAR's skeleton, on every line
    table = [line for line in lines if line.startswith("  ")][1:]
    assert len(table) == len(rounds)
    assert all(line.endswith(("skema", "skelet")) for line in table)
    bedre = next(line for line in lines if "17.46.65.40" in line)
    assert bedre.split()[:5] == ["2016", "17.46.65.40", "?", "frist", "ikke"]  # not found
    assert "udløbet for 2.575 dage siden" in result.stdout  # 14-12-2018 as of 1-1-2026


def test_pools_open_without_opening_dates_lists_the_deadlines_apart() -> None:
    """No source gives a round's opening day: a deadline after the day does not make a round
    open. Such rounds are listed apart, soonest deadline first, and said to be so."""
    result = run("pools", "--open", "--dato", "2018-12-10")
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "Ingen runde vides at være åben den 10. december 2018.", "",
        "Frist efter 10. december 2018; åbningsdato ukendt (12): kun åben, hvis STAR havde "
        "slået runden op inden da."]
    assert lines[3].startswith("Pulje ")  # one table, by deadline
    assert lines[4].split()[:2] == ["jobparate-kontanthjaelpsmodtagere", "2018"]
    assert "om 2 dage" in lines[4]
    assert "14. dec. 2018" in lines[8] and "17. dec. 2018" in lines[9]
    assert not any("udløbet" in line for line in lines)
    assert "0 åbne og 12 med ukendt åbningsdato, af 29 runder, bedømt pr. 10. december 2018." in (
        result.stdout)
    english = run("--lang", "en", "pools", "--open", "--dato", "2018-12-10").stdout
    assert english.startswith(
        "No round is known to be open on 10 December 2018.\n\n"
        "Deadline after 10 December 2018; opening date not given (12): open only if STAR had "
        "announced the round by then.\n")
    data = json.loads(run("pools", "--open", "--dato", "2018-12-10", "--format", "json").stdout)
    assert data["antal"] == 12
    assert {(r["aabningsdato"], r["aabning"]) for r in data["runder"]} == {
        (None, "aabningsdato_ukendt")}
    helped = " ".join(run("pools", "--help").stdout.split())
    assert "åbningsdato ukendt" in helped and "aldrig som åbne" in helped


def test_pools_open_after_every_deadline_names_the_latest() -> None:
    result = run("pools", "--open", "--dato", "2023-08-15")
    assert (result.exit_code, result.stdout) == (0, (
        "Ingen runde passer (af 29; bedømt pr. 15. august 2023).\n"
        "Den seneste frist, pulje kender, er 14. august 2023 (ledige-over-50 2023). En ny runde "
        "tilføjes som data (README: 'Sådan tilføjes en runde'); --dato bedømmer fristerne pr. en "
        "anden dag.\n"))
    last_day = run("pools", "--open", "--dato", "2023-08-14").stdout.splitlines()
    assert "åbningsdato ukendt (1)" in last_day[2]
    assert last_day[4].split() == ["ledige-over-50", "2023", "17.46.43.30", "14.", "aug.",
                                   "2023", "*", "i", "dag", "AK", "?", "?", "skelet"]


def _with_opening_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        dates: dict[str, str]) -> None:
    """A copy of den-centrale-pulje whose rounds ``dates`` open on those days (test data)."""
    from pulje.pools import templates_dir

    target = tmp_path / "puljer" / "den-centrale-pulje"
    shutil.copytree(templates_dir() / "den-centrale-pulje", target)
    for runde, day in dates.items():
        path = target / runde / "runde.yaml"
        text = path.read_text(encoding="utf-8")
        assert "\naabningsdato: null" in text
        path.write_text(text.replace("\naabningsdato: null", f"\naabningsdato: {day}"),
                        encoding="utf-8")
    monkeypatch.setenv("PULJE_TEMPLATES", str(tmp_path / "puljer"))


def test_pools_open_from_the_opening_date_to_the_deadline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Judged 20 January 2017: 2017 opened 15 December 2016 and closes 1 February → open;
    2018 opens 1 November 2017 → not yet, not shown; 2019-1 gives no opening day → apart;
    2016 closed → not shown."""
    _with_opening_dates(tmp_path, monkeypatch, {"2017": "2016-12-15", "2018": "2017-11-01"})
    lines = run("pools", "--open", "--dato", "2017-01-20").stdout.splitlines()
    assert lines[0].startswith("Pulje ")
    assert lines[1].split()[:2] == ["den-centrale-pulje", "2017"]
    assert lines[2:4] == ["", "Frist efter 20. januar 2017; åbningsdato ukendt (1): kun åben, "
                          "hvis STAR havde slået runden op inden da."]
    assert lines[5].split()[:2] == ["den-centrale-pulje", "2019-1"]
    assert lines[6] == ""
    assert lines[7] == ("1 åbne og 1 med ukendt åbningsdato, af 4 runder, bedømt pr. "
                        "20. januar 2017.")
    assert not any(" 2018 " in line or " 2016 " in line for line in lines)
    states = {r["runde"]: (r["aabningsdato"], r["aabning"], r["status"]) for r in json.loads(
        run("pools", "--dato", "2017-01-20", "--format", "json").stdout)["runder"]}
    assert states == {
        "2016": (None, None, "udloebet"),
        "2017": ("2016-12-15", "aaben", "aaben"),
        "2018": ("2017-11-01", "ikke_aabnet", "aaben"),
        "2019-1": (None, "aabningsdato_ukendt", "aaben"),
    }
    listed = run("pools", "--dato", "2017-01-20").stdout
    assert "om 377 dage (åbner 1. november 2017)" in listed
    assert listed.count("åbner") == 1
    # the day before it opened, and its opening day: not open, then open
    before = run("pools", "--open", "--dato", "2016-12-14").stdout
    assert "Ingen runde vides at være åben den 14. december 2016." in before
    on_the_day = run("--lang", "en", "pools", "--open", "--dato", "2016-12-15").stdout
    assert on_the_day.splitlines()[1].split()[:2] == ["den-centrale-pulje", "2017"]
    assert "1 open and 1 with the opening date not given, of 4 rounds" in on_the_day
    shown = run("pools", "show", "den-centrale-pulje", "--runde", "2017").stdout
    assert "  Åbningsdato: 15. december 2016\n" in shown
    unknown = run("pools", "show", "den-centrale-pulje", "--runde", "2019-1").stdout
    assert "  Åbningsdato: ikke oplyst\n" in unknown


def test_an_opening_date_after_the_deadline_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_opening_dates(tmp_path, monkeypatch, {"2017": "2017-03-01"})
    result = run("pools", "--dato", "2017-01-20")
    assert result.exit_code == 2
    assert "runde.yaml" in result.stderr and "aabningsdato ligger efter fristen" in (
        result.stderr)


def test_pools_filters_by_deadline_applicant_konto_and_text() -> None:
    between = run("pools", "--frist-efter", "2018-12-01", "--frist-foer", "2018-12-12",
                  "--dato", "2018-11-01")
    assert between.stdout.count("12. dec. 2018") == 4 and "5. dec. 2018" in between.stdout
    assert "14. dec. 2018" not in between.stdout
    funds = run("pools", "--ansoeger", "a-kasse", "--dato", "2018-11-01")
    assert "ledige-over-50: Særlig indsats til ledige over 50 år" in funds.stdout
    assert "ledige-med-saerlige-udfordringer" in funds.stdout
    assert "bedre-ressourceforloeb" not in funds.stdout
    two = run("pools", "--konto", "17.59.21.10", "--dato", "2018-11-01")
    assert "sammen-om-fastholdelse" in two.stdout and "rehabiliteringsteams" in two.stdout
    assert "17.46.66.10, 17.59.21.10" in two.stdout  # one pool on two konti
    found = run("pools", "--soeg", "profilafklaringsværktøj", "--dato", "2018-11-01")
    assert "ledige-med-saerlige-udfordringer" in found.stdout
    assert "1 af 29 runder" in found.stdout
    none = run("pools", "--soeg", "findes ikke nogen steder", "--dato", "2018-11-01")
    assert (none.exit_code, none.stdout) == (
        0, "Ingen runde passer (af 29; bedømt pr. 1. november 2018).\n")
    bad = run("pools", "--dato", "2018-13-01")
    assert bad.exit_code == 2 and "'2018-13-01' er ikke en dato" in bad.stderr


def test_pools_json() -> None:
    result = run("pools", "--format", "json", "--dato", "2017-01-20", "--konto", "17.41.12.20")
    data = json.loads(result.stdout)
    assert (data["dato"], data["antal"], data["i_alt"]) == ("2017-01-20", 4, 29)
    r2017 = next(r for r in data["runder"] if r["runde"] == "2017")
    assert r2017 == {
        "pulje": "den-centrale-pulje",
        "pulje_navn": "Den centrale pulje til en særlig beskæftigelsesindsats",
        "runde": "2017", "titel": None, "konti": ["17.41.12.20"],
        "frist": "2017-02-01T12:00:00+01:00", "frist_tid_oplyst": True,
        "status": "aaben", "dage_tilbage": 12, "aabningsdato": None,
        "aabning": "aabningsdato_ukendt", "ansoegere": ["bred"], "ikke_ansoegere": [],
        "faelles": None, "kanal": "tilskudsportal", "sidegraense": None,
        "ingen_sidegraense": False, "maksimum": "500000.00", "puljebeloeb": "3300000.00",
        "skema_kilde": "skeleton",
        "kilde": ["star.dk/puljer/2017/den-saerlige-beskaeftigelsesindsats/"],
    }
    r2016 = next(r for r in data["runder"] if r["runde"] == "2016")
    assert (r2016["status"], r2016["dage_tilbage"]) == ("udloebet", -141)


def test_pools_show_every_fact_and_its_sources() -> None:
    result = run("pools", "show", "flere-skal-med", "--runde", "2019", "--dato", "2019-10-01")
    out = result.stdout
    assert out.startswith("Flere skal med (flere-skal-med), runde 2019\n")
    for fact in ("  Titel: Flere skal med 2", "  Finanslovskonto: 17.46.64.20",
                 "  Frist: 24. oktober 2019 (tidspunkt ikke oplyst) — om 23 dage",
                 "  Sendes: ikke oplyst", "  Sidegrænse: ikke oplyst",
                 "  Puljens beløb: 148.000.000,00 kr.",
                 "  Ansøgere: kommuner (jobcentre)",
                 "tilskudsberettigede kategorier: Løn, Revision; ikke tilskudsberettiget: "
                 "kompetenceudvikling",
                 "    1. rate: 50 % ved et ledelsespåtegnet mellemregnskab",
                 "    2. rate: efter resultater ved slutregnskabet og resultaterne",
                 "      15 % af målgruppen (andelen af målgruppen med løntimer eller i "
                 "uddannelse) → 40 % af tilskuddet",
                 "      20 % af målgruppen (andelen af målgruppen med løntimer eller i "
                 "uddannelse) → resten af tilskuddet",
                 "  Skema: STAR's fælles skelet med rundens krævede indhold — sammenlign med "
                 "STAR's eget skema",
                 "    star.dk/puljer/2019/pulje-for-flere-skal-med-2/",
                 "    flereskalmed.star.dk (FAQ, udbetalingsmodel og tilskud)",
                 "  Skemaets afsnit:\n    Ansøgningsskema for Flere skal med (skemaets titel; "
                 "identifikationen står under den)\n    Økonomi\n"):
        assert fact in out, fact
    every = run("pools", "show", "den-centrale-pulje")
    assert every.stdout.count("Den centrale pulje til en særlig beskæftigelsesindsats "
                              "(den-centrale-pulje), runde") == 4
    as_json = json.loads(run("pools", "show", "den-centrale-pulje", "--runde", "2017",
                             "--format", "json", "--dato", "2017-01-20").stdout)
    assert as_json[0]["runde_data"]["kanal"]["type"] == "tilskudsportal"
    assert as_json[0]["fakta"]["maksimum"] == "500.000,00 kr."
    unknown = run("pools", "show", "den-centrale-pulje", "--runde", "2099")
    assert unknown.exit_code == 2 and "har ingen runde '2099'" in unknown.stderr


def _listed_sections(out: str) -> list[list[str]]:
    """The lines under each "Skemaets afsnit:" / "Sections of the form:" of ``pools show``."""
    blocks = []
    for block in out.split("\n\n"):
        lines = block.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("  S") and
                  line.rstrip().endswith(("Skemaets afsnit:", "Sections of the form:")))
        blocks.append([line.strip() for line in lines[at + 1:]])
    return blocks


@pytest.mark.parametrize("lang", ["da", "en"])
def test_pools_show_names_every_section_by_the_title_the_form_prints(lang: str) -> None:
    """No section id (``identifikation`` of a shared ``del:`` section) in place of a title:
    each section by its heading, the identification by the form's title, every round."""
    from pulje.documents.form import title_text
    from pulje.pools import all_pools

    for pool in all_pools():
        out = run("--lang", lang, "pools", "show", pool.id).stdout
        for r, listed in zip(pool.runder, _listed_sections(out), strict=True):
            sections = r.form.afsnit
            assert len(listed) == len(sections), (pool.id, r.id)
            for section, line in zip(sections, listed, strict=True):
                if section.overskrift:
                    assert line == section.overskrift
                else:
                    assert line.startswith(title_text(pool, r) + " ("), (pool.id, r.id, line)
                    assert line != section.id
    data = json.loads(run("--lang", lang, "pools", "show", "ledige-over-50", "--runde", "2023",
                          "--format", "json").stdout)
    first = data[0]["afsnit"][0]
    assert (first["id"], first["overskrift"]) == ("identifikation", None)
    assert first["vises_som"].startswith(
        "Ansøgningsskema for Særlig indsats til ledige over 50 år (")


def test_pools_with_no_pools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_TEMPLATES", str(tmp_path / "tom"))
    result = run("--lang", "en", "pools")
    assert (result.exit_code, result.stdout) == (0, "No pools found.\n")
