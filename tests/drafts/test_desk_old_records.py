"""Output folders and packages made by an older pulje stay recognised at the desk: a build
report ``pulje-rapport/1`` still vouches for the files it lists, a ``pulje-pakke/1`` package
(folder or zip) is still checked against its manifest. The records in tests/fixtures/v1 were
made by pulje before the formats changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from pulje.drafts import check_paths

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "fixtures" / "v1"
XLSX = "albertslund-bedre-ressourceforloeb-budget.xlsx"


def _codes(row) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.code for d in row.diagnostics]


def test_a_first_format_build_report_still_vouches_for_its_files(tmp_path: Path) -> None:
    shutil.copytree(V1 / "uddata", tmp_path / "ud")
    rows = {Path(r.file).name: r for r in check_paths([tmp_path / "ud"]).files}
    report, workbook = rows["report.json"], rows[XLSX]
    assert (report.kind, report.status) == ("rapport", "klar")
    assert "DOC028" in _codes(report)
    # The report lists the two Word files too, which the fixture left out.
    assert _codes(report).count("DOC029") == 2
    assert (workbook.kind, workbook.status, workbook.scope) == ("regneark", "klar", "fuld")
    assert "DOC026" in _codes(workbook)
    (tmp_path / "ud" / XLSX).write_bytes(b"PK changed")
    rows = {Path(r.file).name: r for r in check_paths([tmp_path / "ud"]).files}
    assert "DOC027" in _codes(rows[XLSX]) and rows[XLSX].status != "klar"


def test_a_first_format_package_is_still_checked_against_its_manifest(tmp_path: Path) -> None:
    shutil.copy(V1 / "pakke.zip", tmp_path / "pakke.zip")
    shutil.copytree(V1 / "pakke", tmp_path / "pakke")
    rows = {Path(r.file).relative_to(tmp_path).as_posix(): r
            for r in check_paths([tmp_path]).files}
    package = rows["pakke.zip"]
    assert (package.kind, package.status, _codes(package)) == ("pakke", "klar", ["DOC028"])
    manifest = rows["pakke/manifest.json"]
    assert (manifest.kind, manifest.status, _codes(manifest)) == ("manifest", "klar", ["DOC028"])
    assert (rows["pakke/albertslund-budget.xlsx"].status, rows["pakke/mailkladde.eml"].status
            ) == ("klar", "klar")
    # Tampered with: the old manifest still catches it.
    (tmp_path / "pakke" / "mailkladde.eml").write_bytes(b"To: nogen@example.org\r\n\r\nAndet\r\n")
    rows = {Path(r.file).relative_to(tmp_path).as_posix(): r
            for r in check_paths([tmp_path / "pakke"]).files}
    assert "ARK004" in _codes(rows["pakke/mailkladde.eml"])
