"""The two kinds of handler every page is made of, and what a handler gets (``Web``).

- ``@page(role)``: a GET handler. The visitor's session is found (or started), the user
  identified, and the role checked; then the handler runs (in a worker thread: it may read
  files and databases) and returns a response.
- ``@action(role, upload=…)``: a POST handler, for everything that changes state. Before the
  handler runs, the body is read within its limits (``upload`` allows files, up to the upload
  limits), the form's CSRF token is compared with the session's, and the role checked; a
  missing or wrong token is refused with 403 and a page that says what to do.

A handler is a plain function ``handler(web: Web) -> Response``. ``tests/web`` checks that
every route of the app is one of these two, and that every POST route refuses a request
without the token, so a page added later cannot forget either.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import Message, Receive

from pulje.diagnostics.i18n import N_, Translator
from pulje.web import language
from pulje.web.config import SKRIVER, WebConfig
from pulje.web.identity import Identity, Who, identify, peer
from pulje.web.sessions import COOKIE, Sessions
from pulje.web.store import Session, Store
from pulje.web.templating import NavItem

Handler = Callable[["Web"], Response]
Invalid = Callable[["Web", str], Response]
#: A form without files: a few fields of text.
FORM_BYTES = 256 * 1024
_MULTIPART_SLACK = 1024 * 1024  # the parts' headers and the form's other fields


@dataclass
class State:
    """What the whole app shares; ``app.state.pulje``. Later parts add their own stores."""

    config: WebConfig
    store: Store
    sessions: Sessions
    templates: Environment
    nav: list[NavItem]
    services: dict[str, Any] = field(default_factory=dict)


class BodyTooLarge(Exception):
    """Raised while reading a request body that is larger than its limit."""


@dataclass
class Web:
    """One request as a handler sees it: who asks, in which language, the form sent."""

    request: Request
    state: State
    session_key: str
    session: Session
    who: Who
    lang: str
    new_session: bool = False
    form: FormData | None = None

    # --- set-up ----------------------------------------------------------------------------

    @classmethod
    def open(cls, request: Request) -> Web:
        state: State = request.app.state.pulje
        found = state.sessions.find(request.cookies.get(COOKIE))
        new = found is None
        key, session = found if found is not None else state.sessions.start()
        who = identify(state.config, state.store, request, session)
        lang = language.choose(request.cookies.get(language.COOKIE),
                               request.headers.get("accept-language"))
        return cls(request, state, key, session, who, lang, new)

    @property
    def identity(self) -> Identity | None:
        return self.who.identity

    @property
    def config(self) -> WebConfig:
        return self.state.config

    @property
    def tr(self) -> Translator:
        return Translator(self.lang)

    @property
    def csrf(self) -> str:
        return self.session.csrf

    @property
    def https(self) -> bool:
        """Over https: the request's own scheme, or the trusted proxy's X-Forwarded-Proto."""
        if self.request.url.scheme == "https":
            return True
        return (peer(self.request) in self.config.trusted_proxies
                and self.request.headers.get("x-forwarded-proto", "").lower() == "https")

    @property
    def base(self) -> str:
        return str(self.request.scope.get("root_path", ""))

    # --- links and answers -----------------------------------------------------------------

    def url(self, name: str, query: dict[str, Any] | None = None, **params: Any) -> str:
        path = self.base + str(self.request.app.url_path_for(name, **params))
        if query:
            path += "?" + urlencode({k: v for k, v in query.items() if v not in (None, "")})
        return path

    def redirect(self, name: str, query: dict[str, Any] | None = None,
                 **params: Any) -> Response:
        return RedirectResponse(self.url(name, query, **params), status_code=303)

    def local_target(self, value: str | None, fallback: str = "home") -> str:
        """``value`` if it is a path of this app (after a login or the language switch),
        else the fallback page: never a redirect to another site."""
        base = self.base or ""
        if (value and value.startswith(base + "/") and not value.startswith("//")
                and "\\" not in value and not any(ord(c) < 32 for c in value)):
            return value
        return self.url(fallback)

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        tr = self.tr
        page = self.state.templates.get_template(template).render(
            web=self, _=tr.gettext, ngettext=tr.ngettext, url=self.url,
            static=self.static, nav=self.nav(), **context,
        )
        return HTMLResponse(page, status_code=status)

    def static(self, name: str) -> str:
        from pulje.diagnostics.version import pulje_version

        return f"{self.url('static', path=name)}?v={pulje_version()}"

    def nav(self) -> list[NavItem]:
        who = self.identity
        return [n for n in self.state.nav if who is not None and who.may(n.role)]

    def error(self, status: int, title: str, message: str, hint: str = "",
              **params: Any) -> Response:
        """A page that says what went wrong and what to do (all msgids with ``params``)."""
        tr = self.tr
        return self.render("error.html", status=status, title=tr.format(title, params),
                           message=tr.format(message, params),
                           hint=tr.format(hint, params) if hint else "")

    def finish(self, response: Response) -> Response:
        """Sets the session cookie on a new session's first response."""
        if self.new_session:
            set_session_cookie(self, response, self.session_key)
        return response


def set_session_cookie(web: Web, response: Response, key: str) -> None:
    response.set_cookie(
        COOKIE, web.state.sessions.cookie_value(key), path=web.base or "/",
        httponly=True, samesite="lax", secure=web.https,
    )


# --- refusals -------------------------------------------------------------------------------

def _refusal(web: Web, role: str | None) -> Response | None:
    who = web.who
    if who.identity is not None:
        if who.identity.may(role):
            return None
        return web.error(403, N_("Not for your role"),
                         N_("This page is for the project office (the role kontor)."),
                         N_("Ask whoever runs pulje for the role, or go back to the front "
                            "page."))
    if who.reason == "remote":
        return web.error(
            403, N_("Only on this machine"),
            N_("pulje web runs without login for one user, and serves only this machine "
               "(address 127.0.0.1 or localhost, not through a proxy)."),
            N_("Open pulje from the machine it runs on, or set up login: pulje web user add "
               "NAME --role kontor"))
    if who.reason == "norole":
        return web.error(403, N_("No role in pulje"),
                         N_("You are logged in through the kommune's login, but have no role in "
                            "pulje."),
                         N_("Ask whoever runs pulje to give you the role skriver or kontor."))
    target = web.request.url.path + (f"?{web.request.url.query}" if web.request.url.query
                                     else "")
    response = web.redirect("login", {"next": target})
    return response


def _csrf_refused(web: Web) -> Response:
    return web.error(
        403, N_("The form could not be used"),
        N_("The form was out of date or did not come from this pulje, so nothing was done."),
        N_("Go back, reload the page and try again."),
    )


# --- the guards -----------------------------------------------------------------------------

def page(role: str | None = SKRIVER, *, public: bool = False
         ) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """A GET page for users with ``role`` (None: any logged-in user; ``public``: anyone)."""

    def decorate(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            web = await run_in_threadpool(Web.open, request)
            refused = None if public else _refusal(web, role)
            if refused is not None:
                return web.finish(refused)
            return web.finish(await run_in_threadpool(handler, web))

        endpoint.__name__ = handler.__name__
        endpoint.__doc__ = handler.__doc__
        endpoint.pulje_guard = "page"  # type: ignore[attr-defined]
        return endpoint

    return decorate


def _counted(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def counting() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
        return message

    return counting


def action(role: str | None = SKRIVER, *, public: bool = False, upload: bool = False,
           invalid: Invalid | None = None, fields: int = 50, form_bytes: int = FORM_BYTES,
           part_bytes: int = 64 * 1024
           ) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """A POST action with a CSRF-checked form. ``upload``: the form may carry files, within
    the server's upload limits; ``invalid(web, message)`` answers a form over the limits (by
    default an error page). ``fields``, ``form_bytes`` and ``part_bytes``: how many fields a
    form without files may have, how large it and each of its fields may be (an
    application's whole form is larger than a login's)."""

    def decorate(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            web = await run_in_threadpool(Web.open, request)
            if request.headers.get("sec-fetch-site", "") == "cross-site":
                return web.finish(_csrf_refused(web))
            limits = web.config.limits
            limit = limits.max_upload_bytes + _MULTIPART_SLACK if upload else form_bytes
            too_large = web.tr.format(
                N_("The upload is larger than {mb} MB, more than this pulje accepts at once.")
                if upload else N_("The form is larger than pulje accepts."),
                {"mb": limits.max_upload_mb})

            def refuse(status: int, message: str) -> Response:
                if invalid is not None:
                    response = invalid(web, message)
                    response.status_code = status
                    return response
                return web.error(status, N_("The form could not be used"), message)

            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                return web.finish(await run_in_threadpool(refuse, 413, too_large))
            body = Request(request.scope, _counted(request.receive, limit))
            try:
                form = await body.form(max_files=limits.max_files if upload else 0,
                                       max_fields=fields, max_part_size=part_bytes)
            except BodyTooLarge:
                return web.finish(await run_in_threadpool(refuse, 413, too_large))
            except (MultiPartException, HTTPException) as exc:
                detail = str(getattr(exc, "detail", "") or getattr(exc, "message", ""))
                if upload and "too many files" in detail.lower():
                    message = web.tr.format(N_("More than {n} files at once: pulje takes at "
                                               "most {n} files in one upload."),
                                            {"n": limits.max_files})
                    return web.finish(await run_in_threadpool(refuse, 413, message))
                message = web.tr.gettext("The form could not be read.")
                return web.finish(await run_in_threadpool(refuse, 400, message))
            try:
                token = form.get("csrf")
                if not isinstance(token, str) or not hmac.compare_digest(
                        token.encode(), web.csrf.encode()):
                    return web.finish(_csrf_refused(web))
                refused = None if public else _refusal(web, role)
                if refused is not None:
                    return web.finish(refused)
                web.form = form
                return web.finish(await run_in_threadpool(handler, web))
            finally:
                await form.close()

        endpoint.__name__ = handler.__name__
        endpoint.__doc__ = handler.__doc__
        endpoint.pulje_guard = "action"  # type: ignore[attr-defined]
        return endpoint

    return decorate


def field_text(web: Web, name: str, limit: int = 1000) -> str:
    """A text field of the form (empty if absent, or a file), at most ``limit`` characters."""
    value = web.form.get(name) if web.form is not None else None
    return value[:limit] if isinstance(value, str) else ""


def uploaded_files(web: Web, name: str) -> list[UploadFile]:
    if web.form is None:
        return []
    return [f for f in web.form.getlist(name) if isinstance(f, UploadFile) and f.filename]
