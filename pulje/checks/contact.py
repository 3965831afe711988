"""KON: the contact details can be used: e-mail and phone formats, a real kommune; and a joint
application only where the round allows one.

Source: the form's identification (STAR writes to the person responsible for the grant): the
questions of kind ``person``, ``kommune`` and ``medansoegere``; the round's ``faelles``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path as FsPath

from pulje.checks.registry import Context, rule
from pulje.diagnostics import N_, NP_, Diagnostic, Path, Plural, Severity
from pulje.diagnostics.codes import define
from schemas.kinds.person import Person

FORM = "Ansøgningsskemaets identifikation (projekt- og tilskudsansvarlig)"
KON001 = define("KON001", Severity.FEJL, "E-mailadressen har ikke en gyldig form", FORM)
KON002 = define("KON002", Severity.FEJL, "Telefonnummeret er ikke et dansk nummer", FORM)
KON003 = define("KON003", Severity.ADVARSEL, "Kommunen er ikke en af Danmarks 98 kommuner",
                "Danmarks 98 kommuner (checks/data/kommuner.txt)")
KON004 = define("KON004", Severity.ADVARSEL,
                "Ansøgningen har medansøgere, men runden tillader ikke fælles ansøgninger",
                "Runden: faelles (puljekataloget: fælles ansøgninger er rundens sag)")

# Practical form check (RFC 5322 allows more, but not what a municipality uses).
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
# Eight digits, optionally +45/0045 first, spaced or dashed as Danes write them.
PHONE = re.compile(r"^(\+45|0045)?\d{8}$")
# Package data beside this module: an installed pulje has it wherever it runs.
KOMMUNER = FsPath(__file__).resolve().parent / "data" / "kommuner.txt"


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


def _people(ctx: Context) -> Iterator[tuple[Path, Person]]:
    for _q, path, person in ctx.answers("person"):
        if isinstance(person, Person):
            yield path, person


@rule(KON001, reads=("identifikation",))
def email_format(ctx: Context) -> Iterator[Diagnostic]:
    """The e-mail address of each person of the form must have the form name@domain.dk.

    Why: STAR answers by e-mail; a typing error means the answer is lost.
    Example: ``email: lene.clausen@albertslund`` → KON001.
    """
    for path, person in _people(ctx):
        email = (person.email or "").strip()
        if email and not EMAIL.match(email):
            yield KON001(
                N_("'{email}' is not a valid e-mail address."),
                N_("Write it as name@domain.dk, without spaces."),
                (*path, "email"), email=email,
            )


@rule(KON002, reads=("identifikation",))
def phone_format(ctx: Context) -> Iterator[Diagnostic]:
    """The phone number of each person must be a Danish number: eight digits, optionally
    with +45.

    Why: STAR calls the person responsible with questions.
    Example: ``telefon: 4368 742`` → KON002.
    """
    for path, person in _people(ctx):
        phone = (person.telefon or "").strip()
        if phone and not PHONE.match(re.sub(r"[\s\-().]", "", phone)):
            yield KON002(
                N_("'{phone}' is not a Danish phone number (eight digits)."),
                N_("Write eight digits, e.g. 4368 7422 or +45 4368 7422."),
                (*path, "telefon"), phone=phone,
            )


@rule(KON003, reads=("identifikation",))
def known_kommune(ctx: Context) -> Iterator[Diagnostic]:
    """A kommune the form asks for (the applicant) should be one of Denmark's 98
    municipalities: a warning otherwise.

    Why: STAR's pools are for municipalities; a misspelt name ends up wrong in the archive.
    Example: ``kommune: Albertslun Kommune`` → KON003 (did you mean Albertslund Kommune?).
    """
    import difflib

    for _q, path, value in ctx.answers("kommune"):
        name = (value or "").strip() if isinstance(value, str) else ""
        if not name or _fold(name) in kommuner():
            continue
        guess = difflib.get_close_matches(_fold(name), list(kommuner()), n=1, cutoff=0.75)
        hint = N_("Did you mean '{guess}'?") if guess else N_(
            "Write the kommune's official name.")
        yield KON003(
            N_("'{name}' is not one of Denmark's 98 municipalities."), hint,
            path, name=name, guess=kommuner()[guess[0]] if guess else "",
        )


@rule(KON004, reads=("identifikation",))
def joint_allowed(ctx: Context) -> Iterator[Diagnostic]:
    """Co-applicants are named although the round allows no joint applications: a warning.

    Why: whether several kommuner (or a-kasser) may apply together is the round's rule
    (``faelles`` in runde.yaml; e.g. Virksomhedsservice 2017 allowed it). Where the round says
    nothing, nothing is said.
    Example: ``medansoegere: [{navn: Glostrup Kommune}]`` in a round with ``faelles: nej``
    → KON004.
    """
    if ctx.runde.faelles is not False:
        return
    for _q, path, value in ctx.answers("medansoegere"):
        if value:
            yield KON004(
                Plural(NP_("The application names {count} co-applicant, but this round does "
                           "not allow joint applications.",
                           "The application names {count} co-applicants, but this round does "
                           "not allow joint applications."), "count"),
                N_("Apply alone, or check the round's call (faelles in runde.yaml)."),
                path, count=len(value),
            )
