"""archive.database: choosing SQLite or PostgreSQL, never showing a password, and loading
PostgreSQL's driver only where a database is used (``pulje validate`` starts without it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from archive_helpers import PackageFactory
from click.testing import CliRunner

from cli import main
from pulje.archive import Archive
from pulje.archive.database import configured, is_postgres, shown

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"


def test_validate_loads_no_database_driver_even_with_a_postgresql_url() -> None:
    code = ("import sys, runpy; sys.argv = ['cli.py', 'validate', sys.argv[1]]\n"
            "try:\n runpy.run_path('cli.py', run_name='__main__')\n"
            "except SystemExit as e: print('EXIT', e.code)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('psycopg', 'sqlite3', 'pulje') and m.split('.')[-1] in "
            "('psycopg', 'sqlite3', 'database', 'pgindex', 'pgstore')))")
    env = {**os.environ, "PULJE_DATABASE_URL": "postgresql://pulje:x@127.0.0.1:1/pulje"}
    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-2:] == ["EXIT 0", "[]"], out[-2000:]


def test_the_url_chooses_the_database_and_its_password_is_never_shown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_DATABASE_URL", " postgresql://pulje:hemmelig@db.kommune.dk/p ")
    assert configured() == "postgresql://pulje:hemmelig@db.kommune.dk/p"
    assert configured("") == ""  # a caller's own choice wins: SQLite
    assert is_postgres(configured()) and is_postgres("postgres://x/y")
    assert not is_postgres("sqlite:///x.sqlite") and not is_postgres("")
    assert shown(configured()) == "postgresql://pulje:***@db.kommune.dk/p"
    assert shown("postgresql:///p?host=/run/pg&password=hemmelig") == (
        "postgresql:///p?host=/run/pg&password=***")


@pytest.mark.sqlite_only  # it sets the URL itself
def test_an_unreachable_database_is_a_clear_error_with_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULJE_DATABASE_URL", "postgresql://pulje:hemmelig@127.0.0.1:1/pulje")
    monkeypatch.setenv("PULJE_LANG", "da")
    res = CliRunner().invoke(main, ["archive", "--root", str(tmp_path / "arkiv"), "list"])
    assert res.exit_code == 2, res.output
    assert "Databasen postgresql://pulje:***@127.0.0.1:1/pulje kan ikke bruges" in res.output
    assert "hemmelig" not in res.output and "Traceback" not in res.output


def test_the_index_lives_in_the_chosen_database_and_the_files_in_the_folder(
        make_package: PackageFactory, arkiv: Path, database: str) -> None:
    entry = Archive(arkiv).add(make_package("a")).entry
    assert (arkiv / "index.sqlite").exists() == (database == "")
    assert len([p for p in (arkiv / "objects").rglob("*") if p.is_file()]) == 7
    again = Archive(arkiv)  # another process of the same server, say
    assert [e.id for e in again.list()] == [entry.id]
    assert [d.code for d in again.verify()] == []


def _newer(database: str, sqlite_file: Path, part: str) -> None:
    """Mark a part's tables as made by a newer pulje (schema 99), as that pulje would."""
    if database:
        import psycopg

        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute("UPDATE pulje_schema SET version = 99 WHERE part = %s", (part,))
        return
    import sqlite3

    conn3 = sqlite3.connect(sqlite_file)
    conn3.execute("PRAGMA user_version = 99")
    conn3.close()


def test_tables_of_a_newer_pulje_are_refused_not_misread(
        make_package: PackageFactory, arkiv: Path, tmp_path: Path, database: str) -> None:
    from pulje.archive import NewerIndex
    from pulje.portfolio import PortfolioError
    from pulje.portfolio.store import open_store as open_portfolio_store
    from pulje.web.store import StoreError
    from pulje.web.store import open_store as open_web_store

    archive = Archive(arkiv)
    archive.add(make_package("a"))
    _newer(database, arkiv / "index.sqlite", "arkiv")
    with pytest.raises(NewerIndex):
        archive.list()
    with pytest.raises(NewerIndex):
        archive.add(make_package("b"))

    portfolio = open_portfolio_store(arkiv)
    assert portfolio.applications() == []
    _newer(database, arkiv / "portefoelje.sqlite", "portefoelje")
    with pytest.raises(PortfolioError):
        portfolio.applications()

    web = open_web_store(tmp_path / "web")
    assert web.users() == [] and web.session("x") is None
    _newer(database, tmp_path / "web" / "pulje-web.sqlite", "web")
    with pytest.raises(StoreError):
        web.session("x")
