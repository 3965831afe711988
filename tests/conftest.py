"""Shared set-up: the repository first on sys.path, the edit helpers importable, fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# pytest puts tests/ first on sys.path (rootdir conftest, "prepend" import mode); its folders
# tests/checks, tests/answers, tests/diagnostics … would then shadow the real packages as
# namespace packages. The repository root must come first. tests/fixtures holds the helper
# module answer_edits.
for _entry in (ROOT / "tests" / "fixtures", ROOT):
    if str(_entry) in sys.path:
        sys.path.remove(str(_entry))
    sys.path.insert(0, str(_entry))

import os  # noqa: E402
import tempfile  # noqa: E402

import pytest  # noqa: E402

# pulje keeps pools and forms as read in the user's cache folder (pulje.pools.cache): the tests
# keep theirs in a folder of their own, never in the user's.
os.environ.setdefault("PULJE_CACHE", tempfile.mkdtemp(prefix="pulje-test-cache-"))
# … and never read the user's kommune profile (pulje init fills in from it): none by default.
os.environ.setdefault("PULJE_PROFIL", os.path.join(tempfile.mkdtemp(prefix="pulje-test-"),
                                                   "ingen-kommuneprofil.yaml"))
from answer_edits import EXAMPLE_TEXT, NAME  # noqa: E402


@pytest.fixture
def example_text() -> str:
    return EXAMPLE_TEXT


@pytest.fixture
def write(tmp_path: Path):
    """Write text (str) or bytes to a file under tmp_path and return its path."""

    def _write(content: str | bytes, name: str = NAME) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(ROOT)) for p in folder.rglob("*")} if folder.is_dir() else set()


@pytest.fixture(scope="session", autouse=True)
def _user_folders_untouched():
    """No test writes into the repository's outputs/ or applications/: they are the user's."""
    watched = [ROOT / "outputs", ROOT / "applications"]
    before = {str(f): _tree(f) for f in watched}
    yield
    for folder in watched:
        new = sorted(_tree(folder) - before[str(folder)])
        assert not new, f"a test wrote into the user's folder {folder}: {new[:5]}"


# --- the databases: every store test runs against SQLite and against PostgreSQL -------------
# A test (or a folder's conftest, autouse) that asks for ``database`` runs twice: with SQLite
# (no PULJE_DATABASE_URL, pulje's default) and with PostgreSQL (PULJE_DATABASE_URL naming an
# empty schema of its own). PostgreSQL is $PULJE_TEST_POSTGRES_URL, or a throwaway cluster
# the tests start (pg_cluster); if it cannot be started, these tests fail — never skip.
# ``@pytest.mark.sqlite_only``: a test of SQLite's own file (damaged, read-only …);
# ``@pytest.mark.postgres_only``: of what only PostgreSQL does.

import contextlib  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from pg_cluster import ENV_VAR as PG_ENV  # noqa: E402
from pg_cluster import Cluster  # noqa: E402

DATABASES = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a test of SQLite's own file; runs with SQLite only")
    config.addinivalue_line(
        "markers", "postgres_only: a test of what PostgreSQL does itself; runs with it only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database" in metafunc.fixturenames and "module_database" not in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        chosen = (DATABASES[:1] if marked("sqlite_only") else
                  DATABASES[1:] if marked("postgres_only") else DATABASES)
        metafunc.parametrize("database", chosen, indirect=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL database the tests may fill (a superuser's)."""
    given = os.environ.get(PG_ENV, "").strip()
    if given:
        yield given
        return
    cluster = Cluster()
    try:
        yield cluster.url
    finally:
        cluster.stop()


def with_schema(url: str, schema: str) -> str:
    """``url`` whose connections see ``schema`` only (libpq's options: search_path)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def new_schema(server: str) -> Iterator[str]:
    """A new, empty schema in the test database: the URL that uses it; dropped afterwards."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:20]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty schema in the test database, for one test: the URL that uses it."""
    with new_schema(postgres_server) as url:
        yield url


@pytest.fixture
def database(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The database of this run of the test: "" (SQLite, the default) or a PostgreSQL URL,
    set as PULJE_DATABASE_URL. Unparametrized (a module that chose its database for all its
    tests, ``module_database``): what that one set."""
    param = getattr(request, "param", None)
    if param is None:
        return os.environ.get("PULJE_DATABASE_URL", "")
    if param == "sqlite":
        monkeypatch.delenv("PULJE_DATABASE_URL", raising=False)
        return ""
    url: str = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("PULJE_DATABASE_URL", url)
    return url


@pytest.fixture(scope="module", params=DATABASES)
def module_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """``database`` for every test of a module at once (a server that runs for a module)."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "sqlite":
            patch.delenv("PULJE_DATABASE_URL", raising=False)
            yield ""
            return
        with new_schema(request.getfixturevalue("postgres_server")) as url:
            patch.setenv("PULJE_DATABASE_URL", url)
            yield url
