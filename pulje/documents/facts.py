"""The facts of an application, by one set of names wherever pulje writes them down.

``report.json`` (``pulje build``), ``manifest.json`` (``pulje submit``), the archive's index
(its columns) and every ``--format json`` output name the same fact by the same key: Danish
domain words, ASCII-folded, as the answer file does. ``Facts`` is the one definition; the
writers of the four take their keys from it, and a test holds them to it.

Older records used other names (``pulje-rapport/1`` and ``pulje-pakke/1``: ``pool``,
``round``, ``projektnavn``, ``ansoegt_beloeb``, ``pulje_version``; the archive index's schema
1: ``pool``, ``round``, ``project``, ``amount``, ``pages``, ``time``); ``OLD_NAMES`` maps them,
for the readers that still read such records.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict

from pulje.diagnostics.version import pulje_version


class Facts(BaseModel):
    """What every record of an application says about it, by these names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pulje: str | None = None
    """The pool's ID, e.g. ``bedre-ressourceforloeb``."""
    runde: str | None = None
    """The round's ID, e.g. ``2016``."""
    kommune: str | None = None
    """Who applies, as the application names it."""
    projekt: str | None = None
    """The project's name."""
    beloeb: str | None = None
    """The amount applied for, in kroner with two decimals (whole øre), as text: "2150000.00"."""
    sider: int | None = None
    """The pages that count towards the round's page limit."""
    sidegraense: int | None = None
    """The round's page limit (None: no limit, or not known)."""
    tidspunkt: str | None = None
    """When the record was made: ISO 8601 with the time zone."""
    version: str | None = None
    """The version of pulje that made the record."""

    def record(self, *, keep_none: bool = True) -> dict[str, Any]:
        """The facts as a record's keys and values (without the unknown ones if asked)."""
        return self.model_dump(exclude_none=not keep_none)


#: Every fact's key, in the order records list them.
FACTS: tuple[str, ...] = tuple(Facts.model_fields)

#: The names older records gave the facts (record format → old key → fact).
OLD_NAMES: dict[str, dict[str, str]] = {
    "pulje-rapport/1": {"projektnavn": "projekt", "ansoegt_beloeb": "beloeb",
                        "pulje_version": "version"},
    "pulje-pakke/1": {"pool": "pulje", "round": "runde", "projektnavn": "projekt",
                      "ansoegt_beloeb": "beloeb", "pulje_version": "version"},
    "index/1": {"pool": "pulje", "round": "runde", "project": "projekt", "amount": "beloeb",
                "pages": "sider", "time": "tidspunkt", "pulje_version": "version",
                "version": "udgave"},
}


def money(value: Decimal | None) -> str | None:
    """An amount as the facts write it: kroner with two decimals, no thousands separator."""
    if value is None:
        return None
    try:
        return format(value.quantize(Decimal("0.01")), "f")
    except InvalidOperation:  # too many digits for two decimals (read from a foreign PDF)
        return format(value, "f")


def now() -> str:
    """The time of a record being made, as ``tidspunkt`` writes it."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def facts_of(loaded: Any, **more: Any) -> Facts:
    """The facts an answer file gives (pool, round, kommune, project, amount), and ``more``.

    ``loaded`` is a ``LoadedApplication``; what its answers leave out stays None.
    """
    model = getattr(loaded, "model", None)
    ident = getattr(model, "identifikation", None)
    amount = getattr(getattr(model, "oekonomi", None), "ansoegt_beloeb", None)
    pool, runde = getattr(loaded, "pool", None), getattr(loaded, "runde", None)
    values: dict[str, Any] = {
        "pulje": getattr(pool, "id", None),
        "runde": getattr(runde, "id", None),
        "kommune": getattr(ident, "kommune", None),
        "projekt": getattr(ident, "projektnavn", None),
        "beloeb": money(amount) if isinstance(amount, Decimal) else None,
        "version": pulje_version(),
    }
    return Facts(**(values | more))
