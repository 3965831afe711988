"""``pulje init``: a starter answer file with every question of the form as a comment."""

from __future__ import annotations

import textwrap
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pulje.files import write_text
from pulje.pools import Pool, Runde, load_pool
from schemas import model_for
from schemas.common import Budget, Maaltal, Section
from schemas.introspect import field_extra, model_in
from schemas.types import format_month

WIDTH = 96


def _comment(text: str, indent: str) -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        out += textwrap.wrap(para, WIDTH - len(indent) - 2) or [""]
    return [f"{indent}# {line}".rstrip() for line in out]


class _Writer:
    def __init__(self, pool: Pool, runde: Runde) -> None:
        self.pool = pool
        self.runde = runde
        self.lines: list[str] = []

    def section(self, name: str, info: FieldInfo, model: type[BaseModel], indent: str) -> None:
        heading = getattr(model, "heading", "") if issubclass(model, Section) else ""
        intro = getattr(model, "intro", "") if issubclass(model, Section) else ""
        extra = field_extra(info)
        if not indent:
            self.lines.append("")
            self.lines.append(f"# {'=' * (WIDTH - 2)}")
            self.lines += _comment(heading or info.title or name, "")
            if intro:
                self.lines += _comment(intro, "")
        elif info.title and not extra.get("question"):
            self.lines += _comment(info.title, indent)
        if model is Budget:
            self.budget(name, indent)
            return
        if model is Maaltal:
            self.maaltal(name, info, indent)
            return
        self.lines.append(f"{indent}{name}:")
        for child, child_info in model.model_fields.items():
            self.field(child, child_info, indent + "  ")

    def field(self, name: str, info: FieldInfo, indent: str) -> None:
        extra = field_extra(info)
        model = model_in(info.annotation)
        origin = typing.get_origin(info.annotation)
        if model is not None and origin is not list:
            self.section(name, info, model, indent)
            return
        if info.title:
            self.lines += _comment(info.title, indent)
        if extra.get("unit") == "uger":
            self.lines.append(f"{indent}{name}:")
            for m in self.runde.maalinger:
                self.lines.append(f"{indent}  {format_month(m)}:        # antal uger")
        elif extra.get("section") is not None:
            self.tidsplan(name, indent)
        elif extra.get("question"):
            self.lines.append(f"{indent}{name}: |")
            self.lines.append(f"{indent}  ")
        elif origin is list:
            self.lines.append(f"{indent}{name}: []")
        else:
            self.lines.append(f"{indent}{name}:")

    def maaltal(self, name: str, info: FieldInfo, indent: str) -> None:
        extra = field_extra(info)
        self.lines += _comment(info.title or name, indent)
        self.lines.append(f"{indent}{name}:")
        if extra.get("baseline", True):
            month = format_month(self.runde.baseline_maaned)
            self.lines.append(f"{indent}  niveau:            # niveau for {month} (%)")
            self.lines.append(f"{indent}  niveau_bemaerkning:")
        self.lines.append(f"{indent}  maal:")
        for m in self.runde.maalinger:
            month = format_month(m)
            self.lines.append(f"{indent}    {month}:         # måltal pr. {month} (%)")

    def tidsplan(self, name: str, indent: str) -> None:
        self.lines.append(f"{indent}{name}:")
        for year in self.runde.periode.years:
            self.lines.append(f"{indent}  {year}:")
            for q in range(1, 5):
                self.lines.append(f"{indent}    {q}: []          # {q}. kvt. {year}")

    def budget(self, name: str, indent: str) -> None:
        years = self.runde.periode.years
        example = ", ".join(f"{y}: 0" for y in years)
        self.lines += _comment(
            "Det detaljerede budget: alle udgifter og eventuelle indtægter i hele "
            "projektperioden. Beløb i kr. (fx 45000 eller \"45.000,00\").", indent,
        )
        self.lines += [
            f"{indent}{name}:",
            f"{indent}  udgifter: []",
            f"{indent}  # Eksempel på en udgiftslinje (fjern # og udfyld):",
            f"{indent}  # - kategori: loen       # loen, konsulenter, materialer, transport, "
            "lokaler,",
            f"{indent}  #                        # administration, evaluering, revision, "
            "it_udstyr, andet",
            f"{indent}  #   beskrivelse: Projektleder, 37 t/uge",
            f"{indent}  #   enheder: 24",
            f"{indent}  #   enhed: måned",
            f"{indent}  #   enhedspris: 45000",
            f"{indent}  #   fordeling: {{{example}}}",
            f"{indent}  finansiering: []",
            f"{indent}  # Medfinansiering, tilskud fra anden side og indtægter:",
            f"{indent}  # - type: medfinansiering   # medfinansiering, tilskud, indtaegt",
            f"{indent}  #   beskrivelse: Kommunens egenfinansiering",
            f"{indent}  #   beloeb: 0",
        ]


def starter_text(pool: Pool, runde: Runde | None = None) -> str:
    """The text of a starter answer file for ``pool``'s newest (or the given) round."""
    runde = runde or pool.runde()
    model = model_for(pool.skema)
    w = _Writer(pool, runde)
    w.lines += [
        f"# Svarfil til {pool.navn} (finanslovskonto {pool.finanslovskonto}), runde {runde.id}.",
        "# Skriv svarene under hvert spørgsmål. Tjek filen med:  pulje validate <denne fil>",
        "# Tekstsvar: afsnit adskilles af en tom linje; punktlister skrives med '- ' først.",
        f"pulje: {pool.id}",
        f'runde: "{runde.id}"',
    ]
    for name, info in model.model_fields.items():
        if name in ("pulje", "runde"):
            continue
        w.field(name, info, "")
    return "\n".join(w.lines) + "\n"


def write_starter(pool_id: str, target: Path) -> Path:
    """Write a starter file for ``pool_id``; never over an existing file."""
    pool = load_pool(pool_id)
    return write_text(target, starter_text(pool))
