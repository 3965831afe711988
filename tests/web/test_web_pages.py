"""The pages in both languages and behind a reverse proxy: Danish first, English by the
switch or the browser's Accept-Language; every link, form and redirect under the base path."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import EXAMPLE, client_for, csrf, login, user
from drafting import upload_answers

from pulje.diagnostics.version import pulje_version
from pulje.web import WebConfig, configure
from pulje.web.language import choose, from_accept_language


def test_danish_first_english_by_accept_language_or_the_switch(config: WebConfig) -> None:
    with client_for(config) as c:
        page = c.get("/skrivebord").text
        assert '<html lang="da">' in page and "Kontrollér udkastene" in page
        english = c.get("/skrivebord", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
        assert '<html lang="en">' in english and "Check the drafts" in english
        switched = c.post("/sprog", data={"csrf": csrf(page), "lang": "en",
                                          "next": "/skrivebord"})
        assert switched.status_code == 303 and switched.headers["location"] == "/skrivebord"
        now = c.get("/skrivebord").text
        assert '<html lang="en">' in now and 'lang="da" class="link-button">Dansk' in now


def test_accept_language_is_read_by_its_weights() -> None:
    assert from_accept_language("en;q=0.5, da") == "da"
    assert from_accept_language("de-DE, en;q=0.8") == "en"
    assert from_accept_language("nb-NO") == "da"
    assert from_accept_language("fr, de") is None
    assert choose(None, None) == "da" and choose("en", "da") == "en"
    assert choose("xx", "en") == "en"


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"#?][^"]*)"', html)


def test_everything_lies_under_the_base_path(tmp_path: Path) -> None:
    config = configure(data_dir=tmp_path / "data", archive_root=tmp_path / "arkiv",
                       base_path="/pulje/")
    user(config, "anna", "kontor")
    with client_for(config) as c:
        answer = c.get("/pulje/skrivebord")
        assert answer.headers["location"] == "/pulje/log-ind?next=%2Fpulje%2Fskrivebord"
        form = c.get("/pulje/log-ind")
        assert all(link.startswith("/pulje/") for link in _links(form.text)), _links(form.text)
        done = c.post("/pulje/log-ind", data={"name": "anna", "password": "x" * 3,
                                               "csrf": csrf(form.text),
                                               "next": "/pulje/skrivebord"})
        assert done.status_code == 400
        assert "Path=/pulje" in login_cookie(c, "/pulje")
        for path in ("/pulje/", "/pulje/skrivebord", "/pulje/arkiv"):
            page = c.get(path)
            assert page.status_code == 200, path
            assert all(link.startswith("/pulje/") for link in _links(page.text)), path
        # a proxy that strips the prefix reaches the same pages (the browser asked for
        # /pulje/arkiv, and sent the cookie of /pulje)
        from pulje.web.sessions import COOKIE

        cookie = f"{COOKIE}={c.cookies[COOKIE]}"
        assert c.get("/arkiv", headers={"cookie": cookie}).status_code == 200
        outside = c.post("/pulje/sprog", data={"csrf": csrf(c.get("/pulje/").text),
                                                "lang": "en", "next": "/elsewhere"})
        assert outside.headers["location"] == "/pulje/"


def login_cookie(c: object, base: str) -> str:
    from conftest import PASSWORD

    page = c.get(f"{base}/log-ind")  # type: ignore[attr-defined]
    answer = c.post(f"{base}/log-ind", data={  # type: ignore[attr-defined]
        "name": "anna", "password": PASSWORD, "csrf": csrf(page.text), "next": f"{base}/"})
    assert answer.status_code == 303 and answer.headers["location"] == f"{base}/"
    return str(answer.headers["set-cookie"])


def test_the_menu_shows_what_the_role_may_use(config: WebConfig) -> None:
    user(config, "sara", "skriver")
    with client_for(config) as c:
        login(c, "sara")
        page = c.get("/").text
        assert 'href="/skrivebord"' in page and 'href="/arkiv"' in page
        assert "sara (skriver ansøgninger)" in page


def test_a_missing_page_is_a_danish_404(config: WebConfig) -> None:
    with client_for(config) as c:
        page = c.get("/findes/ikke")
        assert page.status_code == 404 and "Siden findes ikke" in page.text
        assert c.put("/skrivebord").status_code == 405


def test_the_footer_names_pulje_s_version_on_every_page(config: WebConfig) -> None:
    """The form page has a ``version`` of its own (the application's): the footer still gives
    the program's."""
    footer = f'<div class="wrap">pulje {pulje_version()}</div>'
    with client_for(config) as c:
        draft = upload_answers(c, EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name)
        for path in ("/skrivebord", "/ansoegninger", f"/ansoegninger/{draft}"):
            assert footer in c.get(path).text, path
