"""KON: the contact details can be used: e-mail and phone formats, a real kommune.

Source: the form's identification (STAR writes to the person responsible for the grant).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import files

from pulje.checks.registry import Context, rule
from pulje.diagnostics import N_, Diagnostic, Severity
from pulje.diagnostics.codes import define
from schemas.common import Identifikation

FORM = "Ansøgningsskemaets identifikation (projekt- og tilskudsansvarlig)"
KON001 = define("KON001", Severity.FEJL, "E-mailadressen har ikke en gyldig form", FORM)
KON002 = define("KON002", Severity.FEJL, "Telefonnummeret er ikke et dansk nummer", FORM)
KON003 = define("KON003", Severity.ADVARSEL, "Kommunen er ikke en af Danmarks 98 kommuner",
                "Danmarks 98 kommuner (checks/data/kommuner.txt)")

# Practical form check (RFC 5322 allows more, but not what a municipality uses).
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
# Eight digits, optionally +45/0045 first, spaced or dashed as Danes write them.
PHONE = re.compile(r"^(\+45|0045)?\d{8}$")
# Package data, read through importlib.resources: an installed pulje has it wherever it runs.
KOMMUNER = files("pulje.checks") / "data" / "kommuner.txt"


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFC", name).casefold().strip()
    text = text.replace("å", "aa")
    text = re.sub(r"\s+(regions)?kommune$", "", text)
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=1)
def kommuner() -> dict[str, str]:
    """Folded name → official name, also without a genitive -s (Københavns → København)."""
    names: dict[str, str] = {}
    for line in KOMMUNER.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            official = line.strip()
            key = _fold(official)
            names[key] = official
            if key.endswith("s"):
                names[key[:-1]] = official
    return names


def _ident(ctx: Context) -> Identifikation | None:
    ident = getattr(ctx.model, "identifikation", None)
    return ident if isinstance(ident, Identifikation) else None


@rule(KON001, reads=("identifikation",))
def email_format(ctx: Context) -> Iterator[Diagnostic]:
    """The e-mail address of the person responsible must have the form name@domain.dk.

    Why: STAR answers by e-mail; a typing error means the answer is lost.
    Example: ``email: lene.clausen@albertslund`` → KON001.
    """
    ident = _ident(ctx)
    email = (ident.ansvarlig.email or "").strip() if ident else ""
    if email and not EMAIL.match(email):
        yield KON001(
            N_("'{email}' is not a valid e-mail address."),
            N_("Write it as name@domain.dk, without spaces."),
            ("identifikation", "ansvarlig", "email"), email=email,
        )


@rule(KON002, reads=("identifikation",))
def phone_format(ctx: Context) -> Iterator[Diagnostic]:
    """The phone number must be a Danish number: eight digits, optionally with +45.

    Why: STAR calls the person responsible with questions.
    Example: ``telefon: 4368 742`` → KON002.
    """
    ident = _ident(ctx)
    phone = (ident.ansvarlig.telefon or "").strip() if ident else ""
    if phone and not PHONE.match(re.sub(r"[\s\-().]", "", phone)):
        yield KON002(
            N_("'{phone}' is not a Danish phone number (eight digits)."),
            N_("Write eight digits, e.g. 4368 7422 or +45 4368 7422."),
            ("identifikation", "ansvarlig", "telefon"), phone=phone,
        )


@rule(KON003, reads=("identifikation",))
def known_kommune(ctx: Context) -> Iterator[Diagnostic]:
    """The applicant should be one of Denmark's 98 municipalities: a warning otherwise.

    Why: STAR's pools are for municipalities; a misspelt name ends up wrong in the archive.
    Example: ``kommune: Albertslun Kommune`` → KON003 (did you mean Albertslund Kommune?).
    """
    import difflib

    ident = _ident(ctx)
    name = (ident.kommune or "").strip() if ident else ""
    if not name or _fold(name) in kommuner():
        return
    guess = difflib.get_close_matches(_fold(name), list(kommuner()), n=1, cutoff=0.75)
    hint = N_("Did you mean '{guess}'?") if guess else N_("Write the kommune's official name.")
    yield KON003(
        N_("'{name}' is not one of Denmark's 98 municipalities."), hint,
        ("identifikation", "kommune"), name=name,
        guess=kommuner()[guess[0]] if guess else "",
    )
