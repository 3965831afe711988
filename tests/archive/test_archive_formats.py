"""What an older pulje wrote stays readable: a ``pulje-pakke/1`` package is checked and archived,
an archive whose index has schema 1 is listed, shown and verified as it is, and migrated in
place (in one transaction) the first time something is added. The records in
tests/fixtures/v1 were made by pulje before the formats changed."""

from __future__ import annotations

import ast
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from archive_helpers import PackageFactory

from pulje.archive import Archive, ArchiveError, check_package, index
from pulje.archive.manifest import FORMAT, FORMAT_V1, parse_manifest
from pulje.documents.facts import FACTS

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "fixtures" / "v1"
#: The entries of the fixture's archive (index schema 1), oldest first.
V1_IDS = ("2c6a120d881e", "7e7dbf75cc36")


def _schema(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _columns(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute("PRAGMA table_info(entries)")]
    finally:
        conn.close()


@pytest.fixture
def old_archive(tmp_path: Path) -> Archive:
    """A copy of the archive an older pulje made (index schema 1)."""
    shutil.copytree(V1 / "arkiv", tmp_path / "arkiv")
    return Archive(tmp_path / "arkiv")


# --------------------------------------------------------------------------------------------
# pulje-pakke/1


@pytest.mark.parametrize("package", ["pakke", "pakke.zip"])
def test_a_package_of_the_first_format_is_checked_and_archived(tmp_path: Path,
                                                               package: str) -> None:
    assert json.loads((V1 / "pakke" / "manifest.json").read_text())["format"] == FORMAT_V1
    assert check_package(V1 / package) == []
    archive = Archive(tmp_path / "arkiv")
    added = archive.add(V1 / package)
    assert added.created and added.entry.id == V1_IDS[0]  # the same identity as back then
    e = added.entry
    assert (e.pulje, e.runde, e.kommune, e.projekt, str(e.beloeb), e.sider, e.version) == (
        "bedre-ressourceforloeb", "2016", "Albertslund Kommune",
        "Ressourceforløb med fokus på job", "2150000.00", 14, "0.1.0")
    assert archive.verify() == []


def test_a_first_format_manifest_is_named_by_its_own_fields_in_findings() -> None:
    raw = json.loads((V1 / "pakke" / "manifest.json").read_text())
    raw["ansoegt_beloeb"] = "mange"
    raw["files"]["ny.pdf"] = {"sha256": "xyz", "bytes": 1}
    manifest, found = parse_manifest(json.dumps(raw).encode(), "manifest.json")
    assert manifest is None
    assert [(d.code, d.path) for d in found] == [
        ("ARK002", ("ansoegt_beloeb",)), ("ARK002", ("files", "ny.pdf", "sha256"))]


def test_pulje_writes_the_second_format_with_the_facts_and_documents(
    make_package: PackageFactory,
) -> None:
    raw = json.loads((make_package("a") / "manifest.json").read_text())
    assert raw["format"] == FORMAT
    assert set(FACTS) <= set(raw)
    for old in ("pool", "round", "projektnavn", "ansoegt_beloeb", "pulje_version", "files"):
        assert old not in raw
    assert raw["dokumenter"] == [] and raw["filer"]


# --------------------------------------------------------------------------------------------
# An index of schema 1


@pytest.mark.sqlite_only  # SQLite's own file
def test_an_old_index_is_read_as_it_is(old_archive: Archive) -> None:
    before = old_archive.index_path.read_bytes()
    listed = old_archive.list()
    assert [e.id for e in listed] == list(reversed(V1_IDS))
    assert [e.udgave for e in listed] == [2, 1] and listed[0].previous_id == V1_IDS[0]
    assert {e.pulje for e in listed} == {"bedre-ressourceforloeb"}
    assert [e.id for e in old_archive.list(pool="bedre-ressourceforloeb", year=2016,
                                           kommune="albertslund", text="fokus")] == [
        V1_IDS[1], V1_IDS[0]]
    detail = old_archive.show(V1_IDS[0][:8])
    assert detail.entry.version == "0.1.0" and detail.newer_ids == (V1_IDS[1],)
    assert old_archive.verify() == []
    # Reading changed nothing: still schema 1, byte for byte.
    assert _schema(old_archive.index_path) == 1
    assert old_archive.index_path.read_bytes() == before


@pytest.mark.sqlite_only  # SQLite's own file
def test_adding_to_an_old_index_migrates_it_and_keeps_every_entry(
    old_archive: Archive, make_package: PackageFactory,
) -> None:
    before = [(e.id, e.tidspunkt, e.beloeb, e.sider, e.udgave) for e in old_archive.list()]
    added = old_archive.add(make_package("ny"))
    assert _schema(old_archive.index_path) == index.SCHEMA_VERSION == 2
    columns = _columns(old_archive.index_path)
    assert set(FACTS) - {"sidegraense"} <= set(columns) and "udgave" in columns
    assert not {"pool", "round", "project", "amount", "pages", "time", "pulje_version"} & set(
        columns)
    after = [(e.id, e.tidspunkt, e.beloeb, e.sider, e.udgave) for e in old_archive.list()]
    assert after[1:] == before
    # The same application: the new package is its third version.
    assert (added.entry.udgave, added.entry.previous_id) == (3, V1_IDS[1])
    assert old_archive.verify() == []


@pytest.mark.sqlite_only  # SQLite's own file
def test_a_migration_that_fails_half_way_changes_nothing(
    old_archive: Archive, make_package: PackageFactory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = index.migrate_1_to_2

    def half(conn: sqlite3.Connection) -> None:
        conn.execute('ALTER TABLE entries RENAME COLUMN "pool" TO "pulje"')
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(index, "migrate_1_to_2", half)
    with pytest.raises(ArchiveError):
        old_archive.add(make_package("ny"))
    assert _schema(old_archive.index_path) == 1
    assert "pool" in _columns(old_archive.index_path)
    assert [e.id for e in old_archive.list()] == list(reversed(V1_IDS))
    monkeypatch.setattr(index, "migrate_1_to_2", real)
    monkeypatch.undo()
    assert old_archive.add(make_package("ny")).created
    assert _schema(old_archive.index_path) == 2


@pytest.mark.sqlite_only  # SQLite's own file
def test_an_old_index_names_its_findings_by_the_archived_manifest(old_archive: Archive) -> None:
    with sqlite3.connect(old_archive.index_path) as conn:
        conn.execute("DROP TRIGGER entries_immutable")
        conn.execute(f"UPDATE entries SET amount = '1.00' WHERE id = '{V1_IDS[0]}'")
    found = old_archive.verify()
    assert [(d.code, d.params["field"]) for d in found] == [("ARK012", "ansoegt_beloeb")]


# --------------------------------------------------------------------------------------------
# The archive's modules


def test_the_archive_s_modules_import_each_other_without_a_loop() -> None:
    folder = ROOT / "pulje" / "archive"
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        name = path.stem
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("pulje.archive."):
                    found.add(node.module.split(".")[2])
                elif node.module == "pulje.archive":
                    found.update(a.name for a in node.names)
        graph[name] = found & {p.stem for p in folder.glob("*.py")} - {name}
    graph.pop("__init__")
    for deps in graph.values():
        deps.discard("__init__")
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " → ".join((*path, name))
        if name in done:
            return
        for dep in sorted(graph.get(name, ())):
            visit(dep, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    assert all(len(p.read_text(encoding="utf-8").splitlines()) < 500 for p in folder.glob("*.py"))
