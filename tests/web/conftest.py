"""Shared set-up of the web tests: a configured app under Starlette's TestClient, users,
logging in, the CSRF token of a page, and waiting for the desk's background check."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pulje.web import WebConfig, configure, create_app
from pulje.web.users import add_user

PASSWORD = "en lang og god adgangskode"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(autouse=True)
def each_database(database: str) -> str:
    """Every web test runs with its store and archive in SQLite and in PostgreSQL
    (tests/conftest); a module with one server for all its tests uses ``module_database``."""
    return database


@pytest.fixture
def config(tmp_path: Path) -> WebConfig:
    return configure(data_dir=tmp_path / "data", archive_root=tmp_path / "arkiv")


@contextlib.contextmanager
def client_for(config: WebConfig, *, peer: str = "127.0.0.1", host: str = "127.0.0.1:8765",
               scheme: str = "http", **headers: str) -> Iterator[TestClient]:
    """A client of the app as a browser on ``peer`` reaching ``scheme://host`` (the app's
    background work runs while the client is open)."""
    app = create_app(config)
    with TestClient(app, base_url=f"{scheme}://{host}", client=(peer, 50000),
                    headers=headers or None, follow_redirects=False) as client:
        yield client


@pytest.fixture
def client(config: WebConfig) -> Iterator[TestClient]:
    """Single-user mode: this machine, no users."""
    with client_for(config) as c:
        yield c


def csrf(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def user(config: WebConfig, name: str, role: str) -> str:
    add_user(config.data_dir, name, role, PASSWORD)
    return name


def login(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    page = client.get("/log-ind")
    return client.post("/log-ind", data={"name": name, "password": password,
                                         "csrf": csrf(page.text), "next": "/"})


def post(client: TestClient, path: str, data: dict[str, str] | None = None,
         files: Any = None, page: str = "/") -> Any:
    """A form sent as a browser sends it: with the token of the page it stands on."""
    token = csrf(client.get(page).text)
    return client.post(path, data={**(data or {}), "csrf": token}, files=files)


def wait_for(client: TestClient, batch_url: str, timeout: float = 240.0) -> dict[str, Any]:
    """The desk's status of a batch, once its check is done (or failed)."""
    deadline = time.monotonic() + timeout
    while True:
        state = client.get(f"{batch_url}/status").json()
        if state["status"] in ("faerdig", "fejlet"):
            return dict(state)
        assert time.monotonic() < deadline, f"the check did not finish: {state}"
        time.sleep(0.2)


# --- a small world: a checked batch on the desk and an entry in the archive ---------------------

PACKAGE_META: dict[str, Any] = {
    "pulje": "bedre-ressourceforloeb",
    "runde": "2016",
    "kommune": "Albertslund Kommune",
    "projekt": "Ressourceforløb med fokus på job",
    "beloeb": "2150000.00",
    "sider": 14,
    "skabelon_sha256": "ab" * 32,
    "version": "0.1.0",
}


def package(where: Path, seed: str = "a", *, as_zip: bool = False, **meta: Any) -> Path:
    """A small submission package (folder, or .zip) as pulje submit makes it."""
    from datetime import UTC, datetime

    from pulje.archive import write_package, zip_package

    files = {name: f"{name} {seed}\n".encode() * 20
             for name in ("ansoegning.docx", "ansoegning.pdf", "ansoegning.yaml")}
    fields = {**PACKAGE_META, "tidspunkt": datetime(2026, 11, 22, 10, 0, tzinfo=UTC), **meta}
    folder = write_package(where, files, **fields)
    return zip_package(folder, where.with_suffix(".zip")) if as_zip else folder


def archived(config: WebConfig, tmp_path: Path, seed: str = "a", **meta: Any) -> str:
    """An entry in the app's archive; its ID."""
    from pulje.archive import Archive

    assert config.archive_root is not None
    return Archive(config.archive_root).add(package(tmp_path / f"pakke-{seed}", seed,
                                                   **meta)).entry.id


def checked_batch(client: TestClient, files: list[tuple[str, bytes]]) -> str:
    """Upload ``files`` (name, bytes) to the desk and wait for the check; the batch's URL."""
    answer = post(client, "/skrivebord", files=[("filer", (n, b, "application/octet-stream"))
                                                for n, b in files], page="/skrivebord")
    assert answer.status_code == 303, answer.text
    url = str(answer.headers["location"])
    assert wait_for(client, url)["status"] == "faerdig"
    return url


# --- real drafts: what the project office gets ---------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"


def make_drafts(folder: Path) -> Path:
    """A folder of drafts as the office receives them: the example as a clean Word draft
    (pulje build), a broken "Word" file, and a PDF of a draft marked UDKAST."""
    from pulje.answers.loader import load_application
    from pulje.documents.form import render_draft
    from pulje.office import convert_to_pdf

    folder.mkdir(parents=True, exist_ok=True)
    loaded = load_application(EXAMPLE)
    render_draft(loaded, folder / "albertslund-ansøgning.docx")
    (folder / "ødelagt.docx").write_text("Dette er ikke et Word-dokument.\n", encoding="utf-8")
    work = folder.parent / "arbejde"
    work.mkdir(exist_ok=True)
    render_draft(loaded, work / "udkast.docx", draft=True)
    pdf = convert_to_pdf([work / "udkast.docx"], work)[work / "udkast.docx"]
    assert isinstance(pdf, Path), pdf
    (folder / "udkast.pdf").write_bytes(pdf.read_bytes())
    return folder


@pytest.fixture(scope="session")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_drafts(tmp_path_factory.mktemp("udkast") / "udkast")


# --- the browser tests' shared fixtures (a module may still define its own ``page``) ---------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright, for one test module."""
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: Any) -> Iterator[Any]:
    """A Danish page that may download, and that asks nothing of any host but pulje web."""
    context = browser.new_context(locale="da-DK", accept_downloads=True)
    opened = context.new_page()
    requests: list[str] = []
    opened.on("request", lambda request: requests.append(request.url))
    yield opened
    context.close()
    foreign = [u for u in requests if not u.startswith(server.url)]
    assert not foreign, f"requests to other hosts: {foreign}"
