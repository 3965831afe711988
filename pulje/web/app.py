"""The ASGI application of ``pulje web``: the parts' routes, the static files, the error
pages, and the layers every response passes (security headers, base path)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from importlib.resources import files
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from pulje.diagnostics.i18n import N_
from pulje.web.config import WebConfig
from pulje.web.handlers import State, Web
from pulje.web.pages import PARTS
from pulje.web.security import BasePath, SecurityHeaders
from pulje.web.sessions import Sessions, load_secret
from pulje.web.store import Store, open_store
from pulje.web.templating import environment

log = logging.getLogger("pulje.web")
STATIC = Path(str(files("pulje.web") / "static"))


async def _not_found(request: Request, exc: Exception) -> Response:
    web = Web.open(request)
    if isinstance(exc, HTTPException) and exc.status_code == 405:
        return web.finish(web.error(405, N_("Not possible here"),
                                    N_("This address cannot be used that way."),
                                    N_("Go back to the front page.")))
    return web.finish(web.error(404, N_("Page not found"),
                                N_("There is no page at this address, or it is gone."),
                                N_("Go back to the front page.")))


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("error in pulje web at %s", request.url.path, exc_info=exc)
    web = Web.open(request)
    return web.error(500, N_("An error in pulje"),
                     N_("pulje could not show this page because of an error in pulje itself."),
                     N_("Try again; if it happens again, tell whoever runs pulje the time "
                        "and the address of the page."))


def create_app(config: WebConfig, store: Store | None = None) -> ASGIApp:
    """The whole app for ``config``: routes of every part, under the base path."""
    return build(config, store)[0]


def build(config: WebConfig, store: Store | None = None) -> tuple[ASGIApp, State]:
    """``create_app``, and the state the app shares (for the server and the tests)."""
    store = store or open_store(config.data_dir)
    sessions = Sessions(store, load_secret(config.data_dir),
                        timedelta(hours=config.session_hours))
    state = State(config, store, sessions, environment(),
                  [item for part in PARTS for item in part.NAV])
    for part in PARTS:
        setup = getattr(part, "setup", None)
        if setup is not None:
            setup(state)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        sessions.prune()
        for part in PARTS:
            start = getattr(part, "start", None)
            if start is not None:
                start(state)
        try:
            yield
        finally:
            for part in reversed(PARTS):
                stop = getattr(part, "stop", None)
                if stop is not None:
                    stop(state)

    routes = [route for part in PARTS for route in part.ROUTES]
    routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    app = Starlette(
        routes=routes,
        exception_handlers={404: _not_found, 405: _not_found, 500: _server_error},
        lifespan=lifespan,
    )
    app.state.pulje = state
    return BasePath(SecurityHeaders(app), config.base_path), state
