"""``pulje init ROUND --from OLD.yaml``: Albertslund's 2016 answers carried into a 2017 round
whose form has a reworded, a moved, a new and a removed question and a year later calendar."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from answer_edits import EXAMPLE
from click.testing import CliRunner, Result

from cli import main
from pulje.answers.carry import carry_over
from pulje.pools import load_pool, templates_dir

REWORDED = ("tekst: Hvordan og af hvem vil drejebogen blive udarbejdet?",
            "tekst: Hvem udarbejder drejebogen, og hvordan vil den blive udarbejdet?")
REMOVED = """\
      - id: opfoelgning
        type: tekst
        tekst: >-
          Hvordan vil kommunen sikre en systematisk opfølgning og løbende tilpasning af
          indsatsplanen sammen med borgeren?
"""
MOVED = """\
      - id: match
        type: tekst
        tekst: >-
          Hvordan vil kommunen ved tilknytning af en fast virksomhedskonsulent sikre det gode
          match mellem borger og virksomhed?
"""
NEW = """\
      - id: digitale_vaerktoejer
        type: tekst
        tekst: Hvordan vil kommunen bruge digitale værktøjer i samarbejdet med borgeren?
"""
SPOR3 = "  - id: spor3\n    overskrift: Spor 3 Mening og retning i virksomhedsindsatsen"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "da", *args], catch_exceptions=False)


@pytest.fixture
def round_2017(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """pulje's pools with a 2017 round of Bedre ressourceforløb: a year later, one question
    reworded, one removed, one moved from spor 3 to spor 2 and one new there."""
    base = tmp_path / "puljer"
    shutil.copytree(templates_dir(), base, ignore=shutil.ignore_patterns("__pycache__"))
    folder = base / "bedre-ressourceforloeb"
    shutil.copytree(folder / "2016", folder / "2017")
    runde = (folder / "2017" / "runde.yaml").read_text(encoding="utf-8")
    for old, new in (('id: "2016"', 'id: "2017"'), ("fra: 2017-01-01", "fra: 2018-01-01"),
                     ("til: 2018-12-31", "til: 2019-12-31"),
                     ("baseline_maaned: 2016-08", "baseline_maaned: 2017-08"),
                     ("maalinger: [2017-10, 2018-10]", "maalinger: [2018-10, 2019-10]")):
        assert runde.count(old) == 1
        runde = runde.replace(old, new)
    (folder / "2017" / "runde.yaml").write_text(runde, encoding="utf-8")
    skema = (folder / "2017" / "skema.yaml").read_text(encoding="utf-8")
    for old, new in (REWORDED, (REMOVED, ""), (MOVED, ""), (SPOR3, MOVED + NEW + "\n" + SPOR3)):
        assert skema.count(old) == 1, old
        skema = skema.replace(old, new)
    (folder / "2017" / "skema.yaml").write_text(skema, encoding="utf-8")
    monkeypatch.setenv("PULJE_TEMPLATES", str(base))
    monkeypatch.chdir(tmp_path)
    return base


def test_answers_carried_by_id_and_text_marked_and_listed(round_2017: Path) -> None:
    pool = load_pool("bedre-ressourceforloeb")
    out = carry_over(EXAMPLE, pool, pool.runde("2017"))
    old = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    new = yaml.safe_load(out.text)
    assert new["runde"] == "2017"
    # by id, unchanged; by id, reworded; by id, moved to another section
    assert new["spor1"]["hovedelementer"] == old["spor1"]["hovedelementer"].rstrip("\n")
    assert new["spor1"]["udarbejdelse"] == old["spor1"]["udarbejdelse"].rstrip("\n")
    assert new["spor2"]["match"] == old["spor3"]["match"].rstrip("\n")
    assert "match" not in new["spor3"]
    # the new question is not answered (never guessed); the removed one is not asked
    assert not new["spor2"]["digitale_vaerktoejer"]
    assert "opfoelgning" not in new["spor2"]
    assert ([i.dotted for i in out.new], [m.new.dotted for m in out.changed if m.new],
            [i.dotted for i, _v in out.gone]) == (
        ["spor2.digitale_vaerktoejer"], ["spor1.udarbejdelse", "spor2.match"],
        ["spor2.opfoelgning"])
    assert {m.how for m in out.changed} == {"reworded", "moved"}
    # every carried answer says so, and only those
    marks = re.findall(r"(?m)^\s*# overført fra 2016", out.text)
    assert len(marks) == len(out.carried) == 34
    text = out.text
    assert ("# overført fra 2016 (omformuleret; før: Hvordan og af hvem vil drejebogen blive "
            "udarbejdet?)") in text
    assert "# overført fra 2016 (flyttet fra Spor 3 Mening og retning i virksomhedsindsatsen" in (
        text)
    # the removed question's answer is kept as a comment at the end: nothing is lost
    tail = text[text.index("# Svar fra runde 2016 til spørgsmål"):]
    assert "# opfoelgning: |-\n#   Borger skal indkaldes hyppigt til samtale." in tail


def test_calendar_answers_are_carried_but_flagged(round_2017: Path) -> None:
    pool = load_pool("bedre-ressourceforloeb")
    out = carry_over(EXAMPLE, pool, pool.runde("2017"))
    notes = [(item.dotted, note) for item, note in out.flags]
    assert ("budget", "Budgettets år 2017 ligger uden for rundens projektperiode (2018–2019): "
                      "flyt beløbene under 'fordeling' til rundens år (BUD004).") in notes
    assert ("tidsplan", "Tidsplanens år 2017 ligger uden for rundens projektperiode "
                        "(2018–2019): flyt aktiviteterne (TID001).") in notes
    assert ("spor3.virksomhedsrettet", "Niveauet er for 2016-08; runden bruger 2017-08: skriv "
                                       "niveauet for den måned.") in notes
    assert ("spor2.maaltal_uger", "Målingsmånederne 2017-10 er ikke rundens (2018-10, 2019-10): "
                                  "skriv målene for rundens måneder (MAA004).") in notes
    new = yaml.safe_load(out.text)
    assert set(new["budget"]["udgifter"][0]["fordeling"]) == {2017, 2018}  # carried as it was
    assert "# OBS: Budgettets år 2017 ligger uden for" in out.text


def test_init_from_writes_the_file_prints_the_lists_and_validate_finds_what_is_flagged(
    round_2017: Path,
) -> None:
    result = run("init", "bedre-ressourceforloeb", "--from", str(EXAMPLE), "-o", "ny.yaml")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (f"ny.yaml er oprettet: 34 svar overført fra {EXAMPLE} (runde 2016 → "
                        "2017), hvert mærket '# overført fra 2016'.")
    assert "Nye spørgsmål (ikke besvaret):" in lines
    assert ("  - Spor 2 Borgerejerskab til mål og indsatsplan: Hvordan vil kommunen bruge "
            "digitale værktøjer i samarbejdet med borgeren? [spor2.digitale_vaerktoejer]") in lines
    assert "Spørgsmål, der ikke findes mere (svarene står nederst i filen):" in lines
    assert lines[-1] == "Kør derefter: pulje validate ny.yaml"
    found = run("validate", "ny.yaml").stdout
    # what is flagged, validate finds; the new question is unanswered; nothing malformed
    assert "BUD004" in found and "TID001" in found and "MAA004" in found
    assert "TXT001" in found and "SCH0" not in found
    again = run("init", "bedre-ressourceforloeb", "--from", str(EXAMPLE), "-o", "ny.yaml")
    assert again.exit_code == 2  # never over a file


def test_from_the_same_round_carries_everything_and_validates_as_the_original() -> None:
    pool = load_pool("bedre-ressourceforloeb")
    out = carry_over(EXAMPLE, pool, pool.runde("2016"))
    assert not out.new and not out.changed and not out.gone and not out.flags
    from answer_edits import findings

    def codes(text: str) -> list[tuple[str, str]]:
        return [(code, severity) for code, severity, _line, _col in findings(text)]

    assert codes(out.text) == codes(EXAMPLE.read_text(encoding="utf-8")) == [("BUD011", "info")]


def test_an_unreadable_old_file_is_a_clear_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("gammel.yaml").write_text("projektnavn: uden pulje\n", encoding="utf-8")
    result = run("init", "bedre-ressourceforloeb", "--from", "gammel.yaml", "-o", "ny.yaml")
    assert result.exit_code == 2
    assert "gammel.yaml kan ikke overføres: pulje kan ikke se dens pulje og runde" in (
        result.stderr)
    assert not Path("ny.yaml").exists()
    docx = run("init", "bedre-ressourceforloeb", "--from", "gammel.yaml", "--docx", "x.docx")
    assert docx.exit_code == 2 and "--from laver en svarfil" in docx.output


def test_the_kommune_profile_fills_only_what_last_years_file_leaves_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init --from`` with a kommune profile: last year's answers win; the contact person
    missing from last year's file comes from the profile."""
    from after_support import PROFILE, write_profile

    monkeypatch.chdir(tmp_path)
    person = ('  ansvarlig:\n    navn: Lene Clausen\n    adresse: Bytorvet 25, 2620 Albertslund\n'
              '    telefon: "4368 7422"\n    email: Lene.clausen@albertslund.dk\n')
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(person) == 1
    Path("gammel.yaml").write_text(text.replace(person, ""), encoding="utf-8")
    profile = write_profile(tmp_path, PROFILE.replace("kommune: Albertslund Kommune",
                                                      "kommune: Glostrup Kommune"))
    result = run("init", "bedre-ressourceforloeb", "--from", "gammel.yaml", "-o", "ny.yaml",
                 "--profile", str(profile))
    assert result.exit_code == 0, result.output
    new = yaml.safe_load(Path("ny.yaml").read_text(encoding="utf-8"))["identifikation"]
    assert new["kommune"] == "Albertslund Kommune"  # carried over, not the profile's
    assert new["ansvarlig"] == {"navn": "Test Testesen", "adresse": "Testvej 1, 2620 Albertslund",
                                "telefon": "4300 0000", "email": "test@example.dk"}
