"""The package follows the round's channel: a Tilskudsportal round gets the files the portal
takes, named as a person names them, and a checklist of what to type in, and no e-mail draft;
the applicant's own attachments go into the package, and one that cannot be read blocks it
(FOR008). The answers are generated from the round's form (tests/fixtures/fill.py)."""

from __future__ import annotations

import json
from pathlib import Path

import fill
import pytest
from click.testing import CliRunner, Result

from cli import main
from pulje.answers.answerfile import dump
from pulje.pools import load_pool


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "da", *args], catch_exceptions=False)


def _answers(folder: Path, pool_id: str, runde_id: str) -> Path:
    path = folder / f"{pool_id}.yaml"
    path.write_text(dump(fill.answers(load_pool(pool_id).runde(runde_id), pool_id)),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """Den centrale pulje 2017 (Tilskudsportalen, the budget in STAR's Excel budgetskema),
    submitted twelve days before its deadline (1 February 2017 at 12.00)."""
    work = tmp_path_factory.mktemp("portal")
    answers = _answers(work, "den-centrale-pulje", "2017")
    sent = run("submit", str(answers), "-o", str(work / "pakke"), "--archive",
               str(work / "arkiv"), "--dato", "2017-01-20")
    return work / "pakke", sent


PROJECT = "Flere i job i Glostrup"


def test_a_portal_round_gets_the_upload_set_and_no_email(portal: tuple[Path, Result]) -> None:
    package, sent = portal
    assert sent.exit_code == 0, sent.output
    uploads = package / "Tilskudsportalen"
    assert sorted(p.name for p in uploads.iterdir()) == [
        f"Ansøgningsskema - {PROJECT}.pdf", f"Budget - {PROJECT}.xlsx"]
    # the same bytes as the documents pulje built beside them
    assert (uploads / f"Ansøgningsskema - {PROJECT}.pdf").read_bytes() == (
        package / "den-centrale-pulje.pdf").read_bytes()
    assert (uploads / f"Budget - {PROJECT}.xlsx").read_bytes() == (
        package / "den-centrale-pulje-budget.xlsx").read_bytes()
    assert not list(package.glob("*.eml"))
    assert "Til Tilskudsportalen: upload filerne i" in sent.output
    assert "ingen e-mailkladde: runden sendes gennem portalen" in sent.output
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kanal"] == {
        "type": "tilskudsportal", "tjekliste": "tjekliste-tilskudsportalen.md",
        "upload": [f"Tilskudsportalen/Ansøgningsskema - {PROJECT}.pdf",
                   f"Tilskudsportalen/Budget - {PROJECT}.xlsx"]}


def test_the_checklist_says_what_to_type_and_upload(portal: tuple[Path, Result]) -> None:
    package, _sent = portal
    text = (package / "tjekliste-tilskudsportalen.md").read_text(encoding="utf-8")
    assert text.startswith("# Tjekliste til Tilskudsportalen\n")
    assert ("Ansøgning til Den centrale pulje til en særlig beskæftigelsesindsats, runde 2017. "
            "Fristen er 1. februar 2017 kl. 12.00") in text
    for row in ("| Finanslovskonto | 17.41.12.20 |", f"| Projektets navn | {PROJECT} |",
                "| Ansøger | Foreningen Fællesskab i Arbejde |",
                "| Ansøgt beløb | 360.000,00 kr. |", "| Projekt- og tilskudsansvarlig | Åse Ørum |",
                "| E-mail | aase.oerum@glostrup.dk |"):
        assert row in text, row
    assert f"- [ ] Ansøgningsskema - {PROJECT}.pdf — Ansøgningsskema" in text
    assert f"- [ ] Budget - {PROJECT}.xlsx — Budgetark" in text


def test_a_portal_round_close_to_its_deadline_warns_and_after_it_refuses(
    tmp_path: Path,
) -> None:
    answers = _answers(tmp_path, "den-centrale-pulje", "2017")
    close = run("submit", str(answers), "-o", str(tmp_path / "a"), "--archive",
                str(tmp_path / "arkiv"), "--dato", "2017-01-28")
    assert close.exit_code == 0, close.output
    assert ("FOR003 advarsel Fristen 1. februar 2017 er om 4 dage (bedømt pr. 28. januar 2017); "
            "at sende med STAR's Tilskudsportal kræver omkring 7 dage.") in close.output
    late = run("submit", str(answers), "-o", str(tmp_path / "b"), "--archive",
               str(tmp_path / "arkiv"), "--dato", "2017-02-02")
    assert late.exit_code == 1 and "FOR002 fejl" in late.output
    assert not (tmp_path / "b").exists()


def test_the_applicants_own_attachment_goes_into_the_package(tmp_path: Path) -> None:
    """Udbredelse af virksomheders sociale ansvar 2020 requires a signed cooperation agreement
    with a jobcentre: missing, the package is refused (FOR008); there, it is packed."""
    answers = _answers(tmp_path, "virksomheders-sociale-ansvar", "2020")
    assert "bilag/samarbejdsaftale.pdf" in answers.read_text(encoding="utf-8")
    missing = run("submit", str(answers), "-o", str(tmp_path / "a"), "--archive",
                  str(tmp_path / "arkiv"))
    assert missing.exit_code == 1, missing.output
    assert "FOR008 fejl" in missing.output and "samarbejdsaftale.pdf" in missing.output
    assert not (tmp_path / "a").exists()
    (tmp_path / "bilag").mkdir()
    agreement = b"%PDF-1.4 en underskrevet samarbejdsaftale"
    (tmp_path / "bilag" / "samarbejdsaftale.pdf").write_bytes(agreement)
    there = run("submit", str(answers), "-o", str(tmp_path / "b"), "--archive",
                str(tmp_path / "arkiv"))
    assert there.exit_code == 0, there.output
    packed = [p for p in (tmp_path / "b").rglob("*samarbejdsaftale*")]
    assert [p.read_bytes() for p in packed] == [agreement], packed
