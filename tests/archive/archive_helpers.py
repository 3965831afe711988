"""Helpers for the archive tests: small fake submission packages (imported by the tests)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pulje.archive import write_package, zip_package

ROOT = Path(__file__).resolve().parents[2]

META: dict[str, Any] = {
    "pulje": "bedre-ressourceforloeb",
    "runde": "2016",
    "kommune": "Albertslund Kommune",
    "projekt": "Ressourceforløb med fokus på job",
    "beloeb": "2150000.00",
    "sider": 14,
    "skabelon_sha256": "ab" * 32,
    "tidspunkt": datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
    "version": "0.1.0",
}

FILE_NAMES = (
    "ansoegning.docx",
    "ansoegning.pdf",
    "budget.xlsx",
    "ansoegning.yaml",
    "report.json",
    "ansoegning.eml",
)


def package_files(seed: str, size: int = 200) -> dict[str, bytes]:
    """Six small fake files whose content depends on ``seed``."""
    filler = (seed.encode() * (size // max(len(seed), 1) + 1))[:size]
    return {name: f"{name} {seed}\n".encode() + filler for name in FILE_NAMES}


def build_package(
    where: Path,
    seed: str,
    *,
    as_zip: bool = False,
    size: int = 200,
    same: dict[str, bytes] | None = None,
    **meta: Any,
) -> Path:
    """A package folder (or .zip) at ``where``, its files derived from ``seed``.

    ``same`` gives files whose content is fixed (to share blobs between packages).
    """
    fields = {**META, **meta}
    folder = where.with_suffix("") if as_zip else where
    write_package(folder, {**package_files(seed, size), **(same or {})}, **fields)
    if as_zip:
        return zip_package(folder, where.with_suffix(".zip"))
    return folder


PackageFactory = Callable[..., Path]


def child_env() -> dict[str, str]:
    """Environment for a child Python process that imports the project."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


# --- the index behind pulje's back: SQLite's file or PostgreSQL's tables alike ---------------

TRIGGERS = {
    "sqlite": ("DROP TRIGGER entries_immutable", "DROP TRIGGER entries_undeletable",
               "DROP TRIGGER files_immutable", "DROP TRIGGER files_undeletable"),
    "postgresql": ("DROP TRIGGER entries_immutable ON entries",
                   "DROP TRIGGER files_immutable ON files"),
}


def on_postgres(archive: Any) -> bool:
    return hasattr(archive.index, "url")


def index_sql(archive: Any, sql: str, args: tuple[Any, ...] = (), *,
              drop_triggers: bool = False) -> None:
    """Run ``sql`` (``?`` parameters) on the archive's index as another program would."""
    if on_postgres(archive):
        import psycopg

        with psycopg.connect(archive.index.url, autocommit=True) as conn:
            for statement in TRIGGERS["postgresql"] if drop_triggers else ():
                conn.execute(statement)
            conn.execute(sql.replace("?", "%s"), args)  # type: ignore[arg-type]
        return
    import sqlite3

    conn3 = sqlite3.connect(archive.index_path)
    with conn3:
        for statement in TRIGGERS["sqlite"] if drop_triggers else ():
            conn3.execute(statement)
        conn3.execute(sql, args)
    conn3.close()


def lose_index(archive: Any, emptied: bool = False) -> None:
    """The index is gone (deleted, or emptied to nothing); the archived files stay."""
    if on_postgres(archive):
        index_sql(archive, "DROP TABLE files, entries")
        index_sql(archive, "DELETE FROM pulje_schema WHERE part = 'arkiv'")
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{archive.index_path}{suffix}").unlink(missing_ok=True)
    if emptied:
        Path(archive.index_path).write_bytes(b"")
