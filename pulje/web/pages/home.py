"""The front page: what this user may do here."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pulje.web.handlers import Web, page
from pulje.web.templating import NavItem


@page(role=None)
def home(web: Web) -> Response:
    return web.render("home.html")


ROUTES: list[BaseRoute] = [Route("/", home, name="home")]
NAV: list[NavItem] = []
