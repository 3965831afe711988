"""Tamper evidence: ``verify`` catches a changed, missing or extra file, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from archive_helpers import FILE_NAMES, PackageFactory, index_sql

from pulje.archive import Archive, BlobDamaged
from pulje.diagnostics import Severity, Translator, has_errors

DA = Translator("da")


def fejl(diags: list) -> list:
    return [d for d in diags if d.severity is Severity.FEJL]


@pytest.fixture
def filled(make_package: PackageFactory, arkiv: Path) -> Archive:
    archive = Archive(arkiv)
    for seed in ("a", "b", "c"):
        archive.add(make_package(seed))
    archive.add(make_package("a2"))  # version 2 of the same application
    return archive


def test_clean_archive_verifies_without_findings(filled: Archive) -> None:
    assert filled.verify() == []
    ids = [e.id for e in filled.list()]
    assert filled.verify(ids[:2]) == []


@pytest.mark.parametrize("name", ["manifest.json", *FILE_NAMES])
def test_a_flipped_byte_in_any_archived_file_is_caught(filled: Archive, name: str) -> None:
    entry = filled.list()[1]
    detail = filled.show(entry.id)
    stored = next(f for f in [detail.manifest, *detail.files] if f.name == name)
    data = bytearray(stored.blob.read_bytes())
    data[len(data) // 2] ^= 0x20
    stored.blob.write_bytes(bytes(data))

    found = fejl(filled.verify())

    assert [d.code for d in found] == ["ARK011"]
    finding = found[0]
    assert finding.params["id"] == entry.id and finding.params["file"] == name
    assert finding.location is not None and finding.location.file == str(stored.blob)
    text = DA.format(finding.message, dict(finding.params))
    assert f"Filen {name} i arkivpost {entry.id} er ændret" in text
    # Verifying just that entry finds it too; the other entries are clean.
    assert [d.code for d in fejl(filled.verify([entry.id]))] == ["ARK011"]
    others = [e.id for e in filled.list() if e.id != entry.id]
    assert fejl(filled.verify(others)) == []


def test_a_deleted_file_is_reported_missing(filled: Archive) -> None:
    entry = filled.list()[0]
    stored = next(f for f in filled.show(entry.id).files if f.name == "ansoegning.pdf")
    stored.blob.unlink()

    found = fejl(filled.verify())

    assert [(d.code, d.params["id"], d.params["file"]) for d in found] == [
        ("ARK010", entry.id, "ansoegning.pdf")
    ]
    assert "mangler i arkivet" in DA.format(found[0].message, dict(found[0].params))


def test_export_refuses_a_damaged_entry_and_leaves_nothing(
    filled: Archive, tmp_path: Path
) -> None:
    entry = filled.list()[0]
    stored = next(f for f in filled.show(entry.id).files if f.name == "report.json")
    stored.blob.write_bytes(b"tampered")
    out = tmp_path / "ud"

    with pytest.raises(BlobDamaged) as err:
        filled.export(entry.id, out)

    assert "kan ikke eksporteres" in err.value.text(DA)
    assert not out.exists()


def _tamper(archive: Archive, sql: str) -> None:
    index_sql(archive, sql, drop_triggers=True)


def test_index_changed_behind_pulje_s_back_is_caught(filled: Archive) -> None:
    entry = filled.list()[0]
    _tamper(filled, f"UPDATE entries SET beloeb = '1.00' WHERE id = '{entry.id}'")

    found = fejl(filled.verify())

    assert [(d.code, d.params["field"]) for d in found] == [("ARK012", "beloeb")]
    assert filled.list()[0].beloeb != entry.beloeb  # the list shows the tampered amount…
    # …and verify says where it differs from what was archived.
    assert "2150000.00" in DA.format(found[0].message, dict(found[0].params))


def test_a_file_removed_from_the_index_is_caught(filled: Archive) -> None:
    entry = filled.list()[0]
    _tamper(
        filled,
        "DELETE FROM files WHERE name = 'budget.xlsx' AND entry_seq = "
        f"(SELECT seq FROM entries WHERE id = '{entry.id}')",
    )
    found = fejl(filled.verify())
    assert [(d.code, d.params["file"]) for d in found] == [("ARK012", "budget.xlsx")]


def test_leftovers_of_interrupted_adds_are_only_notes(filled: Archive) -> None:
    orphan = filled.blob_path("ff" * 32)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"from an add that never committed")
    (filled.tmp / "0123456789abcdef-42-0000.part").write_bytes(b"half")

    found = filled.verify()

    assert not has_errors(found)
    assert sorted(d.code for d in found) == ["ARK020", "ARK021"]
    assert {d.severity for d in found} == {Severity.INFO}


def test_a_stranger_in_the_archive_folder_is_a_warning(filled: Archive) -> None:
    (filled.root / "noter.txt").write_text("hej")
    (filled.objects / "ab").mkdir(exist_ok=True)
    (filled.objects / "ab" / "kopi.docx").write_bytes(b"x")

    found = filled.verify()

    assert not has_errors(found)
    assert [d.code for d in found] == ["ARK022", "ARK022"]
    assert {d.severity for d in found} == {Severity.ADVARSEL}
