"""The facts a committee case is written from: the application's, its pool's and round's, the
budget's (through the one adapter, ``documents.followup.figures``), the kommune profile's and
the case's own (options). A fact no source gives stays None: the case says so."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pulje.documents.followup.figures import BudgetView, Line, budget_view
from pulje.documents.registry import of_round


@dataclass(frozen=True)
class CaseOptions:
    """What the case itself says (from the command line, else the profile)."""

    orientering: bool = False
    sagsnr: str | None = None
    doknr: str | None = None
    kle: str | None = None
    aabent: bool | None = None
    kompetence: str | None = None
    indstiller: str | None = None
    moede: date | datetime | None = None
    egenfinansiering_afholdes_af: str | None = None


@dataclass(frozen=True)
class CaseFacts:
    # the pool and its round
    pulje: str
    pulje_id: str
    runde: str
    styrelse: str
    formaal: str | None
    konti: tuple[str, ...]
    puljebeloeb: Decimal | None
    frist: Any  # pools.Frist | None
    ansoegere: tuple[str, ...]
    kilder: tuple[str, ...]
    periode: tuple[date, date] | None
    revisionskrav: str | None
    # the application
    kommune: str | None
    projekt: str | None
    stem: str
    budget: BudgetView
    bilag: tuple[tuple[str, str], ...]
    # the case
    orientering: bool
    sagsnr: str | None
    doknr: str | None
    kle: str | None
    aabent: bool
    fagudvalg: str | None
    indstiller: str | None
    videre: tuple[str, ...]
    moede: date | datetime | None
    betaler: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def letter(self) -> str:
        return "O" if self.orientering else "B"

    @property
    def applied(self) -> Decimal:
        return self.budget.applied

    @property
    def salary(self) -> list[Line]:
        return self.budget.salary_lines

    @property
    def moededag(self) -> date | None:
        m = self.moede
        return m.date() if isinstance(m, datetime) else m


_APPLICANTS = {"kommune": "kommuner (jobcentre)", "a-kasse": "a-kasser",
               "bred": "virksomheder, foreninger, organisationer m.fl."}


def _public(sources: Any) -> tuple[str, ...]:
    """The round's and pool's sources that a reader can look up (an address), not pulje's
    own notes (seeds, spec files)."""
    items = [sources] if isinstance(sources, str) else list(sources or [])
    return tuple(s for s in items
                 if isinstance(s, str) and s.strip().startswith(("star.dk", "http", "www.")))


def case_facts(loaded: Any, profile: Any, options: CaseOptions) -> CaseFacts:
    """The facts of the case for a loaded answer file (with a model), a kommune profile (or
    None) and the case's options."""
    from pulje.documents.budget import identifikation_of
    from pulje.documents.word.plain import clean

    pool, runde = loaded.pool, loaded.runde
    ident = identifikation_of(loaded.model)
    udvalg = getattr(profile, "udvalg", None)
    sag = getattr(profile, "sag", None)
    period = runde.periode
    view = budget_view(loaded)
    stem = loaded.file.rsplit("/", 1)[-1].rsplit(".", 1)[0] if loaded.file else "ansoegning"
    bilag = tuple((doc.role(), doc.name(stem, "pdf" if doc.layout else doc.source))
                  for doc in of_round(runde))
    return CaseFacts(
        pulje=pool.navn, pulje_id=pool.id, runde=runde.titel or f"{pool.navn}, runde {runde.id}",
        styrelse=pool.styrelse, formaal=pool.formaal, konti=tuple(runde.konti),
        puljebeloeb=runde.puljebeloeb, frist=runde.frist, ansoegere=tuple(
            _APPLICANTS.get(a, a) for a in runde.ansoegere),
        kilder=_public(runde.kilde) + _public(pool.kilde),
        periode=(period.start, period.end) if period is not None else None,
        revisionskrav=runde.budget.revisionskrav(view.applied),
        kommune=" ".join(clean(ident.kommune or "").split()) or None,
        projekt=" ".join(clean(ident.projektnavn or "").split()) or None,
        stem=stem, budget=view, bilag=bilag,
        orientering=options.orientering,
        sagsnr=options.sagsnr, doknr=options.doknr,
        kle=options.kle or getattr(sag, "kle", None),
        aabent=options.aabent if options.aabent is not None else getattr(sag, "aabent", True),
        fagudvalg=options.kompetence or getattr(udvalg, "fagudvalg", None),
        indstiller=options.indstiller or getattr(udvalg, "indstiller", None),
        videre=tuple(getattr(udvalg, "videre", ()) or ()),
        moede=options.moede,
        betaler=options.egenfinansiering_afholdes_af or getattr(
            sag, "egenfinansiering_afholdes_af", None),
    )
