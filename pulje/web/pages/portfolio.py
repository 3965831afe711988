"""The portfolio (``pulje status``) and its calendar (``pulje calendar``) in the browser: what
is late, what is due next and every application with its status; one application's dates and
history; the project office sets a status or a date by hand (``pulje status set``); every
date as a list by month, and as the iCalendar file Outlook imports.

The portfolio is the engine's (``pulje.portfolio``: the store beside the archive); this part
only shows it and calls its functions. An application is addressed by a hash of its key (the
key holds separators that are no part of an address).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.report import error_text
from pulje.portfolio import AppRow, DateKind, DueRow, Portfolio, Status, open_portfolio
from pulje.portfolio.calendar import ics_bytes
from pulje.portfolio.listing import TZ, Item, listing
from pulje.portfolio.model import KIND_TEXT, STATUS_TEXT
from pulje.web.config import KONTOR, ROLES, SKRIVER
from pulje.web.handlers import Web, action, field_text, page
from pulje.web.identity import SINGLE
from pulje.web.templating import NavItem

#: The fields of the form that sets a date.
KIND_FIELD, NUMBER_FIELD, DAY_FIELD, TIME_FIELD = "art", "nr", "dato", "tid"


def app_id(key: str) -> str:
    """An application's address in the portfolio's pages."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _portfolio(web: Web) -> Portfolio:
    return open_portfolio(web.state.services["archive.root"])


def _failed(web: Web, exc: PuljeError) -> Response:
    return web.render("error.html", status=500, title=web.tr.gettext("The portfolio"),
                      message=error_text(exc, web.tr), hint="")


def _guarded(web: Web, make: Callable[[Portfolio], Response]) -> Response:
    try:
        return make(_portfolio(web))
    except PuljeError as exc:
        return _failed(web, exc)


def _helpers(web: Web) -> dict[str, Any]:
    tr = web.tr

    def label(due: DueRow) -> str:
        text = tr.gettext(KIND_TEXT[due.art])
        return f"{text} {due.nr}" if due.art is DateKind.statusrapport else text

    def day(due: DueRow) -> str:
        shown = f"{due.dato:%d.%m.%Y}"
        return f"{shown} {due.tid:%H:%M}" if due.tid else shown

    def kroner(value: str | None) -> str:
        return tr.kroner(Decimal(value)) if value else "–"

    return {"label": label, "day": day, "kroner": kroner, "app_id": app_id,
            "status_text": lambda s: tr.gettext(STATUS_TEXT[s]),
            "kind_text": lambda k: tr.gettext(KIND_TEXT[k]),
            "may_change": web.identity is not None and web.identity.role == KONTOR}


# --- the listing ----------------------------------------------------------------------------

@page(role=SKRIVER)
def portfolio_page(web: Web) -> Response:
    def make(portfolio: Portfolio) -> Response:
        found = listing(portfolio.store)
        return web.render("portfolio.html", found=found, **_helpers(web))

    return _guarded(web, make)


# --- one application ------------------------------------------------------------------------

def _find(portfolio: Portfolio, wanted: str) -> AppRow | None:
    return next((a for a in portfolio.store.applications() if app_id(a.app_key) == wanted),
                None)


def _app_page(web: Web, portfolio: Portfolio, app: AppRow, *, errors: dict[str, str] | None = None,
              status: int = 200) -> Response:
    events = sorted(portfolio.store.events(app.app_key), key=lambda e: e.seq, reverse=True)
    return web.render("portfolio_app.html", status=status, app=app,
                      dates=portfolio.store.dates(app.app_key), events=events,
                      statuses=list(Status), kinds=list(DateKind), errors=errors or {},
                      fields={"art": KIND_FIELD, "nr": NUMBER_FIELD, "dato": DAY_FIELD,
                              "tid": TIME_FIELD}, posted=_posted(web), **_helpers(web))


def _posted(web: Web) -> dict[str, str]:
    """What the date form sent (shown again beside its errors), else its defaults."""
    if web.form is None or KIND_FIELD not in web.form:
        return {NUMBER_FIELD: "1"}
    return {n: field_text(web, n, 20) for n in (KIND_FIELD, NUMBER_FIELD, DAY_FIELD,
                                                 TIME_FIELD)}


def _gone(web: Web) -> Response:
    return web.error(404, N_("Not found"),
                     N_("The portfolio has no application at this address."),
                     N_("Go back to the portfolio and choose the application there."))


@page(role=SKRIVER)
def app_page(web: Web) -> Response:
    def make(portfolio: Portfolio) -> Response:
        app = _find(portfolio, str(web.request.path_params["app"]))
        return _gone(web) if app is None else _app_page(web, portfolio, app)

    return _guarded(web, make)


@action(role=KONTOR)
def set_status(web: Web) -> Response:
    def make(portfolio: Portfolio) -> Response:
        app = _find(portfolio, str(web.request.path_params["app"]))
        if app is None:
            return _gone(web)
        wanted = field_text(web, "status", 40)
        if wanted not in {s.value for s in Status}:
            return _app_page(web, portfolio, app, status=400, errors={
                "status": web.tr.gettext("Choose one of the statuses.")})
        chosen = Status(wanted)
        portfolio.set_status(app.app_key, chosen, f"Status sat til {chosen.value}")
        return web.redirect("portfolio_app", query={"gemt": "status"}, app=app_id(app.app_key))

    return _guarded(web, make)


def _day(text: str) -> date | None:
    """A date as the date field sends it (2026-09-01) or as a Dane writes it (1.9.2026)."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.replace("-", ".").replace("/", ".").split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


def _date_of(web: Web) -> tuple[tuple[DateKind, int, date, time | None] | None, dict[str, str]]:
    """The date the form sets, or what is wrong with its fields (by field name)."""
    tr = web.tr
    errors: dict[str, str] = {}
    kind_text = field_text(web, KIND_FIELD, 40)
    kind = DateKind(kind_text) if kind_text in {k.value for k in DateKind} else None
    if kind is None:
        errors[KIND_FIELD] = tr.gettext("Choose the kind of date.")
    number_text = field_text(web, NUMBER_FIELD, 3).strip() or "1"
    number = int(number_text) if number_text.isdigit() and 0 < int(number_text) < 100 else None
    if number is None:
        errors[NUMBER_FIELD] = tr.gettext("Write the report's number, 1 to 99.")
    day = _day(field_text(web, DAY_FIELD, 10))
    if day is None:
        errors[DAY_FIELD] = tr.gettext("Write the date as dd.mm.yyyy, e.g. 01.09.2026.")
    at: time | None = None
    time_text = field_text(web, TIME_FIELD, 5).strip()
    if time_text:
        try:
            at = time.fromisoformat(time_text.replace(".", ":"))
        except ValueError:
            errors[TIME_FIELD] = tr.gettext("Write the time as hh:mm, e.g. 12:00, or leave it "
                                            "empty.")
    if errors or kind is None or number is None or day is None:
        return None, errors
    return (kind, number, day, at), {}


@action(role=KONTOR)
def set_date(web: Web) -> Response:
    def make(portfolio: Portfolio) -> Response:
        app = _find(portfolio, str(web.request.path_params["app"]))
        if app is None:
            return _gone(web)
        wanted, errors = _date_of(web)
        if wanted is None:
            return _app_page(web, portfolio, app, errors=errors, status=400)
        kind, number, day, at = wanted
        portfolio.set_date(app.app_key, kind, day, at, nr=number)
        return web.redirect("portfolio_app", query={"gemt": "dato"}, app=app_id(app.app_key))

    return _guarded(web, make)


# --- the calendar -----------------------------------------------------------------------------

@page(role=SKRIVER)
def calendar_page(web: Web) -> Response:
    def make(portfolio: Portfolio) -> Response:
        apps = {a.app_key: a for a in portfolio.store.applications()}
        rows = sorted(((d, apps[d.app_key]) for d in portfolio.store.dates()
                       if d.app_key in apps),
                      key=lambda r: (r[0].dato, r[0].tid or time(23, 59), r[1].projekt))
        months: dict[tuple[int, int], list[Item]] = {}
        for due, app in rows:
            months.setdefault((due.dato.year, due.dato.month), []).append(Item(app, due, False))
        today = datetime.now(TZ).date()
        return web.render("calendar.html", months=months, today=today,
                          month_names=_month_names(web), feed_link=feed_link(web),
                          **_helpers(web))

    return _guarded(web, make)


def _month_names(web: Web) -> list[str]:
    tr = web.tr
    return [tr.gettext(m) for m in (
        N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
        N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
        N_("December"))]


@page(role=SKRIVER)
def calendar_ics(web: Web) -> Response:
    return _guarded(web, lambda portfolio: _ics(web, portfolio))


def _ics(web: Web, portfolio: Portfolio) -> Response:
    data = ics_bytes(portfolio.store, tr=web.tr)
    return Response(data, media_type="text/calendar; charset=utf-8", headers={
        "content-disposition": 'attachment; filename="pulje-kalender.ics"',
        "cache-control": "no-store"})


# The calendar's own address for Outlook ("Add calendar → From internet"): Outlook fetches it
# again and again without logging in, so the address carries its permission: the user's name
# and the server's signature of it. It stops working when the user is removed (or, with the
# kommune's login, when the server's secret is renewed).
FEED = "kalender"


def feed_link(web: Web) -> str | None:
    """The signed address of the calendar for the user asking; None without login (then the
    plain .ics address works from this machine)."""
    who = web.identity
    if who is None or who.mode == SINGLE:
        return None
    owner = base64.urlsafe_b64encode(who.name.encode()).decode().rstrip("=")
    path = web.url("calendar_feed", owner=owner,
                   token=web.state.sessions.sign(FEED, who.name))
    return f"{web.request.url.scheme}://{web.request.url.netloc}{path}"


def _feed_owner(web: Web) -> str | None:
    """The user a calendar address was made for, if its signature holds and the user may
    still read the portfolio."""
    params = web.request.path_params
    owner, token = str(params["owner"]), str(params["token"])
    try:
        name = base64.urlsafe_b64decode(owner + "=" * (-len(owner) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    if not name or not web.state.sessions.signed(FEED, name, token):
        return None
    config = web.config
    if config.trusted_header and config.roles_header:
        return name  # roles come with each request through the kommune's login: none here
    user = web.state.store.user(name)
    return name if user is not None and user.role in ROLES else None


@page(public=True)
def calendar_feed(web: Web) -> Response:
    if _feed_owner(web) is None:
        return web.error(404, N_("The calendar's address is not valid"),
                         N_("The address is wrong, or it belongs to a user who no longer has "
                            "access to pulje."),
                         N_("Copy the address again from the calendar page in pulje."))
    return _guarded(web, lambda portfolio: _ics(web, portfolio))


ROUTES: list[BaseRoute] = [
    Route("/portefoelje", portfolio_page, name="portfolio", methods=["GET"]),
    Route("/portefoelje/kalender", calendar_page, name="calendar", methods=["GET"]),
    Route("/portefoelje/kalender.ics", calendar_ics, name="calendar_ics", methods=["GET"]),
    Route("/portefoelje/kalender/{owner:str}/{token:str}.ics", calendar_feed,
          name="calendar_feed", methods=["GET"]),
    Route("/portefoelje/{app:str}", app_page, name="portfolio_app", methods=["GET"]),
    Route("/portefoelje/{app:str}/status", set_status, name="portfolio_status",
          methods=["POST"]),
    Route("/portefoelje/{app:str}/dato", set_date, name="portfolio_date", methods=["POST"]),
]
NAV = [
    NavItem(N_("Portfolio"), "portfolio", SKRIVER,
            N_("Every application with its status, what is late and what is due next.")),
    NavItem(N_("Calendar"), "calendar", SKRIVER,
            N_("The portfolio's dates by month, and as a calendar file for Outlook.")),
]
