"""pulje's own output at the desk: a folder made by ``pulje build`` with a package made by
``pulje submit`` in it (as under ``outputs/<application>/``) checks clean, each file reported
as what it is; a file changed since, a package tampered with, are found. One real build and
one real submission of the example (module fixture, the real LibreOffice)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import drafts_samples as samples
import pytest
from click.testing import CliRunner

from cli import main
from pulje.drafts import check_paths

pytestmark = pytest.mark.skipif(samples.REAL_SOFFICE is None, reason="LibreOffice is needed")
STEM = samples.EXAMPLE.stem
PACKAGE = "indsendelse-1"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    from pulje.report.workflow import build
    from pulje.submission import submit

    root = tmp_path_factory.mktemp("udfoert")
    place = root / "outputs" / STEM
    built = build(samples.EXAMPLE, place)
    assert built.written, built.diagnostics
    sent = submit(samples.EXAMPLE, out_dir=place / PACKAGE, archive_root=root / "arkiv")
    assert not sent.refused, sent.diagnostics
    out = CliRunner().invoke(main, ["--lang", "da", "check", "--format", "json", str(place)],
                             catch_exceptions=False)
    body = json.loads(out.stdout)
    return SimpleNamespace(root=root, place=place, exit_code=out.exit_code, body=body,
                           rows={f["fil"][len(str(place)) + 1:]: f for f in body["filer"]})


def _codes(row: dict[str, Any]) -> list[str]:
    return [d["code"] for d in row["diagnostics"]]


def test_a_built_folder_with_its_submission_package_checks_clean(made: SimpleNamespace) -> None:
    assert made.exit_code == 0, made.body["summary"]
    for name, row in made.rows.items():
        assert (row["status"], row["fejl"], row["advarsler"]) == ("klar", 0, 0), (
            name, [(d["code"], d["message"]) for d in row["diagnostics"]])
    files = sorted(p.relative_to(made.place).as_posix() for p in made.place.rglob("*")
                   if p.is_file())
    assert sorted(made.rows) == files  # one row per file, nothing skipped
    summary = made.body["summary"]
    assert (summary["filer"], summary["klar"], summary["fund"]["fejl"]) == (len(files),
                                                                              len(files), 0)


def test_each_of_pulje_s_files_is_reported_as_what_it_is(made: SimpleNamespace) -> None:
    kinds = {name: row["type"] for name, row in made.rows.items()}
    for folder in ("", f"{PACKAGE}/"):
        assert kinds[f"{folder}{STEM}.docx"] == "word"
        assert kinds[f"{folder}{STEM}.pdf"] == "pdf"
        assert kinds[f"{folder}{STEM}-bilag-budget.docx"] == "budgetbilag-word"
        assert kinds[f"{folder}{STEM}-bilag-budget.pdf"] == "budgetbilag-pdf"
        assert kinds[f"{folder}{STEM}-budget.xlsx"] == "regneark"
        assert kinds[f"{folder}report.json"] == "rapport"
    assert kinds[f"{PACKAGE}/{STEM}.yaml"] == "svarfil"
    assert kinds[f"{PACKAGE}/mailkladde.eml"] == "mailkladde"
    assert kinds[f"{PACKAGE}/manifest.json"] == "manifest"
    assert kinds[f"{PACKAGE}.zip"] == "pakke"


def test_the_budget_attachment_is_its_forms_and_stands_next_to_it(made: SimpleNamespace) -> None:
    names = list(made.rows)
    attachment = made.rows[f"{STEM}-bilag-budget.pdf"]
    (info,) = [d for d in attachment["diagnostics"] if d["code"] == "DOC024"]
    assert info["message"] == (f"Budgetbilaget til ansøgningen {STEM}.docx (2 sider, tæller "
                               "ikke med i skemaets sidegrænse).")
    assert "DOC009" not in _codes(attachment) and "DOC010" not in _codes(attachment)
    assert (attachment["sider"], attachment["sidegraense"]) == (2, None)
    assert names.index(f"{STEM}-bilag-budget.docx") == names.index(f"{STEM}.pdf") + 1
    assert names.index(f"{STEM}-bilag-budget.pdf") == names.index(f"{STEM}.pdf") + 2


def test_files_only_readable_as_text_are_ready_because_pulje_recorded_them(
    made: SimpleNamespace,
) -> None:
    for name in (f"{STEM}.pdf", f"{STEM}-bilag-budget.pdf", f"{STEM}-budget.xlsx",
                 f"{PACKAGE}/mailkladde.eml"):
        row = made.rows[name]
        assert (row["status"], row["kontrol"]) == ("klar", "fuld")
        assert "DOC026" in _codes(row), name
    package = made.rows[f"{PACKAGE}.zip"]
    assert _codes(package) == ["DOC028"]


@pytest.fixture(scope="module")
def changed(made: SimpleNamespace) -> SimpleNamespace:
    """A copy of the build with the Word form edited, and a copy of the package tampered
    with (the e-mail changed, a file added, the Word form and answer file gone)."""
    rettet = made.root / "rettet"
    rettet.mkdir()
    for p in made.place.iterdir():
        if p.is_file() and p.suffix != ".zip":
            shutil.copy2(p, rettet / p.name)
    samples.edit_control(made.place / f"{STEM}.docx", rettet / f"{STEM}.docx",
                         "identifikation.ansvarlig.telefon", "4368 7400")
    pakke = made.root / "manipuleret"
    shutil.copytree(made.place / PACKAGE, pakke)
    (pakke / "mailkladde.eml").write_bytes(b"To: nogen@example.org\n\nAndet indhold\n")
    shutil.copyfile(pakke / f"{STEM}.pdf", pakke / "ekstra.pdf")
    (pakke / f"{STEM}.docx").unlink()
    (pakke / f"{STEM}.yaml").unlink()
    result = check_paths([rettet, pakke])
    rows = {str(Path(r.file).relative_to(made.root)): r for r in result.files}
    return SimpleNamespace(rows=rows, result=result)


def test_a_form_edited_after_the_build_is_flagged(changed: SimpleNamespace) -> None:
    row = changed.rows[f"rettet/{STEM}.docx"]
    (flag,) = [d for d in row.diagnostics if d.code == "DOC027"]
    assert row.advarsler == 1 and row.status == "klar"  # the edit itself is a valid answer
    assert "DOC026" in {d.code for d in changed.rows[f"rettet/{STEM}.pdf"].diagnostics}
    assert flag.params["command"] == "pulje build"


def test_a_tampered_package_has_its_findings_on_the_files_concerned(
    changed: SimpleNamespace,
) -> None:
    rows = changed.rows
    assert sorted(d.code for d in rows["manipuleret/mailkladde.eml"].diagnostics) == [
        "ARK004", "DOC017"]  # changed, and an e-mail pulje does not read itself
    assert rows["manipuleret/mailkladde.eml"].status == "fejl"
    assert "ARK005" in {d.code for d in rows["manipuleret/ekstra.pdf"].diagnostics}
    missing = [d.params["name"] for d in rows["manipuleret/manifest.json"].diagnostics
               if d.code == "ARK003"]
    assert sorted(missing) == sorted([f"{STEM}.docx", f"{STEM}.yaml"])
    assert rows["manipuleret/manifest.json"].status == "fejl"
    assert changed.result.has_errors
