"""Pools and rounds as data: each STAR pool is a folder ``templates/<pool>/`` with ``pool.yaml``
(what stays: name, authority) and one folder per round (``<round>/runde.yaml``, everything that
changes between rounds, and ``<round>/skema.yaml``, its form). Nothing about a pool, a round
or a form lives in code: a new round is a copied folder with its texts edited.
See docs/pools.md."""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from pulje.diagnostics import N_
from pulje.diagnostics.errors import PuljeError, UnknownPool
from pulje.pools.cache import cached
from pulje.pools.round import (
    DEFAULT_DOCUMENTS,
    DOKUMENTER,
    BudgetRegler,
    EmailKanal,
    Frist,
    PortalKanal,
    Projektperiode,
    Revisionsgraense,
    Runde,
    natural_key,
)
from pulje.yamlsource import parse, read_file
from schemas.common import Model

__all__ = [
    "DEFAULT_DOCUMENTS", "DOKUMENTER", "POOL_FILE", "ROUND_FILE", "BudgetRegler", "EmailKanal",
    "Frist", "Pool", "PortalKanal", "Projektperiode", "Revisionsgraense", "Runde", "all_pools",
    "load_pool", "pool_ids", "templates_dir",
]

POOL_FILE = "pool.yaml"
ROUND_FILE = "runde.yaml"
HINT = N_("Correct the pool definition; see docs/pools.md.")


def templates_dir() -> Path:
    """Where the pool folders are: ``$PULJE_TEMPLATES``, else pulje's own, the package data
    ``pulje.templates`` (in a checkout installed with ``make setup``: the repository's
    ``templates/``)."""
    override = os.environ.get("PULJE_TEMPLATES")
    return Path(override) if override else _packaged_templates()


@lru_cache(maxsize=1)
def _packaged_templates() -> Path:
    # pulje is installed as files on disk (a wheel or an editable checkout), never zipped: the
    # package's folder is where its spec says (importlib.resources would cost `pulje validate`
    # its tempfile and zipfile modules).
    spec = importlib.util.find_spec("pulje.templates")
    assert spec is not None and spec.submodule_search_locations is not None, spec
    return Path(next(iter(spec.submodule_search_locations)))


class Pool(Model):
    """A pool: what stays from round to round. Its rounds are the folders beside pool.yaml,
    oldest first (by name, numbers as numbers)."""

    id: str
    navn: str
    styrelse: str = "Styrelsen for Arbejdsmarked og Rekruttering"
    formaal: str | None = None
    kilde: str | list[str] | None = None
    runder: list[Runde] = Field(default=[])

    @property
    def folder(self) -> Path:
        return templates_dir() / self.id

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


def _read(path: Path, what: str) -> Any:
    doc = parse(read_file(path).decode("utf-8"), str(path))
    if doc.diagnostics:
        first = doc.diagnostics[0]
        raise PuljeError(N_("The pool definition {file} cannot be read: {where}."), HINT,
                         file=str(path), where=str(first.location))
    if not isinstance(doc.data, dict):
        raise PuljeError(N_("The pool definition {file} is not valid at {where}: {problem}"),
                         HINT, file=str(path), where=str(doc.source.locate(())),
                         problem=f"{what} skal bestå af linjer 'navn: værdi'")
    return doc


def _validate(model: type[Model], path: Path, doc: Any, data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        from schemas.library import problem_text

        err = exc.errors()[0]
        where = doc.source.locate(tuple(err["loc"]))
        raise PuljeError(
            N_("The pool definition {file} is not valid at {where}: {problem}"), HINT,
            file=str(path), where=str(where),
            problem=problem_text(err),
        ) from None


def _load_round(folder: Path, pool_id: str) -> Runde:
    path = folder / ROUND_FILE
    doc = _read(path, "runden")
    data = dict(doc.data)
    data.setdefault("id", folder.name)
    runde: Runde = _validate(Runde, path, doc, data)
    if runde.id != folder.name:
        raise PuljeError(
            N_("The pool definition {file} is not valid at {where}: {problem}"), HINT,
            file=str(path), where=str(doc.source.locate(("id",))),
            problem=f"rundens id '{runde.id}' skal være mappens navn '{folder.name}'",
        )
    runde._folder = folder
    runde._pool_id = pool_id
    return runde


@lru_cache(maxsize=16)
def _load(folder: Path, stamp: tuple[tuple[str, int], ...]) -> Pool:
    files = [folder / POOL_FILE, *(sub / ROUND_FILE for sub in _round_folders(folder))]
    return cached("pulje", files, lambda: _read_pool(folder))


def _read_pool(folder: Path) -> Pool:
    path = folder / POOL_FILE
    doc = _read(path, "puljen")
    if "runder" in doc.data:  # the format before rounds were folders
        raise PuljeError(
            N_("The pool definition {file} is not valid at {where}: {problem}"), HINT,
            file=str(path), where=str(doc.source.locate(("runder",), key=True)),
            problem="en runde er nu en mappe ved siden af pool.yaml med runde.yaml og "
                    "skema.yaml",
        )
    pool: Pool = _validate(Pool, path, doc, doc.data)
    rounds = [_load_round(sub, pool.id) for sub in _round_folders(folder)]
    if not rounds:
        raise PuljeError(
            N_("The pool {pool} has no round: a folder beside pool.yaml with a runde.yaml."),
            HINT, pool=pool.id,
        )
    pool.runder = rounds
    return pool


def _round_folders(folder: Path) -> list[Path]:
    found = [p for p in folder.iterdir() if (p / ROUND_FILE).is_file()]
    return sorted(found, key=lambda p: natural_key(p.name))


def _stamp(folder: Path) -> tuple[tuple[str, int], ...]:
    """What the cache of a pool depends on: its files' change times."""
    out = [(POOL_FILE, (folder / POOL_FILE).stat().st_mtime_ns)]
    for sub in _round_folders(folder):
        out.append((sub.name, (sub / ROUND_FILE).stat().st_mtime_ns))
    return tuple(out)


def load_pool(pool_id: str) -> Pool:
    """The definition of a pool, or ``UnknownPool`` naming the pools there are."""
    # The id comes from a user's file: it is looked up among the pools there are, never used
    # as a path first (too long, a NUL or '../' would make the file system refuse or escape).
    known_ids = pool_ids()
    if pool_id not in known_ids:
        import difflib  # only for a name that is not a pool

        guess = difflib.get_close_matches(pool_id, known_ids, n=1, cutoff=0.6)
        if guess:
            raise UnknownPool(
                N_("There is no pool called '{pool}'."),
                N_("Did you mean '{guess}'? 'pulje pools' lists the pools."),
                pool=pool_id, guess=guess[0],
            )
        raise UnknownPool(
            N_("There is no pool called '{pool}'."),
            N_("Run 'pulje pools' to see the {count} pools."), pool=pool_id,
            count=len(known_ids),
        )
    folder = templates_dir() / pool_id
    return _load(folder, _stamp(folder))


def all_pools() -> list[Pool]:
    return [load_pool(p) for p in pool_ids()]
