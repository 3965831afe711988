"""Benchmark of the archive: fill it with 10,000 entries, time ``list`` and ``verify``.

    .venv/bin/python bench/bench_archive.py [--entries 10000] [--jobs 4] [--root DIR] [--keep]
                                           [--postgres [URL]]

``--postgres`` keeps the index in PostgreSQL instead of SQLite: the database URL given, or
(with no URL) a throwaway cluster started as the tests start theirs (tests/fixtures).

Given ``--root`` with an archive an older pulje filled (index schema 1), ``list`` is timed on
it as it is (its columns renamed as they are read), then the first ``add`` — which migrates the
index in place — and ``list`` again.

Filling goes through the public ``Archive.add`` (every entry its own fsynced blobs and its own
SQLite transaction), from ``--jobs`` processes at once. Each package has six small files; the
.docx, .pdf and .xlsx come from a pool of 40 variants (so, as in a real archive, many blobs are
shared), the answer file, report and e-mail draft are unique. ``list`` is timed through the
public API with a new ``Archive`` object each time (median of several runs, target ≤ 200 ms);
``verify`` is timed over the whole archive and reported as MB hashed per second, and once more
on a few entries with large files (a few MB each), where hashing dominates.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulje.archive import Archive, write_package  # noqa: E402
from pulje.diagnostics import has_errors  # noqa: E402

POOLS = ["bedre-ressourceforloeb", "job-og-trivsel", "mentorstoette-til-unge"]
KOMMUNER = [
    "Albertslund Kommune", "Aarhus Kommune", "Esbjerg Kommune", "Frederiksberg Kommune",
    "Holbæk Kommune", "Høje-Taastrup Kommune", "Københavns Kommune", "Køge Kommune",
    "Lyngby-Taarbæk Kommune", "Næstved Kommune", "Odense Kommune", "Randers Kommune",
    "Silkeborg Kommune", "Svendborg Kommune", "Sønderborg Kommune", "Aalborg Kommune",
    "Vejle Kommune", "Viborg Kommune", "Ærø Kommune", "Guldborgsund Kommune",
]
WORDS = [
    "ressourceforløb", "job", "trivsel", "mentor", "unge", "helhedsorienteret", "indsats",
    "virksomhedspraktik", "sundhed", "mestring", "fællesskab", "uddannelse", "netværk",
]
VARIANTS = 40


def _files(rng: random.Random, i: int) -> dict[str, bytes]:
    v = rng.randrange(VARIANTS)
    return {
        "ansoegning.docx": b"PK\x03\x04 docx variant %d " % v + b"d" * 6000,
        "ansoegning.pdf": b"%%PDF-1.7 variant %d " % v + b"p" * 12000,
        "budget.xlsx": b"PK\x03\x04 xlsx variant %d " % v + b"x" * 3000,
        "ansoegning.yaml": f"# ansøgning {i}\n".encode() + bytes(rng.randbytes(1500)),
        "report.json": b'{"entry": %d, "diagnostics": []}' % i + b" " * 400,
        "ansoegning.eml": f"Subject: Ansøgning {i}\n\n".encode() + bytes(rng.randbytes(800)),
    }


def _meta(rng: random.Random, i: int) -> dict[str, object]:
    year = 2016 + rng.randrange(11)
    when = datetime(year, 1, 1, 8, tzinfo=UTC) + timedelta(minutes=rng.randrange(525_000))
    words = rng.sample(WORDS, 3)
    return {
        "pulje": rng.choice(POOLS),
        "runde": str(year),
        "kommune": rng.choice(KOMMUNER),
        "projekt": f"{words[0].capitalize()} med {words[1]} og {words[2]} ({i})",
        "beloeb": Decimal(rng.randrange(100_000, 5_000_000)) / 100 * 100,
        "sider": rng.randrange(5, 16),
        "skabelon_sha256": "ab" * 32,
        "tidspunkt": when,
        "version": "0.1.0",
    }


def _fill(root: str, work: str, indexes: list[int]) -> float:
    archive = Archive(Path(root))
    spent = 0.0
    for i in indexes:
        rng = random.Random(i)
        package = Path(work) / f"p{i}"
        write_package(package, _files(rng, i), **_meta(rng, i))
        start = time.perf_counter()
        archive.add(package)
        spent += time.perf_counter() - start
        shutil.rmtree(package)
    return spent


def fill(root: Path, work: Path, entries: int, jobs: int) -> None:
    start = time.perf_counter()
    chunks = [list(range(j, entries, jobs)) for j in range(jobs)]
    with mp.get_context("spawn").Pool(jobs) as pool:
        spent = pool.starmap(_fill, [(str(root), str(work), c) for c in chunks])
    wall = time.perf_counter() - start
    print(
        f"fyldt: {entries} arkivposter på {wall:.1f} s med {jobs} processer "
        f"(add: {1000 * sum(spent) / entries:.2f} ms pr. post i gennemsnit pr. proces)"
    )


def time_list(root: Path, runs: int) -> None:
    cases: list[tuple[str, dict[str, object]]] = [
        ("pulje", {"pool": "job-og-trivsel"}),
        ("kommune", {"kommune": "københavns"}),
        ("år", {"year": 2025}),
        ("tekst", {"text": "mentor"}),
        ("pulje + år", {"pool": "bedre-ressourceforloeb", "year": 2016}),
        ("kommune + år + tekst", {"kommune": "Aarhus", "year": 2020, "text": "job"}),
        ("intet filter (alle)", {}),
    ]
    print(f"list (median af {runs} kørsler, nyt Archive-objekt hver gang):")
    for label, filters in cases:
        times = []
        found = 0
        for _ in range(runs):
            start = time.perf_counter()
            found = len(Archive(root).list(**filters))  # type: ignore[arg-type]
            times.append(time.perf_counter() - start)
        print(
            f"  {label:<22} {1000 * statistics.median(times):7.1f} ms "
            f"(maks {1000 * max(times):6.1f} ms)  {found:>6} poster"
        )


def _schema(root: Path) -> int:
    conn = sqlite3.connect(root / "index.sqlite")
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def migrate(root: Path, work: Path, runs: int) -> None:
    """An index of schema 1: list as it is, then the first add (which migrates it)."""
    print(f"indeks med skema 1 ({len(Archive(root).list())} poster), læst som det er:")
    time_list(root, runs)
    rng = random.Random(-1)
    package = work / "migrering"
    write_package(package, _files(rng, -1), **_meta(rng, -1))
    start = time.perf_counter()
    Archive(root).add(package)
    spent = time.perf_counter() - start
    print(f"første add (migrerer indekset til skema {_schema(root)} i én transaktion): "
          f"{1000 * spent:.0f} ms")
    print("efter migreringen:")


def _blob_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in (root / "objects").rglob("*") if p.is_file())


def time_verify(root: Path, label: str) -> None:
    size = _blob_bytes(root)
    start = time.perf_counter()
    diags = Archive(root).verify()
    spent = time.perf_counter() - start
    entries = len(Archive(root).list())
    mb = size / 1e6
    print(
        f"verify {label}: {entries} poster, {mb:.1f} MB i {spent:.2f} s = {mb / spent:.1f} MB/s "
        f"({1000 * spent / mb:.1f} ms pr. MB, {1000 * spent / entries:.2f} ms pr. post); "
        f"fejl: {has_errors(diags)}"
    )


def large(work: Path) -> None:
    root = work / "stort-arkiv"
    rng = random.Random(7)
    archive = Archive(root)
    for i in range(8):
        files = {
            "ansoegning.pdf": rng.randbytes(8_000_000),
            "ansoegning.docx": rng.randbytes(2_000_000),
            "budget.xlsx": rng.randbytes(200_000),
        }
        package = work / f"stor{i}"
        write_package(package, files, **_meta(rng, i))
        archive.add(package)
        shutil.rmtree(package)
    time_verify(root, "store filer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--root", type=Path, help="archive folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--postgres", nargs="?", const="", metavar="URL",
                        help="the index in PostgreSQL (no URL: a throwaway cluster)")
    args = parser.parse_args()

    cluster = None
    if args.postgres is not None:
        url = args.postgres
        if not url:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "fixtures"))
            from pg_cluster import Cluster

            cluster = Cluster()
            url = cluster.url
        os.environ["PULJE_DATABASE_URL"] = url  # the filling processes inherit it
        print("indekset i PostgreSQL")
    work = Path(tempfile.mkdtemp(prefix="bench-arkiv-"))
    root = args.root or work / "arkiv"
    try:
        if args.postgres is not None or not (root / "index.sqlite").exists():
            fill(root, work, args.entries, args.jobs)
        elif _schema(root) == 1:
            migrate(root, work, args.runs)
        time_list(root, args.runs)
        time_verify(root, "hele arkivet")
        if args.postgres is None:  # hashing large files: the same whatever holds the index
            large(work)
    finally:
        if args.keep:
            print(f"beholdt: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
