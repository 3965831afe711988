"""The pages' templates (Jinja2, autoescaped) and what every template may use.

Every page extends ``base.html`` (skip link, header, navigation by role, language switch,
user and log out, the main landmark, footer). Texts are msgids through ``_()`` and
``ngettext()``, translated from pulje's one catalogue. Links come from ``url(name, …)`` and
static files from ``static(file)``, both with the base path.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pulje.diagnostics.i18n import N_
from pulje.diagnostics.report import shown
from pulje.diagnostics.version import pulje_version
from pulje.web.config import KONTOR, SKRIVER

#: The roles as the pages name them.
ROLE_WORDS = {SKRIVER: N_("writes applications"), KONTOR: N_("project office")}


@dataclass(frozen=True)
class NavItem:
    """A link in the header: its text (a msgid), route name and the role it needs."""

    label: str
    route: str
    role: str | None
    description: str = ""  # a msgid: one line on the front page


_HERE = ZoneInfo("Europe/Copenhagen")


def when(value: datetime) -> str:
    """A moment as Danish time: 22.11.2026 10:05."""
    return value.astimezone(_HERE).strftime("%d.%m.%Y %H:%M")


def slug(value: str) -> str:
    """"kun tekst" → "kun-tekst", "ulæselig" → "ulaeselig": a status as a CSS class name."""
    folded = value.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_only).split())


def kroner(value: Any, web: Any) -> str:
    """An amount from the check's JSON ("2150000.00") as the user's language writes it."""
    try:
        return str(web.tr.kroner(Decimal(str(value))))
    except (InvalidOperation, ValueError, ArithmeticError):
        return str(value)


def place(finding: dict[str, Any], web: Any) -> str:
    """Where a finding of the check's JSON is: the file, then line and column or page, then
    the section."""
    tr = web.tr
    parts = [str(finding.get("file") or "pulje")]
    if finding.get("line") is not None:
        parts.append(tr.format(N_("line {line}, column {col}"),
                               {"line": finding["line"], "col": finding.get("col") or 1}))
    elif finding.get("page") is not None:
        parts.append(tr.format(N_("page {page}"), {"page": finding["page"]}))
    if finding.get("section"):
        parts.append(tr.format(N_("section: {section}"), {"section": finding["section"]}))
    return " – ".join(parts)


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pulje.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Names from a user's world (uploaded file names, text from a document): control and
    # bidi characters made visible, as the CLI prints them; autoescaping does the rest.
    env.filters["shown"] = shown
    env.filters["when"] = when
    env.filters["slug"] = slug
    env.filters["kroner"] = kroner
    env.filters["place"] = place
    env.globals["pulje_version"] = pulje_version()
    env.globals["roles"] = ROLE_WORDS
    return env
