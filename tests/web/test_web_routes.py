"""What holds for every route and every page, including the pages added later: each route is a
guarded page or action; every POST without the session's CSRF token is refused with 403 and
changes nothing; every response carries the security headers; no page, style or script
refers to another host or holds inline script or style."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLE, archived, checked_batch, client_for, csrf
from starlette.routing import Route

from pulje.web import WebConfig
from pulje.web.app import STATIC
from pulje.web.pages import PARTS
from pulje.web.security import CSP

ROUTES = [r for part in PARTS for r in part.ROUTES if isinstance(r, Route)]


def test_every_route_is_a_guarded_page_or_action() -> None:
    assert len(ROUTES) >= 14
    for route in ROUTES:
        guard = getattr(route.endpoint, "pulje_guard", None)
        assert guard is not None, f"{route.path} is neither @page nor @action"
        methods = route.methods or set()
        if "POST" in methods:
            assert guard == "action" and methods <= {"POST"}, route.path
        else:
            assert guard == "page" and methods <= {"GET", "HEAD"}, route.path


def _params(route: Route, world: tuple[str, str, str]) -> dict[str, object]:
    batch, entry, draft = world
    values = {"batch": batch, "entry": entry, "number": 1, "draft": draft,
              "file": "ansoegning.pdf", "kind": "zip", "app": _app(),
              "owner": "Ym9Aa29tbXVuZS5kaw", "token": "0" * 40}  # a calendar address
    return {name: values[name] for name in route.param_convertors}


#: The example's address in the portfolio, once the world has put it there.
_PORTFOLIO: dict[str, str] = {}


def _app() -> str:
    return _PORTFOLIO["app"]


@pytest.fixture
def world(config: WebConfig, tmp_path: Path) -> tuple[str, str, str]:
    """A finished batch on the desk, an entry in the archive and an application written in
    the browser (single-user mode)."""
    from pulje.web.editor.store import DraftStore

    with client_for(config) as c:
        batch = checked_batch(c, [("noter.txt", b"hej")]).rsplit("/", 1)[1]
    draft = DraftStore(config.data_dir).new("", "bedre-ressourceforloeb", "2016",
                                            EXAMPLE.read_text(encoding="utf-8"))
    from pulje.answers.loader import load_application
    from pulje.portfolio import open_portfolio
    from pulje.web.pages.portfolio import app_id

    row = open_portfolio(config.archive_root).track(load_application(EXAMPLE))
    _PORTFOLIO["app"] = app_id(row.app_key)
    return batch, archived(config, tmp_path), draft.id


def test_every_post_without_the_right_token_is_refused_and_changes_nothing(
        config: WebConfig, world: tuple[str, str, str]) -> None:
    batch, entry, draft = world
    posts = [r for r in ROUTES if "POST" in (r.methods or set())]
    assert {r.name for r in posts} >= {"login_post", "logout", "language", "desk_upload",
                                       "desk_delete", "archive_verify", "archive_add",
                                       "draft_start", "draft_save", "draft_upload",
                                       "draft_upload_into", "draft_build", "draft_submit",
                                       "portfolio_status", "portfolio_date"}
    uploads = ("desk_upload", "archive_add", "draft_upload", "draft_upload_into")
    with client_for(config) as c:
        token = csrf(c.get("/").text)
        for route in posts:
            path = route.url_path_for(route.name, **_params(route, world))
            for data in ({}, {"csrf": "falsk"}, {"csrf": token[:-2] + "xx"}):
                files = ([(name, ("x.yaml", b"x", "text/plain"))
                          for name in ("filer", "pakke", "fil")]
                         if route.name in uploads else None)
                answer = c.post(path, data={**data, "id": entry, "lang": "en", "version": "1",
                                            "pulje": "bedre-ressourceforloeb", "runde": "2016",
                                            "udgave": "udkast"}, files=files)
                assert answer.status_code == 403, (path, data)
                assert "Formularen kunne ikke bruges" in answer.text
        assert c.get(f"/skrivebord/{batch}").status_code == 200  # not deleted
        assert c.get("/").text.count('lang="da"') == 1  # the language is as it was
        assert len(list((config.data_dir / "skrivebord").iterdir())) == 1  # nothing uploaded
        drafts = list((config.data_dir / "ansoegninger").iterdir())
        assert [d.name for d in drafts] == [draft]  # no application started or uploaded
        assert len(list((drafts[0] / "versions").iterdir())) == 1  # nor saved
        assert not (drafts[0] / "dokumenter").exists()  # nor built or submitted
        from pulje.portfolio import Status, open_portfolio

        store = open_portfolio(config.archive_root).store
        assert [a.status for a in store.applications()] == [Status.kladde]  # nor set
        assert not [d for d in store.dates() if d.kilde == "bruger"]


def test_a_cross_site_post_is_refused_even_with_a_token(config: WebConfig) -> None:
    with client_for(config) as c:
        token = csrf(c.get("/").text)
        answer = c.post("/sprog", data={"csrf": token, "lang": "en", "next": "/"},
                        headers={"Sec-Fetch-Site": "cross-site"})
        assert answer.status_code == 403
        same = c.post("/sprog", data={"csrf": token, "lang": "en", "next": "/"},
                      headers={"Sec-Fetch-Site": "same-origin"})
        assert same.status_code == 303


def _pages(config: WebConfig, world: tuple[str, str, str]) -> list[str]:
    urls = []
    for route in ROUTES:
        if "GET" in (route.methods or set()):
            urls.append(str(route.url_path_for(route.name, **_params(route, world))))
    return [*urls, "/findes-ikke", f"/skrivebord/{'0' * 32}", "/arkiv/ukendt",
            f"/ansoegninger/{'0' * 32}"]


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name in ("src", "href", "action", "formaction", "poster", "srcset", "data",
                        "background", "cite", "manifest") and value is not None:
                self.refs.append(value)
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script" and not names.get("src"):
            self.inline.append("<script> without src")
        if tag == "meta" and (names.get("http-equiv") or "").lower() == "refresh":
            self.inline.append("<meta refresh>")


def _own(ref: str) -> bool:
    """A reference to this pulje: a path, a fragment or a query, never scheme or host."""
    return (ref.startswith(("/", "#", "?")) and not ref.startswith("//")) or ref == ""


def test_every_page_and_response_has_the_security_headers_and_no_foreign_reference(
        config: WebConfig, world: tuple[str, str, str]) -> None:
    with client_for(config) as c:
        for url in _pages(config, world):
            answer = c.get(url)
            # (the login page sends the one user of single-user mode to the front page)
            assert answer.status_code in ((200, 303) if url == "/log-ind" else (200, 404)), url
            headers = answer.headers
            assert headers["content-security-policy"] == CSP, url
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"
            assert headers["referrer-policy"] == "same-origin"
            assert headers["cache-control"] == "no-store", url
            if not headers.get("content-type", "").startswith("text/html"):
                continue
            parser = _Refs()
            parser.feed(answer.text)
            foreign = [r for r in parser.refs if not _own(r)]
            assert not foreign, (url, foreign)
            assert not parser.inline, (url, parser.inline)
            assert re.search(r'<html lang="(da|en)">', answer.text), url
            assert re.search(r"<title>[^<]+ – pulje</title>", answer.text), url
        refused = c.post("/sprog", data={})
        assert refused.headers["content-security-policy"] == CSP
        for name in ("pulje.css", "pulje.js", "ansoegning.js", "favicon.svg"):
            static = c.get(f"/static/{name}")
            assert static.status_code == 200
            assert static.headers["cache-control"] == "public, max-age=86400"
            assert static.headers["x-content-type-options"] == "nosniff"


def test_the_csp_allows_only_pulje_itself() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert all("unsafe" not in v and "http" not in v and "*" not in v
               for v in directives.values())


def test_the_static_files_fetch_nothing_from_elsewhere() -> None:
    css = (STATIC / "pulje.css").read_text(encoding="utf-8")
    js = "\n".join(p.read_text(encoding="utf-8") for p in sorted(STATIC.glob("*.js")))
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert "@font-face" not in css  # the system's fonts: nothing to fetch
    assert not re.search(r"https?://|['\"]//", js)
    assert not re.search(r"\beval\(|new Function|innerHTML", js)
    svg = (STATIC / "favicon.svg").read_text(encoding="utf-8")
    assert not re.search(r"(href|src)=\"(https?:)?//", svg)
