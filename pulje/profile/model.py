"""The kommune profile as a pydantic model: who the kommune is, written once.

Every text is one line without control characters, so that ``pulje init`` can write it into an
answer file as it is. Field names are Danish, ASCII-folded, as the answer files' are.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from schemas.common import Model
from schemas.types import JaNej

#: The committee-case template used when a profile names none: Slagelse's (seed 004).
DEFAULT_TEMPLATE = "slagelse"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CVR = re.compile(r"\d{8}")
_KLE = re.compile(r"\d{2}(\.\d{2}){0,2}(\s*[A-ZÆØÅ]\d{2})?")
_TEMPLATE_ID = re.compile(r"[a-z][a-z0-9_-]{0,63}|.+\.ya?ml")


def _line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("profile_line")
    value = value.strip()
    if not value:
        raise ValueError("profile_empty")
    return value


def _as_text(value: Any) -> Any:
    """A number where a text belongs (``cvr: 29188505``, ``telefon: 43687422``) is that text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Line = Annotated[str, BeforeValidator(_as_text), AfterValidator(_line),
                 Field(max_length=300)]


def _cvr(value: str) -> str:
    digits = value.replace(" ", "")
    if not _CVR.fullmatch(digits):
        raise ValueError("profile_cvr")
    return digits


def _kle(value: str) -> str:
    if not _KLE.fullmatch(value):
        raise ValueError("profile_kle")
    return value


def _template(value: str) -> str:
    if not _TEMPLATE_ID.fullmatch(value):
        raise ValueError("profile_template")
    return value


def cvr_check_ok(cvr: str) -> bool:
    """The CVR number's modulus-11 check (weights 2, 7, 6, 5, 4, 3, 2, 1)."""
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(cvr, weights, strict=True)) % 11 == 0


class Kontaktperson(Model):
    """The default projekt- og tilskudsansvarlig of a new application."""

    navn: Line | None = None
    adresse: Line | None = None
    telefon: Line | None = None
    email: Line | None = None


class Udvalg(Model):
    """Who decides and who recommends, as the committee case says it."""

    #: The committee that decides (the case's "Kompetence").
    fagudvalg: Line | None = None
    #: Who recommends (the Indstilling's first line): "Centerchefen for Arbejdsmarked og
    #: Integration".
    indstiller: Line | None = None
    #: Bodies the case goes on to, in order (Økonomiudvalget, Byrådet).
    videre: list[Line] = Field(default=[], max_length=10)


class Sagsdata(Model):
    """The case system's defaults (ESDH: SBSYS, Acadre, GetOrganized …)."""

    #: The KLE number of pool applications ("15.00.00", with a facet: "15.00.00 G01").
    kle: Annotated[Line, AfterValidator(_kle)] | None = None
    #: Open (åbent) or closed (lukket) on the agenda.
    aabent: JaNej = True
    #: Who pays a co-financing ("Jobcentrets driftsbudget"), as the Indstilling says it.
    egenfinansiering_afholdes_af: Line | None = None


class Kommuneprofil(Model):
    """The kommune's profile."""

    kommune: Line
    cvr: Annotated[Line, AfterValidator(_cvr)] | None = None
    adresse: Line | None = None
    jobcenter: Line | None = None
    kontaktperson: Kontaktperson = Field(default_factory=Kontaktperson)
    udvalg: Udvalg = Field(default_factory=Udvalg)
    #: The committee case's template: an id pulje ships (slagelse, holbaek, thisted …) or a
    #: path to a template file of the kommune's own (relative to the profile).
    udvalgsskabelon: Annotated[Line, AfterValidator(_template)] = DEFAULT_TEMPLATE
    sag: Sagsdata = Field(default_factory=Sagsdata)
