"""The kommune profile: written once (``pulje profile init``), read by ``pulje init`` to fill in
the identification of every new application and by the committee case (``pulje committee``).

A YAML file in the user's config folder (``~/.config/pulje/kommuneprofil.yaml`` on Linux,
``%LOCALAPPDATA%\\pulje\\kommuneprofil.yaml`` on Windows), or ``$PULJE_PROFIL``, or
``--profile FILE``. Read with pulje's source map, so every finding names file:line:col (PRF).
Data only: this package imports nothing above the pools.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from pulje.diagnostics import N_, Diagnostic, Location, Translator, has_errors, render_text
from pulje.diagnostics.errors import PuljeError
from pulje.files import write_text
from pulje.profile.codes import PRF001, PRF002, PRF003
from pulje.profile.model import (
    DEFAULT_TEMPLATE,
    Kommuneprofil,
    Kontaktperson,
    Sagsdata,
    Udvalg,
    cvr_check_ok,
)
from pulje.yamlsource import decode, parse, read_file

__all__ = [
    "DEFAULT_TEMPLATE", "ENV_VAR", "Kommuneprofil", "Kontaktperson", "LoadedProfile",
    "ProfileError", "Sagsdata", "Udvalg", "default_path", "identification_prefill",
    "load_profile", "profile_starter", "write_profile_starter",
]

ENV_VAR = "PULJE_PROFIL"
FILE_NAME = "kommuneprofil.yaml"

_MESSAGES = {
    "profile_line": N_("The value must be one line without control characters."),
    "profile_empty": N_("The value must not be empty."),
    "profile_cvr": N_("A CVR number is 8 digits."),
    "profile_kle": N_("A KLE number is written 15.00.00 (two digits per level), optionally "
                      "with a facet: 15.00.00 G01."),
    "profile_template": N_("Write the id of a committee template (slagelse, holbaek, thisted, "
                           "viborg, roskilde) or the path of a .yaml file."),
}
_TYPES = {
    "missing": N_("'{field}' is missing."),
    "extra_forbidden": N_("Unknown key '{field}'."),
    "string_type": N_("This must be a text."),
    "bool_parsing": N_("'{input}' is not yes or no; write ja or nej."),
    "bool_type": N_("This must be ja or nej."),
    "model_type": N_("This must be a section of 'name: value' lines."),
    "dict_type": N_("This must be a section of 'name: value' lines."),
    "list_type": N_("This must be a list (lines beginning with '- ')."),
    "string_too_long": N_("The value is too long (at most {max_length} characters)."),
    "too_long": N_("The list is too long (at most {max_length} items)."),
}


class ProfileError(PuljeError):
    """Raised when the kommune profile cannot be used; ``diagnostics`` say where and why."""

    def __init__(self, message: str, hint: str = "", diagnostics: list[Diagnostic] | None = None,
                 **params: Any) -> None:
        super().__init__(message, hint, **params)
        self.diagnostics = list(diagnostics or [])

    def text(self, tr: Translator) -> str:
        """The findings that are the reason (with their places), then the message."""
        own = PuljeError.text(self, tr)
        return f"{render_text(self.diagnostics, tr)}\n{own}" if self.diagnostics else own


@dataclass
class LoadedProfile:
    """A profile as far as it could be read: ``profile`` is None when it has fejl."""

    file: Path
    profile: Kommuneprofil | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def default_path() -> Path:
    """``$PULJE_PROFIL`` if set, else ``kommuneprofil.yaml`` in the user's config folder."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        return Path(value)
    return platformdirs.user_config_path("pulje", appauthor=False) / FILE_NAME


def read_profile(path: Path) -> LoadedProfile:
    """Read and validate a profile file; every problem a PRF finding with its place."""
    name = str(path)
    result = LoadedProfile(path)
    text, diags = decode(read_file(path), name)
    result.diagnostics += diags
    if text is None:
        return result
    doc = parse(text, name)
    result.diagnostics += doc.diagnostics
    if has_errors(result.diagnostics):
        return result
    if not isinstance(doc.data, dict):
        result.diagnostics.append(PRF001(
            N_("The profile is not a profile: it must consist of 'name: value' lines."),
            N_("Start from 'pulje profile init', which writes every key."),
        ).at(Location(name, 1, 1)))
        return result
    try:
        profile = Kommuneprofil.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            kind = err["type"]
            code = str((err.get("ctx") or {}).get("error", "")) if kind == "value_error" else ""
            msgid = _MESSAGES.get(code) or _TYPES.get(kind) or N_(
                "'{input}' is not a valid value for {field}.")
            params = {"field": ".".join(map(str, loc)) or "-",
                      "input": str(err.get("input"))[:60],
                      **{k: v for k, v in (err.get("ctx") or {}).items()
                         if k in ("max_length",)}}
            where = doc.source.locate(loc, key=kind == "extra_forbidden")
            result.diagnostics.append(PRF001(
                msgid, N_("Correct {field} in the kommune profile."), loc, **params).at(where))
        return result
    result.profile = profile
    if profile.cvr is not None and not cvr_check_ok(profile.cvr):
        result.diagnostics.append(PRF002(
            N_("The CVR number {cvr} does not pass the CVR number's check digit (modulus 11)."),
            N_("Check the number against the CVR register."), ("cvr",), cvr=profile.cvr,
        ).at(doc.source.locate(("cvr",))))
    for path_, label in _wanted(profile):
        result.diagnostics.append(PRF003(
            N_("The profile gives no {what}; the documents leave its place empty."),
            N_("Add it to the kommune profile if you know it."), path_, what=label,
        ).at(doc.source.locate(path_)))
    return result


def _wanted(profile: Kommuneprofil) -> Iterator[tuple[tuple[str, ...], str]]:
    if profile.udvalg.fagudvalg is None:
        yield ("udvalg", "fagudvalg"), "udvalg.fagudvalg"
    if profile.udvalg.indstiller is None:
        yield ("udvalg", "indstiller"), "udvalg.indstiller"
    if profile.kontaktperson.navn is None:
        yield ("kontaktperson", "navn"), "kontaktperson.navn"


def load_profile(path: Path | None = None, *, required: bool = False) -> LoadedProfile | None:
    """The profile at ``path`` (default: ``default_path()``), or None when there is none and it
    is not ``required``. Raises ``ProfileError`` (exit 2) when a profile exists but has fejl,
    or a required one is missing."""
    target = Path(path) if path is not None else default_path()
    if not target.exists():
        if path is None and not required:
            return None
        raise ProfileError(
            N_("There is no kommune profile at {file}."),
            N_("Write one with 'pulje profile init', or name one with --profile FILE."),
            file=str(target),
        )
    loaded = read_profile(target)
    if loaded.profile is None or has_errors(loaded.diagnostics):
        raise ProfileError(
            N_("The kommune profile {file} cannot be used: it has errors."),
            N_("Correct the places named, then run the command again ('pulje profile show' "
               "checks the profile)."),
            diagnostics=loaded.diagnostics, file=str(target),
        )
    return loaded


# --- the profile's use in a new answer file --------------------------------------------------


def identification_prefill(profile: Kommuneprofil | None, form: Any) -> dict[tuple[str, ...],
                                                                             str]:
    """The answers of a new answer file the profile knows, by path: the applicant (the form's
    first question of kind ``kommune``) and the contact person (its first of kind ``person``).
    Empty without a profile."""
    if profile is None:
        return {}
    out: dict[tuple[str, ...], str] = {}
    kommune = next((p for q, p, _ in form.walk() if q.type == "kommune"), None)
    if kommune is not None:
        out[tuple(kommune)] = profile.kommune
    person = next((p for q, p, _ in form.walk() if q.type == "person"), None)
    if person is not None:
        for name, value in profile.kontaktperson.model_dump().items():
            if isinstance(value, str):
                out[(*person, name)] = value
    return out


def yaml_text(value: str) -> str:
    """A one-line text as a YAML scalar (a JSON string is a double-quoted YAML scalar)."""
    return json.dumps(value, ensure_ascii=False)


# --- pulje profile init ----------------------------------------------------------------------

PROFILE_STARTER = """\
# Kommuneprofil for pulje: skrives én gang. pulje init udfylder ansøger og kontaktperson i
# hver ny svarfil herfra, og pulje committee henter udvalg, indstiller og sagsdata herfra.
# Tjek filen med:  pulje profile show --profile <denne fil>
kommune: {kommune}
cvr:                        # 8 cifre
adresse:
jobcenter:                  # fx Jobcenter <by>
kontaktperson:              # den projekt- og tilskudsansvarlige i en ny ansøgning
  navn:
  adresse:
  telefon:
  email:
udvalg:
  fagudvalg:                # udvalget, der beslutter (sagens "Kompetence")
  indstiller:               # fx Centerchefen for Arbejdsmarked og Integration
  videre: []                # fx [Økonomiudvalget, Byrådet], hvis sagen går videre
# Udvalgssagens skabelon: slagelse (standard), holbaek, thisted, viborg, roskilde, rodovre,
# jammerbugt — eller stien til en skabelon i samme form (se docs/after.md).
udvalgsskabelon: {template}
sag:                        # sagssystemets (ESDH) oplysninger
  kle:                      # KLE-nummer, fx 15.00.00
  aabent: ja                # ja: åbent punkt; nej: lukket
  egenfinansiering_afholdes_af:   # hvor en egenfinansiering afholdes
"""


def profile_starter(kommune: str | None = None) -> str:
    return PROFILE_STARTER.format_map({"kommune": yaml_text(kommune) if kommune else "",
                                       "template": DEFAULT_TEMPLATE})


def write_profile_starter(target: Path | None = None, kommune: str | None = None) -> Path:
    """Write a starter profile (never over an existing file)."""
    path = Path(target) if target is not None else default_path()
    return write_text(path, profile_starter(kommune))


def check_profile(path: Path | None = None) -> LoadedProfile:
    """The findings of a profile file (``pulje profile show``); raises when there is none."""
    target = Path(path) if path is not None else default_path()
    if not target.exists():
        raise ProfileError(
            N_("There is no kommune profile at {file}."),
            N_("Write one with 'pulje profile init', or name one with --profile FILE."),
            file=str(target),
        )
    return read_profile(target)

