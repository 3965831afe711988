"""Pool definitions: each STAR pool is a folder ``templates/<pool>/`` with ``pool.yaml`` and its
Word template. Nothing about a pool or a round lives in code."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError, model_validator

from pulje.diagnostics import N_, Translator
from pulje.diagnostics.errors import PuljeError, UnknownPool
from pulje.yamlsource import parse, read_file
from schemas.common import Model
from schemas.types import Maaned, Money, Period

POOL_FILE = "pool.yaml"


def templates_dir() -> Path:
    """Where the pool folders are: ``$PULJE_TEMPLATES``, else pulje's own, the package data
    ``pulje.templates`` (in a checkout installed with ``make setup``: the repository's
    ``templates/``, where a rebuilt template is written)."""
    override = os.environ.get("PULJE_TEMPLATES")
    return Path(override) if override else _packaged_templates()


@lru_cache(maxsize=1)
def _packaged_templates() -> Path:
    found = files("pulje.templates")
    # pulje is installed as files on disk (a wheel or an editable checkout), never zipped
    assert isinstance(found, Path), found
    return found


class Projektperiode(Model):
    fra: date
    til: date

    @model_validator(mode="after")
    def _ordered(self) -> Projektperiode:
        if self.til < self.fra:
            raise ValueError("period_order")
        return self


#: The documents a round produces unless it says otherwise (ids of ``pulje.documents``'s
#: registry): the application form, the budget attachment and the budget workbook.
DOKUMENTER = ("ansoegning", "budgetbilag", "budgetark")
DocumentId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class Runde(Model):
    id: str
    baseline_maaned: Maaned
    maalinger: list[Maaned] = Field(min_length=1)
    projektperiode: Projektperiode
    ansoegningsfrist: date | None = None
    #: What the round's application is made of, in this order: one document id each (the
    #: documents are registered in ``pulje.documents.registry``; an unknown id is refused
    #: there, when the documents are made).
    dokumenter: list[DocumentId] = Field(default_factory=lambda: list(DOKUMENTER),
                                         min_length=1)

    @property
    def periode(self) -> Period:
        return Period(self.projektperiode.fra, self.projektperiode.til)


class Revisionsgraense(Model):
    op_til: Money | None
    krav: str


class BudgetRegler(Model):
    maksimum: Money | None = None
    forbudte_poster: list[str] = Field(default_factory=list)
    revision_forventet: bool = False
    revision_graenser: list[Revisionsgraense] = Field(default_factory=list)

    def revisionskrav(self, amount: Decimal) -> str | None:
        for tier in self.revision_graenser:
            if tier.op_til is None or amount <= tier.op_til:
                return tier.krav
        return None


class Pool(Model):
    id: str
    navn: str
    skema: str
    skabelon: str = "ansoegning.docx"
    finanslovskonto: str
    styrelse: str = "Styrelsen for Arbejdsmarked og Rekruttering"
    modtager: str
    cc: list[str] = Field(default_factory=list)
    emne: str
    sidegraense: int = Field(gt=0)
    runder: list[Runde] = Field(min_length=1)
    budget: BudgetRegler = Field(default_factory=BudgetRegler)

    @property
    def folder(self) -> Path:
        return templates_dir() / self.id

    @property
    def template_path(self) -> Path:
        return self.folder / self.skabelon

    def runde(self, runde_id: str | None = None) -> Runde:
        """The named round, or the newest when none is named."""
        if runde_id is None:
            return self.runder[-1]
        for r in self.runder:
            if r.id == runde_id:
                return r
        raise UnknownPool(
            N_("The pool {pool} has no round '{round}' (it has: {known})."),
            N_("Write one of the known rounds under 'runde:', or leave it out."),
            pool=self.id, round=runde_id, known=", ".join(r.id for r in self.runder),
        )


def pool_ids() -> list[str]:
    base = templates_dir()
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / POOL_FILE).is_file())


@lru_cache(maxsize=16)
def _load(path: Path, mtime: float) -> Pool:
    doc = parse(read_file(path).decode("utf-8"), str(path))
    if doc.diagnostics:
        first = doc.diagnostics[0]
        raise PuljeError(
            N_("The pool definition {file} cannot be read: {where}."),
            N_("Correct the pool definition; see docs/pools.md."),
            file=str(path), where=str(first.location),
        )
    try:
        return Pool.model_validate(doc.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = doc.source.locate(tuple(err["loc"]))
        raise PuljeError(
            N_("The pool definition {file} is not valid at {where}: {problem}"),
            N_("Correct the pool definition; see docs/pools.md."),
            file=str(path), where=str(where), problem=err["msg"],
        ) from None


def load_pool(pool_id: str) -> Pool:
    """The definition of a pool, or ``UnknownPool`` naming the pools there are."""
    # The id comes from a user's file: it is looked up among the pools there are, never used
    # as a path first (too long, a NUL or '../' would make the file system refuse or escape).
    known_ids = pool_ids()
    if pool_id not in known_ids:
        known = ", ".join(known_ids) or "-"
        raise UnknownPool(
            N_("There is no pool called '{pool}'. Known pools: {known}."),
            N_("Run 'pulje pools' to see the pools."),
            pool=pool_id, known=known,
        )
    path = templates_dir() / pool_id / POOL_FILE
    return _load(path, path.stat().st_mtime)


def all_pools() -> list[Pool]:
    return [load_pool(p) for p in pool_ids()]


def describe(found: list[Pool], tr: Translator) -> str:
    """The facts of each pool, as ``pulje pools`` prints them."""
    blocks = []
    for p in found:
        lines = [
            f"{p.id}: {p.navn}",
            f"  {tr.gettext('Finance account')}: {p.finanslovskonto}",
            f"  {tr.gettext('Send to')}: {p.modtager}"
            + (f" (cc {', '.join(p.cc)})" if p.cc else ""),
            f"  {tr.gettext('Subject line')}: {p.emne}",
            f"  {tr.gettext('Page limit')}: {p.sidegraense}",
        ]
        for r in p.runder:
            months = ", ".join(tr.date(m).split(" ", 1)[1] for m in r.maalinger)
            lines.append(
                f"  {tr.gettext('Round')} {r.id}: {tr.gettext('project period')} "
                f"{tr.date(r.projektperiode.fra)} – {tr.date(r.projektperiode.til)}; "
                f"{tr.gettext('baseline')} {tr.date(r.baseline_maaned).split(' ', 1)[1]}; "
                f"{tr.gettext('measurements')} {months}"
            )
        b = p.budget
        lines.append(
            f"  {tr.gettext('Budget')}: {tr.gettext('maximum')} "
            f"{tr.kroner(b.maksimum) if b.maksimum is not None else tr.gettext('none')}; "
            f"{tr.gettext('forbidden lines')}: {', '.join(b.forbudte_poster) or '-'}; "
            f"{tr.gettext('audit line expected')}: "
            f"{tr.gettext('yes') if b.revision_forventet else tr.gettext('no')}"
        )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else tr.gettext("No pools found.")
