"""The archive proves what it claims (issue 8, item 11).

verify fails (exit 1) when the archive cannot prove its entries; absurd manifests are refused at
add with an ARK finding; nothing already in the index or among the archived files — written by
an older or a hostile program — makes list, show or verify crash.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from archive_helpers import META, PackageFactory, index_sql, lose_index, on_postgres
from click.testing import CliRunner

from cli import main
from pulje.archive import Archive, PackageRejected
from pulje.archive.package import parse_manifest
from pulje.diagnostics import Translator, has_errors

DA = Translator("da")


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, ["--lang", "da", *args])


def _codes(diags: list[Any]) -> list[str]:
    return sorted({d.code for d in diags})


@pytest.fixture
def filled(make_package: PackageFactory, arkiv: Path) -> Archive:
    archive = Archive(arkiv)
    archive.add(make_package("a"))
    archive.add(make_package("b", kommune="Ballerup Kommune"))
    assert not has_errors(archive.verify())
    return archive




# --------------------------------------------------------------------------------------------
# verify fails when the archive cannot prove its entries


def test_verify_of_a_root_that_is_not_there_is_a_fejl(tmp_path: Path) -> None:
    res = _cli("archive", "--root", str(tmp_path / "findes-ikke"), "verify")
    assert res.exit_code == 1, res.output
    assert "ARK025" in res.output and "findes ikke" in res.output


@pytest.mark.parametrize("how", ["missing", "emptied"])
def test_verify_of_a_lost_index_beside_archived_files_is_a_fejl(
    filled: Archive, how: str
) -> None:
    lose_index(filled, emptied=how == "emptied")
    found = filled.verify()
    assert "ARK026" in _codes(found) and has_errors(found)
    # Both whole packages are named, so the user knows what the index lost.
    assert [d.code for d in found].count("ARK027") == 2
    res = _cli("archive", "--root", str(filled.root), "verify")
    assert res.exit_code == 1 and "ARK026" in res.output


def test_verify_of_a_replaced_index_is_a_fejl(
    filled: Archive, make_package: PackageFactory, tmp_path: Path
) -> None:
    # Another archive's index (one entry, not of this archive) put in place of the real one:
    # for SQLite its file copied over this one; for PostgreSQL the tables made anew by it.
    lose_index(filled)
    fresh = Archive(tmp_path / "frisk")
    fresh.add(make_package("c"))
    if not on_postgres(filled):
        shutil.copy(fresh.index_path, filled.index_path)
    found = filled.verify()
    codes = [d.code for d in found]
    assert codes.count("ARK027") == 2  # the two packages the index no longer lists
    assert "ARK010" in codes  # and the files of the strange entry are not there
    assert has_errors(found)


def test_an_interrupted_add_stays_a_note(
    filled: Archive, make_package: PackageFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All files written, then the commit failed: the marker in tmp/ explains the package."""

    def fail(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # as if killed just before the commit

    monkeypatch.setattr(Archive, "_commit_entry", fail)
    with pytest.raises(KeyboardInterrupt):
        filled.add(make_package("afbrudt"))
    monkeypatch.undo()
    found = filled.verify()
    assert not has_errors(found), [d.code for d in found]
    assert {"ARK020", "ARK021"} <= set(_codes(found))


# --------------------------------------------------------------------------------------------
# Absurd manifests are refused at add


def _manifest_text(package: Path) -> str:
    return (package / "manifest.json").read_text(encoding="utf-8")


HOSTILE = {
    "overflowing float": ('"sider": 14', '"sider": 1e400'),
    "5000-digit integer": ('"sider": 14', '"sider": ' + "9" * 5000),
    "10,000-deep nesting": ('"sider": 14', '"sider": 14, "x": ' + "[" * 10_000 + "]" * 10_000),
    "NaN": ('"sider": 14', '"sider": 14, "x": NaN'),
    "lone surrogate": ('"Albertslund Kommune"', '"Albertslund \\ud800 Kommune"'),
    "Infinity": ('"sider": 14', '"sider": -Infinity'),
    "huge amount": ('"2150000.00"', '"1e999999999"'),
    "huge pages": ('"sider": 14', '"sider": 10000000000'),
    "huge file size": ('"bytes": ', '"bytes": 99999999999999999999'),
    "year 1": ("2026-11-22T10:00:00+00:00", "0001-01-01T00:00:00+00:00"),
    "year overflowing in UTC": ("2026-11-22T10:00:00+00:00", "9999-12-31T23:59:59-23:59"),
    "3 MB kommune": ('"Albertslund Kommune"', json.dumps("K" * 3_000_000)),
    "2,000-character project": ('"Ressourceforløb med fokus på job"', json.dumps("P" * 2000)),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_manifest_with_absurd_values_is_refused_with_an_ark_finding(
    make_package: PackageFactory, arkiv: Path, name: str
) -> None:
    package = make_package("x")
    old, new = HOSTILE[name]
    text = json.dumps(json.loads(_manifest_text(package)), ensure_ascii=False)
    assert old in text, name
    (package / "manifest.json").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackageRejected) as err:
        Archive(arkiv).add(package)
    assert [d.code for d in err.value.diagnostics][:1] in (["ARK024"], ["ARK002"])
    assert not arkiv.exists()
    res = _cli("archive", "--root", str(arkiv), "add", str(package))
    assert res.exit_code == 2
    assert ("ARK024" in res.output or "ARK002" in res.output) and "Traceback" not in res.output


V1_META = {"pool": "bedre-ressourceforloeb", "round": "2016", "kommune": "Albertslund Kommune",
           "projektnavn": "Ressourceforløb med fokus på job", "ansoegt_beloeb": "2150000.00",
           "sider": 14, "skabelon_sha256": "ab" * 32, "pulje_version": "0.1.0"}


@pytest.mark.parametrize("form", ["pulje-pakke/2", "pulje-pakke/1"])
def test_random_absurd_values_in_any_field_never_crash_the_parser(form: str) -> None:
    """A bounded fuzz (fixed seed) over every field of a real manifest, of either format."""
    rng = random.Random(8)
    files = "filer" if form.endswith("/2") else "files"
    facts = {k: v for k, v in META.items() if k != "tidspunkt"} if files == "filer" else V1_META
    base = json.loads(json.dumps({**facts, "tidspunkt": "2026-11-22T10:00:00+00:00",
                                  "format": form,
                                  files: {"a.pdf": {"sha256": "ab" * 32, "bytes": 3}}}))
    if files == "filer":
        base["dokumenter"] = [{"id": "ansoegning", "rolle": "Ansøgningsskema", "sider": 3,
                               "filer": {"a.pdf": "ab" * 32}}]
    assert parse_manifest(json.dumps(base).encode(), "manifest.json")[1] == []
    values = ["1e400", "-1e400", "NaN", "Infinity", "9" * 5000, "-" + "9" * 30, "1e999999999",
              "[" * 3000 + "]" * 3000, '{"a":' * 50 + "1" + "}" * 50, json.dumps("x" * 70_000),
              "true", "null", "0.1", '"\\ud800"', '"1e999999999"', '"9999-12-31T23:59:59-23:59"']
    paths: list[tuple[str | int, ...]] = [(k,) for k in base] + [(files, "a.pdf", "sha256"),
                                                                 (files, "a.pdf", "bytes")]
    if files == "filer":
        paths += [("dokumenter", 0, k) for k in ("id", "rolle", "sider", "filer")]
    marker = "\u0000MARK\u0000"
    for _ in range(300):
        doc = json.loads(json.dumps(base))
        path = rng.choice(paths)
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = marker
        text = json.dumps(doc).replace(json.dumps(marker), rng.choice(values))
        manifest, diags = parse_manifest(text.encode("utf-8"), "manifest.json")
        assert (manifest is None) == bool(diags)
        assert all(d.code.startswith("ARK") for d in diags)


# --------------------------------------------------------------------------------------------
# Nothing already archived can make list, show or verify crash


def _insert_damaged_row(archive: Archive, **bad: Any) -> str:
    row: dict[str, Any] = {
        "id": "deadbeef0000", "package_sha256": "deadbeef0000" + "0" * 52,
        "manifest_sha256": "11" * 32, "manifest_bytes": 10, "pulje": "p", "runde": "1",
        "kommune": "K", "kommune_key": "k", "projekt": "P", "project_key": "p",
        "beloeb": "1.00", "sider": 1, "tidspunkt": "2026-11-22T10:00:00+00:00",
        "time_utc": "2026-11-22T10:00:00.000000Z", "year": 2026, "version": "0",
        "template_sha256": "ab" * 32, "app_key": "x", "udgave": 1, "previous_id": None,
        "archived_at": "2026-11-22T10:00:00+00:00", "total_bytes": 10,
    }
    row.update(bad)
    index_sql(archive, f"INSERT INTO entries ({', '.join(row)}) VALUES "
                       f"({', '.join('?' * len(row))})", tuple(row.values()))
    return str(row["id"])


DAMAGE = {
    "amount is text": {"beloeb": "mange penge"},
    "amount is absurd": {"beloeb": "1e999999999"},
    "amount is NaN": {"beloeb": "NaN"},
    "time is no time": {"tidspunkt": "i går"},
    "time overflows": {"tidspunkt": "9999-12-31T23:59:59-23:59"},
    "kommune is 1 MB": {"kommune": "K" * 1_000_000},
    "archived_at is null": {"archived_at": "null"},
    "hash is no hash": {"package_sha256": "deadbeef0000" + "zz" * 26},
}
#: Values of the wrong type: SQLite keeps them whatever the column says; PostgreSQL's typed
#: columns refuse them (tested below; bytes for a text column it stores as their text), so
#: only an SQLite index can hold them.
WRONG_TYPE = {
    "pages is text": {"sider": "fjorten"},
    "pages is huge": {"sider": 2**62},
    "version is a blob": {"udgave": b"\x00\x01"},
    "kommune is bytes": {"kommune": b"\xff\xfe"},
}


@pytest.mark.parametrize("name", list(DAMAGE))
def test_a_damaged_index_row_never_crashes_list_show_or_verify(
    filled: Archive, name: str
) -> None:
    _damaged_row_is_shown_as_damaged(filled, DAMAGE[name])


@pytest.mark.sqlite_only
@pytest.mark.parametrize("name", list(WRONG_TYPE))
def test_a_value_of_the_wrong_type_in_sqlite_never_crashes_list_show_or_verify(
    filled: Archive, name: str
) -> None:
    _damaged_row_is_shown_as_damaged(filled, WRONG_TYPE[name])


@pytest.mark.postgres_only
@pytest.mark.parametrize("name", ["pages is text", "pages is huge", "version is a blob"])
def test_postgresql_refuses_a_value_of_the_wrong_type(filled: Archive, name: str) -> None:
    import psycopg

    with pytest.raises((psycopg.DataError, psycopg.errors.DatatypeMismatch)):
        _insert_damaged_row(filled, **WRONG_TYPE[name])
    assert len(filled.list()) == 2 and not has_errors(filled.verify())


def _damaged_row_is_shown_as_damaged(filled: Archive, bad: dict[str, Any]) -> None:
    entry_id = _insert_damaged_row(filled, **bad)
    good = filled.list()
    assert len(good) == 2 and good.damaged == (entry_id,)
    res = _cli("archive", "--root", str(filled.root), "list")
    assert res.exit_code == 0, res.output
    assert "Albertslund" in res.stdout and entry_id in res.stderr
    res = _cli("archive", "--root", str(filled.root), "show", entry_id)
    assert res.exit_code == 2, res.output
    assert entry_id in res.output and "kan ikke læses" in res.output
    assert "Traceback" not in res.output
    found = filled.verify()
    assert "ARK028" in _codes(found)
    res = _cli("archive", "--root", str(filled.root), "verify")
    assert res.exit_code == 1 and "ARK028" in res.output


def test_a_hostile_manifest_blob_with_a_matching_hash_never_crashes_verify(
    filled: Archive,
) -> None:
    """A manifest blob written by a hostile program, with a row that points to it."""
    blob = ('{"format": "pulje-pakke/1", "x": ' + "[" * 10_000 + "]" * 10_000 + "}").encode()
    sha = hashlib.sha256(blob).hexdigest()
    path = filled.blob_path(sha)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(blob)
    entry_id = _insert_damaged_row(filled, manifest_sha256=sha, manifest_bytes=len(blob))
    found = filled.verify()
    mine = [d for d in found if d.location and d.location.section == entry_id]
    assert [d.code for d in mine] == ["ARK012"]
    assert filled.show(entry_id).manifest.sha256 == sha



def test_line_breaks_and_direction_marks_in_a_row_cannot_fake_a_line_of_list(
    filled: Archive,
) -> None:
    fake = "K\nfedcba987654  2026-01-01 00:00  falsk  Falsk Kommune\u202e"
    entry_id = _insert_damaged_row(filled, kommune=fake)
    res = _cli("archive", "--root", str(filled.root), "list")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert len(lines) == 2 + 3 + 1  # header, rule, three entries, count
    assert sum(entry_id in line for line in lines) == 1
    assert "\u202e" not in res.stdout
    shown = _cli("archive", "--root", str(filled.root), "show", entry_id)
    assert shown.exit_code == 0 and "\u202e" not in shown.stdout
