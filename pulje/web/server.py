"""``pulje web``: check that the settings are safe, bind the address, say where, and serve
(uvicorn) until stopped. Nothing is opened: the user opens the address printed."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable

import uvicorn

from pulje.archive import database
from pulje.diagnostics.i18n import N_, Translator
from pulje.web.app import build
from pulje.web.config import LoginRequired, WebConfig, WebUsageError
from pulje.web.store import Store, open_store


def check_listen(config: WebConfig, store: Store) -> None:
    """Refuse to serve beyond this machine with no login: anyone on the network could use
    pulje, and the archive, as the project office."""
    if config.loopback or config.trusted_header or store.has_users():
        return
    raise LoginRequired(
        N_("pulje web will not listen on {host} with no login set up: anyone on the network "
           "could use it as the project office."),
        N_("Create a user first (pulje web user add NAME --role kontor), or use the kommune's "
           "login through a reverse proxy (--trusted-header), or listen on 127.0.0.1 only."),
        host=config.host,
    )


def bind(config: WebConfig) -> socket.socket:
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((config.host.strip("[]"), config.port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise WebUsageError(
            N_("pulje web cannot listen on {host} port {port}: {reason}."),
            N_("Choose another port with --port, or stop the program that uses it."),
            host=config.host, port=str(config.port), reason=exc.strerror or str(exc),
        ) from None
    sock.set_inheritable(True)
    return sock


def serve(config: WebConfig, tr: Translator, echo: Callable[[str], None] = print) -> None:
    store = open_store(config.data_dir)
    check_listen(config, store)
    app, state = build(config, store)
    for notice in state.services.get("archive.notices", ()):
        echo(notice.text(tr))
    sock = bind(config)
    if config.port == 0:
        config = dataclasses.replace(config, port=sock.getsockname()[1])
    if not config.loopback or config.trusted_header or store.has_users():
        echo(tr.gettext("Login is required."))
    else:
        echo(tr.gettext("Single-user mode: no login, only from this machine."))
    url = database.configured()
    if database.is_postgres(url):
        echo(tr.format(N_("The archive's index, the portfolio and the users are in the "
                          "database {url}."), {"url": database.shown(url)}))
    echo(tr.format(N_("pulje web serves {address} (stop it with Ctrl+C)."),
                   {"address": config.address()}))
    server = uvicorn.Server(uvicorn.Config(
        app, proxy_headers=False, server_header=False, log_level="warning",
        access_log=False, lifespan="on", timeout_graceful_shutdown=5,
    ))
    server.run(sockets=[sock])
