"""A kommune's committee-case template as data: the headings in order, which facts fill each
(``indhold``: the blocks of ``committee.blocks``), the case-data lines and the fixed phrases.

pulje ships Slagelse's (seed 004, the default) and the headings of six more kommuner from
public agendas (``skabeloner/*.yaml``); a kommune may keep its own file of the same form and
name it in its profile (``udvalgsskabelon: sti/til/skabelon.yaml``) or with ``--template``.
A template that cannot be used is a finding with its place (UDV004).
"""

from __future__ import annotations

import string
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator

from pulje.diagnostics import N_, Location
from pulje.diagnostics.errors import PuljeError
from pulje.documents.committee.codes import UDV004
from pulje.yamlsource import decode, parse, read_file
from schemas.common import Model

#: The blocks a heading can hold (what fills it; ``committee.blocks``).
BlockId = Literal[
    "beslutningstema", "baggrund", "retligt_grundlag", "handlemuligheder", "vurdering",
    "oekonomi", "personale", "andre_udvalg", "indstilling", "alternativ_indstilling",
    "alternativ_beskrivelse", "bilag", "beslutning", "hoering", "historik", "sagsgang",
    "kompetence", "tidsperspektiv",
]
CaseData = Literal["sagsnr", "doknr", "kle", "aabent", "kompetence", "moede"]
#: The names each phrase may use.
PHRASE_FIELDS: dict[str, frozenset[str]] = {
    "titel": frozenset({"titel", "bogstav"}),
    "overskrift": frozenset({"udvalg", "dato"}),
    "indstilling": frozenset({"indstiller"}),
    "godkend": frozenset({"pulje", "beloeb", "periode"}),
    "orienter": frozenset({"pulje", "beloeb", "periode"}),
    "egenfinansiering": frozenset({"beloeb", "betaler"}),
    "videre": frozenset({"organer"}),
}


class Fraser(Model):
    """The fixed phrases. The defaults are pulje's (the spec's general form of a pool case);
    a template gives the kommune's own where its source shows them."""

    indstilling: str = "{indstiller} indstiller,"
    godkend: str = ("at udvalget godkender, at Jobcentret søger {pulje} om {beloeb} for "
                    "perioden {periode}")
    orienter: str = ("at udvalget tager orienteringen om, at Jobcentret har søgt {pulje} om "
                     "{beloeb} for perioden {periode}, til efterretning")
    egenfinansiering: str = "at en egenfinansiering på {beloeb} afholdes af {betaler}"
    videre: str = "at sagen sendes videre til {organer}"


class Afsnit(Model):
    overskrift: Annotated[str, Field(min_length=1, max_length=200)]
    niveau: Literal[1, 2] = 1
    indhold: list[BlockId] = Field(default=[])


class Udvalgsskabelon(Model):
    """A committee-case template."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
    kommune: str
    aar: str | None = None
    kilde: str | list[str]
    #: What of it is the kommune's (from the source) and what pulje's.
    note: str
    titel: str = "{titel}"
    sagsdata: list[CaseData] = Field(default=["sagsnr", "doknr", "kle", "aabent", "kompetence"])
    afsnit: Annotated[list[Afsnit], Field(min_length=1)]
    fraser: Fraser = Field(default_factory=Fraser)

    @field_validator("aar", mode="before")
    @classmethod
    def _year_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


def _bad_phrases(t: Udvalgsskabelon) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, text) of each phrase that names something it may not use (or has a stray
    brace)."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    checks: list[tuple[tuple[str | int, ...], str, str]] = [(("titel",), t.titel, "titel")]
    checks += [(("afsnit", i, "overskrift"), a.overskrift, "overskrift")
               for i, a in enumerate(t.afsnit)]
    checks += [(("fraser", name), getattr(t.fraser, name), name) for name in Fraser.model_fields]
    for path, text, kind in checks:
        if not _fields(text) <= PHRASE_FIELDS[kind]:
            out.append((path, text))
    return out


def shipped() -> list[str]:
    """The ids of the templates pulje ships."""
    folder = files("pulje.documents.committee") / "skabeloner"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                  if p.name.endswith(".yaml"))


def template_path(name: str, base: Path | None = None) -> Path:
    """The file of a template: a shipped id, or a path (relative to ``base``, the profile's
    folder)."""
    if name.endswith((".yaml", ".yml")):
        path = Path(name)
        return path if path.is_absolute() or base is None else base / path
    if name not in shipped():
        raise PuljeError(
            N_("There is no committee template '{name}' (pulje has: {known})."),
            N_("Give one of them, or the path of a template file (.yaml)."),
            name=name, known=", ".join(shipped()))
    found = files("pulje.documents.committee") / "skabeloner" / f"{name}.yaml"
    assert isinstance(found, Path), found
    return found


def load_template(name: str, base: Path | None = None) -> tuple[Udvalgsskabelon, bytes]:
    """The template and its file's bytes (their SHA-256 goes into the archive's record)."""
    path = template_path(name, base)
    raw = read_file(path)
    text, diags = decode(raw, str(path))
    doc = parse(text, str(path)) if text is not None else None
    where = Location(str(path), 1, 1)
    problem = ""
    if doc is not None and not doc.diagnostics:
        try:
            template = Udvalgsskabelon.model_validate(doc.data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
            where = doc.source.locate(loc)
            problem = f"{'.'.join(map(str, loc)) or '-'}: {err['type']}"
        else:
            bad = _bad_phrases(template)
            if not bad:
                return template, raw
            where = doc.source.locate(bad[0][0])
            problem = f"{'.'.join(map(str, bad[0][0]))}: {bad[0][1]}"
    elif doc is not None:
        where = doc.diagnostics[0].location or where
        problem = doc.diagnostics[0].message
    else:
        problem = diags[0].message if diags else "-"
    finding = UDV004(N_("The committee template cannot be used at {where}: {problem}"),
                     N_("Correct the template; see docs/after.md for its form."),
                     where=str(where), problem=problem).at(where)
    raise PuljeError(finding.message, finding.hint, **finding.params)
