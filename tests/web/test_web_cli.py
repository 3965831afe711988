"""``pulje web`` on the command line: it refuses to listen beyond this machine with no login,
says why when it cannot listen, and manages the local users (the password never an
argument)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PASSWORD

from cli import main
from pulje.web import LoginRequired, check_listen, configure
from pulje.web.store import open_store


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--lang", "da", "web", *args], input=stdin)
    return result.exit_code, result.output


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "pulje.kommune.dk"])
def test_it_refuses_a_non_loopback_address_with_no_login(tmp_path: Path, host: str) -> None:
    code, out = _run("--host", host, "--data", str(tmp_path))
    assert code == 2
    assert f"pulje web vil ikke lytte på {host} uden login sat op" in out
    assert "pulje web user add NAVN --role kontor" in out
    assert not list(tmp_path.glob("skrivebord"))  # nothing started


def test_login_or_loopback_makes_the_address_acceptable(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for host in ("127.0.0.1", "localhost", "::1", "127.8.9.10"):
        check_listen(configure(host=host, data_dir=tmp_path), store)
    check_listen(configure(host="0.0.0.0", data_dir=tmp_path, trusted_header="X-Remote-User"),
                 store)
    with pytest.raises(LoginRequired):
        check_listen(configure(host="0.0.0.0", data_dir=tmp_path), store)
    assert _run("--data", str(tmp_path), "user", "add", "anna", "--role", "kontor",
                stdin=PASSWORD + "\n")[0] == 0
    check_listen(configure(host="0.0.0.0", data_dir=tmp_path), store)


def test_users_are_added_listed_and_removed(tmp_path: Path) -> None:
    data = ["--data", str(tmp_path)]
    code, out = _run(*data, "user", "add", "anna@kommune.dk", "--role", "kontor",
                     stdin=PASSWORD + "\n")
    assert code == 0 and "Brugeren anna@kommune.dk er tilføjet med rollen kontor." in out
    assert PASSWORD not in out
    code, out = _run(*data, "user", "add", "ANNA@kommune.dk", "--role", "skriver",
                     stdin=PASSWORD + "\n")
    assert code == 2 and "Der er allerede en bruger med navnet" in out
    code, out = _run(*data, "user", "list")
    assert code == 0 and "anna@kommune.dk" in out and "kontor" in out
    assert _run(*data, "user", "remove", "anna@kommune.dk")[0] == 0
    code, out = _run(*data, "user", "remove", "anna@kommune.dk")
    assert code == 2 and "Der er ingen bruger med navnet" in out
    assert "Ingen brugere" in _run(*data, "user", "list")[1]


def test_a_short_password_or_a_bad_name_is_refused(tmp_path: Path) -> None:
    code, out = _run("--data", str(tmp_path), "user", "add", "bo", "--role", "skriver",
                     stdin="kort\n")
    assert code == 2 and "Adgangskoden er for kort" in out
    code, out = _run("--data", str(tmp_path), "user", "add", "../bo", "--role", "skriver",
                     stdin=PASSWORD + "\n")
    assert code == 2 and "kan ikke være et brugernavn" in out
    assert open_store(tmp_path).users() == []


def test_the_password_is_no_option() -> None:
    code, out = _run("user", "add", "bo", "--role", "skriver", "--password", "x")
    assert code == 2 and "--password" in out


def test_settings_that_cannot_work_are_usage_errors(tmp_path: Path) -> None:
    for args, says in ((["--base-path", "/a/../b"], "Basisstien"),
                       (["--trusted-header", "X Remote"], "er ikke navnet på en HTTP-header"),
                       (["--roles-header", "X-Groups"], "kræver --trusted-header"),
                       (["--trusted-header", "X-User", "--roles-header", "X-Groups",
                         "--role-map", "Alle=chef"], "er ikke GRUPPE=ROLLE")):
        code, out = _run("--data", str(tmp_path), *args)
        assert code == 2 and says in out, (args, out)


def test_a_port_in_use_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, out = _run("--data", str(tmp_path), "--archive", str(tmp_path / "arkiv"),
                         "--port", str(port))
    assert code == 2 and f"kan ikke lytte på 127.0.0.1 port {port}" in out
