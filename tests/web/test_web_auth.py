"""Who may use pulje web: single-user mode on this machine only, local users with passwords
and roles, the reverse proxy's trusted header only when configured and only from the proxy,
and sessions that end at logout or when the user is removed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSWORD, client_for, csrf, login, post, user

from pulje.web import WebConfig, configure
from pulje.web.sessions import COOKIE
from pulje.web.store import open_store
from pulje.web.users import verify


def test_single_user_mode_on_this_machine_says_so_and_has_the_office_role(
        config: WebConfig) -> None:
    with client_for(config) as c:
        page = c.get("/")
        assert page.status_code == 200
        assert "Enkeltbrugertilstand" in page.text
        assert c.get("/arkiv").status_code == 200  # the office's role


def test_single_user_mode_refuses_requests_through_a_proxy_or_for_another_host_name(
        config: WebConfig) -> None:
    with client_for(config, **{"X-Forwarded-For": "10.1.2.3"}) as c:
        assert c.get("/skrivebord").status_code == 403
    # a page elsewhere whose own host name points at 127.0.0.1 (DNS rebinding)
    with client_for(config, host="evil.example:8765") as c:
        page = c.get("/skrivebord")
        assert page.status_code == 403 and "Kun på denne maskine" in page.text
    with client_for(config, peer="10.0.0.7") as c:
        assert c.get("/").status_code == 403


def test_with_users_every_page_asks_for_login_and_comes_back_after(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    with client_for(config) as c:
        answer = c.get("/arkiv?tekst=job")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/log-ind?next=%2Farkiv%3Ftekst%3Djob"
        form = c.get(answer.headers["location"])
        assert 'name="next" value="/arkiv?tekst=job"' in form.text
        done = c.post("/log-ind", data={"name": "anna", "password": PASSWORD,
                                         "csrf": csrf(form.text), "next": "/arkiv?tekst=job"})
        assert done.status_code == 303 and done.headers["location"] == "/arkiv?tekst=job"
        assert c.get("/arkiv").status_code == 200
        assert "anna" in c.get("/").text


def test_a_wrong_password_or_name_is_one_message_tied_to_the_fields(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    with client_for(config) as c:
        for name, password in (("anna", "forkert forkert forkert"), ("bent", PASSWORD)):
            page = login(c, name, password)
            assert page.status_code == 400
            assert "Brugernavnet eller adgangskoden er forkert." in page.text
            assert 'aria-describedby="login-error"' in page.text
            assert 'id="login-error"' in page.text
        assert c.get("/skrivebord").status_code == 303


def test_failed_logins_are_throttled(config: WebConfig) -> None:
    user(config, "carl", "kontor")
    with client_for(config) as c:
        for _ in range(5):
            assert login(c, "carl", "forkert adgangskode!!").status_code == 400
        refused = login(c, "carl", PASSWORD)  # even the right password, for a while
        assert refused.status_code == 429 and "Vent ti minutter" in refused.text


def test_the_session_cookie_is_httponly_samesite_lax_and_secure_behind_https(
        config: WebConfig) -> None:
    user(config, "anna", "kontor")
    with client_for(config) as c:
        cookie = login(c, "anna").headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        assert "Secure" not in cookie
    with client_for(config, **{"X-Forwarded-Proto": "https"}) as c:
        assert "Secure" in login(c, "anna").headers["set-cookie"]
    with client_for(config, scheme="https") as c:
        assert "Secure" in login(c, "anna").headers["set-cookie"]


def test_a_new_session_at_login_and_none_after_logout(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    with client_for(config) as c:
        c.get("/log-ind")
        before = c.cookies[COOKIE]
        login(c, "anna")
        after = c.cookies[COOKIE]
        assert after != before
        out = post(c, "/log-ud")
        assert out.status_code == 303 and out.headers["location"] == "/log-ind"
        assert c.get("/skrivebord").status_code == 303
        c.cookies.clear()
        c.cookies.set(COOKIE, after)  # the old cookie opens nothing any more
        assert c.get("/skrivebord").status_code == 303


def test_a_forged_cookie_opens_nothing(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    with client_for(config) as c:
        login(c, "anna")
        key, _, signature = c.cookies[COOKIE].partition(".")
        c.cookies.clear()
        c.cookies.set(COOKIE, f"{key}.{'0' * len(signature)}")
        assert c.get("/skrivebord").status_code == 303
        c.cookies.clear()
        c.cookies.set(COOKIE, f"{key}.{signature}")  # the real one still works
        assert c.get("/skrivebord").status_code == 200


def test_removing_a_user_ends_their_session_at_once(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    user(config, "bent", "kontor")
    with client_for(config) as c:
        login(c, "anna")
        assert c.get("/arkiv").status_code == 200
        open_store(config.data_dir).remove_user("anna")
        assert c.get("/arkiv").status_code == 303


def test_skriver_may_read_the_archive_but_not_add_to_it(config: WebConfig) -> None:
    user(config, "sara", "skriver")
    with client_for(config) as c:
        login(c, "sara")
        page = c.get("/arkiv")
        assert page.status_code == 200 and "Tilføj en indsendelsespakke" not in page.text
        refused = post(c, "/arkiv/tilfoej", files=[("pakke", ("p.zip", b"PK", "x"))],
                       page="/arkiv")
        assert refused.status_code == 403 and "projektkontoret" in refused.text


def test_after_login_never_a_redirect_to_another_site(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    with client_for(config) as c:
        for target in ("//evil.example/", "https://evil.example/", "/\\evil.example",
                       "javascript:alert(1)"):
            c.cookies.clear()
            form = c.get("/log-ind")
            done = c.post("/log-ind", data={"name": "anna", "password": PASSWORD,
                                             "csrf": csrf(form.text), "next": target})
            assert done.headers["location"] == "/", target


def _header_config(tmp_path: Path, **extra: object) -> WebConfig:
    return configure(data_dir=tmp_path / "data", archive_root=tmp_path / "arkiv",
                     trusted_header="X-Remote-User", **extra)  # type: ignore[arg-type]


def test_the_trusted_header_names_the_user_with_a_local_users_role(tmp_path: Path) -> None:
    config = _header_config(tmp_path)
    user(config, "anna", "skriver")
    with client_for(config, **{"X-Remote-User": "anna"}) as c:
        page = c.get("/skrivebord")
        assert page.status_code == 200 and "anna" in page.text
        assert "Log ud" not in page.text  # the kommune's login logs out, not pulje
    with client_for(config, **{"X-Remote-User": "ukendt"}) as c:
        page = c.get("/skrivebord")
        assert page.status_code == 403 and "Ingen rolle i pulje" in page.text


def test_the_trusted_header_is_ignored_from_anyone_but_the_proxy(tmp_path: Path) -> None:
    config = _header_config(tmp_path)
    user(config, "anna", "kontor")
    with client_for(config, peer="10.9.8.7", **{"X-Remote-User": "anna"}) as c:
        assert c.get("/skrivebord").status_code == 303  # log in as anyone else must


def test_without_the_setting_the_header_means_nothing(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    with client_for(config, **{"X-Remote-User": "anna"}) as c:
        assert c.get("/skrivebord").status_code == 303


def test_a_roles_header_with_a_mapping_gives_the_role(tmp_path: Path) -> None:
    config = _header_config(tmp_path, roles_header="X-Remote-Groups",
                            role_pairs=("CN=Projektkontor=kontor", "Jobcenter=skriver"))
    headers = {"X-Remote-User": "dorte", "X-Remote-Groups": "Alle; CN=Projektkontor"}
    with client_for(config, **headers) as c:
        assert "Tilføj en indsendelsespakke" in c.get("/arkiv").text
    headers["X-Remote-Groups"] = "Jobcenter"
    with client_for(config, **headers) as c:
        page = c.get("/arkiv")
        assert page.status_code == 200 and "Tilføj en indsendelsespakke" not in page.text
    headers["X-Remote-Groups"] = "Alle"
    with client_for(config, **headers) as c:
        assert c.get("/arkiv").status_code == 403


def test_passwords_are_argon2id_hashes_and_checked(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    store = open_store(config.data_dir)
    stored = store.user("ANNA")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert verify(store, "anna", PASSWORD) is not None
    assert verify(store, "anna", PASSWORD + "x") is None
    assert verify(store, "../anna", PASSWORD) is None


def test_beyond_this_machine_there_is_no_single_user_mode(tmp_path: Path) -> None:
    """Served on 0.0.0.0 (as after adding users and then removing them all): every page asks
    for a login that no one has, never the office's role for free."""
    config = configure(host="0.0.0.0", data_dir=tmp_path / "data",
                       archive_root=tmp_path / "arkiv")
    with client_for(config, peer="10.0.0.7", host="pulje.kommune.dk") as c:
        for path in ("/", "/skrivebord", "/arkiv"):
            assert c.get(path).status_code == 303, path
        page = c.get("/log-ind").text
        assert "Der er ikke oprettet brugere i denne pulje" in page
        assert "Enkeltbrugertilstand" not in page
    with client_for(config) as c:  # not even from the machine itself
        assert c.get("/skrivebord").status_code == 303


@pytest.mark.sqlite_only  # SQLite's own file
def test_the_password_is_nowhere_in_the_sqlite_file(config: WebConfig) -> None:
    user(config, "anna", "kontor")
    assert PASSWORD not in (config.data_dir / "pulje-web.sqlite").read_bytes().decode("latin-1")
