"""A new pool, a new round and the forms without questions, from data alone, end to end:
``init``, ``validate``, ``build`` (with LibreOffice: PDF and pages), ``check``, ``import`` and
``submit`` — no Python written, only folders of YAML."""

from __future__ import annotations

import email.policy
import json
import re
import shutil
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from answer_edits import EXAMPLE_TEXT
from click.testing import CliRunner, Result

from cli import main
from pulje.answers.loader import load_application
from pulje.pools import templates_dir
from pulje.submission import EML_NAME

ROOT = Path(__file__).resolve().parent.parent

NEW_POOL = {
    "pool.yaml": """\
id: proeve-pulje
navn: Pulje til afprøvning af job i foreninger
styrelse: Styrelsen for Arbejdsmarked og Rekruttering
kilde: en pulje, der kun findes i denne test
""",
    "2024/runde.yaml": """\
konti: ["17.00.00.01", "17.00.00.02"]
frist: 2024-03-01 12:00
kanal:
  type: email
  modtager: proeve@star.dk
  cc: [kopi@star.dk]
  emne: Ansøgning til afprøvningspuljen
sidegraense: 8
maksimum: 400000
ansoegere: [kommune]
faelles: true
projektperiode: {fra: 2024-01-01, til: 2024-12-31}
baseline_maaned: 2023-11
maalinger: [2024-06, 2024-12]
budget:
  forbudte_poster: [diverse]
  revision_forventet: true
""",
    "2024/skema.yaml": """\
titel: Ansøgning om afprøvning af job i foreninger
afsnit:
  - del: identifikation
  - del: oekonomi
  - id: indsats
    overskrift: Indsatsen
    intro: Vælg det spor, projektet følger, og beskriv det.
    spoergsmaal:
      - id: spor
        type: valg
        tekst: Hvilket spor følger projektet?
        muligheder:
          - {id: forening, tekst: Job i foreninger, afsnit: [spor_forening]}
          - {id: virksomhed, tekst: Job i virksomheder, afsnit: [spor_virksomhed]}
      - id: start
        type: dato
        tekst: Hvornår begynder det første forløb?
      - id: borgere
        type: deltagere
        tekst: Deltagere i projektet
        krav: true
      - id: andel
        type: maaltal
        tekst: Hvor stor en andel er i job efter forløbet?
        tabel: Måltal job
  - id: spor_forening
    overskrift: Spor A - Job i foreninger
    spoergsmaal:
      - {id: metode, type: tekst, tekst: Hvordan finder I foreningerne?, kort: 5}
  - id: spor_virksomhed
    overskrift: Spor B - Job i virksomheder
    spoergsmaal:
      - {id: metode, type: tekst, tekst: Hvordan finder I virksomhederne?, kort: 5}
  - del: tidsplan
  - del: forankring
  - del: budget
""",
}

NEW_ANSWERS = """\
pulje: proeve-pulje
identifikation:
  projektnavn: Job i foreningslivet
  kommune: Glostrup Kommune
  ansoegertype: kommune
  medansoegere:
    - navn: Brøndby Kommune
      ansoegertype: kommune
      kontaktperson: Per Hansen
  ansvarlig:
    navn: Åse Ørum
    adresse: Rådhusvej 2, 2600 Glostrup
    telefon: 4323 6000
    email: aase.oerum@glostrup.dk
oekonomi:
  ansoegt_beloeb: 300000
  anden_finansiering:
    ansoegt: nej
indsats:
  spor: forening
  start: 2024-02-01
  borgere:
    pr_maaned: 5
    i_alt: 40
  andel:
    niveau: 10
    maal:
      2024-06: 15
      2024-12: 25
spor_forening:
  metode: |
    Vi bruger kommunens foreningsregister og ringer til formændene.

    - én kontaktperson pr. forening
    - møde med hver forening inden opstart
tidsplan:
  2024:
    1: [Rekruttering af foreninger]
    2: [Første hold]
    3: [Andet hold]
    4: [Evaluering]
forankring:
  finansielt_organisatorisk: |
    Metoden indgår i jobcentrets drift fra 2025, og foreningerne fortsætter samarbejdet.
  videreformidling: |
    Erfaringerne deles på et temamøde for kommunerne i regionen.
budget:
  udgifter:
    - kategori: loen
      beskrivelse: Projektleder, 20 t/uge
      enheder: 10
      enhed: måned
      enhedspris: 25000
      fordeling: {2024: 250000}
    - kategori: revision
      beskrivelse: Revision af projektregnskabet
      beloeb: 50000
      fordeling: {2024: 50000}
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "da", *args], catch_exceptions=False)


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _answers(path: Path) -> dict[str, object]:
    """The answers of an answer file, and its round (named, or the newest it stands for)."""
    loaded = load_application(path)
    assert loaded.model is not None and loaded.runde is not None, loaded.diagnostics
    return {**loaded.model.model_dump(), "runde": loaded.runde.id}


def _eml(path: Path) -> EmailMessage:
    with path.open("rb") as fh:
        msg = BytesParser(policy=email.policy.default).parse(fh)
    assert isinstance(msg, EmailMessage)
    return msg


def _end_to_end(work: Path, answers: Path, *, limit: int | None, sent: str | None = None,
                refused: bool = False) -> dict[str, object]:
    """validate → build (PDF) → check → import → submit; what each gave, for the asserts.
    ``sent``: the day the application is sent (``submit --dato``; every round pulje knows lies
    in the past); ``refused``: submit must refuse it (exit 1, nothing written)."""
    validated = run("validate", str(answers))
    assert validated.exit_code == 0, validated.output
    out = work / "ud"
    built = run("build", str(answers), "-o", str(out))
    assert built.exit_code == 0, built.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    pages = report["sider"]
    assert pages >= 1 and (limit is None or pages <= limit)
    assert report["sidegraense"] == limit
    checked = run("check", str(out))
    assert checked.exit_code == 0, checked.output
    assert " 0 fejl" in checked.output
    docx = out / f"{answers.stem}.docx"
    imported = run("import", str(docx), "-o", str(work / "importeret.yaml"))
    assert imported.exit_code == 0, imported.output
    assert _answers(work / "importeret.yaml") == _answers(answers)  # the same answers back
    submitted = run("submit", str(answers), "-o", str(work / "pakke"),
                    "--archive", str(work / "arkiv"), *(["--dato", sent] if sent else []))
    done: dict[str, object] = {"report": report, "built": built.output, "docx": docx,
                               "submitted": submitted.output}
    if refused:
        assert submitted.exit_code == 1, submitted.output
        assert not (work / "pakke").exists()
        return done
    assert submitted.exit_code == 0, submitted.output
    manifest = json.loads((work / "pakke" / "manifest.json").read_text(encoding="utf-8"))
    eml = work / "pakke" / EML_NAME
    return {**done, "manifest": manifest, "eml": _eml(eml) if eml.exists() else None}


@pytest.fixture
def pools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """pulje's pools copied to a folder of the test's own (PULJE_TEMPLATES)."""
    base = tmp_path / "puljer"
    shutil.copytree(templates_dir(), base, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PULJE_TEMPLATES", str(base))
    monkeypatch.chdir(tmp_path)
    return base


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(path: Path) -> str:
    """The text of the document's body, a paragraph a line."""
    import docx

    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


def test_a_brand_new_pool_from_data_alone(pools: Path, tmp_path: Path) -> None:
    _write(pools / "proeve-pulje", NEW_POOL)
    listed = run("pools", "--dato", "2024-02-01")
    assert "proeve-pulje: Pulje til afprøvning af job i foreninger" in listed.output
    row = next(line for line in listed.output.splitlines() if "17.00.00.01" in line)
    assert row.split() == ["2024", "17.00.00.01,", "17.00.00.02", "1.", "mar.", "2024", "kl.",
                           "12.00", "om", "29", "dage", "K", "e-mail", "8", "skema"]

    started = run("init", "proeve-pulje", "-o", "ny.yaml")
    assert started.exit_code == 0, started.output
    text = Path("ny.yaml").read_text(encoding="utf-8")
    for question in ("Hvilket spor følger projektet?", "Hvornår begynder det første forløb?",
                     "Medansøgere (ved en fælles ansøgning)", "Job i foreninger"):
        assert question in text
    fresh = run("validate", "ny.yaml")
    assert fresh.exit_code == 1 and "SCH0" not in fresh.output  # unanswered, not malformed

    answers = tmp_path / "ansoegning.yaml"
    answers.write_text(NEW_ANSWERS, encoding="utf-8")
    done = _end_to_end(tmp_path, answers, limit=8, sent="2024-02-27")

    shown = _docx_text(done["docx"])  # type: ignore[arg-type]
    assert "Ansøgning om afprøvning af job i foreninger" in shown
    assert "Finanslovskonti 17.00.00.01 og 17.00.00.02" in shown
    assert "☒ Job i foreninger" in shown and "☐ Job i virksomheder" in shown
    assert "Spor A - Job i foreninger" in shown  # the chosen spor …
    assert "Spor B" not in shown  # … and only it
    assert "1. februar 2024" in shown and "Brøndby Kommune" in shown
    assert "Pr. Juni 2024" in shown and "Niveau for november måned 2023" in shown
    eml = done["eml"]
    assert isinstance(eml, EmailMessage)
    assert (eml["To"], eml["Cc"], eml["Subject"]) == (
        "proeve@star.dk", "kopi@star.dk", "Ansøgning til afprøvningspuljen")
    assert done["manifest"]["pulje"] == "proeve-pulje"  # type: ignore[index]
    assert "finanslovskonti 17.00.00.01 og 17.00.00.02" in eml.get_body().get_content()


def test_the_new_pools_rules_read_its_round_and_its_choice(pools: Path, tmp_path: Path) -> None:
    _write(pools / "proeve-pulje", NEW_POOL)
    answers = tmp_path / "ansoegning.yaml"
    answers.write_text(NEW_ANSWERS.replace("ansoegt_beloeb: 300000", "ansoegt_beloeb: 450000")
                       .replace("spor: forening", "spor: virksomhed"), encoding="utf-8")
    found = run("--lang", "en", "validate", str(answers), "--dato", "2024-02-01").output
    codes = re.findall(r": ([A-Z]{3}\d{3}) ", found)
    # the round's maximum (400.000 kr.); the budget no longer agrees; the chosen spor's
    # section and its question are missing, the other's is no longer wanted (the short
    # answers of the shared forankring are warnings)
    assert sorted(set(codes)) == ["BUD003", "BUD005", "TXT001", "TXT002", "TXT003"], found
    assert "'spor_virksomhed'" in found and "'spor_forening'" not in found


def _next_round(pools: Path) -> Path:
    """Bedre ressourceforløb's round folder copied to 2017, with other months and texts."""
    folder = pools / "bedre-ressourceforloeb"
    new = folder / "2017"
    shutil.copytree(folder / "2016", new)
    runde = (new / "runde.yaml").read_text(encoding="utf-8")
    for old, replacement in (('id: "2016"', 'id: "2017"'), ("fra: 2017-01-01", "fra: 2018-01-01"),
                             ("til: 2018-12-31", "til: 2019-12-31"),
                             ("baseline_maaned: 2016-08", "baseline_maaned: 2017-08"),
                             ("maalinger: [2017-10, 2018-10]", "maalinger: [2018-10, 2019-10]")):
        assert old in runde
        runde = runde.replace(old, replacement)
    (new / "runde.yaml").write_text(runde, encoding="utf-8")
    skema = (new / "skema.yaml").read_text(encoding="utf-8")
    old = "Hvordan og af hvem vil drejebogen blive udarbejdet?"
    assert old in skema
    (new / "skema.yaml").write_text(skema.replace(old, "Hvem skriver drejebogen (2017)?"),
                                    encoding="utf-8")
    return new


def _shifted_example() -> str:
    """Albertslund's answers moved a year on: months, the plan's years, the budget's years."""
    text = EXAMPLE_TEXT.replace('runde: "2016"', 'runde: "2017"')
    for year in ("2018", "2017"):
        later = str(int(year) + 1)
        text = text.replace(f'"{year}-10"', f'"{later}-10"')
        text = re.sub(rf"(?m)^(\s+){year}:", rf"\g<1>{later}:", text)
    return text


def test_a_new_round_of_an_existing_pool_from_data_alone(pools: Path, tmp_path: Path) -> None:
    _next_round(pools)
    assert 'runde: "2016"' in EXAMPLE_TEXT
    started = run("init", "bedre-ressourceforloeb", "-o", "ny.yaml")
    assert started.exit_code == 0
    assert 'runde: "2017"' in Path("ny.yaml").read_text(encoding="utf-8")  # the newest

    answers = tmp_path / "albertslund-2017.yaml"
    answers.write_text(_shifted_example(), encoding="utf-8")
    done = _end_to_end(tmp_path, answers, limit=15)
    shown = _docx_text(done["docx"])  # type: ignore[arg-type]
    assert "Hvem skriver drejebogen (2017)?" in shown
    assert "Pr. Oktober 2019" in shown and "Niveau for august måned 2017" in shown
    assert "2016" not in shown.replace("august 2016", "")  # the old round's months are gone
    assert done["manifest"]["runde"] == "2017"  # type: ignore[index]
    # and the 2016 round is still there for the files that name it
    old = run("validate", str(ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"))
    assert old.exit_code == 0


def test_a_round_without_a_form_free_text_in_the_pools_order(
    pools: Path, tmp_path: Path
) -> None:
    """Den centrale pulje 2016: no questions, required contents, at most 6 pages, sent by
    e-mail as Word and PDF."""
    answers = tmp_path / "centrale.yaml"
    answers.write_text((ROOT / "tests" / "fixtures" / "den-centrale-pulje.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    # The catalogue does not give the round's address: pulje makes no e-mail draft to no one.
    done = _end_to_end(tmp_path, answers, limit=6, sent="2016-08-25", refused=True)
    assert "FOR010 fejl Runden sendes med e-mail, men dens data har ingen modtager" in (
        done["submitted"])  # type: ignore[operator]
    headings = [s["titel"] for s in done["report"]["afsnit"]]  # type: ignore[index]
    assert headings == ["Ansøgning til Den centrale pulje til en særlig beskæftigelsesindsats",
                        "Formål", "Metode", "Indhold", "Tidsplan",
                        "Budget, herunder ansøgt beløb", "Budget", "Evaluering"]
    # the budget stands in the application itself: the round lists no attachment
    assert [d["id"] for d in done["report"]["dokumenter"]] == ["ansoegning"]  # type: ignore[index]
    shown = _docx_text(done["docx"])  # type: ignore[arg-type]
    assert "Udgifter i alt" in shown and "250.000,00 kr." in shown
    # With the address written in the round's data, the draft carries the form as both Word
    # and PDF, as the round asks; without a subject, pulje writes one and says so (FOR011).
    runde = pools / "den-centrale-pulje" / "2016" / "runde.yaml"
    text = runde.read_text(encoding="utf-8")
    runde.write_text(text.replace("  modtager: null ", "  modtager: puljer@star.dk "),
                     encoding="utf-8")
    sent = run("submit", str(answers), "-o", str(tmp_path / "pakke2"), "--archive",
               str(tmp_path / "arkiv"), "--dato", "2016-08-25")
    assert sent.exit_code == 0, sent.output
    assert "FOR011 advarsel Runden oplyser intet emne" in sent.output
    eml = _eml(tmp_path / "pakke2" / EML_NAME)
    assert (eml["To"], eml["Subject"]) == (
        "puljer@star.dk", "Ansøgning til Den centrale pulje til en særlig beskæftigelsesindsats")
    names = [part.get_filename() for part in eml.iter_attachments()]
    assert any(n.endswith(".docx") for n in names) and any(n.endswith(".pdf") for n in names)


def test_a_round_without_narrative_form_and_budget_only(pools: Path, tmp_path: Path) -> None:
    """Afklaring af aktivitetsparate kontanthjælpsmodtagere 2020/21: identification, økonomi
    and the budget; no page limit."""
    answers = tmp_path / "afklaring.yaml"
    answers.write_text((ROOT / "applications" / "glostrup-afklaring-aktivitetsparate.yaml")
                       .read_text(encoding="utf-8"), encoding="utf-8")
    done = _end_to_end(tmp_path, answers, limit=None, sent="2021-01-10")
    assert [s["noegle"] for s in done["report"]["afsnit"]] == [  # type: ignore[index]
        "identifikation", "oekonomi"]
    # the round does not say how it is sent: a note, no e-mail draft (FOR012)
    assert done["eml"] is None
    assert "FOR012 advarsel" in done["submitted"]  # type: ignore[operator]
    note = (tmp_path / "pakke" / "saadan-sendes-ansoegningen.md").read_text(encoding="utf-8")
    assert "oplyser ikke, hvordan ansøgningen sendes" in note and "afklaring.pdf" in note
    assert done["manifest"]["kanal"] == {  # type: ignore[index]
        "type": None, "note": "saadan-sendes-ansoegningen.md"}
    assert [d["id"] for d in done["report"]["dokumenter"]] == [  # type: ignore[index]
        "ansoegning", "budgetbilag", "budgetark"]
    assert "(runden har ingen sidegrænse)" in done["built"]  # type: ignore[operator]


def test_a_skeleton_form_with_co_applicants_and_chosen_spor(pools: Path, tmp_path: Path) -> None:
    """The bundled example for Virksomhedsservicepulje til bedre match 2018: a joint
    application (a kommune and an a-kasse beside the submitting kommune) following two of the
    four spor, on STAR's common skeleton; no page limit given."""
    answers = tmp_path / "bedre-match.yaml"
    answers.write_text((ROOT / "applications" / "hoeje-taastrup-virksomhedsservice-bedre-match"
                        ".yaml").read_text(encoding="utf-8"), encoding="utf-8")
    done = _end_to_end(tmp_path, answers, limit=None, sent="2018-12-01")
    headings = [s["titel"] for s in done["report"]["afsnit"]]  # type: ignore[index]
    assert "Spor 1" in headings and "Spor 3" in headings  # the chosen spor …
    assert "Spor 2" not in headings and "Spor 4" not in headings  # … and only they
    shown = _docx_text(done["docx"])  # type: ignore[arg-type]
    assert "☒ Spor 1" in shown and "☐ Spor 2" in shown and "☒ Spor 3" in shown
    assert "Ishøj Kommune" in shown and "Fagets A-kasse" in shown
    assert "1.770.000,00 kr." in shown
    # the round does not say how it is sent: a note, no e-mail draft
    assert done["eml"] is None and "FOR012 advarsel" in done["submitted"]  # type: ignore[operator]
