"""Logging in and out, and the language switch."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from pulje.diagnostics.i18n import LANGUAGES
from pulje.web import language, users
from pulje.web.handlers import State, Web, action, field_text, page, set_session_cookie
from pulje.web.identity import peer, single_user
from pulje.web.sessions import COOKIE
from pulje.web.templating import NavItem
from pulje.web.throttle import Throttle


def setup(state: State) -> None:
    state.services["account.throttle"] = Throttle()


def _throttle(web: Web) -> Throttle:
    found: Throttle = web.state.services["account.throttle"]
    return found


def _login_page(web: Web, *, name: str = "", error: str = "", status: int = 200) -> Response:
    return web.render("login.html", status=status, name=name, error=error,
                      next=web.local_target(field_text(web, "next") if web.form is not None
                                            else web.request.query_params.get("next")),
                      has_users=web.state.store.has_users())


@page(public=True)
def login(web: Web) -> Response:
    if web.identity is not None:
        return RedirectResponse(web.local_target(web.request.query_params.get("next")), 303)
    return _login_page(web)


@action(public=True)
def login_post(web: Web) -> Response:
    name = field_text(web, "name", 200).strip()
    password = field_text(web, "password", users.MAX_PASSWORD + 1)
    keys = (f"name:{name.casefold()}", f"peer:{peer(web.request)}")
    if single_user(web.config, web.state.store):
        return web.redirect("home")
    if _throttle(web).blocked(*keys):
        return _login_page(web, name=name, status=429, error=web.tr.gettext(
            "Too many failed logins. Wait ten minutes and try again."))
    user = users.verify(web.state.store, name, password) if name and password else None
    if user is None:
        _throttle(web).failed(*keys)
        return _login_page(web, name=name, status=400, error=web.tr.gettext(
            "The user name or the password is wrong."))
    _throttle(web).succeeded(*keys)
    # A new session at login: a key someone planted before the login opens nothing.
    web.state.sessions.end(web.session)
    key, _session = web.state.sessions.start(user.name)
    web.new_session = False
    response = RedirectResponse(web.local_target(field_text(web, "next")), 303)
    set_session_cookie(web, response, key)
    return response


@action(role=None)
def logout(web: Web) -> Response:
    web.state.sessions.end(web.session)
    web.new_session = False
    response = web.redirect("login")
    response.delete_cookie(COOKIE, path=web.base or "/", httponly=True, samesite="lax",
                           secure=web.https)
    return response


@action(public=True)
def switch_language(web: Web) -> Response:
    lang = field_text(web, "lang")
    response = RedirectResponse(web.local_target(field_text(web, "next")), 303)
    if lang in LANGUAGES:
        response.set_cookie(language.COOKIE, lang, max_age=365 * 24 * 3600,
                            path=web.base or "/", httponly=True, samesite="lax",
                            secure=web.https)
    return response


ROUTES: list[BaseRoute] = [
    Route("/log-ind", login, name="login", methods=["GET"]),
    Route("/log-ind", login_post, name="login_post", methods=["POST"]),
    Route("/log-ud", logout, name="logout", methods=["POST"]),
    Route("/sprog", switch_language, name="language", methods=["POST"]),
]
NAV: list[NavItem] = []
