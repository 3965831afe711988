"""What a project office relies on: archive a package, find it, see it, get it back unchanged."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from archive_helpers import FILE_NAMES, PackageFactory, index_sql

from pulje.archive import (
    ENV_VAR,
    AmbiguousEntry,
    Archive,
    CorruptIndex,
    ExportWouldOverwrite,
    PackageRejected,
    PackageUnreadable,
    UnknownEntry,
    check_package,
    default_root,
    index,
)
from pulje.archive.report import format_add, format_list, format_show
from pulje.diagnostics import Translator, has_errors

DA = Translator("da")


def codes(diags: list) -> list[str]:
    return [d.code for d in diags]


def test_add_list_show_export_round_trip(
    make_package: PackageFactory, arkiv: Path, tmp_path: Path
) -> None:
    package = make_package("a")
    archive = Archive(arkiv)

    result = archive.add(package)

    assert result.created
    entry = result.entry
    assert entry.id == entry.package_sha256[:12]
    assert (entry.pulje, entry.kommune, entry.udgave) == (
        "bedre-ressourceforloeb",
        "Albertslund Kommune",
        1,
    )
    assert entry.beloeb == Decimal("2150000.00") and entry.sider == 14
    assert entry.projekt == "Ressourceforløb med fokus på job"
    assert [e.id for e in archive.list()] == [entry.id]

    detail = archive.show(entry.id)
    assert sorted(f.name for f in detail.files) == sorted(FILE_NAMES)
    assert detail.manifest.name == "manifest.json"

    out = tmp_path / "udtræk"
    written = archive.export(entry.id, out)
    assert len(written) == len(FILE_NAMES) + 1
    for path in [package / "manifest.json", *(package / n for n in FILE_NAMES)]:
        assert (out / path.name).read_bytes() == path.read_bytes()
    assert check_package(out) == []
    assert not has_errors(archive.verify())


def test_zip_package_is_archived_like_the_folder(
    make_package: PackageFactory, arkiv: Path
) -> None:
    zipped = make_package("z", as_zip=True)
    folder = zipped.with_suffix("")
    archive = Archive(arkiv)

    first = archive.add(zipped)
    second = archive.add(folder)

    assert first.created and not second.created
    assert second.entry.id == first.entry.id


def test_zip_with_one_top_folder_is_accepted(
    make_package: PackageFactory, arkiv: Path, tmp_path: Path
) -> None:
    folder = make_package("t")
    target = tmp_path / "med-mappe"
    shutil.make_archive(str(target), "zip", root_dir=folder.parent, base_dir=folder.name)
    assert Archive(arkiv).add(target.with_suffix(".zip")).created


def test_same_package_twice_is_one_entry(make_package: PackageFactory, arkiv: Path) -> None:
    package = make_package("a")
    archive = Archive(arkiv)

    first = archive.add(package)
    again = archive.add(package)

    assert not again.created and again.already_present
    assert again.entry == first.entry
    assert len(archive.list()) == 1
    text = format_add(again, package, DA)
    assert first.entry.id in text and "allerede" in text


def test_changed_application_becomes_version_2_linked_to_1(
    make_package: PackageFactory, arkiv: Path
) -> None:
    archive = Archive(arkiv)
    v1 = archive.add(make_package("første udgave")).entry
    # Same pool, kommune and project (case and spacing differ) — new content.
    v2 = archive.add(
        make_package("anden udgave", kommune="albertslund  kommune", sider=15)
    ).entry
    v3 = archive.add(make_package("tredje udgave")).entry

    assert (v1.udgave, v1.previous_id) == (1, None)
    assert (v2.udgave, v2.previous_id) == (2, v1.id)
    assert (v3.udgave, v3.previous_id) == (3, v2.id)
    assert archive.show(v1.id).newer_ids == (v2.id,)
    other = archive.add(make_package("andet projekt", projekt="Et andet projekt")).entry
    assert (other.udgave, other.previous_id) == (1, None)
    text = format_add(archive.add(make_package("fjerde udgave")), Path("p"), DA)
    assert "version 4" in text and v3.id in text


def test_list_filters_and_newest_first(make_package: PackageFactory, arkiv: Path) -> None:
    archive = Archive(arkiv)
    cet = timezone(timedelta(hours=1))
    specs = [
        ("a", "bedre-ressourceforloeb", "Albertslund Kommune", "Job og trivsel", 2016, 1),
        ("b", "bedre-ressourceforloeb", "Køge Kommune", "JOB FØRST", 2017, 2),
        ("c", "anden-pulje", "Albertslund Kommune", "Mentorer", 2017, 3),
        ("d", "anden-pulje", "Københavns Kommune", "Ressourceforløb på tværs", 2018, 4),
    ]
    ids = {}
    for seed, pool, kommune, name, year, month in specs:
        when = datetime(year, month, 1, 9, 0, tzinfo=cet)
        ids[seed] = archive.add(
            make_package(seed, pulje=pool, kommune=kommune, projekt=name, tidspunkt=when)
        ).entry.id

    def listed(**filters: object) -> list[str]:
        found = {v: k for k, v in ids.items()}
        return [found[e.id] for e in archive.list(**filters)]  # type: ignore[arg-type]

    assert listed() == ["d", "c", "b", "a"]
    assert listed(pool="anden-pulje") == ["d", "c"]
    assert listed(kommune="albertslund") == ["c", "a"]
    assert listed(kommune="Albertslund Kommune") == ["c", "a"]
    assert listed(kommune="københavns") == ["d"]
    assert listed(year=2017) == ["c", "b"]
    assert listed(text="job") == ["b", "a"]
    assert listed(text="ressourceforløb PÅ") == ["d"]
    assert listed(pool="bedre-ressourceforloeb", year=2017, text="først") == ["b"]
    assert listed(pool="ingen") == []
    assert listed(limit=2) == ["d", "c"]


def test_year_is_the_year_written_in_tidspunkt(make_package: PackageFactory, arkiv: Path) -> None:
    # 2016-12-31 23:30 Danish time is 2016 for the project office, though 2016-12-31 22:30 UTC.
    when = datetime(2016, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=1)))
    archive = Archive(arkiv)
    archive.add(make_package("nytår", tidspunkt=when))
    assert len(archive.list(year=2016)) == 1
    assert archive.list(year=2017) == []


def test_show_accepts_a_prefix_and_rejects_unknown_ids(
    make_package: PackageFactory, arkiv: Path
) -> None:
    archive = Archive(arkiv)
    entry = archive.add(make_package("a")).entry

    assert archive.show(entry.id[:6].upper()).entry == entry
    assert archive.show(entry.package_sha256).entry == entry
    with pytest.raises(UnknownEntry) as err:
        archive.show("ffffffffffff" if not entry.id.startswith("f") else "000000000000")
    assert "har ingen arkivpost med ID'et" in err.value.text(DA)
    with pytest.raises(UnknownEntry):
        archive.show(entry.id[:3])
    with pytest.raises(UnknownEntry):  # another folder with its own (SQLite) index
        Archive(arkiv.parent / "tomt", database_url="").show(entry.id)


def test_ambiguous_prefix_is_refused(
    make_package: PackageFactory, arkiv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = Archive(arkiv)
    entries = [archive.add(make_package(f"s{i}")).entry for i in range(17)]
    firsts = [e.id[0] for e in entries]
    shared = next(c for c in firsts if firsts.count(c) > 1)  # 17 IDs, 16 hex digits
    monkeypatch.setattr(index, "MIN_PREFIX", 1)

    with pytest.raises(AmbiguousEntry) as err:
        archive.show(shared)

    assert "passer på mere end én arkivpost" in err.value.text(DA)


def test_default_root_is_the_users_data_folder_or_the_env_var(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, own_data_folder: Path
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert default_root() == own_data_folder / "pulje" / "arkiv"
    assert Archive().root == own_data_folder / "pulje" / "arkiv"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "andet"))
    assert Archive().root == tmp_path / "andet"
    assert Archive(tmp_path / "x").root == tmp_path / "x"


def test_empty_or_missing_archive_lists_nothing(arkiv: Path) -> None:
    archive = Archive(arkiv)
    assert archive.list() == []
    assert not arkiv.exists()  # reading never creates the archive
    # A folder that is not there proves nothing: a fejl, not "no archive yet" (issue 8).
    assert [d.code for d in archive.verify()] == ["ARK025"]
    arkiv.mkdir()
    assert [d.code for d in archive.verify()] == ["ARK023"]
    assert format_list([], DA) == "Ingen arkivposter passer til søgningen."


# --------------------------------------------------------------------------------------------
# Packages that do not match their manifest are refused, and nothing is written


def _refused(archive: Archive, package: Path) -> PackageRejected:
    with pytest.raises(PackageRejected) as err:
        archive.add(package)
    assert "blev derfor ikke arkiveret" in err.value.text(DA)
    assert not archive.root.exists()
    return err.value


def test_package_with_a_changed_file_is_refused(make_package: PackageFactory, arkiv: Path) -> None:
    package = make_package("a")
    data = bytearray((package / "budget.xlsx").read_bytes())
    data[5] ^= 0x01
    (package / "budget.xlsx").write_bytes(bytes(data))

    err = _refused(Archive(arkiv), package)

    assert codes(err.diagnostics) == ["ARK004"]
    finding = err.diagnostics[0]
    assert finding.location is not None and finding.location.file.endswith("budget.xlsx")
    assert "Filen budget.xlsx er ændret" in DA.format(finding.message, dict(finding.params))


def test_package_with_a_missing_or_extra_file_is_refused(
    make_package: PackageFactory, arkiv: Path
) -> None:
    package = make_package("a")
    (package / "report.json").unlink()
    (package / "noter.txt").write_text("ikke sendt")
    (package / ".DS_Store").write_bytes(b"junk")  # operating-system litter is ignored

    err = _refused(Archive(arkiv), package)

    assert sorted(codes(err.diagnostics)) == ["ARK003", "ARK005"]
    names = {d.params["name"] for d in err.diagnostics}
    assert names == {"report.json", "noter.txt"}


def test_package_without_or_with_a_bad_manifest_is_refused(
    make_package: PackageFactory, arkiv: Path
) -> None:
    package = make_package("a")
    manifest = json.loads((package / "manifest.json").read_text())
    manifest["beloeb"] = 2150000.5
    manifest["tidspunkt"] = "2026-11-22 10:00"  # no time zone
    (package / "manifest.json").write_text(json.dumps(manifest))
    err = _refused(Archive(arkiv), package)
    assert sorted(d.path[0] for d in err.diagnostics) == ["beloeb", "tidspunkt"]
    assert set(codes(err.diagnostics)) == {"ARK002"}

    (package / "manifest.json").write_text('{"format": "pulje-pakke/1",,}')
    err = _refused(Archive(arkiv), package)
    assert codes(err.diagnostics) == ["ARK001"]
    assert err.diagnostics[0].location is not None and err.diagnostics[0].location.line == 1

    (package / "manifest.json").unlink()
    err = _refused(Archive(arkiv), package)
    assert codes(err.diagnostics) == ["ARK001"]


def test_manifest_may_not_point_outside_the_package(
    make_package: PackageFactory, arkiv: Path
) -> None:
    package = make_package("a")
    manifest = json.loads((package / "manifest.json").read_text())
    manifest["filer"]["../../etc/passwd"] = {"sha256": "0" * 64, "bytes": 1}
    (package / "manifest.json").write_text(json.dumps(manifest))
    err = _refused(Archive(arkiv), package)
    assert codes(err.diagnostics) == ["ARK002"]


def test_unreadable_packages_give_a_clear_error(tmp_path: Path, arkiv: Path) -> None:
    archive = Archive(arkiv)
    with pytest.raises(PackageUnreadable) as err:
        archive.add(tmp_path / "findes-ikke")
    assert "findes ikke" in err.value.text(DA)
    broken = tmp_path / "pakke.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(PackageUnreadable) as err:
        archive.add(broken)
    assert "ikke en gyldig .zip-fil" in err.value.text(DA)


# --------------------------------------------------------------------------------------------
# Export never overwrites


def test_export_never_overwrites_and_writes_nothing_then(
    make_package: PackageFactory, arkiv: Path, tmp_path: Path
) -> None:
    archive = Archive(arkiv)
    entry = archive.add(make_package("a")).entry
    out = tmp_path / "ud"
    out.mkdir()
    (out / "budget.xlsx").write_bytes(b"mit eget budget")

    with pytest.raises(ExportWouldOverwrite) as err:
        archive.export(entry.id, out)

    assert "overskriver aldrig" in err.value.text(DA)
    assert sorted(p.name for p in out.iterdir()) == ["budget.xlsx"]
    assert (out / "budget.xlsx").read_bytes() == b"mit eget budget"


# --------------------------------------------------------------------------------------------
# A damaged index is reported, not misread


@pytest.mark.sqlite_only  # SQLite's own file
def test_corrupt_index_gives_a_clear_error(make_package: PackageFactory, arkiv: Path) -> None:
    archive = Archive(arkiv)
    archive.add(make_package("a"))
    index = arkiv / "index.sqlite"
    index.write_bytes(b"this is not an SQLite database" * 200)

    with pytest.raises(CorruptIndex) as err:
        archive.list()
    assert "er beskadiget og kan ikke læses" in err.value.text(DA)
    with pytest.raises(CorruptIndex):
        archive.add(make_package("b"))
    assert codes(archive.verify()) == ["ARK013"]


def test_entries_cannot_be_changed_through_the_index(
    make_package: PackageFactory, arkiv: Path
) -> None:
    archive = Archive(arkiv)
    archive.add(make_package("a"))
    for sql in ("UPDATE entries SET beloeb = '1.00'", "DELETE FROM files",
                "DELETE FROM entries", "UPDATE files SET bytes = 0"):
        with pytest.raises(Exception, match="immutable"):  # the database's own error
            index_sql(archive, sql)
    assert codes(archive.verify()) == []


# --------------------------------------------------------------------------------------------
# Text for the CLI


def test_list_table_and_show_block_are_danish(make_package: PackageFactory, arkiv: Path) -> None:
    archive = Archive(arkiv)
    v1 = archive.add(make_package("a")).entry
    v2 = archive.add(make_package("b", tidspunkt=datetime(2026, 11, 23, 8, 30, tzinfo=UTC))).entry

    table = format_list(archive.list(), DA).splitlines()

    assert table[0].split() == [
        "ID", "Tidspunkt", "Art", "Pulje", "Kommune", "Projekt", "Beløb", "Sider", "Version",
    ]
    assert table[2].startswith(v2.id) and "2026-11-23 08:30" in table[2]
    assert "ansøgning (som indsendt)" in table[2]  # what it records, beside later records
    assert "2.150.000,00 kr." in table[2] and table[2].endswith("2")
    assert table[3].startswith(v1.id)
    assert table[-1] == "2 arkivposter"

    block = format_show(archive.show(v2.id), DA)
    assert f"Arkivpost           {v2.id}" in block
    assert "Ansøgt beløb        2.150.000,00 kr." in block
    assert f"Forrige version     {v1.id}" in block
    for name in [*FILE_NAMES, "manifest.json"]:
        assert name in block
