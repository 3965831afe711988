"""Load: several real processes adding to one archive at the same time."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from archive_helpers import build_package

from pulje.archive import Archive
from pulje.diagnostics import has_errors

WORKERS = 4
PER_WORKER = 50
SAME_BUDGET = {"budget.xlsx": "PK fælles budget ".encode() * 40}


def _add_all(root: str, packages: list[str], start: object) -> None:
    start.wait(30)  # type: ignore[attr-defined]
    archive = Archive(Path(root))
    for package in packages:
        archive.add(Path(package))


def _run(root: Path, batches: list[list[str]]) -> None:
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_add_all, args=(str(root), b, start)) for b in batches]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(procs)


def test_four_processes_adding_50_packages_each_give_200_entries(tmp_path: Path) -> None:
    batches = []
    for w in range(WORKERS):
        batch = []
        for i in range(PER_WORKER):
            where = tmp_path / "pakker" / f"w{w}-{i}"
            where.parent.mkdir(exist_ok=True)
            # Distinct applications; budget.xlsx has the same bytes in all of them, so the
            # processes also race to store the same blob.
            pkg = build_package(
                where, f"w{w}-{i}", projekt=f"Projekt {w}-{i}", same=SAME_BUDGET
            )
            batch.append(str(pkg))
        batches.append(batch)
    root = tmp_path / "arkiv"

    _run(root, batches)

    archive = Archive(root)
    entries = archive.list()
    assert len(entries) == WORKERS * PER_WORKER
    assert len({e.id for e in entries}) == WORKERS * PER_WORKER
    assert {e.udgave for e in entries} == {1}
    diags = archive.verify()
    assert not has_errors(diags)
    assert diags == []  # no leftovers either: every add finished
    assert not any((root / "tmp").iterdir())


def test_concurrent_versions_and_duplicates_stay_consistent(tmp_path: Path) -> None:
    # Every process adds the same 5 packages plus 5 versions of its own of one application.
    shared = [
        str(build_package(tmp_path / f"fælles{i}", f"fælles{i}", projekt=f"Fælles {i}"))
        for i in range(5)
    ]
    batches = [
        shared
        + [str(build_package(tmp_path / f"v{w}-{i}", f"version {w}-{i}")) for i in range(5)]
        for w in range(WORKERS)
    ]
    root = tmp_path / "arkiv"

    _run(root, batches)

    archive = Archive(root)
    assert len(archive.list()) == 5 + WORKERS * 5
    versions = sorted(
        archive.list(text="Ressourceforløb med fokus på job"), key=lambda e: e.udgave
    )
    assert [e.udgave for e in versions] == list(range(1, WORKERS * 5 + 1))
    assert [e.previous_id for e in versions] == [None] + [e.id for e in versions[:-1]]
    assert not has_errors(archive.verify())
