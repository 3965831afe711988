"""A revised budget when the amount granted (or asked for in a change) is not the budget's.

The proposal, step by step (each step is said in the proposal's explanation):

1. The expenses must come to the new amount plus the other financing, which does not change
   (co-financing, grants from others, income): ``new expenses = amount + other financing``.
2. Lines that keep their amount: the audit line (the audit's price does not follow the grant's
   size, and the round may require it) and every line the user sets (``pulje change --line``).
3. Every other line is scaled by the same factor, ``(new expenses − kept) / (old − kept)``, and
   rounded down to whole kroner. A line of units × unit price keeps its unit price (a salary is
   set by agreement: what changes is the months or hours) and gets the units that the amount
   buys, to two decimals.
4. The kroner the rounding left over go to the largest scaled line, so the total is exact.
5. Each line's split over the years is scaled the same way; the rounding's kroner go to its
   largest year.

Pure: no files, no documents. Amounts are ``Decimal`` kroner.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import N_, Translator
from pulje.documents.followup.figures import BudgetView, Line, with_lines

ONE = Decimal("1")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class RevisionImpossible(PuljeError):
    """Raised when no budget can come to the amount (the kept lines alone exceed it)."""


@dataclass(frozen=True)
class Change:
    """One line before and after."""

    old: Line
    new: Line
    #: Why: "fast" (kept: audit), "sat" (set by the user), "skaleret" (scaled), "rest" (scaled,
    #: and took the rounding's remainder).
    how: str

    @property
    def difference(self) -> Decimal:
        return self.new.beloeb - self.old.beloeb

    @property
    def changed(self) -> bool:
        return self.new.beloeb != self.old.beloeb


@dataclass(frozen=True)
class Proposal:
    """The revised budget and how it was made."""

    old: BudgetView
    new: BudgetView
    changes: tuple[Change, ...]
    factor: Decimal
    remainder: Decimal
    remainder_key: str | None
    explanation: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.changed]


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(ONE, rounding=ROUND_DOWN).quantize(CENT)


def _kr(amount: Decimal) -> str:
    return Translator("da").kroner(amount)


def _scale_years(line: Line, amount: Decimal) -> dict[int, Decimal]:
    """The line's years scaled to ``amount``; the rounding's kroner on its largest year."""
    total = sum(line.per_year.values(), ZERO)
    if total == ZERO or not line.per_year:
        return dict(line.per_year)
    out = {y: _whole(a * amount / total) for y, a in line.per_year.items()}
    largest = max(out, key=lambda y: (line.per_year[y], -y))
    out[largest] = (out[largest] + amount - sum(out.values(), ZERO)).quantize(CENT)
    return out


def _units(line: Line, amount: Decimal) -> Decimal | None:
    if line.enheder is None or line.enhedspris is None or line.enhedspris == ZERO:
        return line.enheder
    return (amount / line.enhedspris).quantize(CENT, rounding=ROUND_HALF_UP)


def _line(line: Line, amount: Decimal) -> Line:
    return dataclasses.replace(line, beloeb=amount, enheder=_units(line, amount),
                               per_year=_scale_years(line, amount))


def propose(view: BudgetView, amount: Decimal, *, set_lines: Mapping[str, Decimal] | None = None,
            keep_audit: bool = True) -> Proposal:
    """The revised budget for the amount ``amount`` (granted or asked for)."""
    amount = amount.quantize(CENT)
    set_lines = {k: v.quantize(CENT) for k, v in (set_lines or {}).items()}
    for key in set_lines:
        if view.line(key) is None:
            raise RevisionImpossible(
                N_("The budget has no line {line} (its lines are 1–{last})."),
                N_("Give the line's number as the reports and the proposal number it."),
                line=key, last=len(view.lines))
    target = (amount + view.cofinancing + view.other_financing).quantize(CENT)
    kept: dict[str, str] = {}
    for line in view.lines:
        if line.key in set_lines:
            kept[line.key] = "sat"
        elif keep_audit and line.audit:
            kept[line.key] = "fast"
    kept_total = sum((set_lines.get(line.key, line.beloeb) for line in view.lines
                      if line.key in kept), ZERO)
    scaled = [line for line in view.lines if line.key not in kept]
    old_scaled = sum((line.beloeb for line in scaled), ZERO)
    room = target - kept_total
    if room < ZERO or (room > ZERO and old_scaled == ZERO):
        raise RevisionImpossible(
            N_("The budget cannot come to {amount}: the lines that keep their amount (audit "
               "and the lines set) come to {kept} already."),
            N_("Set fewer lines, or lower the lines set."),
            amount=_kr(target), kept=_kr(kept_total))
    factor = (room / old_scaled) if old_scaled != ZERO else ONE
    new_amounts = {line.key: _whole(line.beloeb * factor) for line in scaled}
    remainder = (room - sum(new_amounts.values(), ZERO)).quantize(CENT)
    remainder_key = None
    if scaled:
        largest = max(scaled, key=lambda x: (x.beloeb, -int(x.key) if x.key.isdigit() else 0))
        remainder_key = largest.key
        new_amounts[largest.key] += remainder
    changes = []
    new_lines = []
    for line in view.lines:
        if line.key in kept:
            new = _line(line, set_lines[line.key]) if line.key in set_lines else line
            how = kept[line.key]
        else:
            new = _line(line, new_amounts[line.key])
            how = "rest" if line.key == remainder_key and remainder != ZERO else "skaleret"
        new_lines.append(new)
        changes.append(Change(line, new, how))
    new_view = with_lines(view, new_lines, amount)
    return Proposal(view, new_view, tuple(changes), factor, remainder, remainder_key,
                    _explain(view, amount, target, kept_total, factor, remainder,
                             remainder_key, set_lines))


def _explain(view: BudgetView, amount: Decimal, target: Decimal, kept: Decimal, factor: Decimal,
             remainder: Decimal, remainder_key: str | None,
             set_lines: Mapping[str, Decimal]) -> tuple[str, ...]:
    pct = Translator("da").percent((factor * 100).quantize(CENT))
    out = [
        f"Beløbet fra puljen ændres fra {_kr(view.applied)} til {_kr(amount)}. Den øvrige "
        f"finansiering ({_kr(view.cofinancing + view.other_financing)}) er uændret, så "
        f"udgifterne skal i alt udgøre {_kr(target)} (før {_kr(view.expenses_total)}).",
    ]
    audit = [line for line in view.lines if line.audit and line.key not in set_lines]
    if audit:
        out.append("Revisionen beholder sit beløb: dens pris følger ikke tilskuddets størrelse "
                   "(linje " + ", ".join(line.key for line in audit) + ").")
    if set_lines:
        out.append("Linjer med et nyt beløb efter ønske: " + ", ".join(
            f"linje {k}: {_kr(v)}" for k, v in set_lines.items()) + ".")
    out.append(
        f"De øvrige linjer ændres med samme faktor, {pct} af deres beløb "
        f"({_kr(target - kept)} i alt), rundet ned til hele kroner. En linje med antal × "
        "enhedspris beholder sin enhedspris — for løn er satsen aftalt, det er måneder eller "
        "timer, der ændres — og får det antal enheder, beløbet rækker til (to decimaler).")
    if remainder != ZERO and remainder_key is not None:
        out.append(f"Afrundingen efterlod {_kr(remainder)}, som er lagt på den største linje "
                   f"(linje {remainder_key}), så summen passer præcist.")
    out.append("Hver linjes fordeling på år ændres i samme forhold; afrundingen lægges på "
               "linjens største år.")
    return tuple(text.replace("kr..", "kr.") for text in out)
