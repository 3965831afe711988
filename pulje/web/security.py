"""What every response carries, and the base path behind a reverse proxy (pure ASGI layers,
outside the application, so no route can forget them).

- ``SecurityHeaders``: a Content-Security-Policy that allows only pulje's own scripts, styles,
  images and fonts (no inline script or style, nothing from another host, no framing), and the
  headers that stop sniffing, framing and leaking the address; private pages are never stored
  by the browser or a proxy, only the static files (named with pulje's version) are cached;
- ``BasePath``: pulje served under ``/pulje`` by the kommune's proxy, whether or not the proxy
  strips the prefix; every link and redirect is made with it (``root_path``).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]
STATIC_PREFIX = "/static/"


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = scope["path"][len(scope.get("root_path", "")):]
        static = route.startswith(STATIC_PREFIX)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {h for h, _ in HEADERS} | {b"cache-control"}]
                headers += HEADERS
                headers.append((b"cache-control",
                                b"public, max-age=86400" if static and message["status"] == 200
                                else b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


class BasePath:
    """Serves the app under ``base`` (e.g. ``/pulje``): requests for ``/pulje/x`` and, from a
    proxy that strips the prefix, ``/x`` both reach route ``/x``; ``root_path`` makes every
    URL the app builds start with ``/pulje``."""

    def __init__(self, app: ASGIApp, base: str) -> None:
        self.app = app
        self.base = base

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.base:
            path = scope["path"]
            if path != self.base and not path.startswith(self.base + "/"):
                path = self.base + path
            scope = {**scope, "root_path": self.base, "path": path}
        await self.app(scope, receive, send)
