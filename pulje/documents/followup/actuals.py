"""The actuals file (``faktiske tal``): what the project leader fills in for a status or final
report — how each planned activity went, each måltal's actual value, what each approved budget
line has spent, the reasons for deviations, and (final report) experiences and forankring.

A small YAML answer file read with pulje's loader machinery (source map, the answer kinds'
types for amounts and months, SCH findings at file:line:col); ``starter_text`` writes one
pre-filled with the application's activities, måltal and budget lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from pulje.answers.loader import schema_diagnostics
from pulje.diagnostics import N_, Diagnostic, has_errors
from pulje.diagnostics.wording import shorten
from pulje.documents.followup.codes import OPF005, OPF006
from pulje.documents.followup.figures import BudgetView
from pulje.yamlsource import SourceMap, decode, parse, read_file
from schemas.common import Model
from schemas.types import Maaned, Money, Tekst, format_month

Udfoert = Literal["gennemfoert", "delvist", "ikke", "udskudt"]
UDFOERT_TEXT = {"gennemfoert": "Gennemført", "delvist": "Delvist gennemført",
                "ikke": "Ikke gennemført", "udskudt": "Udskudt"}


class Aktivitet(Model):
    aar: int = Field(ge=1900, le=2999)
    kvartal: int = Field(ge=1, le=4)
    aktivitet: Tekst
    status: Udfoert | None = None
    bemaerkning: Tekst | None = None


class FaktiskeTal(Model):
    """An actuals file."""

    rapport: Literal["status", "slut"]
    #: The day the account and the figures are made up to.
    opgjort_pr: date
    aktiviteter: list[Aktivitet] = Field(default=[])
    #: Måltal by their path in the application ("spor3.virksomhedsrettet"): month → actual.
    maaltal: dict[str, dict[Maaned, Decimal | None]] = Field(default={})
    #: Spent per approved budget line (its number): kroner.
    regnskab: dict[int, Money | None] = Field(default={})
    #: Why a line deviates, by its number.
    begrundelser: dict[int, Tekst] = Field(default={})
    afvigelser: Tekst | None = None
    organisering: Tekst | None = None
    naeste_skridt: Tekst | None = None
    erfaringer: Tekst | None = None
    forankring: Tekst | None = None


@dataclass
class LoadedActuals:
    file: str
    source: SourceMap
    actuals: FaktiskeTal | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_actuals(path: Path, view: BudgetView, targets: set[str]) -> LoadedActuals:
    """Read and check an actuals file against the approved budget's lines and the
    application's måltal (an unknown line or måltal is OPF005 at its place)."""
    name = str(path)
    text, diags = decode(read_file(path), name)
    if text is None:
        return LoadedActuals(name, SourceMap(name), None, diags)
    doc = parse(text, name)
    out = LoadedActuals(name, doc.source, None, list(doc.diagnostics))
    if has_errors(out.diagnostics) or doc.data is None:
        return out
    try:
        actuals = FaktiskeTal.model_validate(doc.data)
    except ValidationError as exc:
        out.diagnostics += schema_diagnostics(exc, FaktiskeTal, doc.source)
        return out
    keys = {int(line.key) for line in view.lines if line.key.isdigit()}
    for section in ("regnskab", "begrundelser"):
        for number in getattr(actuals, section):
            if number not in keys:
                out.diagnostics.append(OPF005(
                    N_("The approved budget has no line {line} (its lines are 1–{last})."),
                    N_("Use the line numbers of the starter file (pulje report --starter)."),
                    (section, number), line=number, last=len(view.lines),
                ).at(doc.source.locate((section, number), key=True)))
    for path_ in actuals.maaltal:
        if path_ not in targets:
            out.diagnostics.append(OPF005(
                N_("The application has no måltal '{target}' (it has: {known})."),
                N_("Use the måltal of the starter file (pulje report --starter)."),
                ("maaltal", path_), target=path_, known=", ".join(sorted(targets)) or "-",
            ).at(doc.source.locate(("maaltal", path_), key=True)))
    if not has_errors(out.diagnostics) and not filled_in(actuals):
        out.diagnostics.append(OPF006(
            N_("The actuals file has no figures filled in: no activity status, no måltal and "
               "no spent amount."),
            N_("Fill in the figures of the starter file before making the report."),
            ("rapport",)).at(doc.source.locate(("rapport",), key=True)))
    out.actuals = actuals
    return out


def filled_in(actuals: FaktiskeTal) -> bool:
    """Whether the file holds at least one figure: an activity's status, a måltal's actual
    value or a line's spent amount (an untouched starter file holds none)."""
    return (any(a.status is not None for a in actuals.aktiviteter)
            or any(v is not None for months in actuals.maaltal.values()
                   for v in months.values())
            or any(v is not None for v in actuals.regnskab.values()))


def _yaml(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def starter_text(*, project: str, kind: str, activities: list[tuple[int, int, str]],
                 targets: list[tuple[str, str, list[date]]], view: BudgetView,
                 until: date) -> str:
    """An actuals file to fill in: every planned activity, every måltal's measurement months,
    every approved budget line (with its budget in a comment)."""
    from pulje.diagnostics.i18n import Translator

    tr = Translator("da")
    lines = [
        f"# Faktiske tal til {'slutrapporten' if kind == 'slut' else 'statusrapporten'} for",
        f"# {shorten(project, 90)}",
        "# Udfyld tallene, og dan rapporten med:  pulje report <svarfil> "
        f"--{'final' if kind == 'slut' else 'status'} --actuals <denne fil>",
        f"rapport: {kind}",
        f"opgjort_pr: {until.isoformat()}     # tallene og regnskabet er opgjort pr. denne dag",
        "",
        "# Tidsplanens aktiviteter. status: gennemfoert, delvist, ikke eller udskudt.",
        "aktiviteter:",
    ]
    for year, quarter, text in activities:
        if date(year, 3 * quarter - 2, 1) > until:
            continue
        lines += [f"  - aar: {year}", f"    kvartal: {quarter}", f"    aktivitet: {_yaml(text)}",
                  "    status:", "    bemaerkning:"]
    if lines[-1] == "aktiviteter:":
        lines[-1] = "aktiviteter: []"
    lines += ["", "# Måltal: den faktiske værdi pr. måling (samme enhed som målet).", "maaltal:"]
    for path_, label, all_months in targets:
        months = [m for m in all_months if m.replace(day=1) <= until]
        lines.append(f"  {path_}:{'' if months else ' {}'}          # {shorten(label, 70)}")
        lines += [f'    "{format_month(m)}":' for m in months]
    if lines[-1] == "maaltal:":
        lines[-1] = "maaltal: {}"
    lines += ["", "# Regnskab: forbrugt i kr. pr. godkendt budgetlinje (linjens nummer).",
              "regnskab:"]
    for line in view.lines:
        lines.append(f"  {line.key}:          # {line.kategori_navn}: "
                     f"{shorten(line.beskrivelse, 50)} "
                     f"(budget {tr.kroner(line.beloeb)})")
    lines += [
        "", "# Begrundelser for afvigelser pr. budgetlinje (linjens nummer: tekst).",
        "begrundelser: {}", "",
        "# Afvigelser fra planen og deres årsager:", "afvigelser: |", "  ", "",
        "# Organiseringen (til statusnotatet):", "organisering: |", "  ", "",
        "# Næste skridt:", "naeste_skridt: |", "  ",
    ]
    if kind == "slut":
        lines += ["", "# De vigtigste erfaringer:", "erfaringer: |", "  ", "",
                  "# Forankring: hvordan resultaterne lever videre:", "forankring: |", "  "]
    return "\n".join(lines) + "\n"


def money(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) else None
